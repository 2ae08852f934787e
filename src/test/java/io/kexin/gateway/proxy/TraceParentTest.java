package io.kexin.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Checks the traceparent the gateway sends upstream: a continued trace keeps its id and flags, a new one is valid. */
class TraceParentTest {
  private static final String CLIENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00";

  @Test
  void continuesAValidTraceWithASpanOfItsOwn() {
    Set<String> spans = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      String next = TraceParent.next(CLIENT);
      assertThat(TraceParent.valid(next)).as(next).isTrue();
      assertThat(next).startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-").endsWith("-00");
      assertThat(next.substring(36, 52)).isNotEqualTo("00f067aa0ba902b7");
      spans.add(next.substring(36, 52));
    }
    assertThat(spans).hasSizeGreaterThan(190);
  }

  @Test
  void startsANewSampledTraceForAMissingOrInvalidHeader() {
    Set<String> traces = new HashSet<>();
    for (String incoming : new String[] {null, "", "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0",
        // trace ids whose digits spell a Chinese mobile number or a card: not kept, not sent on, not audited
        "00-4bf92f3513812345678a3ce929d0e0e4-00f067aa0ba902b7-01",
        "00-4bf92f354539148803436467ce929d0e-00f067aa0ba902b7-01"}) {
      for (int i = 0; i < 50; i++) {
        String next = TraceParent.next(incoming);
        assertThat(TraceParent.valid(next)).as(next).isTrue();
        assertThat(next).startsWith("00-").endsWith("-01").doesNotContain("4bf92f35");
        traces.add(next.substring(3, 35));
      }
    }
    assertThat(traces).hasSizeGreaterThan(390);
  }
}
