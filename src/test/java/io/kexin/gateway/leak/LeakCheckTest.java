package io.kexin.gateway.leak;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Proves that a leaked buffer is caught: one is allocated, touched with a unique mark and dropped unreleased; the
 * check finds its report (and takes it away, so this class's own check after it stays green).
 */
class LeakCheckTest {

  @Test
  void theTestJvmRecordsLeaks() {
    // Netty built its detectors from the class named in the surefire configuration.
    ByteBufAllocator.DEFAULT.buffer(1).release();
    assertThat(RecordingLeakDetector.installed()).isTrue();
  }

  @Test
  void aBufferDroppedWithoutReleaseIsReportedWithItsRecords() throws Exception {
    String mark = "deliberate-leak-" + UUID.randomUUID();
    leak(mark);

    List<String> reports = List.of();
    for (int i = 0; i < 25 && reports.isEmpty(); i++) {
      reports = LeakCheck.collect(r -> r.contains(mark), 2);
    }

    assertThat(reports).hasSize(1);
    assertThat(reports.get(0)).contains("LEAK: ByteBuf.release() was not called").contains(mark)
        .contains("LeakCheckTest.leak");
  }

  /** Allocates a buffer, writes to it, marks it and drops it; kept out of line so nothing holds it afterwards. */
  private static void leak(String mark) {
    ByteBuf buf = ByteBufAllocator.DEFAULT.directBuffer(64);
    buf.writeBytes(new byte[] {1, 2, 3});
    buf.touch(mark);
  }
}
