package io.kexin.gateway.detect;

/**
 * Tells which characters are letters or digits of a script that separates words with spaces: what a whole-word term
 * must not touch. Han, Hiragana and Katakana never need word boundaries.
 */
public final class WordChars {
  /** {@link #isWordChar} of every BMP unit outside the surrogates, one bit each: a lookup at every word start. */
  private static final long[] UNITS = units();

  private WordChars() {}

  /** Returns whether {@code cp} is a letter or digit of a script that separates words with spaces. */
  public static boolean isWordChar(int cp) {
    if (cp < 0x80) {
      return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
    }
    if (!Character.isLetterOrDigit(cp)) {
      return false;
    }
    Character.UnicodeScript script = Character.UnicodeScript.of(cp);
    return script != Character.UnicodeScript.HAN
        && script != Character.UnicodeScript.HIRAGANA
        && script != Character.UnicodeScript.KATAKANA;
  }

  /** Returns {@link #isWordChar} of a unit by one bit test; false for surrogates, which need the code point. */
  public static boolean isWordUnit(char c) {
    return (UNITS[c >>> 6] & 1L << c) != 0;
  }

  /** Returns a copy of the bitmap behind {@link #isWordUnit}: bit {@code c} set for each word unit {@code c}. */
  public static long[] unitBitmap() {
    return UNITS.clone();
  }

  private static long[] units() {
    long[] units = new long[1 << 10];
    for (int c = 0; c <= Character.MAX_VALUE; c++) {
      if (!Character.isSurrogate((char) c) && isWordChar(c)) {
        units[c >>> 6] |= 1L << c;
      }
    }
    return units;
  }
}
