package io.kexin.gateway.detect.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class UsSsnRecognizerTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("SSN: 536-22-1234", List.of("536-22-1234")),
        Arguments.of("her number 536-22-1234 is on file", List.of("536-22-1234")),
        Arguments.of("social security number 536221234", List.of("536221234")),
        Arguments.of("My social is 536221234, can you check my refund?", List.of("536221234")),
        Arguments.of("SSN 536 22 1234", List.of("536 22 1234")),
        // negatives
        Arguments.of("nine bare digits 536221234", List.of()),
        Arguments.of("spaced without context 536 22 1234", List.of("536 22 1234")),
        Arguments.of("dotted 536.22.1234", List.of("536.22.1234")),
        Arguments.of("SSN area 000-12-3456", List.of()),
        Arguments.of("SSN area 666-12-3456", List.of()),
        Arguments.of("SSN area 900-12-3456", List.of()),
        Arguments.of("SSN group 536-00-1234", List.of()),
        Arguments.of("SSN serial 536-22-0000", List.of()),
        Arguments.of("SSN same digits 555-55-5555", List.of()),
        Arguments.of("SSN sample 123-45-6789", List.of()),
        Arguments.of("SSN sample 078-05-1120", List.of()),
        Arguments.of("glued 536-22-1234-5", List.of())
    );
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void findsExactlyTheExpectedSpans(String text, List<String> expected) {
    assertThat(Pii.found("US_SSN", text)).containsExactlyElementsOf(expected);
  }

  @Test
  void scoresWithAndWithoutContext() {
    assertThat(Pii.score("US_SSN", "id 536-22-1234")).isEqualTo(0.6);
    assertThat(Pii.score("US_SSN", "ssn 536-22-1234")).isEqualTo(0.9);
  }
}
