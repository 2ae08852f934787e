package io.kexin.gateway.detect.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CnHkMacauPermitRecognizerTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("通行证C12345678", List.of("C12345678")),
        Arguments.of("回鄉證 H31842076，請於出境時出示", List.of("H31842076")),
        Arguments.of("往來港澳通行證 C31842076", List.of("C31842076")),
        Arguments.of("港澳通行证号码 CA1234567", List.of("CA1234567")),
        Arguments.of("往来港澳通行证 W12345678", List.of("W12345678")),
        Arguments.of("回乡证 H1234567801", List.of("H1234567801")),
        Arguments.of("Home Return Permit M12345678", List.of("M12345678")),
        // negatives
        Arguments.of("no context C12345678", List.of()),
        Arguments.of("护照 C12345678", List.of()),
        Arguments.of("回乡证 H123456789", List.of()),
        Arguments.of("通行证 X12345678", List.of())
    );
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void findsExactlyTheExpectedSpans(String text, List<String> expected) {
    assertThat(Pii.found("CN_HK_MACAU_PERMIT", text)).containsExactlyElementsOf(expected);
  }

  @Test
  void scoresWithAndWithoutContext() {
    assertThat(Pii.score("CN_HK_MACAU_PERMIT", "回乡证 H12345678")).isEqualTo(0.9);
  }
}
