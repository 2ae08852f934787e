package io.kexin.gateway.detect.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PhoneRecognizerTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("London office +44 20 7946 0958", List.of("+44 20 7946 0958")),
        Arguments.of("Call me at (555) 234-5678.", List.of("(555) 234-5678")),
        Arguments.of("US: 415-555-2671 or 415.555.2671", List.of("415-555-2671", "415.555.2671")),
        Arguments.of("E.164 +14155552671", List.of("+14155552671")),
        Arguments.of("日本の番号 +81 3-1234-5678", List.of("+81 3-1234-5678")),
        Arguments.of("香港电话 +852 2123 4567", List.of("+852 2123 4567")),
        Arguments.of("phone 4155552671", List.of("4155552671")),
        // negatives
        Arguments.of("ten bare digits 4155552671", List.of()),
        Arguments.of("+44 12 too short", List.of()),
        Arguments.of("too long +442079460958123", List.of()),
        Arguments.of("exchange 1: (555) 123-4567", List.of()),
        Arguments.of("mainland numbers are PHONE_CN +86 13812345678", List.of()),
        Arguments.of("version 1.2.3", List.of()),
        Arguments.of("date 2024-01-15", List.of())
    );
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void findsExactlyTheExpectedSpans(String text, List<String> expected) {
    assertThat(Pii.found("PHONE", text)).containsExactlyElementsOf(expected);
  }

  @Test
  void scoresWithAndWithoutContext() {
    assertThat(Pii.score("PHONE", "+44 20 7946 0958")).isEqualTo(0.7);
    assertThat(Pii.score("PHONE", "tel +44 20 7946 0958")).isEqualTo(0.95);
    assertThat(Pii.score("PHONE", "at 415-555-2671")).isEqualTo(0.6);
    assertThat(Pii.score("PHONE", "电话 415-555-2671")).isEqualTo(0.9);
  }
}
