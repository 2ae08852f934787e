package io.kexin.gateway.eval;

/**
 * Makes a one-line preview of a text that is safe to print: every run of four or more letters and digits that
 * contains a digit is masked (its first and last characters kept when it has eight or more, so a 4-digit group of
 * a spaced card number shows nothing), and so is every run of twenty or more letters (a digit-free token is still
 * a token). Runs are broken by anything else, CJK ideographs included, so Chinese context stays readable.
 * Masking happens before truncation, so a cut can never expose a part of a run. Thread-safe.
 */
final class MaskedPreview {
  private MaskedPreview() {}

  /** Returns {@code text} masked, line breaks shown as {@code ⏎}, cut to {@code max} code points with {@code …}. */
  static String of(String text, int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max: " + max + " (expected: > 0)");
    }
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      int cp = text.codePointAt(i);
      if (!isRunChar(cp)) {
        out.append(cp == '\n' || cp == '\r' ? "⏎" : Character.isISOControl(cp) ? " " : Character.toString(cp));
        i += Character.charCount(cp);
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
      String run = text.substring(i, end);
      out.append(digit && n >= 4 || n >= 20 ? mask(run, n) : run);
      i = end;
    }
    return cut(out.toString(), max);
  }

  private static boolean isRunChar(int cp) {
    return Character.isLetterOrDigit(cp) && !Character.isIdeographic(cp);
  }

  private static String mask(String run, int n) {
    if (n < 8) {
      return "*".repeat(n);
    }
    return new StringBuilder().appendCodePoint(run.codePointAt(0)).append("*".repeat(n - 2))
        .appendCodePoint(run.codePointBefore(run.length())).toString();
  }

  private static String cut(String s, int max) {
    if (s.codePointCount(0, s.length()) <= max) {
      return s;
    }
    return s.substring(0, s.offsetByCodePoints(0, max - 1)) + "…";
  }
}
