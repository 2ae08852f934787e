package io.kexin.gateway.detect.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CnUsccRecognizerTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("统一社会信用代码91310000552936878J", List.of("91310000552936878J")),
        Arguments.of("company 91110000600037341L registered", List.of("91110000600037341L")),
        Arguments.of("grouped 91 110000 600037341L", List.of("91 110000 600037341L")),
        Arguments.of("lower case 91110000600037341l", List.of("91110000600037341l")),
        Arguments.of("信用代码 123456789012345678", List.of("123456789012345678")),
        // negatives
        Arguments.of("check character wrong 91110000600037341N", List.of()),
        Arguments.of("letters I O Z S V are not in the alphabet 9111000060003IOZSV", List.of()),
        Arguments.of("authority A with wrong check A1110000600037341L", List.of()),
        Arguments.of("digits only without context 123456789012345678", List.of()),
        Arguments.of("订单号 110105194912310021", List.of()),
        Arguments.of("an ID card is not a USCC 11010519491231002X", List.of())
    );
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void findsExactlyTheExpectedSpans(String text, List<String> expected) {
    assertThat(Pii.found("CN_USCC", text)).containsExactlyElementsOf(expected);
  }

  @Test
  void scoresWithAndWithoutContext() {
    assertThat(Pii.score("CN_USCC", "编号 91110000600037341L")).isEqualTo(0.9);
    assertThat(Pii.score("CN_USCC", "统一社会信用代码 91110000600037341L")).isEqualTo(1.0);
    assertThat(Pii.score("CN_USCC", "税号 123456789012345678")).isEqualTo(0.9);
  }
}
