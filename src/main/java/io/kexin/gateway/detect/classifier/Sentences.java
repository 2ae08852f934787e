package io.kexin.gateway.detect.classifier;

/**
 * Finds sentence ends by looking at two characters only, so that a text and any of its extensions agree on every
 * end before the last character: a sentence ends after {@code 。！？!?；…} or a line break when the next character is
 * not one of them, and after {@code . ; :} when the next character is whitespace. Stateless.
 */
final class Sentences {
  private Sentences() {}

  /** Says whether a sentence ends between {@code text[at - 1]} and {@code text[at]}; {@code 0 < at < length}. */
  static boolean endsAt(char[] text, int at) {
    char before = text[at - 1];
    char next = text[at];
    if (hard(before)) {
      return !hard(next) && next != '.';
    }
    return (before == '.' || before == ';' || before == ':') && Character.isWhitespace(next);
  }

  /** Returns the start of the last sentence of {@code text[0, length)}: the one more text could still extend. */
  static int lastStart(char[] text, int length) {
    for (int at = length - 1; at > 0; at--) {
      if (endsAt(text, at)) {
        return at;
      }
    }
    return 0;
  }

  private static boolean hard(char c) {
    return c == '。' || c == '！' || c == '？' || c == '!' || c == '?' || c == '；' || c == '…' || c == '\n'
        || c == '\r';
  }
}
