package io.kexin.gateway.detect.pii;

import io.kexin.gateway.text.ScanText;
import io.kexin.gateway.text.TextTraits;

/**
 * Holds a text as a model reads it through the disguises the PII pass does not see through on its own: URL
 * percent-escapes of printable ASCII ({@code zhang%40example.cn} reads {@code zhang@example.cn}, {@code %2B86} reads
 * {@code +86}), and letters and digits written in other forms — digits of other scripts (Arabic-Indic {@code ١٣٨},
 * Devanagari, Thai …) and mathematical, circled, superscript or subscript forms ({@code 𝟏𝟑𝟖}, {@code ①③⑧}) — read as
 * their ASCII letter or digit (full-width forms the pass reads itself, {@link Fold#ascii}); and, per unit of the text
 * read so, its span in the original, so that what the pass finds there is reported where it was written. One linear
 * pass; immutable.
 */
final class Undisguised {
  private final String text;
  private final int[] starts;
  private final int[] ends;

  private Undisguised(String text, int[] starts, int[] ends) {
    this.text = text;
    this.starts = starts;
    this.ends = ends;
  }

  /** Returns {@code original} with its escapes decoded and look-alike letters and digits read, or null if none. */
  static Undisguised of(ScanText original) {
    return of(original.original(), (original.traits() & TextTraits.COMPATIBLE) != 0);
  }

  /**
   * Returns {@code original} with its percent-escapes decoded and, when {@code lookAlikes} (the text's traits say it
   * may hold them), its look-alike letters and digits read; null when there is nothing to undo.
   */
  static Undisguised of(String original, boolean lookAlikes) {
    int first = original.indexOf('%');
    boolean escapes = first >= 0 && (escapeAt(original, first) || original.indexOf('%', first + 1) >= 0);
    if (!escapes && !lookAlikes) {
      return null;
    }
    int n = original.length();
    StringBuilder out = null;
    int[] starts = null;
    int[] ends = null;
    int i = 0;
    while (i < n) {
      int reading = reading(original, i, escapes, lookAlikes);
      int width = Math.max(reading >>> 16, 1);
      if (reading != 0 && out == null) {
        // the first unit read as another character: the text before it reads as itself
        out = new StringBuilder(n).append(original, 0, i);
        starts = new int[n];
        ends = new int[n];
        for (int k = 0; k < i; k++) {
          starts[k] = k;
          ends[k] = k + 1;
        }
      }
      if (out != null) {
        starts[out.length()] = i;
        ends[out.length()] = i + width;
        out.append(reading == 0 ? original.charAt(i) : (char) reading);
      }
      i += width;
    }
    return out == null ? null : new Undisguised(out.toString(), starts, ends);
  }

  /**
   * Returns how the units at {@code i} of {@code s} read, as {@code width << 16 | character}: 3 units for a
   * percent-escape, 2 for a look-alike outside the BMP, 1 for one inside it; 0 when the unit reads as itself.
   */
  private static int reading(String s, int i, boolean escapes, boolean lookAlikes) {
    char c = s.charAt(i);
    if (c == '%') {
      return escapes && escapeAt(s, i) ? 3 << 16 | Integer.parseInt(s, i + 1, i + 3, 16) : 0;
    }
    if (!lookAlikes || c < 0x80) {
      return 0;
    }
    if (Character.isHighSurrogate(c)) {
      if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
        return 0;
      }
      char form = TextTraits.asciiForm(Character.toCodePoint(c, s.charAt(i + 1)));
      return form == 0 ? 0 : 2 << 16 | form;
    }
    char form = Fold.ascii(c) == Fold.NONE ? TextTraits.asciiForm(c) : 0;
    return form == 0 ? 0 : 1 << 16 | form;
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

  /** Returns the text as read. */
  String text() {
    return text;
  }

  /** Returns where the unit at {@code decoded} of the text as read starts in the original. */
  int originalStart(int decoded) {
    return starts[decoded];
  }

  /** Returns where the span as read ending at {@code decodedEnd} (exclusive, after at least one unit) ends there. */
  int originalEnd(int decodedEnd) {
    return ends[decodedEnd - 1];
  }
}
