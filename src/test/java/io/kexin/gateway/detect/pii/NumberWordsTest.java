package io.kexin.gateway.detect.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks that numbers read out in English words, which a model turns back into digits at once, are found where they
 * were written, in English and Chinese text, mixed with digits, in any case and with doubled digits; and that counts,
 * lists and prose with number words stay clean.
 */
class NumberWordsTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("PHONE_CN", "call me at one three eight one two three four five six seven eight tonight",
            List.of("one three eight one two three four five six seven eight")),
        Arguments.of("PHONE_CN", "手机号 one three nine, nine two five one, two one zero one，谢谢",
            List.of("one three nine, nine two five one, two one zero one")),
        Arguments.of("PHONE_CN", "my number is one three eight 1234 5678", List.of("one three eight 1234 5678")),
        Arguments.of("PHONE_CN", "Phone: ONE-THREE-SEVEN-ZERO-ZERO-ONE-THREE-EIGHT-ZERO-ZERO-ZERO",
            List.of("ONE-THREE-SEVEN-ZERO-ZERO-ONE-THREE-EIGHT-ZERO-ZERO-ZERO")),
        Arguments.of("PHONE_CN", "ring 1 3 eight double one two three triple four five",
            List.of("1 3 eight double one two three triple four five")),
        Arguments.of("PHONE_CN", "电话ｏｎｅ ｔｈｒｅｅ ｅｉｇｈｔ ｏｎｅ ｔｗｏ ｔｈｒｅｅ ｆｏｕｒ ｆｉｖｅ ｓｉｘ ｓｅｖｅｎ ｅｉｇｈｔ",
            List.of("ｏｎｅ ｔｈｒｅｅ ｅｉｇｈｔ ｏｎｅ ｔｗｏ ｔｈｒｅｅ ｆｏｕｒ ｆｉｖｅ ｓｉｘ ｓｅｖｅｎ ｅｉｇｈｔ")),
        Arguments.of("CREDIT_CARD", "card four one one one one one one one one one one one one one one one exp",
            List.of("four one one one one one one one one one one one one one one one")),
        Arguments.of("US_SSN", "my ssn is five three six, two two, one two three four",
            List.of("five three six, two two, one two three four")),
        Arguments.of("CN_ID_CARD", "身份证 one one zero one zero five one nine four nine one two three one zero zero two X",
            List.of("one one zero one zero five one nine four nine one two three one zero zero two X")),
        Arguments.of("CREDIT_CARD", "card 4 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 exp 12/28",
            List.of("4 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1")),
        Arguments.of("US_SSN", "ssn 5 3 6 2 2 1 2 3 4", List.of("5 3 6 2 2 1 2 3 4")),
        Arguments.of("CN_ID_CARD", "身份证 1 1 0 1 0 5 1 9 4 9 1 2 3 1 0 0 2 X，请核对",
            List.of("1 1 0 1 0 5 1 9 4 9 1 2 3 1 0 0 2 X")),
        // Written together, or apart by line breaks, underscores or semicolons.
        Arguments.of("PHONE_CN", "call onethreeeightonetwothreefourfivesixseveneight now",
            List.of("onethreeeightonetwothreefourfivesixseveneight")),
        Arguments.of("PHONE_CN", "手机：\none\nthree\neight\none\ntwo\nthree\nfour\nfive\nsix\nseven\neight\n谢谢",
            List.of("one\nthree\neight\none\ntwo\nthree\nfour\nfive\nsix\nseven\neight")),
        Arguments.of("PHONE_CN", "call one_three_eight_one_two_three_four_five_six_seven_eight",
            List.of("one_three_eight_one_two_three_four_five_six_seven_eight")),
        Arguments.of("PHONE_CN", "call one;three;eight;one;two;three;four;five;six;seven;eight",
            List.of("one;three;eight;one;two;three;four;five;six;seven;eight")),
        // clean: counting, lists, bits, puzzles, prose and versions with number words and single digits
        Arguments.of("US_SSN", "1 2 3 4 5 6 7 8 9 10, ready or not", List.of()),
        Arguments.of("CREDIT_CARD", "bits 1 0 1 1 0 0 1 0 1 1 0 1 0 0 1 1 parity", List.of()),
        Arguments.of("PHONE_CN", "步骤 1 2 3 4 5 6 7 完成，数独第一行 5 3 0 0 7 0 0 0 0", List.of()),
        Arguments.of("PHONE_CN", "one two three four five six seven eight nine ten, here we go", List.of()),
        Arguments.of("CREDIT_CARD", "I have one or two questions about three items and four more", List.of()),
        Arguments.of("PHONE_CN", "第一步 one, 第二步 two, 然后 three", List.of()),
        Arguments.of("US_SSN", "the score was five to three, then two one, then zero", List.of()),
        Arguments.of("PHONE_CN", "someone gave fourteen apples to seventeen people on 2024-01-05", List.of()),
        Arguments.of("PHONE_CN", "scores:\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10\ndone; often none of them", List.of()));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("cases")
  void findsExactlyTheExpectedSpans(String entity, String text, List<String> expected) {
    assertThat(Pii.found(entity, text)).containsExactlyElementsOf(expected);
  }

  @Test
  void readsChainsOnlyAndMapsEveryDigitBackToItsWord() {
    String text = "call one three, double eight now";
    Undisguised d = NumberWords.read(text, text.toCharArray(), 0);
    assertThat(d.text()).isEqualTo("call 13 88 now");
    assertThat(text.substring(d.originalStart(5), d.originalEnd(6))).isEqualTo("one");
    assertThat(text.substring(d.originalStart(8), d.originalEnd(10))).isEqualTo("double eight");
    assertThat(NumberWords.read("only one here", "only one here".toCharArray(), 0)).isNull();
  }

  @Test
  void holdsBackTheChainOrTheBeginningOfANumberWordATextEndsIn() {
    assertThat(open("please call one three")).isEqualTo("one three");
    assertThat(open("please call one three ")).isEqualTo("one three ");
    assertThat(open("please call 138 thr")).isEqualTo("138 thr");
    assertThat(open("请拨打 one")).isEqualTo("one");
    assertThat(open("card 4 1")).isEqualTo("4 1");
    assertThat(open("call onethreeei")).isEqualTo("onethreeei");
    assertThat(open("version 4")).isNull();
    assertThat(open("the meeting is over")).isNull();
    assertThat(open("see you then")).isNull();
    assertThat(open("电话号码是")).isNull();
  }

  private static String open(String text) {
    int start = NumberWords.openChainStart(text.toCharArray(), text.length());
    return start < 0 ? null : text.substring(start);
  }

  @Test
  void readingFromWhereThePassSaysGivesWhatReadingTheWholeTextGives() {
    // No IPv6 addresses among the tokens: the pass reads one whole, and a digit of one never starts a reading.
    String[] tokens = {"one", "three", "eight", "oh", "double", "zero", "nine", "ONE", "Two", "onethree", "7", "4",
        "138", "1234", "5678", "x12", "ext", "tel", "call", "me", "at", "phone", "电话", "号码", "是", "和", "none",
        "money", "onez", "3812345678", "done", "seven7", "a1", "zh@ex.cn", "一"};
    String[] gaps = {" ", " ", " ", "  ", "-", ".", ",", ", ", ";", "/", "_", "\n", "", ":", " and ", "，", "  -"};
    Random random = new Random(20261206);
    int read = 0;
    for (int t = 0; t < 20_000; t++) {
      StringBuilder text = new StringBuilder();
      int n = 1 + random.nextInt(14);
      for (int i = 0; i < n; i++) {
        text.append(tokens[random.nextInt(tokens.length)]).append(gaps[random.nextInt(gaps.length)]);
      }
      String s = text.toString();
      Undisguised whole = NumberWords.read(s, s.toCharArray(), 0);
      int from = Pii.ALL.readOutAt(s);
      Undisguised gated = from < 0 ? null : NumberWords.read(s, s.toCharArray(), from);
      read += whole == null ? 0 : 1;
      assertThat(gated == null ? null : gated.text()).as(s).isEqualTo(whole == null ? null : whole.text());
    }
    assertThat(read).isGreaterThan(2_000);
  }

  @Test
  void aLoneNumberWordInProseLeavesTheTextUnread() {
    assertThat(Pii.ALL.readOutAt("One more thing: can you review the two files I sent? 谢谢")).isEqualTo(-1);
    assertThat(Pii.ALL.readOutAt("我有一个问题 about one of the files")).isEqualTo(-1);
    assertThat(Pii.ALL.readOutAt("call one three eight")).isEqualTo(5);
    assertThat(Pii.ALL.readOutAt("号码 onethreeeight")).isEqualTo(3);
    assertThat(Pii.ALL.readOutAt("tel 138 one")).isEqualTo(4);
  }

  @Test
  void spelledAgreesWithTryingEveryWordOnRandomTokens() {
    String[] words = {"zero", "oh", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "double",
        "triple"};
    String[] pieces = {"o", "on", "th", "thr", "tw", "fo", "fiv", "se", "eig", "nin", "dou", "tri", "x", "q", "n",
        "ｏｎｅ", "Ｔｗｏ", "é", "中", "1"};
    Random random = new Random(3);
    for (int t = 0; t < 20_000; t++) {
      StringBuilder b = new StringBuilder();
      for (int k = 1 + random.nextInt(4); k > 0; k--) {
        String w = random.nextInt(3) == 0 ? pieces[random.nextInt(pieces.length)] : words[random.nextInt(words.length)];
        b.append(switch (random.nextInt(3)) {
          case 0 -> w.toUpperCase(Locale.ROOT);
          case 1 -> w.isEmpty() ? w : Character.toUpperCase(w.charAt(0)) + w.substring(1);
          default -> w;
        });
      }
      char[] units = b.toString().toCharArray();
      assertThat(NumberWords.spelled(units, 0, units.length)).as(b.toString())
          .isEqualTo(spelledByEveryWord(units, words));
    }
  }

  /** Reads {@code units} as number words one after another, trying every word at each point, as the pass once did. */
  private static boolean spelledByEveryWord(char[] units, String[] words) {
    int p = 0;
    int count = 0;
    while (p < units.length) {
      int found = -1;
      for (String w : words) {
        boolean match = w.length() <= units.length - p;
        for (int k = 0; match && k < w.length(); k++) {
          match = Fold.ascii(units[p + k]) == Character.toUpperCase(w.charAt(k));
        }
        if (match) {
          found = w.length();
          break;
        }
      }
      if (found < 0) {
        return false;
      }
      p += found;
      count++;
    }
    return count > 0;
  }
}
