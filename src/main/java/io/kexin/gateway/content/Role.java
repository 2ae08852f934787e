package io.kexin.gateway.content;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Locale;

/** Names who wrote a piece of text in an exchange. */
public enum Role {
  SYSTEM,
  USER,
  ASSISTANT,
  TOOL;

  /** Returns the role named in a policy or an API body, case-insensitively. */
  @JsonCreator
  public static Role parse(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "system", "developer" -> SYSTEM;
      case "user" -> USER;
      case "assistant", "model" -> ASSISTANT;
      case "tool", "function" -> TOOL;
      default -> throw new IllegalArgumentException("role: " + name + " (expected: system, user, assistant, tool)");
    };
  }
}
