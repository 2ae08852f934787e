package io.kexin.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Checks on the embedded event loop's clock that a deadline runs exactly when due, however often it moved. */
class DeadlineTest {
  private final EmbeddedChannel channel = new EmbeddedChannel();
  private final AtomicInteger runs = new AtomicInteger();

  DeadlineTest() {
    channel.freezeTime();
  }

  @AfterEach
  void close() {
    channel.finishAndReleaseAll();
  }

  private void advance(long millis) {
    channel.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
  }

  private Deadline deadline(long stepMillis) {
    return new Deadline(channel.eventLoop(), runs::incrementAndGet, TimeUnit.MILLISECONDS.toNanos(stepMillis));
  }

  @Test
  void runsOnceWhenDueAndNotBefore() {
    Deadline d = deadline(10_000);
    d.arm(TimeUnit.MILLISECONDS.toNanos(100));

    advance(99);
    assertThat(runs).hasValue(0);
    advance(1);
    assertThat(runs).hasValue(1);
    assertThat(d.armed()).isFalse();
    advance(1_000);
    assertThat(runs).hasValue(1);
  }

  @Test
  void aDeadlineMovedLaterRunsAtItsNewTimeOnly() {
    Deadline d = deadline(10_000);
    for (int i = 0; i < 50; i++) {
      d.arm(TimeUnit.MILLISECONDS.toNanos(100));
      advance(60);
    }
    assertThat(runs).hasValue(0);

    advance(39);
    assertThat(runs).hasValue(0);
    advance(1);
    assertThat(runs).hasValue(1);
  }

  @Test
  void aDisarmedDeadlineNeverRuns() {
    Deadline d = deadline(10_000);
    d.arm(TimeUnit.MILLISECONDS.toNanos(100));
    d.disarm();

    advance(500);

    assertThat(runs).hasValue(0);
    d.arm(TimeUnit.MILLISECONDS.toNanos(100));
    advance(100);
    assertThat(runs).hasValue(1);
  }

  @Test
  void anEarlierDeadlineAfterALaterOneIsMet() {
    // A long idle deadline, then a shorter request deadline: the task never sits beyond the step.
    Deadline d = deadline(300);
    d.arm(TimeUnit.MILLISECONDS.toNanos(600));
    advance(100);
    d.arm(TimeUnit.MILLISECONDS.toNanos(300));

    advance(299);
    assertThat(runs).hasValue(0);
    advance(1);
    assertThat(runs).hasValue(1);
  }

  @Test
  void anEarlierDeadlineThanTheTaskReplacesTheTask() {
    Deadline d = deadline(10_000);
    d.arm(TimeUnit.MILLISECONDS.toNanos(5_000));
    d.arm(TimeUnit.MILLISECONDS.toNanos(100));

    advance(100);

    assertThat(runs).hasValue(1);
  }

  @Test
  void aClosedDeadlineLeavesNoTask() {
    Deadline d = deadline(10_000);
    d.arm(TimeUnit.MILLISECONDS.toNanos(100));
    d.close();

    advance(1_000);

    assertThat(runs).hasValue(0);
  }
}
