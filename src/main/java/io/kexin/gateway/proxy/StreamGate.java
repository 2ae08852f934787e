package io.kexin.gateway.proxy;

import java.util.concurrent.atomic.AtomicInteger;

/** Bounds the number of streamed responses served at once. Thread-safe. */
final class StreamGate {
  private final int limit;
  private final AtomicInteger open = new AtomicInteger();

  StreamGate(int limit) {
    this.limit = limit;
  }

  /** Takes a slot for one stream; returns false when all are taken. */
  boolean tryAcquire() {
    while (true) {
      int n = open.get();
      if (n >= limit) {
        return false;
      }
      if (open.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  /** Gives a slot back. */
  void release() {
    open.decrementAndGet();
  }

  /** Returns the limit. */
  int limit() {
    return limit;
  }
}
