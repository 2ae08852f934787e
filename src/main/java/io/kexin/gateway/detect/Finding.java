package io.kexin.gateway.detect;

import static java.util.Objects.requireNonNull;

/**
 * Records one match of a detector: the rule that found it, the entity type, the span in the original text
 * (UTF-16 code units, end exclusive), a score in [0, 1] and a human-readable explanation that never
 * contains the matched text itself.
 */
public record Finding(String ruleId, String entity, int start, int end, double score, String explanation) {
  public Finding {
    requireNonNull(ruleId, "ruleId");
    requireNonNull(entity, "entity");
    requireNonNull(explanation, "explanation");
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("span: [" + start + ", " + end + ") (expected: 0 <= start <= end)");
    }
  }

  /** Returns the length of the span. */
  public int length() {
    return end - start;
  }
}
