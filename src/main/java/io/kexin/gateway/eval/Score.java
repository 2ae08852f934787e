package io.kexin.gateway.eval;

import static java.util.Objects.requireNonNull;

/**
 * Counts one label's text-level results: true positives, false positives, false negatives. Precision, recall and
 * F1 are {@code NaN} when undefined (nothing predicted, nothing expected, neither).
 */
public record Score(String label, int tp, int fp, int fn) {
  public Score {
    requireNonNull(label, "label");
    if (tp < 0 || fp < 0 || fn < 0) {
      throw new IllegalArgumentException("counts: " + tp + "/" + fp + "/" + fn + " (expected: >= 0)");
    }
  }

  /** Returns the number of texts that should get this label. */
  public int support() {
    return tp + fn;
  }

  /** Returns TP / (TP + FP), or NaN when the label was never predicted. */
  public double precision() {
    return tp + fp == 0 ? Double.NaN : (double) tp / (tp + fp);
  }

  /** Returns TP / (TP + FN), or NaN when no text should get the label. */
  public double recall() {
    return tp + fn == 0 ? Double.NaN : (double) tp / (tp + fn);
  }

  /** Returns 2TP / (2TP + FP + FN), or NaN when all three counts are zero. */
  public double f1() {
    return tp + fp + fn == 0 ? Double.NaN : 2.0 * tp / (2.0 * tp + fp + fn);
  }

  /** Returns the sum of this score and {@code other} under {@code label} (micro-averaging). */
  Score plus(Score other, String label) {
    return new Score(label, tp + other.tp, fp + other.fp, fn + other.fn);
  }
}
