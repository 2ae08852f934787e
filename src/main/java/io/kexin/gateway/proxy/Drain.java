package io.kexin.gateway.proxy;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** Tracks requests in flight and whether the gateway is draining for shutdown. Thread-safe. */
public final class Drain {
  private final AtomicInteger inflight = new AtomicInteger();
  private final AtomicBoolean draining = new AtomicBoolean();

  void begin() {
    inflight.incrementAndGet();
  }

  void end() {
    inflight.decrementAndGet();
  }

  /** Returns the number of requests in flight. */
  public int inflight() {
    return inflight.get();
  }

  /** Starts draining: readiness fails and connections close after their current response. */
  public void start() {
    draining.set(true);
  }

  /** Says whether the gateway is draining. */
  public boolean draining() {
    return draining.get();
  }
}
