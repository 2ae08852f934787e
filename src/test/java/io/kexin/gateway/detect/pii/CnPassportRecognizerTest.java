package io.kexin.gateway.detect.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CnPassportRecognizerTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("护照号E12345678", List.of("E12345678")),
        Arguments.of("护照G12345678", List.of("G12345678")),
        Arguments.of("passport no. EA1234567", List.of("EA1234567")),
        Arguments.of("Passport: e12345678", List.of("e12345678")),
        Arguments.of("外交护照 DE1234567", List.of("DE1234567")),
        Arguments.of("护照号码：Ｅ１２３４５６７８", List.of("Ｅ１２３４５６７８")),
        // negatives
        Arguments.of("no context E12345678", List.of()),
        Arguments.of("护照 12345678", List.of()),
        Arguments.of("护照 EI1234567", List.of()),
        Arguments.of("护照 E1234567890", List.of()),
        Arguments.of("护照 XE12345678", List.of()),
        Arguments.of("这是普通文本没有护照号", List.of())
    );
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void findsExactlyTheExpectedSpans(String text, List<String> expected) {
    assertThat(Pii.found("CN_PASSPORT", text)).containsExactlyElementsOf(expected);
  }

  @Test
  void scoresWithAndWithoutContext() {
    assertThat(Pii.score("CN_PASSPORT", "护照 E12345678")).isEqualTo(0.9);
  }
}
