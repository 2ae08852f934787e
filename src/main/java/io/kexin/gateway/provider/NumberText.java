package io.kexin.gateway.provider;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/**
 * Reads a JSON number as the digits a model sees in it: a whole number written with a fraction or an exponent
 * ({@code 13812345678.0}, {@code 13812345678e0}, {@code 1.3812345678e10}) reads as its plain digits
 * ({@code 13812345678}), not as Java prints the double ({@code 1.3812345678E10}), which no rule would match; a number
 * whose plain form would run long (an exponent such as {@code e99999}) reads as the digits of its significand.
 * Stateless.
 */
final class NumberText {
  /** Bounds the plain form read: past it, only the significand's digits are. */
  static final int MAX_PLAIN = 64;

  private NumberText() {}

  /** Returns the text of the number {@code value} that rules read. */
  static String of(JsonNode value) {
    if (value.isIntegralNumber()) {
      return value.asText();
    }
    if (value.isDouble() || value.isFloat()) {
      double d = value.doubleValue();
      if (!Double.isFinite(d)) {
        // Out of the double's range: a reader without exact decimals lost the digits; what it printed is all there is.
        return value.asText();
      }
    }
    BigDecimal exact = value.decimalValue();
    BigDecimal stripped = exact.signum() == 0 ? BigDecimal.ZERO : exact.stripTrailingZeros();
    long integerDigits = (long) stripped.precision() - stripped.scale();
    if (stripped.scale() <= 0 ? integerDigits <= MAX_PLAIN : stripped.precision() + 2L <= MAX_PLAIN
        && integerDigits > -MAX_PLAIN) {
      return stripped.toPlainString();
    }
    return stripped.unscaledValue().toString();
  }
}
