package io.kexin.gateway.detect.pii;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FoldTest {
  /**
   * The Chinese numerals, everyday, colloquial (幺 拐 洞, as numbers are read out; 两 for 2) and financial forms,
   * simplified and traditional, circled and bracketed (㊀ ㈠), with the digit each writes.
   */
  private static final Map<Character, Character> NUMERALS = Map.ofEntries(
      Map.entry('〇', '0'), Map.entry('零', '0'), Map.entry('一', '1'), Map.entry('壹', '1'), Map.entry('幺', '1'),
      Map.entry('二', '2'), Map.entry('两', '2'), Map.entry('兩', '2'), Map.entry('贰', '2'), Map.entry('貳', '2'),
      Map.entry('三', '3'), Map.entry('叁', '3'), Map.entry('參', '3'), Map.entry('四', '4'), Map.entry('肆', '4'),
      Map.entry('五', '5'), Map.entry('伍', '5'), Map.entry('六', '6'), Map.entry('陆', '6'), Map.entry('陸', '6'),
      Map.entry('七', '7'), Map.entry('柒', '7'), Map.entry('八', '8'), Map.entry('捌', '8'), Map.entry('九', '9'),
      Map.entry('玖', '9'), Map.entry('拐', '7'), Map.entry('洞', '0'), Map.entry('㊀', '1'), Map.entry('㊁', '2'),
      Map.entry('㊂', '3'), Map.entry('㊃', '4'), Map.entry('㊄', '5'), Map.entry('㊅', '6'), Map.entry('㊆', '7'),
      Map.entry('㊇', '8'), Map.entry('㊈', '9'), Map.entry('㈠', '1'), Map.entry('㈡', '2'), Map.entry('㈢', '3'),
      Map.entry('㈣', '4'), Map.entry('㈤', '5'), Map.entry('㈥', '6'), Map.entry('㈦', '7'), Map.entry('㈧', '8'),
      Map.entry('㈨', '9'));

  @Test
  void readsExactlyTheChineseNumeralsAsDigitsOverTheWholeBasicPlane() {
    for (int i = 0; i <= Character.MAX_VALUE; i++) {
      char c = (char) i;
      assertEquals(NUMERALS.getOrDefault(c, Fold.NONE), Fold.numeral(c), () -> "U+" + Integer.toHexString(c));
    }
  }

  @Test
  void keepsMagnitudesAndLookAlikeWordsOutOfTheDigits() {
    for (char c : "十百千万亿叄双俩个些㊉㈩".toCharArray()) {
      assertEquals(Fold.NONE, Fold.numeral(c), String.valueOf(c));
    }
  }
}
