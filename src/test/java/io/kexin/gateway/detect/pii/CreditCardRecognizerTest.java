package io.kexin.gateway.detect.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CreditCardRecognizerTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("Card: 4111 1111 1111 1111", List.of("4111 1111 1111 1111")),
        Arguments.of("信用卡 5500000000000004", List.of("5500000000000004")),
        Arguments.of("Mastercard 2-series 2221000000000009", List.of("2221000000000009")),
        Arguments.of("Amex 3714 496353 98431", List.of("3714 496353 98431")),
        Arguments.of("JCB 3530111333300000", List.of("3530111333300000")),
        Arguments.of("Discover 6011-1111-1111-1117", List.of("6011-1111-1111-1117")),
        Arguments.of("Diners 30569309025904", List.of("30569309025904")),
        Arguments.of("卡号 4111  1111  1111  1111", List.of("4111  1111  1111  1111")),
        Arguments.of("两个 4111111111111111 和 5500000000000004", List.of("4111111111111111", "5500000000000004")),
        // negatives
        Arguments.of("Luhn fails 4111111111111112", List.of()),
        Arguments.of("19 digits failing Luhn 4111111111111111112", List.of()),
        Arguments.of("Amex length 16: 3714496353984310", List.of()),
        Arguments.of("编号A4111111111111111", List.of()),
        Arguments.of("产品编号ABC4111111111111111XYZ", List.of()),
        Arguments.of("UnionPay is BANK_CARD 6228480012345671", List.of()),
        Arguments.of("dots are not card separators 4111.1111.1111.1111", List.of())
    );
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void findsExactlyTheExpectedSpans(String text, List<String> expected) {
    assertThat(Pii.found("CREDIT_CARD", text)).containsExactlyElementsOf(expected);
  }

  @Test
  void scoresWithAndWithoutContext() {
    assertThat(Pii.score("CREDIT_CARD", "no 4111111111111111")).isEqualTo(0.9);
    assertThat(Pii.score("CREDIT_CARD", "card 4111111111111111")).isEqualTo(1.0);
  }

  static Stream<Arguments> testNumbersAndLongerRuns() {
    return Stream.of(
        Arguments.of("Stripe test mode: use 4242 4242 4242 4242 with any CVC; 4000 0000 0000 9995 is declined",
            List.of()),
        Arguments.of("支付联调：测试环境请使用测试卡号 4111 1111 1111 1111，生产环境禁止使用", List.of()),
        Arguments.of("QA sandbox: 5555 5555 5555 4444 (Mastercard), 3782 822463 10005 (Amex)", List.of()),
        // a published test number without a word saying tests are meant, and a real number beside one, stay cards
        Arguments.of("My card is 4111 1111 1111 1111, exp 08/29", List.of("4111 1111 1111 1111")),
        Arguments.of("我的卡号 4242 4242 4242 4242 被扣款两次", List.of("4242 4242 4242 4242")),
        Arguments.of("test mode, but the customer's card is 4778 0000 1918 5018", List.of("4778 0000 1918 5018")),
        // sixteen digits read from inside a longer run of four-digit groups are a piece of a longer number
        Arguments.of("by certified mail No. 7022 2410 0001 4471 8830", List.of()),
        Arguments.of("挂号信编号 7022 2410 0001 4471 8830 已签收", List.of()),
        Arguments.of("卡号 2410 0001 4471 8830", List.of("2410 0001 4471 8830")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("testNumbersAndLongerRuns")
  void readsTestNumbersInATestContextAndPiecesOfLongerRunsAsNoCard(String text, List<String> expected) {
    assertThat(Pii.found("CREDIT_CARD", text)).containsExactlyElementsOf(expected);
  }
}
