package io.kexin.gateway.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Locale;

/** Says which way text travels: from the client to the model, or back. */
public enum Direction {
  REQUEST,
  RESPONSE;

  /** Returns the direction named in a policy file. */
  @JsonCreator
  public static Direction parse(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "request" -> REQUEST;
      case "response" -> RESPONSE;
      default -> throw new IllegalArgumentException("direction: " + name + " (expected: request, response)");
    };
  }

  /** Returns the name used in policy files and metrics. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
