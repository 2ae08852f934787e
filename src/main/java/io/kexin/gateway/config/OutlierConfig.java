package io.kexin.gateway.config;

import static java.util.Objects.requireNonNullElse;

import java.time.Duration;

/**
 * Declares when a target of an upstream is ejected, as Envoy's outlier detection does: after
 * {@code consecutiveFailures} failures in a row (connect failures, resets, 5xx answers, timeouts; default 5, 0 turns
 * ejection off) the target gets no traffic for {@code baseEjectionTime} (30 s) times the number of times it has been
 * ejected, at most {@code maxEjectionTime} (300 s).
 */
public record OutlierConfig(Integer consecutiveFailures, Duration baseEjectionTime, Duration maxEjectionTime) {
  public static final OutlierConfig DEFAULT = new OutlierConfig(null, null, null);

  public OutlierConfig {
    consecutiveFailures = requireNonNullElse(consecutiveFailures, 5);
    if (consecutiveFailures < 0) {
      throw new IllegalArgumentException("consecutiveFailures: " + consecutiveFailures + " (expected: >= 0, 0 never"
          + " ejects)");
    }
    baseEjectionTime = requireNonNullElse(baseEjectionTime, Duration.ofSeconds(30));
    maxEjectionTime = requireNonNullElse(maxEjectionTime, Duration.ofSeconds(300));
    if (baseEjectionTime.isZero() || baseEjectionTime.isNegative()) {
      throw new IllegalArgumentException("baseEjectionTime: " + baseEjectionTime + " (expected: > 0)");
    }
    if (maxEjectionTime.compareTo(baseEjectionTime) < 0) {
      throw new IllegalArgumentException("maxEjectionTime: " + maxEjectionTime.toMillis() + "ms (expected: >="
          + " baseEjectionTime, " + baseEjectionTime.toMillis() + "ms)");
    }
  }
}
