package io.kexin.gateway.detect;

import static java.util.Objects.requireNonNull;

/**
 * Records one match of a detector: the rule that found it, the entity type, the span in the original text
 * (UTF-16 code units, end exclusive), a score in [0, 1], a human-readable explanation that never
 * contains the matched text itself, and the content-safety {@link RiskCategory} it falls in (null when none does:
 * personal data, credentials, keywords without a category).
 */
public record Finding(String ruleId, String entity, int start, int end, double score, String explanation,
    RiskCategory category) {
  /** Creates a finding without a risk category. */
  public Finding(String ruleId, String entity, int start, int end, double score, String explanation) {
    this(ruleId, entity, start, end, score, explanation, null);
  }

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

  /** Returns this finding moved to {@code [start, end)}, everything else kept. */
  public Finding withSpan(int start, int end) {
    return new Finding(ruleId, entity, start, end, score, explanation, category);
  }

  /** Returns this finding in {@code category}, everything else kept. */
  public Finding withCategory(RiskCategory category) {
    return new Finding(ruleId, entity, start, end, score, explanation, category);
  }
}
