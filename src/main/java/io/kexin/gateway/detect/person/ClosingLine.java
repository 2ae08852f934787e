package io.kexin.gateway.detect.person;

/**
 * Finds the line a signature stands under: the last non-blank line before the one a name starts, once the marks
 * that may end it are cut ({@code Best regards,}, {@code 敬礼！}). The Latin and Chinese name finders each judge its
 * words. Immutable.
 *
 * @param from where the line's text starts, after the spaces and quote marks ({@code >}) that open it
 * @param end where its text ends, before the marks cut
 */
record ClosingLine(int from, int end) {

  /**
   * Returns the line before the one {@code start} opens, with {@code marks} cut from its end, or null when
   * {@code start} does not open a line (only spaces or tabs between it and the line break) or no line comes before.
   */
  static ClosingLine before(char[] units, int start, String marks) {
    int p = start - 1;
    while (p >= 0 && blank(units[p])) {
      p--;
    }
    if (p < 0 || units[p] != '\n') {
      return null;
    }
    while (p >= 0 && (units[p] == '\n' || units[p] == '\r' || blank(units[p]))) {
      p--;
    }
    while (p >= 0 && marks.indexOf(units[p]) >= 0) {
      p--;
    }
    int end = p + 1;
    while (p >= 0 && units[p] != '\n') {
      p--;
    }
    int from = p + 1;
    while (from < end && (blank(units[from]) || units[from] == '>')) {
      from++;
    }
    return new ClosingLine(from, end);
  }

  /** Returns the line's length in units. */
  int length() {
    return end - from;
  }

  private static boolean blank(char c) {
    return c == ' ' || c == '\t' || c == '\u3000';
  }
}
