package io.kexin.gateway.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Names the API schema an upstream speaks. */
public enum Provider {
  OPENAI,
  ANTHROPIC;

  /** Returns the provider named in the config. */
  @JsonCreator
  public static Provider parse(String name) {
    return EnumNames.parse(Provider.class, "provider", name);
  }

  /** Returns the name used in the config. */
  @JsonValue
  public String configName() {
    return EnumNames.of(this);
  }
}
