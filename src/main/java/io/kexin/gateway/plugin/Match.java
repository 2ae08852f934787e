package io.kexin.gateway.plugin;

/**
 * Records one match: the span {@code [start, end)} in the scanned text, the entity type (null: the rule's), a score
 * in [0, 1] and an explanation that never contains the matched text (it may reach audit events and admin pages).
 */
public record Match(int start, int end, String entity, double score, String explanation) {
  public Match {
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("span: [" + start + ", " + end + ") (expected: 0 <= start <= end)");
    }
    if (!(score >= 0 && score <= 1)) {
      throw new IllegalArgumentException("score: " + score + " (expected: 0..1)");
    }
    explanation = explanation == null ? "" : explanation;
  }

  /** Returns a match of the rule's entity with score 1. */
  public static Match of(int start, int end, String explanation) {
    return new Match(start, end, null, 1.0, explanation);
  }
}
