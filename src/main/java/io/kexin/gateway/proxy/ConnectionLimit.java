package io.kexin.gateway.proxy;

import io.netty.channel.Channel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps the client connections open at once: one over the cap is closed as soon as it is accepted, and counted, so
 * that a flood of idle sockets cannot take the file descriptors and memory that served clients need. Thread-safe.
 */
final class ConnectionLimit {
  private final int max;
  private final AtomicInteger open = new AtomicInteger();

  ConnectionLimit(int max) {
    if (max <= 0) {
      throw new IllegalArgumentException("max: " + max + " (expected: > 0)");
    }
    this.max = max;
  }

  /** Admits {@code channel} and counts it until it closes; returns false, counting nothing, when at the cap. */
  boolean admit(Channel channel) {
    if (open.incrementAndGet() > max) {
      open.decrementAndGet();
      return false;
    }
    channel.closeFuture().addListener(f -> open.decrementAndGet());
    return true;
  }

  /** Returns how many client connections are open. */
  int open() {
    return open.get();
  }
}
