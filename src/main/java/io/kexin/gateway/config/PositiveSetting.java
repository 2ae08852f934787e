package io.kexin.gateway.config;

import java.time.Duration;

/** Reads a setting that must be greater than zero, or its default when the file leaves it out. */
final class PositiveSetting {
  private PositiveSetting() {}

  /** Returns {@code value}, or {@code fallback} when it is absent; refuses zero and negative values by name. */
  static int orDefault(String name, Integer value, int fallback) {
    if (value == null) {
      return fallback;
    }
    if (value <= 0) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
    }
    return value;
  }

  /** Returns {@code value}, or {@code fallback} when it is absent; refuses zero and negative values by name. */
  static long orDefault(String name, Long value, long fallback) {
    if (value == null) {
      return fallback;
    }
    if (value <= 0) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
    }
    return value;
  }

  /** Returns {@code value}, or {@code fallback} when it is absent; refuses zero and negative durations by name. */
  static Duration orDefault(String name, Duration value, Duration fallback) {
    if (value == null) {
      return fallback;
    }
    if (value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
    }
    return value;
  }
}
