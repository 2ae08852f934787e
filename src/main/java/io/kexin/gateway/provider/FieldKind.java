package io.kexin.gateway.provider;

/**
 * Says how the value of a field declared not text is read, since an upstream (or a model steered by an injection) can
 * put anything there and a client's code or user reads it all the same.
 */
public enum FieldKind {
  /**
   * A word of a documented set ({@code object}, {@code type}, {@code role}, {@code finish_reason}, {@code stop_reason},
   * {@code status}): a documented word goes out unread; an undocumented one of the shape of such words (a lower-case
   * letter, then up to 63 lower-case letters, digits, {@code _} and {@code .}: a provider's newer value) is read as
   * text; anything else stops the answer, since a client switches on these values and no value of the provider has
   * that shape: a rewritten one would still reach the client's switch as a message.
   */
  ENUMERATED,
  /**
   * An id, a model name, a code or a stop sequence the provider writes: read as text with the response rules and
   * rewritten or blocked as they say; a stream remembers the verdict per value, since the same id and model come in
   * every event.
   */
  IDENTIFIER,
  /**
   * A token meant to go back to the provider ({@code signature}, {@code encrypted_content}, redacted thinking's
   * {@code data}) that a client can still decode: read as text, so that the payload decoders find a base64 of a plain
   * value; a ciphertext decodes to bytes that are no text and costs one pass (bounded by the event size limit).
   */
  OPAQUE,
  /**
   * Random padding that hides the length of each event ({@code obfuscation}): nobody reads its content, so what the
   * upstream wrote there never reaches the client; fresh random characters of the same length (at most
   * {@value EventFields#MAX_PADDING}) go out in its place, so the length stays hidden.
   */
  PADDING
}
