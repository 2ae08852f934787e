package io.kexin.gateway.detect.pii;

import io.kexin.gateway.text.HanNumerals;

/**
 * Folds the characters the PII pass cares about to ASCII, so that full-width digits, letters and separators
 * ({@code １３８－１２３４}, ideographic space) are read like their ASCII forms without normalizing the text, and, for
 * the pass that reads them, Chinese numerals ({@code 一三八}, {@code 壹叁捌}) like their digits (one unit for one
 * unit, so offsets stay those of the original); classifies characters for boundary checks. Stateless.
 */
final class Fold {
  /** Marks a character that folds to nothing the pass uses. */
  static final char NONE = 0;

  private Fold() {}

  /** Returns the ASCII form of {@code c} (letters upper-cased), or {@link #NONE} if it has none. */
  static char ascii(char c) {
    if (c < 0x80) {
      return c >= 'a' && c <= 'z' ? (char) (c - 32) : c;
    }
    if (c >= 0xFF01) {
      if (c > 0xFF5E) {
        return c == '\uFF65' ? '.' : NONE;
      }
      char a = (char) (c - 0xFEE0);
      return a >= 'a' && a <= 'z' ? (char) (a - 32) : a;
    }
    if (c > 0x3000) {
      // the small forms of the at sign and the full stop, which NFKC folds to ASCII: an address's signs
      return c == '\u30FB' || c == '\uFE52' ? '.' : c == '\uFE6B' ? '@' : NONE;
    }
    switch (c) {
      // every space of Unicode's separators (thin, hair, en, em …), which digits are also set apart with
      case '\u3000', '\u00A0', '\u2000', '\u2001', '\u2002', '\u2003', '\u2004', '\u2005', '\u2006', '\u2007',
          '\u2008', '\u2009', '\u200A', '\u202F', '\u205F':
        return ' ';
      case '\u2010', '\u2011', '\u2012', '\u2013', '\u2212':
        return '-';
      // middle dots and bullets, which groups of a number are also written apart with (138·1234·5678)
      case '\u00B7', '\u2022', '\u2027', '\u2219', '\u22C5':
        return '.';
      // the one dot leader, which NFKC folds to a full stop, in an address or a number
      case '\u2024':
        return '.';
      default:
        return NONE;
    }
  }

  /**
   * Returns the digit a Chinese numeral writes ({@link HanNumerals}), or {@link #NONE}: a number spelled in them
   * ({@code 一三八…}, {@code 138一二三四…}) reads like its digits.
   */
  static char numeral(char c) {
    return HanNumerals.digit(c);
  }

  /** Returns {@link #ascii} of {@code c}, or the digit it writes as a Chinese numeral. */
  static char asciiOrNumeral(char c) {
    char a = ascii(c);
    return a != NONE ? a : numeral(c);
  }

  /** Returns {@link #glue} of {@code c}, a Chinese numeral gluing like the digit it writes when {@code numerals}. */
  static boolean glue(char c, boolean numerals) {
    return glue(c) || numerals && numeral(c) != NONE;
  }

  /** Returns whether {@code a}, an ASCII form, is a digit. */
  static boolean digit(char a) {
    return a >= '0' && a <= '9';
  }

  /** Returns whether {@code a}, an ASCII form, is a digit or an upper-case letter. */
  static boolean alnum(char a) {
    return (a >= '0' && a <= '9') || (a >= 'A' && a <= 'Z');
  }

  /** Returns whether {@code a}, an ASCII form, is a hexadecimal digit. */
  static boolean hex(char a) {
    return (a >= '0' && a <= '9') || (a >= 'A' && a <= 'F');
  }

  /**
   * Returns whether {@code c} glues to an adjacent token: a non-Han letter or digit, or {@code @}. An underscore does
   * not: identifiers and file names join words with it ({@code user_13812345678}, {@code scan_1101…_正面.jpg}).
   */
  static boolean glue(char c) {
    char a = ascii(c);
    if (a != NONE) {
      return alnum(a) || a == '@';
    }
    return c < 0x2E80 && Character.isLetterOrDigit(c);
  }

  /**
   * Returns whether {@code a}, an ASCII form, may separate the groups of a number: space, dash, dot, underscore
   * ({@code 138_1234_5678}, as identifiers and file names write it), parenthesis, or the bar between the cells of a
   * markdown table.
   */
  static boolean separator(char a) {
    return a == ' ' || a == '\t' || a == '-' || a == '.' || a == '_' || a == '(' || a == ')' || a == '|';
  }
}
