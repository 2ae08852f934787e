package io.kexin.gateway.detect.classifier;

import static java.util.Objects.requireNonNull;

import io.kexin.gateway.text.ScanText;

/**
 * Computes a model's raw scores of a whole text, every category at once, once per scan text: every rule of the model
 * that judges the same text (injection, jailbreak, harmful-request) reads them, so the n-grams are hashed and the
 * stacked features read once. The n-grams start at the first character that is not white space; the stacked
 * features read the whole text ({@link Cues}, itself computed once per text). Immutable and thread-safe.
 */
public final class WholeTextScores implements ScanText.Derivation<double[]> {
  /** The value of a text of white space alone, which no rule judges. */
  private static final double[] BLANK = new double[0];
  private final LinearModel model;
  private final Cues cues;

  private WholeTextScores(LinearModel model, Cues cues) {
    this.model = requireNonNull(model, "model");
    if ((model.cues() == null) != (cues == null)) {
      throw new IllegalArgumentException("cues: " + (cues == null ? "none for a stacked model" : "for a model of"
          + " n-grams alone") + " (expected: cues exactly when the model stacks them)");
    }
    this.cues = cues;
  }

  /** Returns the scores of {@code model} with its features stacked from {@code cues} (null for a model without). */
  public static WholeTextScores of(LinearModel model, Cues cues) {
    return new WholeTextScores(model, cues);
  }

  /** Returns the model. */
  public LinearModel model() {
    return model;
  }

  /** Returns the stacked features read, or null for a model of n-grams alone. */
  public Cues cues() {
    return cues;
  }

  /** Returns the raw score per category of {@code text}, or an empty array when it is white space alone. */
  @Override
  public double[] derive(ScanText text) {
    char[] units = text.units();
    int n = text.original().length();
    int from = 0;
    while (from < n && Character.isWhitespace(units[from])) {
      from++;
    }
    if (from == n) {
      return BLANK;
    }
    double[] raw = new double[model.categories().size()];
    model.rawScores(units, from, n, cues == null ? null : text.derived(cues), raw);
    return raw;
  }
}
