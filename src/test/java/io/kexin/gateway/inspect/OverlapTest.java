package io.kexin.gateway.inspect;

import io.kexin.gateway.content.Action;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import static io.kexin.gateway.inspect.Findings.span;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OverlapTest {
  //                                    0123456789012345678
  private static final String TEXT = "abcdefghijklmnopqrs";

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("more severe action wins over the union", List.of(
            Treatment.mask(span(2, 10, "CARD", "r.card"), 2),
            Treatment.of(span(6, 12, "SECRET", "r.secret"), Action.REDACT)),
            "ab[REDACTED:SECRET]mnopqrs"),
        Arguments.of("same action: longer span wins", List.of(
            Treatment.of(span(2, 5, "SHORT", "r.a"), Action.REDACT),
            Treatment.of(span(3, 10, "LONG", "r.b"), Action.REDACT)),
            "ab[REDACTED:LONG]klmnopqrs"),
        Arguments.of("same action and length: earlier wins", List.of(
            Treatment.of(span(5, 9, "LATER", "r.a"), Action.REDACT),
            Treatment.of(span(3, 7, "EARLIER", "r.b"), Action.REDACT)),
            "abc[REDACTED:EARLIER]jklmnopqrs"),
        Arguments.of("mask winner keeps trailing characters of the union", List.of(
            Treatment.mask(span(0, 6, "CARD", "r.card"), 3),
            Treatment.of(span(4, 8, "EMAIL", "r.email"), Action.PSEUDONYMIZE)),
            "*****fghijklmnopqrs"),
        Arguments.of("adjacent spans do not merge", List.of(
            Treatment.of(span(0, 3, "A", "r.a"), Action.REDACT),
            Treatment.mask(span(3, 6, "B", "r.b"), 0)),
            "[REDACTED:A]***ghijklmnopqrs"),
        Arguments.of("flag and allow change nothing and win nothing", List.of(
            Treatment.of(span(0, 19, "TOPIC", "r.topic"), Action.FLAG),
            Treatment.of(span(0, 19, "OK", "r.ok"), Action.ALLOW),
            Treatment.mask(span(15, 19, "TAIL", "r.tail"), 1)),
            "abcdefghijklmno***s"),
        Arguments.of("only flags", List.of(Treatment.of(span(1, 4, "X", "r.x"), Action.FLAG)), TEXT),
        Arguments.of("chains merge transitively", List.of(
            Treatment.mask(span(0, 4, "A", "r.a"), 0),
            Treatment.mask(span(3, 8, "B", "r.b"), 0),
            Treatment.of(span(7, 10, "C", "r.c"), Action.REDACT)),
            "[REDACTED:C]klmnopqrs"),
        Arguments.of("empty spans are ignored", List.of(Treatment.of(span(4, 4, "X", "r.x"), Action.REDACT)), TEXT));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void resolvesOverlapsDeterministically(String name, List<Treatment> treatments, String expected) {
    assertThat(new SegmentRewriter(new PseudonymVault()).rewrite(TEXT, treatments)).isEqualTo(expected);
    List<Treatment> reversed = new java.util.ArrayList<>(treatments);
    java.util.Collections.reverse(reversed);
    assertThat(new SegmentRewriter(new PseudonymVault()).rewrite(TEXT, reversed)).isEqualTo(expected);
  }

  @Test
  void plansSortedNonOverlappingEdits() {
    List<Edit> edits = new SegmentRewriter(new PseudonymVault()).plan(TEXT, List.of(
        Treatment.of(span(10, 12, "B", "r.b"), Action.REDACT),
        Treatment.of(span(1, 3, "A", "r.a"), Action.PSEUDONYMIZE)));

    assertThat(edits).containsExactly(new Edit(1, 3, "<A_1>"), new Edit(10, 12, "[REDACTED:B]"));
  }

  @Test
  void refusesFindingsOutsideTheText() {
    assertThatThrownBy(() -> new SegmentRewriter(new PseudonymVault())
        .plan("short", List.of(Treatment.of(span(2, 9, "X", "r.x"), Action.REDACT))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesOverlappingEdits() {
    assertThatThrownBy(() -> SegmentRewriter.apply(TEXT, List.of(new Edit(0, 5, "x"), new Edit(4, 6, "y"))))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
