package io.kexin.gateway.stream;

/** Hands out the text streams of one streamed response, and inspects the texts that arrive whole. */
public interface TextStreams {

  /** Returns the text stream for {@code key}, opening it on first use. */
  TextStream open(TextKey key);

  /**
   * Returns the text stream for {@code key}, opening it on first use, for a text that goes out whole in its event and is
   * inspected whole there (a cited text, a result's or an annotation's title): it is read in its run only so that its
   * run's joined reading sees it, and its own reading records no findings, which the whole reading records once.
   */
  default TextStream beside(TextKey key) {
    return open(key);
  }

  /** Returns the text stream for {@code key} if it was opened, else null. */
  TextStream opened(TextKey key);

  /**
   * Inspects {@code text} as one complete text (a string no delta carries); returns what may be sent in its place,
   * or an empty string when it stopped the stream.
   */
  String whole(String text);

  /**
   * Inspects an answer's id, model name or newer enumerated word as one complete text, with the rules that ask no
   * remote service ({@code TextSegment.Form.IDENTIFIER}); returns what may be sent in its place, or an empty string
   * when it stopped the stream.
   */
  default String identifier(String text) {
    return whole(text);
  }

  /**
   * Reads the image {@code bytes} that the string {@code value} of an event gives (see
   * {@code ImageData.carried}) as the answer's rules read a whole answer's image; returns what may be sent in its
   * place ({@code value} itself, or an empty string when it stopped the stream), or null when images are not read,
   * and the string is then inspected as text like any other.
   */
  default String image(String value, byte[] bytes) {
    return null;
  }

  /**
   * Returns the end of the texts of {@code run} (a break between two texts), shown and aside (a tool call's arguments
   * as their values), after {@code before}, the end of the texts a client shows before it, when the run's own are
   * short: at least as long as the longest match of any rule, where there is that much text, and at most twice that.
   */
  default String runEnd(TextKey.Run run, String before) {
    return "";
  }

  /** Returns how many characters of one text the stream may hold back ({@code limits.maxStreamHeldChars}). */
  default int maxHeld() {
    return Integer.MAX_VALUE;
  }

  /** Stops the stream as one the gateway cannot inspect, for {@code reason} (which never quotes the answer). */
  default void refuse(String reason) {
  }
}
