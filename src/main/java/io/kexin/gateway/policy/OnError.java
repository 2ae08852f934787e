package io.kexin.gateway.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Locale;

/** Says which way a policy fails when a detector throws: refuse the exchange, or let it pass (recorded). */
public enum OnError {
  BLOCK,
  ALLOW;

  /** Returns the failure direction named in a policy file. */
  @JsonCreator
  public static OnError parse(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "block" -> BLOCK;
      case "allow" -> ALLOW;
      default -> throw new IllegalArgumentException("onError: " + name + " (expected: block, allow)");
    };
  }
}
