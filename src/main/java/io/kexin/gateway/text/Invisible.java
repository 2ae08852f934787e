package io.kexin.gateway.text;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UProperty;

/**
 * Tells which code points render as nothing: Unicode's default-ignorable code points (zero-width characters, the soft
 * hyphen, bidi controls, variation selectors, tag characters, Hangul fillers), the Mongolian vowel separator and the
 * control characters that neither print nor break a line (NUL, backspace, escape, delete, most of C1).
 * A value split by them reads whole to a model, so detection skips them. Immutable and thread-safe.
 */
public final class Invisible {
  /** One bit per BMP code point, since this runs on every unit of every inspected text. */
  private static final long[] BMP = bmp();

  private Invisible() {}

  /** Says whether {@code cp} is invisible. */
  public static boolean is(int cp) {
    if (cp < 0x10000) {
      return (BMP[cp >>> 6] & 1L << cp) != 0;
    }
    return cp >= 0xE0000 && cp <= 0xE0FFF || UCharacter.hasBinaryProperty(cp, UProperty.DEFAULT_IGNORABLE_CODE_POINT);
  }

  /**
   * Returns one bit per BMP unit that is invisible or may start an invisible supplementary code point, with the
   * units of {@code extra} added: a table for loops that test every unit once.
   */
  static long[] starts(char... extra) {
    long[] bits = BMP.clone();
    for (char c : new char[] {0xDB40, 0xDB41, 0xDB42, 0xDB43, 0xD834, 0xD82F}) {
      bits[c >>> 6] |= 1L << c;
    }
    for (char c : extra) {
      bits[c >>> 6] |= 1L << c;
    }
    return bits;
  }

  /**
   * Says whether {@code c} is a control character that neither prints nor breaks a line: C0 and C1 controls other
   * than tab, line feed, carriage return, the vertical tab, form feed, the information separators and NEL, which
   * read as white space. JSON carries them escaped ({@code 138\u00001234\u00005678}); a tokenizer keeps them as
   * tokens of their own, between which a model reads the value whole.
   */
  private static boolean silent(int c) {
    return c <= 0x08 || c >= 0x0E && c <= 0x1B || c == 0x7F || c >= 0x80 && c <= 0x9F && c != 0x85;
  }

  private static long[] bmp() {
    long[] bits = new long[0x10000 / 64];
    for (int c = 0; c < 0x10000; c++) {
      if (!Character.isSurrogate((char) c)
          && (UCharacter.hasBinaryProperty(c, UProperty.DEFAULT_IGNORABLE_CODE_POINT) || c == 0x180E || silent(c))) {
        bits[c >>> 6] |= 1L << c;
      }
    }
    return bits;
  }
}
