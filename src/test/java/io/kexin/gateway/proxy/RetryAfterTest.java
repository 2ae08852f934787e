package io.kexin.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Date;
import org.junit.jupiter.api.Test;

/** Reads Retry-After as seconds or an HTTP date, and retry-after-ms, ignoring what cannot be read. */
class RetryAfterTest {
  private static final long NOW = 1_700_000_000_000L;

  private static long read(String name, String value) {
    HttpHeaders h = new DefaultHttpHeaders();
    if (name != null) {
      h.set(name, value);
    }
    return RetryAfter.nanos(h, NOW);
  }

  @Test
  void readsSecondsDatesAndMilliseconds() {
    assertThat(read("retry-after", "1")).isEqualTo(1_000_000_000L);
    assertThat(read("retry-after", "30")).isEqualTo(30_000_000_000L);
    assertThat(read("retry-after", DateFormatter.format(new Date(NOW + 5_000)))).isEqualTo(5_000_000_000L);
    assertThat(read("retry-after", DateFormatter.format(new Date(NOW - 5_000)))).isZero();
    assertThat(read("retry-after-ms", "250")).isEqualTo(250_000_000L);
  }

  @Test
  void anAbsentOrUnreadableValueAsksForNoWait() {
    assertThat(read(null, null)).isEqualTo(-1);
    assertThat(read("retry-after", "soon")).isEqualTo(-1);
    assertThat(read("retry-after", "-5")).isEqualTo(-1);
    assertThat(read("retry-after", "1.5")).isEqualTo(-1);
  }

  @Test
  void aHugeValueIsBoundedNotOverflowed() {
    assertThat(read("retry-after", "999999999999")).isPositive();
  }
}
