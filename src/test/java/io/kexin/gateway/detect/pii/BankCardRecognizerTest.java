package io.kexin.gateway.detect.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BankCardRecognizerTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("银行卡号 6228480012345671", List.of("6228480012345671")),
        Arguments.of("UnionPay 19 digits 6217000123456789019", List.of("6217000123456789019")),
        Arguments.of("卡号 6228 4800 1234 5671", List.of("6228 4800 1234 5671")),
        Arguments.of("full width ６２２８４８００１２３４５６７１", List.of("６２２８４８００１２３４５６７１")),
        Arguments.of("工行卡号 9558801234567890128", List.of("9558801234567890128")),
        // negatives
        Arguments.of("Luhn fails 6228480012345672", List.of()),
        Arguments.of("domestic prefix without context 9558801234567890128", List.of()),
        Arguments.of("a Visa number is a CREDIT_CARD 4111111111111111", List.of()),
        Arguments.of("15 digits 622848001234566", List.of()),
        Arguments.of("glued A6228480012345671", List.of()),
        Arguments.of("glued 6228480012345671B", List.of()),
        Arguments.of("统一社会信用代码91310000552936878J", List.of()),
        Arguments.of("订单号ORDER12345678901234", List.of())
    );
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void findsExactlyTheExpectedSpans(String text, List<String> expected) {
    assertThat(Pii.found("BANK_CARD", text)).containsExactlyElementsOf(expected);
  }

  @Test
  void scoresWithAndWithoutContext() {
    assertThat(Pii.score("BANK_CARD", "编号 6228480012345671")).isEqualTo(0.9);
    assertThat(Pii.score("BANK_CARD", "银行卡 6228480012345671")).isEqualTo(1.0);
    assertThat(Pii.score("BANK_CARD", "account 9558801234567890128")).isEqualTo(0.9);
  }
}
