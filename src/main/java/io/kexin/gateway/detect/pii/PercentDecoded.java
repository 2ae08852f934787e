package io.kexin.gateway.detect.pii;

/**
 * Holds a text with its URL percent-escapes of printable ASCII decoded ({@code zhang%40example.cn} reads
 * {@code zhang@example.cn}, {@code %2B86} reads {@code +86}) and, per unit of the decoded text, its span in the
 * original, so that what the PII pass finds in the decoded text is reported where it was written. One linear pass;
 * immutable.
 */
final class PercentDecoded {
  private final String text;
  private final int[] starts;
  private final int[] ends;

  private PercentDecoded(String text, int[] starts, int[] ends) {
    this.text = text;
    this.starts = starts;
    this.ends = ends;
  }

  /** Returns {@code original} with its percent-escapes decoded, or null when it holds none. */
  static PercentDecoded of(String original) {
    int first = original.indexOf('%');
    if (first < 0 || !escapeAt(original, first) && original.indexOf('%', first + 1) < 0) {
      return null;
    }
    int n = original.length();
    StringBuilder out = new StringBuilder(n);
    int[] starts = new int[n];
    int[] ends = new int[n];
    boolean decoded = false;
    int i = 0;
    while (i < n) {
      int at = out.length();
      if (original.charAt(i) == '%' && escapeAt(original, i)) {
        out.append((char) Integer.parseInt(original, i + 1, i + 3, 16));
        starts[at] = i;
        ends[at] = i + 3;
        i += 3;
        decoded = true;
      } else {
        out.append(original.charAt(i));
        starts[at] = i;
        ends[at] = i + 1;
        i++;
      }
    }
    return decoded ? new PercentDecoded(out.toString(), starts, ends) : null;
  }

  /** Returns whether a {@code %} at {@code i} starts an escape of a printable ASCII character. */
  private static boolean escapeAt(String s, int i) {
    if (i + 2 >= s.length()) {
      return false;
    }
    int hi = Character.digit(s.charAt(i + 1), 16);
    int lo = Character.digit(s.charAt(i + 2), 16);
    int c = hi * 16 + lo;
    return hi >= 0 && lo >= 0 && c >= 0x20 && c < 0x7F;
  }

  /** Returns the decoded text. */
  String text() {
    return text;
  }

  /** Returns where the unit at {@code decoded} of the decoded text starts in the original. */
  int originalStart(int decoded) {
    return starts[decoded];
  }

  /** Returns where the decoded span ending at {@code decodedEnd} (exclusive, after at least one unit) ends there. */
  int originalEnd(int decodedEnd) {
    return ends[decodedEnd - 1];
  }
}
