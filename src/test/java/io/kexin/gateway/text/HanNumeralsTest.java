package io.kexin.gateway.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Checks which Chinese characters read as the digit they write, and that numerals of magnitude and words do not. */
class HanNumeralsTest {

  @ParameterizedTest(name = "{0} reads {1}")
  @CsvSource(textBlock = """
      一, 1
      幺, 1
      壹, 1
      ㊀, 1
      二, 2
      两, 2
      兩, 2
      贰, 2
      〇, 0
      洞, 0
      拐, 7
      九, 9
      """)
  void readsTheDigit(char numeral, char digit) {
    assertThat(HanNumerals.digit(numeral)).isEqualTo(digit);
    assertThat(HanNumerals.isDigit(numeral)).isTrue();
  }

  @ParameterizedTest(name = "{0} reads none")
  @CsvSource(textBlock = """
      十
      百
      千
      万
      亿
      个
      俩
      人
      A
      7
      """)
  void readsNoDigit(char c) {
    assertThat(HanNumerals.digit(c)).isEqualTo(HanNumerals.NONE);
    assertThat(HanNumerals.isDigit(c)).isFalse();
  }
}
