package io.kexin.gateway.provider;

/**
 * Reads the text inside an opaque token ({@link FieldKind#OPAQUE}: a thinking signature, encrypted reasoning): a token
 * meant to go back to the provider is base64, and a client can decode it, so base64 whose bytes are text is read
 * as that text. A real token is ciphertext, whose bytes are no text. Stateless and thread-safe.
 */
public final class OpaqueText {
  /** The shortest token decoded: shorter base64 holds too few bytes to carry a value. */
  static final int MIN_DECODED = 8;

  private OpaqueText() {}

  /** Returns the text {@code token} holds as base64 (standard or URL-safe, padded or not), or null when it holds none. */
  public static String of(String token) {
    if (token.length() < MIN_DECODED || !base64(token)) {
      return null;
    }
    byte[] bytes = DataText.bytes(token);
    return bytes == null ? null : DataText.text(bytes, token, null);
  }

  /**
   * Says whether {@code token} is base64 of {@value Collector#MIN_DATA} characters or more: binary data, whose
   * characters are not read as text (only the text it decodes to is).
   */
  public static boolean binary(String token) {
    return Collector.isData(token);
  }

  private static boolean base64(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/'
          || c == '=' || c == '-' || c == '_')) {
        return false;
      }
    }
    return true;
  }
}
