package io.kexin.gateway.eval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Checks which runs the preview masks, and that a cut never shows part of a run. */
class MaskedPreviewTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      my phone is 13812345678            | my phone is 1*********8
      身份证号110101199001011237          | 身份证号1****************7
      电话：138-1234-5678                 | 电话：***-****-****
      SSN 460-89-9847, IP 106.31.73.20    | SSN ***-**-****, IP ***.**.**.**
      +86 138 1234 5678, pi 3.14          | +** *** **** ****, pi 3.14
      card 4111 1111 1111 1111           | card **** **** **** ****
      AKIAIOSFODNN7EXAMPLE               | A******************E
      ghp_abcdefghijklmnopqrstuvwxyz      | ghp_a************************z
      mail bob@example.com, room 12       | mail bob@example.com, room 12
      E12345678 和 AB123456               | E*******8 和 A******6
      """)
  void masksRunsWithADigitAndLongTokens(String text, String expected) {
    assertThat(MaskedPreview.of(text, 200)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      abc 110101199001011237 | 5 | abc …
      abc 110101199001011237 | 8 | abc 1**…
      """)
  void cutsAfterMasking(String text, int max, String expected) {
    assertThat(MaskedPreview.of(text, max)).isEqualTo(expected);
  }

  @Test
  void keepsOneLine() {
    assertThat(MaskedPreview.of("a\nb\r\nc\td", 10)).isEqualTo("a⏎b⏎⏎c d");
  }
}
