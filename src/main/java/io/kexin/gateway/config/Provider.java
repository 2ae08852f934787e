package io.kexin.gateway.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Names the API schema an upstream speaks. */
public enum Provider {
  OPENAI,
  ANTHROPIC;

  /** Returns the provider named in the config. */
  @JsonCreator
  public static Provider parse(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "openai" -> OPENAI;
      case "anthropic" -> ANTHROPIC;
      default -> throw new IllegalArgumentException("provider: " + name + " (expected: openai, anthropic)");
    };
  }

  /** Returns the name used in the config. */
  @JsonValue
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
