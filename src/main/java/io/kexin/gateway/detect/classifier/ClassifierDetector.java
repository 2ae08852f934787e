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
  /** The model's dense features, reading the heuristics' passes this rule shares (null for a model without). */
  private final Cues cues;

  private ClassifierDetector(String ruleId, String entity, LinearModel model, int category, double threshold,
      Unit unit, int maxUnit, Cues cues) {
    this.ruleId = ruleId;
    this.entity = entity;
    this.model = model;
    this.category = category;
    this.threshold = threshold;
    this.unit = unit;
    this.maxUnit = maxUnit;
    this.risk = RiskCategory.find(model.categories().get(category)).orElse(null);
    this.cues = cues;
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
        maxUnit, model.cues());
  }

  /**
   * Returns this rule with its model's dense features read through {@code cues}: the same features
   * ({@link Cues#sharing}) from passes it shares with other rules of the policy.
   */
  public ClassifierDetector withCues(Cues cues) {
    if (model.cues() == null || cues == null) {
      throw new IllegalArgumentException("cues: the model " + (model.cues() == null ? "stacks none" : "needs its own")
          + " (expected: cues for a stacked model)");
    }
    return new ClassifierDetector(ruleId, entity, model, category, threshold, unit, maxUnit, cues);
  }

  /** Returns the dense features this rule reads, or null for a model of n-grams alone. */
  public Cues cues() {
    return cues;
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
      // The whole text's cues: computed once for every rule of this model, from passes shared with the policy's
      // injection and harm rules where it has them.
      judge(units, 0, n, cues == null ? null : text.derived(cues), out);
    } else {
      Sentences.each(units, n, maxUnit, (from, to) -> judge(units, from, to, null, out));
    }
    return out;
  }

  /**
   * Judges {@code units[from, to)}; {@code dense} are the cues of the whole text (a rule on whole texts), else null
   * and a sentence's own are computed.
   */
  private void judge(char[] units, int from, int to, double[] dense, List<Finding> out) {
    while (from < to && Character.isWhitespace(units[from])) {
      from++;
    }
    if (from == to) {
      return;
    }
    double[] features = dense;
    if (cues != null && features == null) {
      features = new double[Cues.SIZE];
      cues.extract(new String(units, from, to - from), features);
    }
    double[] raw = new double[model.categories().size()];
    model.rawScores(units, from, to, features, raw);
    double score = model.calibrate(LinearModel.language(units, from, to), category, raw[category]);
    double t = threshold(LinearModel.language(units, from, to));
    if (score >= t) {
      out.add(new Finding(ruleId, entity, from, to, score, String.format(Locale.ROOT,
          "classifier %s score %.3f >= %.3f on %s", model.categories().get(category), score, t,
          unit == Unit.TEXT ? "the text" : "a sentence"), risk));
    }
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
