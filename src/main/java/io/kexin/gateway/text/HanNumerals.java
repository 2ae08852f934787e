package io.kexin.gateway.text;

/**
 * Reads the Chinese numerals that write one digit: {@code 〇零一二三四五六七八九}, the colloquial {@code 幺} (1),
 * {@code 拐} (7) and {@code 洞} (0) of numbers read out, {@code 两} ({@code 兩}) for 2, the financial forms
 * {@code 壹贰叁肆伍陆柒捌玖}, simplified and traditional, and the circled and bracketed forms {@code ㊀}…{@code ㊈},
 * {@code ㈠}…{@code ㈨}, which NFKC folds to them. A number spelled in them ({@code 一三八…}, {@code 138一二三四…}) reads like its digits. Numerals of magnitude
 * (十百千万) are not digits, so counts in prose ({@code 三十五}) never join into a long number. Stateless.
 */
public final class HanNumerals {
  /** Marks a unit that writes no digit. */
  public static final char NONE = 0;

  private static final int SLOTS = 256;
  private static final int SHIFT = 32 - 8;
  private static final char[] KEYS = new char[SLOTS];
  private static final char[] DIGITS = new char[SLOTS];

  static {
    // 拐 and 洞 are words too (a turn, a hole), and 两 (兩) is how 2 is said before a measure (两个人): like every
    // numeral they count only in a chain of seven digits and numerals, where 两 is said for 2 as well (一三八两…)
    String[] byDigit = {"\u3007\u96F6\u6D1E", "\u4E00\u58F9\u5E7A\u3280\u3220", "\u4E8C\u8D30\u8CB3\u3281\u3221\u4E24\u5169",
        "\u4E09\u53C1\u53C3\u3282\u3222", "\u56DB\u8086\u3283\u3223", "\u4E94\u4F0D\u3284\u3224",
        "\u516D\u9646\u9678\u3285\u3225", "\u4E03\u67D2\u62D0\u3286\u3226", "\u516B\u634C\u3287\u3227",
        "\u4E5D\u7396\u3288\u3228"};
    for (int digit = 0; digit < byDigit.length; digit++) {
      for (char c : byDigit[digit].toCharArray()) {
        int h = (c * 0x9E3779B1) >>> SHIFT;
        while (KEYS[h] != 0) {
          h = (h + 1) & (SLOTS - 1);
        }
        KEYS[h] = c;
        DIGITS[h] = (char) ('0' + digit);
      }
    }
  }

  private HanNumerals() {}

  /** Returns the ASCII digit the Chinese numeral {@code c} writes, or {@link #NONE}. */
  public static char digit(char c) {
    if (c < '\u3007') {
      return NONE;
    }
    // Every CJK character of a text passes here: an open-addressed table costs one multiply and one load for
    // nearly all of them, where a switch over the numerals compiles to a binary search of branches.
    for (int h = (c * 0x9E3779B1) >>> SHIFT; ; h = (h + 1) & (SLOTS - 1)) {
      char key = KEYS[h];
      if (key == c) {
        return DIGITS[h];
      }
      if (key == 0) {
        return NONE;
      }
    }
  }

  /** Says whether the code point {@code cp} is a Chinese numeral that writes a digit. */
  public static boolean isDigit(int cp) {
    return cp < 0x10000 && digit((char) cp) != NONE;
  }
}
