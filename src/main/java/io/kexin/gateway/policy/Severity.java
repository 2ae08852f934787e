package io.kexin.gateway.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Locale;

/** Grades how serious a rule's finding is; recorded with every decision. */
public enum Severity {
  LOW,
  MEDIUM,
  HIGH,
  CRITICAL;

  /** Returns the severity named in a policy file. */
  @JsonCreator
  public static Severity parse(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "low" -> LOW;
      case "medium" -> MEDIUM;
      case "high" -> HIGH;
      case "critical" -> CRITICAL;
      default -> throw new IllegalArgumentException("severity: " + name + " (expected: low, medium, high, critical)");
    };
  }
}
