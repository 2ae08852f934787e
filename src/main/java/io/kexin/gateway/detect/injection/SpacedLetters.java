package io.kexin.gateway.detect.injection;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds Latin text written one letter at a time ({@code I g n o r e   a l l}, {@code S-a-y t-h-a-t},
 * {@code F.o.r.g.e.t}) in one pass and joins it back into words: letters one separator apart join, a wider gap (two
 * to four spaces, or one space when the separator is not a space) starts a new word. Chinese needs no such pass: the
 * normalizer already drops spacing between ideographs. Stateless and thread-safe.
 */
final class SpacedLetters {
  /** Fewest joins (letter, separator, letter) that make a run. */
  private static final int MIN_JOINS = 5;
  private static final int MAX_GAP = 4;

  private SpacedLetters() {}

  /**
   * Returns the letter-spaced runs of {@code text}, whose units are {@code units}, joined into words, at most
   * {@code budget} units in all.
   */
  static List<Payloads.Decoded> find(String text, char[] units, int budget) {
    return find(text, firstStart(units, text.length()), budget);
  }

  /** Returns what {@link #find(String, char[], int)} returns, {@code first} being the text's {@link #firstStart}. */
  static List<Payloads.Decoded> find(String text, int first, int budget) {
    List<Payloads.Decoded> out = new ArrayList<>();
    int n = text.length();
    int left = budget;
    int i = first;
    if (i < 0) {
      return out;
    }
    while (i + 2 < n && left > 0) {
      char sep = text.charAt(i + 1);
      if (!single(text, i) || !separator(sep) || !single(text, i + 2)) {
        i++;
        continue;
      }
      StringBuilder b = new StringBuilder().append(text.charAt(i));
      int joins = 0;
      int j = i + 1;
      while (j < n && j - i < Payloads.BLOCK) {
        if (j + 1 < n && text.charAt(j) == sep && single(text, j + 1)) {
          b.append(text.charAt(j + 1));
          joins++;
          j += 2;
          continue;
        }
        int k = j;
        while (k < n && k - j <= MAX_GAP && text.charAt(k) == ' ') {
          k++;
        }
        int gap = k - j;
        if (gap >= (sep == ' ' ? 2 : 1) && gap <= MAX_GAP && k < n && single(text, k)) {
          b.append(' ').append(text.charAt(k));
          j = k + 1;
          continue;
        }
        break;
      }
      if (joins >= MIN_JOINS) {
        left -= b.length();
        out.add(new Payloads.Decoded(i, j, "letter-spaced", b.toString()));
      }
      i = Math.max(j, i + 1);
    }
    return out;
  }

  /**
   * Returns the first index where a run may start (a single letter, a separator, a single letter), or -1: most texts
   * hold none, and this pass over their units is cheaper than the run search it spares.
   */
  static int firstStart(char[] u, int n) {
    if (n < 3) {
      return -1;
    }
    // Two bits per unit (a letter or digit, a separator) of the last five units read, the newest lowest; the unit
    // before the text reads as neither. A start i reads units i - 1 to i + 3.
    int w = 0;
    for (int k = 0; k < n; k++) {
      char c = u[k];
      w = (w << 2 | (c < 128 ? KIND[c] : 0)) & 0x3FF;
      if (k >= 3 && (w & WINDOW_MASK) == WINDOW_START) {
        return k - 3;
      }
    }
    return (w & END_MASK) == END_START ? n - 3 : -1;
  }

  /**
   * Returns where a run of single letters at the end of {@code text} starts, which more text could make a
   * letter-spaced run ({@code text.length()} when the text does not end in two or more of them).
   */
  static int trailingStart(String text) {
    int n = text.length();
    int k = n;
    while (k > 0 && n - k < MAX_GAP && !letter(text.charAt(k - 1))) {
      k--;
    }
    int start = n;
    int letters = 0;
    while (k > 0 && single(text, k - 1) && n - k < Payloads.BLOCK) {
      start = k - 1;
      letters++;
      int g = k - 1;
      while (g > 0 && g > k - 1 - MAX_GAP && separator(text.charAt(g - 1))) {
        g--;
      }
      if (g == k - 1) {
        break;
      }
      k = g;
    }
    return letters >= 2 ? start : n;
  }

  /** Says whether {@code text} holds a Latin letter or digit at {@code at} with no letter or digit beside it. */
  private static boolean single(String text, int at) {
    return letter(text.charAt(at)) && (at == 0 || !letter(text.charAt(at - 1)))
        && (at + 1 == text.length() || !letter(text.charAt(at + 1)));
  }

  /** Per ASCII unit, {@link #LETTER} or {@link #SEPARATOR}: what {@link #firstStart} reads of it. */
  private static final byte[] KIND = new byte[128];
  static final int LETTER = 1;
  static final int SEPARATOR = 2;
  /**
   * Of units i - 1 to i + 3 (bits 8 to 0, two a unit), the bits that decide a start at i and their values there: a
   * letter at i and i + 2, a separator at i + 1, no letter at i - 1, i + 1 and i + 3.
   */
  static final int WINDOW_MASK = 0x155 | SEPARATOR << 4;
  static final int WINDOW_START = LETTER << 6 | SEPARATOR << 4 | LETTER << 2;
  /** The same for a start three units before the end: units i - 1 to i + 2 in bits 6 to 0. */
  static final int END_MASK = 0x55 | SEPARATOR << 2;
  static final int END_START = LETTER << 4 | SEPARATOR << 2 | LETTER;

  static {
    for (char c = 0; c < 128; c++) {
      KIND[c] = (byte) (letter(c) ? LETTER : separator(c) ? SEPARATOR : 0);
    }
  }

  /** Returns {@link #LETTER}, {@link #SEPARATOR} or 0 for ASCII unit {@code c}: what {@link #firstStart} reads. */
  static int kind(char c) {
    return KIND[c];
  }

  private static boolean letter(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
  }

  private static boolean separator(char c) {
    return c == ' ' || c == '-' || c == '.' || c == '_' || c == '*';
  }
}
