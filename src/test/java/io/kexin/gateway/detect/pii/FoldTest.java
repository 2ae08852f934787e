package io.kexin.gateway.detect.pii;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FoldTest {
  /**
   * The Chinese numerals, everyday, colloquial (幺 拐 洞, as numbers are read out) and financial forms, simplified and
   * traditional, with the digit each writes.
   */
  private static final Map<Character, Character> NUMERALS = Map.ofEntries(
      Map.entry('〇', '0'), Map.entry('零', '0'), Map.entry('一', '1'), Map.entry('壹', '1'), Map.entry('幺', '1'),
      Map.entry('二', '2'), Map.entry('贰', '2'), Map.entry('貳', '2'), Map.entry('三', '3'), Map.entry('叁', '3'),
      Map.entry('參', '3'), Map.entry('四', '4'), Map.entry('肆', '4'), Map.entry('五', '5'), Map.entry('伍', '5'),
      Map.entry('六', '6'), Map.entry('陆', '6'), Map.entry('陸', '6'), Map.entry('七', '7'), Map.entry('柒', '7'),
      Map.entry('八', '8'), Map.entry('捌', '8'), Map.entry('九', '9'), Map.entry('玖', '9'), Map.entry('拐', '7'),
      Map.entry('洞', '0'));

  @Test
  void readsExactlyTheChineseNumeralsAsDigitsOverTheWholeBasicPlane() {
    for (int i = 0; i <= Character.MAX_VALUE; i++) {
      char c = (char) i;
      assertEquals(NUMERALS.getOrDefault(c, Fold.NONE), Fold.numeral(c), () -> "U+" + Integer.toHexString(c));
    }
  }

  @Test
  void keepsMagnitudesAndLookAlikeWordsOutOfTheDigits() {
    for (char c : "十百千万亿两叄双个些".toCharArray()) {
      assertEquals(Fold.NONE, Fold.numeral(c), String.valueOf(c));
    }
  }
}
