package io.kexin.gateway.leak;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class whose code leaked a Netty buffer. Registered for every test class (JUnit's extension
 * auto-detection, see {@code junit-platform.properties}); after a class that allocated buffers ran it collects
 * garbage, then allocates and releases a few buffers with each allocator (Netty looks for collected, unreleased
 * buffers when it tracks a new one), and throws with the leak records when any were reported. A leak whose buffer the
 * collector queues only later fails the next class that allocates. Does nothing when the JVM does not record leaks.
 */
public final class LeakCheck implements AfterAllCallback {
  /** The tracking count at the end of the last check. */
  private final AtomicLong checkedUpTo = new AtomicLong(-1);

  @Override
  public void afterAll(ExtensionContext context) throws InterruptedException {
    if (!RecordingLeakDetector.installed()) {
      return;
    }
    if (RecordingLeakDetector.tracked() == checkedUpTo.get()) {
      // No buffer was allocated since the last check (most classes test pure Java): nothing can have leaked.
      return;
    }
    List<String> leaks = collect(r -> true, 1);
    checkedUpTo.set(RecordingLeakDetector.tracked());
    if (!leaks.isEmpty()) {
      throw new AssertionError(leaks.size() + " Netty buffer leak(s) reported while " + context.getDisplayName()
          + " ran:\n" + String.join("\n\n", leaks));
    }
  }

  /**
   * Makes Netty report the leaks of buffers that are garbage by now and returns (and forgets) those {@code matching}
   * accepts; runs up to {@code rounds} rounds of collection, stopping early once one matched.
   */
  static List<String> collect(Predicate<String> matching, int rounds) throws InterruptedException {
    List<String> found = List.of();
    for (int round = 0; round < rounds && found.isEmpty(); round++) {
      System.gc();
      // The collector queues dead references on its own thread; give it a moment before polling them.
      Thread.sleep(20);
      for (ByteBufAllocator alloc : new ByteBufAllocator[] {
          ByteBufAllocator.DEFAULT, PooledByteBufAllocator.DEFAULT, UnpooledByteBufAllocator.DEFAULT}) {
        for (int i = 0; i < 4; i++) {
          ByteBuf probe = alloc.buffer(8);
          probe.release();
        }
      }
      found = RecordingLeakDetector.take(matching);
    }
    return found;
  }
}
