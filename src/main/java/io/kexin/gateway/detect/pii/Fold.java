package io.kexin.gateway.detect.pii;

/**
 * Folds the characters the PII pass cares about to ASCII, so that full-width digits, letters and separators
 * ({@code １３８－１２３４}, ideographic space) are read like their ASCII forms without normalizing the text, and
 * classifies characters for boundary checks. Stateless.
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
        return NONE;
      }
      char a = (char) (c - 0xFEE0);
      return a >= 'a' && a <= 'z' ? (char) (a - 32) : a;
    }
    if (c > 0x3000) {
      return NONE;
    }
    switch (c) {
      case '\u3000', '\u00A0', '\u2007', '\u202F':
        return ' ';
      case '\u2010', '\u2011', '\u2012', '\u2013', '\u2212':
        return '-';
      default:
        return NONE;
    }
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

  /** Returns whether {@code c} glues to an adjacent token: a non-Han letter or digit, {@code _} or {@code @}. */
  static boolean glue(char c) {
    char a = ascii(c);
    if (a != NONE) {
      return alnum(a) || a == '_' || a == '@';
    }
    return c < 0x2E80 && Character.isLetterOrDigit(c);
  }

  /** Returns whether {@code a}, an ASCII form, may separate the groups of a number: space, dash, dot, parenthesis. */
  static boolean separator(char a) {
    return a == ' ' || a == '\t' || a == '-' || a == '.' || a == '(' || a == ')';
  }
}
