package io.kexin.gateway.detect.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CnIdCardRecognizerTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        // positives
        Arguments.of("我的身份证号是11010519491231002X", List.of("11010519491231002X")),
        Arguments.of("lower-case x 44011320141005001x", List.of("44011320141005001x")),
        Arguments.of("身份证号 1101 0119 9001 0112 37", List.of("1101 0119 9001 0112 37")),
        Arguments.of("证件号码：1101-0119-9003-0774-75", List.of("1101-0119-9003-0774-75")),
        Arguments.of("全角：１１０１０１１９９００１０１１２３７。", List.of("１１０１０１１９９００１０１１２３７")),
        Arguments.of("ID number: 110101199001011237, thanks", List.of("110101199001011237")),
        Arguments.of("在括号里（11010519491231002X）", List.of("11010519491231002X")),
        Arguments.of("after a long run 1 2 3 4 5 6 7 8 9 10 1101 0119 9001 0112 37", List.of("1101 0119 9001 0112 37")),
        Arguments.of("两个身份证110101199001011237和110101199003077475",
            List.of("110101199001011237", "110101199003077475")),
        Arguments.of("旧身份证 110105491231002", List.of("110105491231002")),
        // negatives
        Arguments.of("订单号 110105194912310021", List.of()),
        Arguments.of("110101199001011234 wrong check digit", List.of()),
        Arguments.of("month 13: 110101199013011234", List.of()),
        Arguments.of("province 00: 000101199001011234", List.of()),
        Arguments.of("province 99: 990426199112010074", List.of()),
        Arguments.of("born in the future 110101203001011236", List.of()),
        Arguments.of("legacy 15 digits without context 110105491231002", List.of()),
        Arguments.of("glued A110101199001011237", List.of()),
        Arguments.of("glued 1101011990010112370", List.of()),
        Arguments.of("glued 110101199001011237_x", List.of()),
        Arguments.of("split by a newline 1101 0119\n9001 0112 37", List.of())
    );
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void findsExactlyTheExpectedSpans(String text, List<String> expected) {
    assertThat(Pii.found("CN_ID_CARD", text)).containsExactlyElementsOf(expected);
  }

  @org.junit.jupiter.api.Test
  void scoresValidatedNumbersHighAndContextHigher() {
    assertThat(Pii.score("CN_ID_CARD", "号码 11010519491231002X")).isEqualTo(0.9);
    assertThat(Pii.score("CN_ID_CARD", "身份证 11010519491231002X")).isEqualTo(1.0);
    assertThat(Pii.score("CN_ID_CARD", "身份证 110105491231002")).isEqualTo(0.9);
  }

  @org.junit.jupiter.api.Test
  void computesTheGb11643CheckDigit() {
    assertThat(CnIdCardRecognizer.checkDigit("11010519491231002")).isEqualTo('X');
    assertThat(CnIdCardRecognizer.checkDigit("36042619910101007")).isEqualTo('1');
  }

}
