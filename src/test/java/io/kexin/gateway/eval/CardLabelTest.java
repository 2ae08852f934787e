package io.kexin.gateway.eval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Checks which card prefixes count as credit cards and which as bank cards. */
class CardLabelTest {

  @ParameterizedTest
  @CsvSource({
      "4111111111111111, pii:CREDIT_CARD", "5500000000000004, pii:CREDIT_CARD", "2221000000000009, pii:CREDIT_CARD",
      "2720990000000007, pii:CREDIT_CARD", "378282246310005, pii:CREDIT_CARD", "3566002020360505, pii:CREDIT_CARD",
      "6011000000000004, pii:CREDIT_CARD", "6500000000000002, pii:CREDIT_CARD", "6440000000000000, pii:CREDIT_CARD",
      "36227206271667, pii:CREDIT_CARD", "30569309025904, pii:CREDIT_CARD", "'4111 1111 1111 1111', pii:CREDIT_CARD",
      "6222020200112233445, pii:BANK_CARD", "6212345678901234, pii:BANK_CARD", "5018000000000009, pii:BANK_CARD",
      "2720100000000000, pii:CREDIT_CARD", "2721000000000000, pii:BANK_CARD", "1800000000000000, pii:BANK_CARD",
      "3527000000000000, pii:BANK_CARD", "306000000000000, pii:BANK_CARD", "12, pii:BANK_CARD"})
  void labelsByPrefix(String number, String label) {
    assertThat(CardLabel.of(number)).isEqualTo(label);
  }
}
