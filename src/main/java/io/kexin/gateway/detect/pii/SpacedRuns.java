package io.kexin.gateway.detect.pii;

import io.kexin.gateway.text.TextTraits;
import java.util.Arrays;

/**
 * Finds values written letter-spaced, one character a time between spaces or one a line ({@code a l i c e @ e x a m
 * p l e . c o m}, {@code z h a n g @ q q . c o m}), which a model reads as the value: runs of at least {@value
 * TextTraits#MIN_SPACED} single printable ASCII characters, one to three space characters or line
 * breaks (the same throughout) apart. The PII pass reads such a run with its spaces left out, so that its
 * recognizers, which need a value written whole, find it there.
 *
 * <p>Hand-written because it is part of the PII pass's reading of disguised values: one linear scan.
 */
final class SpacedRuns {
  private static final int[] NONE = {};
  /** The most space units between two singles of a run: two spaces, two no-break spaces, a space and a tab. */
  private static final int MAX_GAP = 3;

  private SpacedRuns() {}

  /** Returns the letter-spaced runs of {@code s} as pairs of start and end (the end after the run's last single). */
  static int[] of(String s) {
    int n = s.length();
    int[] out = NONE;
    int count = 0;
    int i = 0;
    while (i < n) {
      if (!singleAt(s, i)) {
        i++;
        continue;
      }
      int start = i;
      int singles = 1;
      int gap = gapAt(s, i + 1);
      int first = i + 1;
      while (gap > 0 && i + 1 + gap < n && sameGap(s, first, i + 1, gap) && singleAt(s, i + 1 + gap)) {
        i += 1 + gap;
        singles++;
      }
      if (singles >= TextTraits.MIN_SPACED) {
        if (count + 2 > out.length) {
          out = Arrays.copyOf(out, Math.max(4, 2 * out.length));
        }
        out[count++] = start;
        out[count++] = i + 1;
      }
      i++;
    }
    return count == out.length ? out : Arrays.copyOf(out, count);
  }

  /**
   * Returns where a run of single characters one space apart that more text may still make letter-spaced begins at
   * the end of {@code s} ({@code … a l i c e @ e}), or -1.
   */
  static int openStart(String s) {
    int n = s.length();
    int trailing = 0;
    while (trailing < MAX_GAP && trailing < n && isSpace(s.charAt(n - 1 - trailing))) {
      trailing++;
    }
    int last = n - 1 - trailing;
    if (last < 0 || !singleAt(s, last)) {
      return -1;
    }
    int start = last;
    int gap = 0;
    while (true) {
      int g = 0;
      while (g < MAX_GAP && start - 1 - g >= 0 && isSpace(s.charAt(start - 1 - g))) {
        g++;
      }
      if (g == 0 || gap != 0 && (g != gap || !sameGap(s, start - g, start + 1, g)) || start - 1 - g < 0
          || !singleAt(s, start - 1 - g)) {
        break;
      }
      gap = g;
      start -= 1 + g;
    }
    // a lone character after a sign ("[x") is the end of a word, which the pass holds as such
    return start < last || start == 0 || isSpace(s.charAt(start - 1)) ? start : -1;
  }

  /**
   * Returns how many units after a single, from {@code i} of {@code s}, set it apart from the next: one to
   * {@value #MAX_GAP} space units, followed by no further space; 0 when there are none or more.
   */
  static int gapAt(String s, int i) {
    int g = 0;
    while (i + g < s.length() && isSpace(s.charAt(i + g))) {
      if (++g > MAX_GAP) {
        return 0;
      }
    }
    return g;
  }

  /** Says whether the {@code gap} units of {@code s} at {@code a} and at {@code b} are the same. */
  private static boolean sameGap(String s, int a, int b, int gap) {
    return s.regionMatches(a, s, b, gap);
  }

  /**
   * Says whether the unit at {@code i} of {@code s} is a single printable ASCII character: no ASCII letter or digit
   * on either side ({@code 邮箱：l i …} and {@code … c o m。} start and end runs).
   */
  private static boolean singleAt(String s, int i) {
    char c = s.charAt(i);
    return c > ' ' && c < 0x7F && (i == 0 || !TextTraits.isAsciiLetterOrDigit(s.charAt(i - 1)))
        && (i + 1 == s.length() || !TextTraits.isAsciiLetterOrDigit(s.charAt(i + 1)));
  }

  /**
   * Says whether {@code c} sets the singles of a run apart: any of Unicode's spaces (no-break, ideographic, thin,
   * hair, en, em …), a tab, or a line break (one character a line).
   */
  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n'
        || c > 0x7F && Character.getType(c) == Character.SPACE_SEPARATOR;
  }
}
