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
    int i = 0;
    while (i < n && width(original, i, escapes, lookAlikes) == 0) {
      i++;
    }
    if (i == n) {
      return null;
    }
    StringBuilder out = new StringBuilder(n).append(original, 0, i);
    int[] starts = new int[n];
    int[] ends = new int[n];
    for (int k = 0; k < i; k++) {
      starts[k] = k;
      ends[k] = k + 1;
    }
    while (i < n) {
      int at = out.length();
      int width = width(original, i, escapes, lookAlikes);
      out.append(width == 0 ? original.charAt(i) : read(original, i, width));
      starts[at] = i;
      ends[at] = i + Math.max(width, 1);
      i += Math.max(width, 1);
    }
    return new Undisguised(out.toString(), starts, ends);
  }

  /**
   * Returns how many units at {@code i} of {@code s} read as one other character: 3 for a percent-escape, 2 for a
   * look-alike outside the BMP, 1 for one inside it; 0 when the unit reads as itself.
   */
  private static int width(String s, int i, boolean escapes, boolean lookAlikes) {
    char c = s.charAt(i);
    if (c == '%') {
      return escapes && escapeAt(s, i) ? 3 : 0;
    }
    if (!lookAlikes || c < 0x80) {
      return 0;
    }
    if (Character.isHighSurrogate(c)) {
      return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
          && TextTraits.asciiForm(Character.toCodePoint(c, s.charAt(i + 1))) != 0 ? 2 : 0;
    }
    return Fold.ascii(c) == Fold.NONE && TextTraits.asciiForm(c) != 0 ? 1 : 0;
  }

  /** Returns the character that the {@code width} units at {@code i} of {@code s} read as. */
  private static char read(String s, int i, int width) {
    return switch (width) {
      case 3 -> (char) Integer.parseInt(s, i + 1, i + 3, 16);
      case 2 -> TextTraits.asciiForm(Character.toCodePoint(s.charAt(i), s.charAt(i + 1)));
      default -> TextTraits.asciiForm(s.charAt(i));
    };
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
