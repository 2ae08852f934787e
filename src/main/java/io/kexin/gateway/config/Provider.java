package io.kexin.gateway.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Names the API an upstream speaks. Azure OpenAI speaks the OpenAI schema, with its own credential header
 * ({@code api-key}) and deployment paths.
 */
public enum Provider {
  OPENAI,
  ANTHROPIC,
  AZURE_OPENAI;

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

  /** Returns the API schema of request and response bodies: Azure OpenAI's is OpenAI's. */
  public Provider schema() {
    return this == AZURE_OPENAI ? OPENAI : this;
  }
}
