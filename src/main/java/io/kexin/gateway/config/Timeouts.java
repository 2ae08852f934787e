package io.kexin.gateway.config;

import java.time.Duration;

/** Bounds the waits on an upstream: TCP/TLS connect, first response byte, and silence within a response. */
public record Timeouts(Duration connect, Duration firstByte, Duration idle) {
  static final Timeouts DEFAULT = new Timeouts(null, null, null);

  public Timeouts {
    connect = positive("connect", connect, Duration.ofSeconds(5));
    firstByte = positive("firstByte", firstByte, Duration.ofSeconds(120));
    idle = positive("idle", idle, Duration.ofSeconds(120));
  }

  private static Duration positive(String name, Duration value, Duration fallback) {
    if (value == null) {
      return fallback;
    }
    if (value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
    }
    return value;
  }
}
