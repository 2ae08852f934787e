package io.kexin.gateway.proxy;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the bytes all connections together hold in buffered bodies (requests being read or waiting for their turn,
 * whole responses waiting for their inspection), so a crowd of large or stalled bodies gets 503 before direct memory
 * runs out instead of TCP resets after. Thread-safe and lock-free.
 */
final class BufferBudget {
  private final long limit;
  private static final Logger LOG = System.getLogger("kexin.gateway");
  private static final long WARN_EVERY_NANOS = 10_000_000_000L;

  private final AtomicLong used = new AtomicLong();
  private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

  BufferBudget(long limit) {
    if (limit <= 0) {
      throw new IllegalArgumentException("limit: " + limit + " (expected: > 0)");
    }
    this.limit = limit;
  }

  /** Takes {@code bytes} from the budget; returns false, taking nothing, when that would pass the limit. */
  boolean reserve(long bytes) {
    long now;
    do {
      now = used.get();
      if (now + bytes > limit) {
        return false;
      }
    } while (!used.compareAndSet(now, now + bytes));
    return true;
  }

  /** Gives back {@code bytes} taken earlier. */
  void release(long bytes) {
    used.addAndGet(-bytes);
  }

  /** Logs that an allocation failed, at most once every ten seconds (the metric counts every one). */
  void warnOutOfMemory(Throwable cause) {
    long now = System.nanoTime();
    long last = lastWarning.get();
    if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
      LOG.log(Level.WARNING, "out of memory serving a connection, which was closed: " + cause.getClass().getSimpleName()
          + " (buffered bodies hold " + used.get() + " of " + limit + " bytes; lower limits.maxBufferedBytes or"
          + " give the JVM more memory)");
    }
  }

  /** Returns the bytes currently taken. */
  long used() {
    return used.get();
  }

  /** Returns the limit in bytes. */
  long limit() {
    return limit;
  }
}
