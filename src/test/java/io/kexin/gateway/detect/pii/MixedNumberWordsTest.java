package io.kexin.gateway.detect.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks that a number read out in English words and Chinese numerals mixed in one chain ({@code one三eight一二三四…}),
 * which a model reads as its digits, is found where it was written, in English and Chinese prose; that numbers the
 * other readings find keep their spans; and that numbers taught in both languages, ordinals and counts stay clean.
 */
class MixedNumberWordsTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("PHONE_CN", "my phone is one三eight一二三四五六七八, thanks", List.of("one三eight一二三四五六七八")),
        Arguments.of("PHONE_CN", "电话 one three eight 一二三四五六七八", List.of("one three eight 一二三四五六七八")),
        Arguments.of("PHONE_CN", "手机号 一三八 one two three four five six seven eight 谢谢",
            List.of("一三八 one two three four five six seven eight")),
        Arguments.of("PHONE_CN", "phone 138 one two 三四五六七八", List.of("138 one two 三四五六七八")),
        Arguments.of("PHONE_CN", "call 1 三 8 one 2 三 4 five 6 七 8 tonight", List.of("1 三 8 one 2 三 4 five 6 七 8")),
        Arguments.of("PHONE_CN", "手机号 ONE三EIGHT幺二三四五六七八", List.of("ONE三EIGHT幺二三四五六七八")),
        Arguments.of("PHONE_CN", "my phone is onethreeeight一二三四五六七八", List.of("onethreeeight一二三四五六七八")),
        Arguments.of("CN_ID_CARD", "身份证 one one 〇一〇五一九四九一二三一〇〇二X", List.of("one one 〇一〇五一九四九一二三一〇〇二X")),
        Arguments.of("CN_ID_CARD", "my ID: one one 〇 one 〇 five 一九四九一二三一〇〇二X",
            List.of("one one 〇 one 〇 five 一九四九一二三一〇〇二X")),
        Arguments.of("CREDIT_CARD", "卡号 four 一 one 一 one 一 one 一 one 一 one 一 one 一 one 一",
            List.of("four 一 one 一 one 一 one 一 one 一 one 一 one 一 one 一")),
        // what the other readings find keeps its span and reading
        Arguments.of("PHONE_CN", "电话一三八一二三四五六七八 one two", List.of("一三八一二三四五六七八")),
        Arguments.of("PHONE_CN", "电话 one 一三八一二三四五六七八", List.of("一三八一二三四五六七八")),
        Arguments.of("PHONE_CN", "call one three eight one two three four five six seven eight 一下",
            List.of("one three eight one two three four five six seven eight")),
        // clean: numbers taught in both languages, ordinals, counts and prose
        Arguments.of("PHONE_CN", "一 one, 二 two, 三 three, 四 four, 五 five, 六 six, 七 seven, 八 eight, 九 nine",
            List.of()),
        Arguments.of("PHONE_CN", "一one二two三three四four五five六six七seven八eight九nine", List.of()),
        Arguments.of("PHONE_CN", "数字 one 一 two 二 three 三 four 四 five 五 six 六", List.of()),
        Arguments.of("PHONE_CN", "第一 one 第二 two 第三 three，一共三个", List.of()),
        Arguments.of("PHONE_CN", "我有一个 one piece 两个 two pieces，三三两两 three four five", List.of()),
        Arguments.of("US_SSN", "one 一 two 二 three 三 four 四 five 五 six 六 seven 七 eight 八 nine 九", List.of()),
        Arguments.of("CREDIT_CARD", "Lesson one: 一二三 means one two three; 四五六 is four five six", List.of()));
  }

  @ParameterizedTest(name = "{0} in {1}")
  @MethodSource("cases")
  void findsExactlyTheExpectedSpans(String entity, String text, List<String> expected) {
    assertThat(Pii.found(entity, text)).containsExactlyElementsOf(expected);
  }

  @Test
  void readsLettersAndNumeralsAsTokensApartAndMapsEveryDigitBack() {
    String text = "tel one三eight 一二 now";
    Undisguised d = NumberWords.read(text, text.toCharArray(), 0, true);
    assertThat(d.text()).isEqualTo("tel 138 12 now");
    assertThat(text.substring(d.originalStart(4), d.originalEnd(5))).isEqualTo("one");
    assertThat(text.substring(d.originalStart(5), d.originalEnd(6))).isEqualTo("三");
    // a chain without a numeral, or without a word, is left to the other readings
    assertThat(NumberWords.read("call one three", "call one three".toCharArray(), 0, true)).isNull();
    assertThat(NumberWords.read("电话一三八一二", "电话一三八一二".toCharArray(), 0, true)).isNull();
  }

  @Test
  void holdsBackAMixedChainATextEndsIn() {
    assertThat(open("电话 一三八 one")).isEqualTo("一三八 one");
    assertThat(open("call one三eigh")).isEqualTo("one三eigh");
    assertThat(open("phone 138 one two 三四")).isEqualTo("138 one two 三四");
    assertThat(open("call one three")).isNull();
    assertThat(open("电话一三八一二")).isNull();
    assertThat(open("我们一起去")).isNull();
  }

  private static String open(String text) {
    int start = NumberWords.openChainStart(text.toCharArray(), text.length(), true);
    return start < 0 ? null : text.substring(start);
  }

  @Test
  void thePassAsksForTheReadingWheneverItReadsAnything() {
    String[] tokens = {"one", "three", "eight", "oh", "double", "nine", "ONE", "onethree", "7", "138", "1234", "一",
        "三八", "一二三四", "幺", "两", "〇", "电话", "号码", "是", "个", "call", "me", "X", "none"};
    String[] gaps = {" ", " ", "", "", "-", ".", ",", ", ", "，", "\n", " and "};
    Random random = new Random(20261207);
    int read = 0;
    for (int t = 0; t < 20_000; t++) {
      StringBuilder text = new StringBuilder();
      int n = 1 + random.nextInt(12);
      for (int i = 0; i < n; i++) {
        text.append(tokens[random.nextInt(tokens.length)]).append(gaps[random.nextInt(gaps.length)]);
      }
      String s = text.toString();
      Undisguised whole = NumberWords.read(s, s.toCharArray(), 0, true);
      if (whole != null) {
        read++;
        Pass pass = new Pass(s, s.toCharArray(), "pii", List.of(), Pass.shapes(List.of()),
            null, null);
        pass.run();
        assertThat(pass.mixed()).as(s).isTrue();
      }
    }
    assertThat(read).isGreaterThan(2_000);
  }
}
