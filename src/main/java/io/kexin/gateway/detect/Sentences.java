package io.kexin.gateway.detect;

/**
 * Finds sentence ends by looking at two characters only, so that a text and any of its extensions agree on every
 * end before the last character: a sentence ends after {@code 。！？!?；…} or a line break when the next character is
 * not one of them, and after {@code . ; :} when the next character is whitespace. Stateless.
 */
public final class Sentences {
  private Sentences() {}

  /** Receives one judged range of a text, {@code [from, to)}. */
  @FunctionalInterface
  public interface Range {
    /** Takes the range {@code [from, to)}. */
    void accept(int from, int to);
  }

  /**
   * Hands every sentence of {@code text[0, length)} to {@code range} as it is judged: by its last {@code maxUnit}
   * characters, leading whitespace skipped, blank ones left out. The last one may be unfinished.
   */
  public static void each(char[] text, int length, int maxUnit, Range range) {
    int start = 0;
    for (int at = 1; at < length; at++) {
      if (endsAt(text, at)) {
        judged(text, Math.max(start, at - maxUnit), at, range);
        start = at;
      }
    }
    judged(text, Math.max(start, length - maxUnit), length, range);
  }

  private static void judged(char[] text, int from, int to, Range range) {
    while (from < to && Character.isWhitespace(text[from])) {
      from++;
    }
    if (from < to) {
      range.accept(from, to);
    }
  }

  /** Says whether a sentence ends between {@code text[at - 1]} and {@code text[at]}; {@code 0 < at < length}. */
  public static boolean endsAt(char[] text, int at) {
    char before = text[at - 1];
    char next = text[at];
    if (hard(before)) {
      return !hard(next) && next != '.';
    }
    return (before == '.' || before == ';' || before == ':') && Character.isWhitespace(next);
  }

  /**
   * Returns where a sentence judge's matches may still change in {@code text[0, length)}: the start of the last
   * sentence (the one more text could still extend), or {@code length - maxUnit} when that is later.
   */
  public static int liveFrom(char[] text, int length, int maxUnit) {
    return Math.max(lastStart(text, length), length - maxUnit);
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
