package io.kexin.gateway.config;

import static java.util.Objects.requireNonNullElse;

import java.time.Duration;

/**
 * Declares the Redis that holds shared limits: its URL ({@code redis://[:password@]host:port[/db]}, or
 * {@code rediss://} for TLS; write a password as {@code ${ENV}}), the longest wait for one answer before a limit
 * fails in its declared direction, the prefix of every key, and how long a concurrency slot of a pod that vanished
 * stays taken.
 */
public record RedisConfig(String url, Duration timeout, String prefix, Duration leaseTime) {
  public RedisConfig {
    if (url == null || !(url.startsWith("redis://") || url.startsWith("rediss://"))) {
      throw new IllegalArgumentException("url: " + (url == null ? "missing" : "not a Redis URL")
          + " (expected: redis://host:port or rediss://host:port)");
    }
    timeout = requireNonNullElse(timeout, Duration.ofMillis(50));
    if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofSeconds(10)) > 0) {
      throw new IllegalArgumentException("timeout: " + timeout + " (expected: > 0 and <= 10s)");
    }
    prefix = requireNonNullElse(prefix, "kexin:limit:");
    leaseTime = requireNonNullElse(leaseTime, Duration.ofMinutes(10));
    if (leaseTime.toSeconds() < 1) {
      throw new IllegalArgumentException("leaseTime: " + leaseTime + " (expected: >= 1s)");
    }
  }

  @Override
  public String toString() {
    // The URL may carry a password.
    return "RedisConfig[timeout=" + timeout + ", prefix=" + prefix + ", leaseTime=" + leaseTime + "]";
  }
}
