package io.kexin.gateway.detect.pii;

import io.kexin.gateway.text.TextTraits;
import java.util.BitSet;

/**
 * Reads the letters that look like digits in a token of digits as those digits, as a model reads them: {@code I} and
 * {@code l} as 1, {@code O} and {@code o} as 0 ({@code 手机 l38l2345678}, {@code 身份证 11O1O519491231002X}). A token is
 * read so only when it holds a digit, no more such letters than digits, and no other letter but an {@code X} (an
 * ID's check character): words ({@code lol}, {@code IO}) and identifiers with other letters ({@code SO1l2…},
 * hexadecimal) stay as written. Each letter is read as one digit in its place, so spans map one to one. Hand-written
 * with the other readings of the PII pass: one linear walk over the text.
 */
final class DigitLookAlikes {
  private DigitLookAlikes() {}

  /** Returns the digit {@code c} looks like, or 0 when it looks like none. */
  static char digitOf(char c) {
    return switch (c) {
      case 'I', 'l' -> '1';
      case 'O', 'o' -> '0';
      default -> 0;
    };
  }

  /** Returns {@code original} with the look-alike letters of its tokens of digits read as digits, or null if none. */
  static Undisguised read(String original) {
    return read(original, null);
  }

  /**
   * Returns what {@link #read(String)} returns for {@code original}, itself a reading whose units at {@code listed}
   * came from digits set apart by signs of lists (or null): those units keep that mark, the reading being one to one,
   * so a list such as {@code 1、3、8、…} still needs its context word when a look-alike stands elsewhere in the text.
   */
  static Undisguised read(String original, BitSet listed) {
    int n = original.length();
    Undisguised.Builder out = null;
    int i = 0;
    while (i < n) {
      if (!TextTraits.isAsciiLetterOrDigit(original.charAt(i))) {
        i++;
        continue;
      }
      int end = i;
      int digits = 0;
      int lookAlikes = 0;
      boolean other = false;
      for (; end < n && TextTraits.isAsciiLetterOrDigit(original.charAt(end)); end++) {
        char c = original.charAt(end);
        if (c >= '0' && c <= '9') {
          digits++;
        } else if (digitOf(c) != 0) {
          lookAlikes++;
        } else if (c != 'X' && c != 'x') {
          other = true;
        }
      }
      if (digits > 0 && lookAlikes > 0 && lookAlikes <= digits && !other) {
        out = out == null ? new Undisguised.Builder(original).listing(listed) : out;
        for (int p = i; p < end; p++) {
          char d = digitOf(original.charAt(p));
          if (d != 0) {
            out.copyTo(p);
            out.put(d, p, p + 1);
          }
        }
      }
      i = end;
    }
    return out == null ? null : out.build();
  }
}
