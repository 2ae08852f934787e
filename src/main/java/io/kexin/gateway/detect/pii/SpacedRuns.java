package io.kexin.gateway.detect.pii;

import io.kexin.gateway.text.TextTraits;
import java.util.Arrays;

/**
 * Finds values written letter-spaced, one character a time between spaces or one a line ({@code a l i c e @ e x a m
 * p l e . c o m}, {@code z h a n g @ q q . c o m}), which a model reads as the value: runs of at least {@value
 * TextTraits#MIN_SPACED} single printable ASCII characters, one space character or line break (the same throughout)
 * apart. The PII pass reads such a run with its spaces left out, so that its recognizers, which need a value written
 * whole, find it there.
 *
 * <p>Hand-written because it is part of the PII pass's reading of disguised values: one linear scan.
 */
final class SpacedRuns {
  private static final int[] NONE = {};

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
      char space = i + 1 < n ? s.charAt(i + 1) : 0;
      while (i + 2 < n && isSpace(space) && s.charAt(i + 1) == space && singleAt(s, i + 2)) {
        i += 2;
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
    int last = n > 0 && isSpace(s.charAt(n - 1)) ? n - 2 : n - 1;
    if (last < 0 || !singleAt(s, last)) {
      return -1;
    }
    int start = last;
    while (start >= 2 && isSpace(s.charAt(start - 1)) && singleAt(s, start - 2)) {
      start -= 2;
    }
    // a lone character after a sign ("[x") is the end of a word, which the pass holds as such
    return start < last || start == 0 || isSpace(s.charAt(start - 1)) ? start : -1;
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

  /** Says whether {@code c} sets the singles of a run apart: a space, a tab, or a line break (one character a line). */
  private static boolean isSpace(char c) {
    return c == ' ' || c == '\u3000' || c == '\t' || c == '\n';
  }
}
