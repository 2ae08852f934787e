package io.kexin.gateway.text;

import java.util.HashMap;
import java.util.Map;

/**
 * Reads HTML character references — decimal ({@code &#64;}), hexadecimal ({@code &#x40;}) and the named ones a
 * value may be written with ({@code &commat;}, {@code &period;}, {@code &lowbar;}, {@code &amp;} …) — as the
 * characters they stand for: a model reads {@code alice&#64;example.com} as an address, so the gateway does too.
 * Numeric references are read with or without their closing {@code ;} (browsers and models both do), named ones only
 * with it; a reference to no character (zero, a surrogate, beyond U+10FFFF) is left as written. Hand-written: it is
 * part of the decoding every inspected text goes through, and a table of all 2,231 HTML names would be mostly
 * symbols no value is written with. Stateless.
 */
final class CharacterReferences {
  /** Bounds the digits of a numeric reference ({@code &#1114111;}) and the letters of a name ({@code &ZeroWidthSpace;}). */
  private static final int MAX_DIGITS = 7;
  private static final int MAX_NAME = 31;
  /** The named references read: ASCII punctuation, spaces and the invisible characters HTML names. */
  private static final Map<String, Integer> NAMED = named(
      "amp", '&', "AMP", '&', "lt", '<', "LT", '<', "gt", '>', "GT", '>', "quot", '"', "QUOT", '"', "apos", '\'',
      "commat", '@', "period", '.', "comma", ',', "colon", ':', "semi", ';', "lowbar", '_', "UnderBar", '_',
      "hyphen", 0x2010, "dash", 0x2010, "minus", 0x2212, "plus", '+', "equals", '=', "sol", '/', "bsol", '\\',
      "num", '#', "percnt", '%', "excl", '!', "quest", '?', "dollar", '$', "ast", '*', "midast", '*', "verbar", '|',
      "vert", '|', "VerticalLine", '|', "lpar", '(', "rpar", ')', "lsqb", '[', "lbrack", '[', "rsqb", ']',
      "rbrack", ']', "lcub", '{', "lbrace", '{', "rcub", '}', "rbrace", '}', "Hat", '^', "grave", '`',
      "DiacriticalGrave", '`', "tilde", 0x02DC, "nbsp", 0xA0, "NonBreakingSpace", 0xA0, "ensp", 0x2002,
      "emsp", 0x2003, "thinsp", 0x2009, "ThinSpace", 0x2009, "hairsp", 0x200A, "VeryThinSpace", 0x200A,
      "numsp", 0x2007, "puncsp", 0x2008, "MediumSpace", 0x205F, "Tab", '\t', "NewLine", '\n', "shy", 0xAD,
      "ZeroWidthSpace", 0x200B, "NegativeVeryThinSpace", 0x200B, "zwnj", 0x200C, "zwj", 0x200D, "lrm", 0x200E,
      "rlm", 0x200F, "NoBreak", 0x2060, "af", 0x2061, "ApplyFunction", 0x2061, "it", 0x2062, "InvisibleTimes",
      0x2062, "ic", 0x2063, "InvisibleComma", 0x2063);

  private CharacterReferences() {}

  /**
   * Returns the code point a reference at {@code i} (an {@code &}) stands for in the low 21 bits and its length in
   * units above them, or -1 when no reference this class reads stands there.
   */
  static long at(char[] units, int i, int n) {
    if (i + 2 >= n) {
      return -1;
    }
    if (units[i + 1] == '#') {
      boolean hex = units[i + 2] == 'x' || units[i + 2] == 'X';
      int p = hex ? i + 3 : i + 2;
      int radix = hex ? 16 : 10;
      long value = 0;
      int digits = 0;
      while (p < n && digits < MAX_DIGITS && Character.digit(units[p], radix) >= 0 && units[p] < 0x80) {
        value = value * radix + Character.digit(units[p], radix);
        p++;
        digits++;
      }
      if (digits == 0 || value == 0 || value > Character.MAX_CODE_POINT
          || value >= Character.MIN_SURROGATE && value <= Character.MAX_SURROGATE) {
        return -1;
      }
      if (p < n && units[p] == ';') {
        p++;
      }
      return (long) (p - i) << 32 | value;
    }
    int p = i + 1;
    while (p < n && p - i <= MAX_NAME && TextTraits.isAsciiLetterOrDigit(units[p])) {
      p++;
    }
    if (p == i + 1 || p >= n || units[p] != ';') {
      return -1;
    }
    Integer cp = NAMED.get(new String(units, i + 1, p - i - 1));
    return cp == null ? -1 : (long) (p + 1 - i) << 32 | cp;
  }

  /** Says whether a reference this class may read starts at {@code i} (an {@code &}): a cheap test for the traits. */
  static boolean mayStart(char[] units, int i, int n) {
    if (i + 2 >= n) {
      return false;
    }
    char next = units[i + 1];
    if (next == '#') {
      char d = units[i + 2];
      return d >= '0' && d <= '9' || d == 'x' || d == 'X';
    }
    int p = i + 1;
    while (p < n && p - i <= MAX_NAME && TextTraits.isAsciiLetterOrDigit(units[p])) {
      p++;
    }
    return p > i + 1 && p < n && units[p] == ';';
  }

  /**
   * Returns where a reference that more text may still complete or change starts in the last units of {@code text}
   * from {@code from} on ({@code &}, {@code &#6}, {@code &#64} before a {@code ;} or digit, {@code &comm}), or -1.
   */
  static int openAt(CharSequence text, int from) {
    int n = text.length();
    for (int i = n - 1; i >= Math.max(from, n - MAX_NAME - 2); i--) {
      char c = text.charAt(i);
      if (c == '&') {
        return i;
      }
      if (!TextTraits.isAsciiLetterOrDigit(c) && c != '#') {
        return -1;
      }
    }
    return -1;
  }

  private static Map<String, Integer> named(Object... pairs) {
    Map<String, Integer> map = new HashMap<>();
    for (int k = 0; k < pairs.length; k += 2) {
      Object v = pairs[k + 1];
      map.put((String) pairs[k], v instanceof Character c ? (int) c : (Integer) v);
    }
    return Map.copyOf(map);
  }
}
