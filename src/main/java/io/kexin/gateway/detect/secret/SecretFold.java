package io.kexin.gateway.detect.secret;

import io.kexin.gateway.text.LookAlikeReading;
import io.kexin.gateway.text.ScanText;
import io.kexin.gateway.text.TextTraits;
import java.nio.CharBuffer;
import java.util.Arrays;

/**
 * Folds the forms in which a credential still reads as itself to a model back to plain ASCII, keeping its case:
 * full-width and other compatibility forms of letters and digits (ＡＫＩＡ; punctuation such as the full-width comma
 * of Chinese text stays as it is), mathematical alphanumerics (𝐀𝐊𝐈𝐀), Cyrillic and Greek letters that look like
 * Latin ones in a word that holds ASCII too (АКІАQ3…; Russian or Greek prose stays as it is), and letter-spaced runs
 * (A K I A …, A-K-I-A …, one character a line: eight or more single characters one space, no-break space,
 * ideographic space, tab, line break, dash, underscore or dot apart; a separator between two others of another kind
 * is a character of the run, as the underscore of {@code g h p _ 8 F …}), and percent-escapes of printable ASCII, which
 * a model decodes unasked ({@code AKIA%51%33…}; an escape of a space or a control character, {@code %20}, stays as
 * written; backslash escapes are decoded before, in {@link io.kexin.gateway.text.DecodedText}), and chains of NATO
 * alphabet words ({@link SpelledLetters}: {@code alpha kilo india alpha …} reads {@code AKIA…}). Credential patterns
 * are case-sensitive, so the case-folding normalization of the keyword detector does not serve them. Written by hand because it runs over
 * every request text a credential rule reads; clean text, told by its {@link TextTraits}, costs nothing more.
 * Immutable and thread-safe.
 */
final class SecretFold {
  /** Shares the fold of one text among every credential rule. */
  static final ScanText.Derivation<SecretFold> DERIVATION = SecretFold::of;
  private final ScanText text;
  /** Per unit of the folded text, its span in the original; null when nothing was folded. */
  private final int[] starts;
  private final int[] ends;

  private SecretFold(ScanText text, int[] starts, int[] ends) {
    this.text = text;
    this.starts = starts;
    this.ends = ends;
  }

  /** Returns the text credential rules scan: the original when nothing folds. */
  ScanText text() {
    return text;
  }

  /** Says whether the folded text is the original. */
  boolean identity() {
    return starts == null;
  }

  /** Returns the original offset where a span of the folded text starting at {@code start} starts. */
  int originalStart(int start) {
    return start < starts.length ? starts[start] : ends.length == 0 ? 0 : ends[ends.length - 1];
  }

  /** Returns the original offset where a span of the folded text ending at {@code end} ends. */
  int originalEnd(int end) {
    return end == 0 ? (starts.length == 0 ? 0 : starts[0]) : ends[end - 1];
  }

  private static boolean sep(char c) {
    return TextTraits.isSeparator(c);
  }

  private static SecretFold of(ScanText scan) {
    int traits = scan.traits();
    char[] u = scan.units();
    int n = scan.original().length();
    boolean spelled = SpelledLetters.any(u, n);
    if (!spelled && (traits & (TextTraits.COMPATIBLE | TextTraits.SPACED | TextTraits.PERCENT
        | TextTraits.LOOK_ALIKES)) == 0) {
      return new SecretFold(scan, null, null);
    }
    if (!spelled && (traits & (TextTraits.COMPATIBLE | TextTraits.SPACED)) == 0 && !anyEscape(u, n)
        && ((traits & TextTraits.LOOK_ALIKES) == 0 || !anyMixedLookAlike(u, n))) {
      return new SecretFold(scan, null, null);
    }
    LookAlikeReading letters = (traits & TextTraits.LOOK_ALIKES) != 0 ? new LookAlikeReading(CharBuffer.wrap(u), n)
        : null;
    char[] out = new char[n];
    int[] starts = new int[n];
    int[] ends = new int[n];
    int k = 0;
    for (int i = 0; i < n; ) {
      char c = u[i];
      int from = i;
      char f = c;
      int width = 1;
      int escaped = c == '%' ? escaped(u, i, n) : -1;
      if (escaped >= 0) {
        f = (char) (escaped & 0xFF);
        width = escaped >>> 8;
      } else if (TextTraits.asciiForm(c) != 0) {
        f = TextTraits.asciiForm(c);
      } else if (letters != null && TextTraits.latinLookAlike(c) != 0) {
        char latin = letters.latinAt(i);
        if (latin != 0) {
          f = latin;
        }
      } else if ((c == 0xD835 || c == 0xD83C) && i + 1 < n && Character.isLowSurrogate(u[i + 1])) {
        char ascii = TextTraits.asciiForm(Character.toCodePoint(c, u[i + 1]));
        width = 2;
        if (ascii != 0) {
          f = ascii;
        } else {
          out[k] = c;
          starts[k] = from;
          ends[k++] = from + 2;
          f = u[i + 1];
        }
      }
      out[k] = f;
      starts[k] = from;
      ends[k++] = from + width;
      i += width;
    }
    int m = removeLetterSpacing(out, starts, ends, k);
    if (spelled) {
      m = SpelledLetters.read(out, starts, ends, m);
    }
    return new SecretFold(ScanText.of(new String(out, 0, m), scan.normalizer()), Arrays.copyOf(starts, m),
        Arrays.copyOf(ends, m));
  }

