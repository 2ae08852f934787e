package io.kexin.gateway.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Locale;

/** Says whether a policy or rule acts on traffic ({@code enforce}), only records ({@code monitor}), or is off. */
public enum Mode {
  ENFORCE,
  MONITOR,
  OFF;

  /** Returns the mode named in a policy file. */
  @JsonCreator
  public static Mode parse(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "enforce" -> ENFORCE;
      case "monitor" -> MONITOR;
      case "off" -> OFF;
      default -> throw new IllegalArgumentException("mode: " + name + " (expected: enforce, monitor, off)");
    };
  }

  /** Returns the stricter-to-apply combination: off wins, then monitor, then enforce. */
  Mode and(Mode other) {
    return compareTo(other) >= 0 ? this : other;
  }

  /** Returns the name used in policy files and metrics. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
