package io.kexin.gateway.config;

/** Prices one model's tokens, in US dollars per million input and per million output tokens. */
public record Price(Double input, Double output) {
  public Price {
    input = nonNegative("input", input);
    output = nonNegative("output", output);
  }

  private static double nonNegative(String name, Double value) {
    if (value == null) {
      throw new IllegalArgumentException(name + ": missing (expected: US dollars per million tokens, >= 0)");
    }
    if (!(value >= 0) || value.isInfinite()) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: US dollars per million tokens, >= 0)");
    }
    return value;
  }
}
