package io.kexin.gateway.detect.pii;

import static java.util.Objects.requireNonNull;

/**
 * Holds what a recognizer concluded about one candidate: the pattern that matched, the validator's result and
 * what it checked, the score without and with a context word, and whether a context word is required.
 * Never holds the candidate's value.
 */
record Match(String pattern, Validation validation, String check, double base, double withContext,
    boolean needsContext) {
  Match {
    requireNonNull(pattern, "pattern");
    requireNonNull(validation, "validation");
    requireNonNull(check, "check");
    if (!(base >= 0 && base <= withContext && withContext <= 1)) {
      throw new IllegalArgumentException("scores: " + base + ", " + withContext
          + " (expected: 0 <= base <= withContext <= 1)");
    }
  }

  /** Returns a match that is reported on its own at {@code base} and at {@code withContext} after a context word. */
  static Match valid(String pattern, String check, double base, double withContext) {
    return new Match(pattern, Validation.VALID, check, base, withContext, false);
  }

  /** Returns a match that is reported only after a context word, at {@code withContext}. */
  static Match needsContext(String pattern, Validation validation, String check, double base, double withContext) {
    return new Match(pattern, validation, check, base, withContext, true);
  }

  /** Returns a match the validator rejected; it is never reported and leaves the span to other recognizers. */
  static Match invalid(String pattern, String check) {
    return new Match(pattern, Validation.INVALID, check, 0, 0, false);
  }
}
