package io.kexin.gateway.config;

import java.time.Duration;

/** Bounds the waits on an upstream: TCP/TLS connect, first response byte, and silence within a response. */
public record Timeouts(Duration connect, Duration firstByte, Duration idle) {
  static final Timeouts DEFAULT = new Timeouts(null, null, null);

  public Timeouts {
    connect = PositiveSetting.orDefault("connect", connect, Duration.ofSeconds(5));
    firstByte = PositiveSetting.orDefault("firstByte", firstByte, Duration.ofSeconds(120));
    idle = PositiveSetting.orDefault("idle", idle, Duration.ofSeconds(120));
  }
}
