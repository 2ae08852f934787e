package io.kexin.gateway.detect.classifier;

import static java.util.Objects.requireNonNull;

import io.kexin.gateway.detect.Detector;
import io.kexin.gateway.detect.Finding;
import io.kexin.gateway.detect.RiskCategory;
import io.kexin.gateway.detect.Sentences;
import io.kexin.gateway.text.ScanText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reports text that a {@link LinearModel} scores at or above a threshold for one category. It has no spans: in
 * {@link Unit#TEXT} mode it judges the whole text (one finding over all of it); in {@link Unit#SENTENCE} mode it
 * judges each sentence ({@link Sentences}) by its last {@code maxUnit} characters, so a stream releases every
 * finished sentence and holds back only the unfinished one. Immutable and thread-safe.
 */
public final class ClassifierDetector implements Detector {
  /** What one judgement covers. */
  public enum Unit {
    /** The whole text: for requests, which arrive whole. */
    TEXT,
    /** Each sentence: for answers, so that a stream holds back only the unfinished sentence. */
    SENTENCE;

    /** Parses a policy name, {@code text} or {@code sentence}. */
    public static Unit parse(String name) {
      for (Unit u : values()) {
        if (u.name().equalsIgnoreCase(name)) {
          return u;
        }
      }
      throw new IllegalArgumentException("unit: " + name + " (expected: text or sentence)");
    }
  }

  private final String ruleId;
  private final String entity;
  private final LinearModel model;
  private final int category;
  private final double threshold;
  private final Unit unit;
  private final int maxUnit;
  /** The risk category findings carry: the one named like the model's category, or none (harmful-request spans
   * several categories). */
  private final RiskCategory risk;
  /** The model's raw scores of whole texts, shared by every rule of the model (with the passes they read). */
  private final WholeTextScores whole;

  private ClassifierDetector(String ruleId, String entity, LinearModel model, int category, double threshold,
      Unit unit, int maxUnit, WholeTextScores whole) {
    this.ruleId = ruleId;
    this.entity = entity;
    this.model = model;
    this.category = category;
    this.threshold = threshold;
    this.unit = unit;
    this.maxUnit = maxUnit;
    this.risk = RiskCategory.find(model.categories().get(category)).orElse(null);
    this.whole = whole;
  }

  /**
   * Returns a detector for {@code category} of {@code model}; a {@code threshold} of {@code null} takes the ones the
   * model was trained with (per language); {@code maxUnit} bounds the characters of a sentence judged (its last ones).
   */
  public static ClassifierDetector of(String ruleId, String entity, LinearModel model, String category,
      Double threshold, Unit unit, int maxUnit) {
    requireNonNull(ruleId, "ruleId");
    requireNonNull(entity, "entity");
    requireNonNull(model, "model");
    requireNonNull(unit, "unit");
    int index = model.indexOf(requireNonNull(category, "category"));
    if (index < 0) {
      throw new IllegalArgumentException("category: " + category + " (expected: one of " + model.categories() + ")");
    }
    if (threshold != null && !(threshold > 0 && threshold < 1)) {
      throw new IllegalArgumentException("threshold: " + threshold + " (expected: > 0 and < 1)");
    }
    if (maxUnit < 16 || maxUnit > 16_384) {
      throw new IllegalArgumentException("maxUnit: " + maxUnit + " (expected: 16..16384)");
    }
    return new ClassifierDetector(ruleId, entity, model, index, threshold == null ? Double.NaN : threshold, unit,
        maxUnit, model.wholeText());
  }

  /**
   * Returns this rule reading its model's whole-text scores through {@code whole}: the same scores, its features
   * ({@link Cues#sharing}) read from passes it shares with other rules of the policy.
   */
  public ClassifierDetector withScores(WholeTextScores whole) {
    if (whole.model() != model) {
      throw new IllegalArgumentException("scores: of another model (expected: this rule's model)");
    }
    return new ClassifierDetector(ruleId, entity, model, category, threshold, unit, maxUnit, whole);
  }

  /** Returns the whole-text scores this rule reads, shared by the rules of its model. */
  public WholeTextScores scores() {
    return whole;
  }

  /** Returns the dense features this rule reads, or null for a model of n-grams alone. */
  public Cues cues() {
    return whole.cues();
  }

  /** Returns the threshold the rule sets, or NaN when it takes the model's per language. */
  public double threshold() {
    return threshold;
  }

  /** Returns the threshold for text in {@code lang}: the rule's, or the model's for that language. */
  private double threshold(int lang) {
    return Double.isNaN(threshold) ? model.threshold(lang, category) : threshold;
  }

  /** Returns the model whose category this rule judges. */
  public LinearModel model() {
    return model;
  }

  /** Returns the calibrated score of the whole of {@code text}. */
  public double score(String text) {
    char[] units = text.toCharArray();
    return model.score(units, 0, units.length, category);
  }

  @Override
  public List<Finding> scan(ScanText text) {
    char[] units = text.units();
    int n = text.original().length();
    List<Finding> out = new ArrayList<>(1);
    if (unit == Unit.TEXT) {
      // The whole text's scores: computed once for every rule of this model, its features from passes shared with
      // the policy's injection and harm rules where it has them.
      double[] raw = text.derived(whole);
      if (raw.length > 0) {
        int from = 0;
        while (Character.isWhitespace(units[from])) {
          from++;
        }
        decide(units, from, n, raw[category], out);
      }
    } else {
      Sentences.each(units, n, maxUnit, (from, to) -> judge(units, from, to, out));
    }
    return out;
  }

  /** Judges the sentence {@code units[from, to)}, its features its own. */
  private void judge(char[] units, int from, int to, List<Finding> out) {
    while (from < to && Character.isWhitespace(units[from])) {
      from++;
    }
    if (from == to) {
      return;
    }
    double[] features = null;
    if (whole.cues() != null) {
      features = new double[Cues.SIZE];
      whole.cues().extract(new String(units, from, to - from), features);
    }
    double[] raw = new double[model.categories().size()];
    model.rawScores(units, from, to, features, raw);
    decide(units, from, to, raw[category], out);
  }

  /** Reports {@code units[from, to)} when the calibrated score of {@code raw}, its raw score, reaches the threshold. */
  private void decide(char[] units, int from, int to, double raw, List<Finding> out) {
    double score = model.calibrate(LinearModel.language(units, from, to), category, raw);
    double t = threshold(LinearModel.language(units, from, to));
    if (score >= t) {
      out.add(new Finding(ruleId, entity, from, to, score, String.format(Locale.ROOT,
          "classifier %s score %.3f >= %.3f on %s", model.categories().get(category), score, t,
          unit == Unit.TEXT ? "the text" : "a sentence"), risk));
    }
  }

  @Override
  public boolean judgesText() {
    return true;
  }

  @Override
  public int maxMatchLength() {
    return unit == Unit.TEXT ? Integer.MAX_VALUE : maxUnit;
  }

  @Override
  public int liveFrom(ScanText text) {
    if (unit == Unit.TEXT) {
      return 0;
    }
    return Sentences.liveFrom(text.units(), text.original().length(), maxUnit);
  }
}