  /** Says whether the first {@code n} units of {@code u} hold a look-alike letter in a word with ASCII in it. */
  private static boolean anyMixedLookAlike(char[] u, int n) {
    LookAlikeReading letters = new LookAlikeReading(CharBuffer.wrap(u), n);
    for (int i = 0; i < n; i++) {
      if (letters.latinAt(i) != 0) {
        return true;
      }
    }
    return false;
  }

  /** Says whether the first {@code n} units of {@code u} hold an escape that {@link #escaped} decodes. */
  private static boolean anyEscape(char[] u, int n) {
    for (int i = 0; i < n; i++) {
      if (u[i] == '%' && escaped(u, i, n) >= 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns the printable ASCII character ({@code !} to {@code ~}) that a percent-escape ({@code %51}) at {@code i}
   * stands for, in the low 8 bits, with the escape's length above them; -1 when there is none.
   */
  private static int escaped(char[] u, int i, int n) {
    int at = i + 1;
    if (at + 2 > n) {
      return -1;
    }
    int hi = Character.digit(u[at], 16);
    int lo = Character.digit(u[at + 1], 16);
    int v = hi << 4 | lo;
    if (hi < 0 || lo < 0 || u[at] > 'f' || u[at + 1] > 'f' || v <= ' ' || v > '~') {
      return -1;
    }
    return (at + 2 - i) << 8 | v;
  }

  /**
   * Says whether the separator at {@code j} stands as a character of a letter-spaced run: between two equal
   * separators of another kind, as the underscore of {@code g h p _ 8 F …} or {@code g-h-p-_-8-F-…}.
   */
  private static boolean flanked(char[] t, int j, int n) {
    return j > 0 && j + 1 < n && t[j - 1] == t[j + 1] && t[j - 1] != t[j] && sep(t[j - 1]);
  }

  /** Removes the separators of letter-spaced runs in place; returns the new length. */
  private static int removeLetterSpacing(char[] t, int[] starts, int[] ends, int n) {
    boolean[] drop = new boolean[n];
    int i = 0;
    boolean any = false;
    while (i < n) {
      // A run: c sep c sep c ..., each c a single character between separators (or a text boundary).
      // The separators between two singles are one, or two alike ("A  K  I  A"), the same all along the run.
      int j = i;
      int count = 0;
      int last = i;
      int gap = 0;
      while (j < n && (!sep(t[j]) || flanked(t, j, n))
          && (j + 1 == n || sep(t[j + 1]) || !Character.isLetterOrDigit(t[j + 1]))
          && (j == 0 || sep(t[j - 1]) || !Character.isLetterOrDigit(t[j - 1]))) {
        count++;
        last = j;
        int g = j + 3 < n && sep(t[j + 1]) && t[j + 2] == t[j + 1] && !sep(t[j + 3]) ? 2 : 1;
        if ((gap == 0 || g == gap) && j + g + 1 < n && sep(t[j + 1])
            && (!sep(t[j + g + 1]) || flanked(t, j + g + 1, n))) {
          gap = g;
          j += g + 1;
        } else {
          j++;
          break;
        }
      }
      if (count >= TextTraits.MIN_SPACED) {
        for (int s = i + 1; s < last; s += gap + 1) {
          for (int k = s; k < s + gap; k++) {
            if (sep(t[k])) {
              drop[k] = true;
              any = true;
            }
          }
        }
      }
      i = Math.max(j, i + 1);
    }
    if (!any) {
      return n;
    }
    int k = 0;
    for (int s = 0; s < n; s++) {
      if (!drop[s]) {
        t[k] = t[s];
        starts[k] = starts[s];
        ends[k++] = ends[s];
      }
    }
    return k;
  }
}
