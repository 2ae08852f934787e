package io.kexin.gateway.eval;

import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes a one-line preview of a text that is safe to print: every run of four or more letters and digits that
 * contains a digit is masked (its first and last characters kept when it has eight or more), and so is every run of
 * twenty or more letters (a digit-free token is still a token). Runs are broken by anything else, CJK ideographs
 * included, so Chinese context stays readable. Digit groups joined by single separators ({@code 460-89-9847},
 * {@code 106.31.73.20}, {@code 4111 1111 1111 1111}) with four or more digits in all are masked whole, so short
 * groups of a phone, SSN, card or IP address never show. Masking happens before truncation, so a cut can never
 * expose a part of a run. Thread-safe.
 */
final class MaskedPreview {
  private static final Pattern DIGIT_CHAIN = Pattern.compile("[0-9]+(?:[-. /][0-9]+)+");

  private MaskedPreview() {}

  /** Returns {@code text} masked, line breaks shown as {@code ⏎}, cut to {@code max} code points with {@code …}. */
  static String of(String text, int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max: " + max + " (expected: > 0)");
    }
    boolean[] masked = new boolean[text.length()];
    int i = 0;
    while (i < text.length()) {
      if (!isRunChar(text.codePointAt(i))) {
        i += Character.charCount(text.codePointAt(i));
        continue;
      }
      int end = i;
      boolean digit = false;
      int n = 0;
      while (end < text.length() && isRunChar(text.codePointAt(end))) {
        int c = text.codePointAt(end);
        digit |= Character.isDigit(c);
        n++;
        end += Character.charCount(c);
      }
      if (digit && n >= 4 || n >= 20) {
        int from = n >= 8 ? i + Character.charCount(text.codePointAt(i)) : i;
        int to = n >= 8 ? text.offsetByCodePoints(end, -1) : end;
        Arrays.fill(masked, from, to, true);
      }
      i = end;
    }
    Matcher chain = DIGIT_CHAIN.matcher(text);
    while (chain.find()) {
      if (chain.group().chars().filter(c -> c >= '0' && c <= '9').count() >= 4) {
        for (int j = chain.start(); j < chain.end(); j++) {
          masked[j] |= Character.isDigit(text.charAt(j));
        }
      }
    }
    StringBuilder out = new StringBuilder(text.length());
    for (int j = 0; j < text.length(); ) {
      int cp = text.codePointAt(j);
      if (masked[j]) {
        out.append('*');
      } else if (cp == '\n' || cp == '\r') {
        out.append('⏎');
      } else {
        out.append(Character.isISOControl(cp) ? " " : Character.toString(cp));
      }
      j += Character.charCount(cp);
    }
    return cut(out.toString(), max);
  }

  private static boolean isRunChar(int cp) {
    return Character.isLetterOrDigit(cp) && !Character.isIdeographic(cp);
  }

  private static String cut(String s, int max) {
    if (s.codePointCount(0, s.length()) <= max) {
      return s;
    }
    return s.substring(0, s.offsetByCodePoints(0, max - 1)) + "…";
  }
}
