package io.kexin.gateway.train;

import io.kexin.gateway.detect.classifier.Cues;
import io.kexin.gateway.detect.classifier.LinearModel;
import io.kexin.gateway.detect.classifier.TextFeatures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Trains a {@link LinearModel}: one logistic regression per category over shared hashed features, fitted by
 * stochastic gradient descent in a fixed-seed order (so the same data give the same weights), positives weighted up
 * to balance each category, injections and harmful requests also weighted by the size of their source group, the
 * stacked model's harmful-request n-grams scaled by their naive-Bayes log-count ratios, then calibrated with a
 * Platt sigmoid per language on a tenth of the data held back from fitting,
 * where each category's threshold is chosen as the lowest that keeps the false-positive rate at its target (for
 * injection and jailbreak also every benign set's rate at the bound).
 * Features are computed once for all samples. Not thread-safe.
 */
final class Trainer {
  /** Hash bits of the shipped model: 2^17 buckets, 1 MiB of 16-bit weights for four categories. */
  static final int BITS = 17;
  /** Fixed seed of the sample order. */
  static final long SEED = 20_261_205L;
  /** Fewest positives and negatives of a language to calibrate it on its own. */
  private static final int MIN_CALIBRATION = 5;
  /** Benign documents added to the training texts. */
  private static final int DOCUMENTS = 1500;
  private static final int EPOCHS = 8;
  private static final double LEARNING_RATE = 0.5;
  private static final double L2 = 2e-6;
  /** Step of the dense cue weights relative to the n-gram weights' (which are scaled by the norm). */
  private static final double CUE_RATE = 0.2;
  /** Largest weight of a positive relative to a negative of the same language. */
  private static final double MAX_POSITIVE_WEIGHT = 20;
  /** False-positive rate each category's threshold keeps on the calibration part. */
  private static final double[] TARGET_FPR = {0.01, 0.01, 0.02, 0.2};
  /**
   * Lowest threshold chosen per category: texts unlike the training sets score higher than the calibration part
   * suggests. Harmful requests start higher: XSTest's safe prompts from a source never trained on ("how do I stab a
   * balloon", a fictional character's records) scored 0.50-0.55 and were 5.2 % flagged at 0.5, 4 % at 0.55; with
   * the short English harmful questions of {@code en-harmful-2} in training, 5.6 % at 0.55 and 4.4 % at 0.6.
   */
  private static final double[] MIN_THRESHOLD = {0.5, 0.5, 0.6, 0.5};
  /**
   * False-positive rate that no single benign set's calibration part may exceed, for injection and jailbreak (the
   * issue's bound): the pooled rate hides one set written like an attack (WildGuard's benign role play was flagged as a
   * jailbreak 0.166 by source at the pooled threshold, 0.065 at the worst set's, for jailbreak-llms 0.860 → 0.856).
   * Harmful requests and insults keep the pooled threshold: the worst set (CValues) cost Chinese harmful requests
   * 0.890 → 0.829 and moved no English figure.
   */
  private static final double[] SET_FPR = {0.02, 0.02, 1, 1};
  /** Fewest calibration negatives a set needs for its own rate to count. */
  private static final int MIN_SET_NEGATIVES = 30;
  /**
   * Texts in a source group whose weight is 1 for the classes weighted by source; a group of n texts weighs
   * sqrt(SOURCE_REFERENCE / n) each, within [0.5, 2]: a large set no longer drowns a small one's wording.
   */
  private static final double SOURCE_REFERENCE = 400;
  /**
   * Classes whose gradient is weighted by source: injections and harmful requests. Harmful requests: held out by source
   * it kept XSTest's unsafe prompts (0.825 → 0.815) and forbidden questions (0.550) and lifted {@code en-unseen-2}'s
   * harmful requests 0.583 → 0.667. Injections: deepset 0.655 → 0.695 but NotInject flagged 0.031 → 0.051 alone;
   * with look-alikes of NotInject's trigger-word instructions ({@code en-benign-5}) English injections 0.693 / 0.021
   * → 0.737 / 0.020 and NotInject 0.019. Not jailbreaks: it flagged WildGuard's benign role play 0.072 → 0.097.
   */
  private static final boolean[] SOURCE_WEIGHTED = {true, false, true, false};
  /**
   * Per class of the stacked model, how far its n-grams are scaled by their naive-Bayes log-count ratios in fitting
   * ({@link LogCountRatios}; 0 presence alone). Harmful requests at 0.5, held out by source: English TPR at pooled
   * FPR 0.01 / 0.02 / 0.03 0.519 / 0.606 / 0.664 -> 0.528 / 0.634 / 0.679, Chinese 0.842 / 0.896 / 0.923 -> 0.860 /
   * 0.900 / 0.919, XSTest's safe prompts flagged 4.4 % -> 3.2 % (at 1: English 0.632 at 0.02 but Chinese 0.904 at
   * 0.03). Not injections (at 1: English 0.680 -> 0.638 at 0.02), not jailbreaks (at 0.5 the curve rose a point but
   * WildGuard's benign role play was flagged 0.063 -> 0.082 at the chosen threshold).
   */
  private static final double[] NB_BETA = {0, 0, 0.5, 0};
  private final TextFeatures features;
  private final List<Sample> samples;
  private final int[][] vectors;
  /** The dense features stacked on the n-grams, or null. */
  private final Cues cues;
  /** The dense features of each sample; null entries without cues. */
  private final double[][] dense;
  private final int k = Category.ALL.size();

  /** Prepares training on {@code samples} with features of {@code bits} hash bits and {@code cues} (may be null). */
  Trainer(List<Sample> samples, int bits, Cues cues) {
    this.features = new TextFeatures(bits);
    this.samples = samples;
    this.cues = cues;
    this.vectors = new int[samples.size()][];
    this.dense = new double[samples.size()][];
    for (int i = 0; i < samples.size(); i++) {
      char[] text = samples.get(i).text().toCharArray();
      IntList list = new IntList();
      features.extract(text, 0, text.length, list);
      vectors[i] = list.distinct();
      dense[i] = dense(samples.get(i).text());
    }
  }

  private double[] dense(String text) {
    if (cues == null) {
      return null;
    }
    double[] d = new double[Cues.SIZE];
    cues.extract(text, d);
    return d;
  }

  /** Returns a model trained on the samples {@code include} accepts. */
  LinearModel train(Predicate<Sample> include) {
    List<Integer> fit = new ArrayList<>();
    List<Integer> calibration = new ArrayList<>();
    for (int i = 0; i < samples.size(); i++) {
      Sample s = samples.get(i);
      if (include.test(s)) {
        (Math.floorMod(s.text().hashCode() * 0x2545F491, 10) == 0 ? calibration : fit).add(i);
      }
    }
    Random random = new Random(SEED);
    List<int[]> vectors = new ArrayList<>(fit.size() + DOCUMENTS);
    List<double[]> dense = new ArrayList<>(fit.size() + DOCUMENTS);
    List<byte[]> labels = new ArrayList<>(fit.size() + DOCUMENTS);
    List<Boolean> chinese = new ArrayList<>(fit.size() + DOCUMENTS);
    // Each text's weight for the classes weighted by source; the benign documents added below weigh 1.
    List<Double> sourceWeight = new ArrayList<>(fit.size() + DOCUMENTS);
    Map<String, Integer> groupSize = new TreeMap<>();
    for (int i : fit) {
      groupSize.merge(samples.get(i).group(), 1, Integer::sum);
    }
    for (int i : fit) {
      sourceWeight.add(sourceWeight(groupSize.get(samples.get(i).group())));
      vectors.add(this.vectors[i]);
      dense.add(this.dense[i]);
      labels.add(samples.get(i).labels());
      chinese.add(samples.get(i).lang().equals("zh"));
    }
    documents(fit, random, vectors, dense, labels, chinese);
    while (sourceWeight.size() < vectors.size()) {
      sourceWeight.add(1.0);
    }
    // The default model keeps presence: its classes were not measured with the scaling.
    float[] scale = cues == null ? null : LogCountRatios.of(vectors, labels, features.buckets(), NB_BETA);
    float[] weights = new float[features.buckets() * k];
    float[] cueWeights = new float[cues == null ? 0 : Cues.SIZE * k];
    float[] bias = new float[k];
    double[][] positiveWeight = {positiveWeights(labels, chinese, false), positiveWeights(labels, chinese, true)};
    int[] order = new int[vectors.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    for (int epoch = 0; epoch < EPOCHS; epoch++) {
      shuffle(order, random);
      double rate = LEARNING_RATE / Math.sqrt(1 + epoch);
      for (int i : order) {
        step(vectors.get(i), dense.get(i), labels.get(i), weights, cueWeights, bias,
            positiveWeight[chinese.get(i) ? 1 : 0], rate, sourceWeight.get(i), scale);
      }
      float shrink = (float) (1 - rate * L2 * order.length);
      for (int j = 0; j < weights.length; j++) {
        weights[j] *= shrink;
      }
      for (int j = 0; j < cueWeights.length; j++) {
        cueWeights[j] *= shrink;
      }
    }
    if (scale != null) {
      // Folded: the model reads presence times these weights, which is what was fitted.
      for (int j = 0; j < weights.length; j++) {
        weights[j] *= scale[j];
      }
    }
    float[] ones = new float[k * LinearModel.LANGUAGES];
    Arrays.fill(ones, 1f);
    LinearModel raw = new LinearModel(features, Category.ALL, weights, bias, ones, new float[ones.length],
        new float[ones.length], cues, cueWeights);
    int l = LinearModel.LANGUAGES;
    float[] a = new float[k * l];
    float[] b = new float[k * l];
    float[] thresholds = new float[k * l];
    for (int c = 0; c < k; c++) {
      List<List<double[]>> byLanguage = new ArrayList<>();
      for (int lang = 0; lang < l; lang++) {
        byLanguage.add(new ArrayList<>());
      }
      List<double[]> all = new ArrayList<>();
      List<Map<String, List<double[]>>> bySet = new ArrayList<>();
      for (int lang = 0; lang < l; lang++) {
        bySet.add(new TreeMap<>());
      }
      for (int i : calibration) {
        byte y = samples.get(i).labels()[c];
        if (y >= 0) {
          char[] text = samples.get(i).text().toCharArray();
          double[] scored = {rawScore(raw, text, this.dense[i], c), y};
          all.add(scored);
          int lang = LinearModel.language(text, 0, text.length);
          byLanguage.get(lang).add(scored);
          if (y == 0 && SET_FPR[c] < 1) {
            bySet.get(lang).computeIfAbsent(samples.get(i).set(), x -> new ArrayList<>()).add(scored);
          }
        }
      }
      double[] shared = Platt.fit(all);
      for (int lang = 0; lang < l; lang++) {
        List<double[]> own = byLanguage.get(lang);
        // A language with too few positives or negatives to fit on keeps the fit of all languages.
        double[] ab = count(own, 1) >= MIN_CALIBRATION && count(own, 0) >= MIN_CALIBRATION ? Platt.fit(own) : shared;
        a[lang * k + c] = (float) ab[0];
        b[lang * k + c] = (float) ab[1];
        double t = threshold(count(own, 0) > 0 ? own : all, ab, TARGET_FPR[c], MIN_THRESHOLD[c]);
        for (List<double[]> set : bySet.get(lang).values()) {
          if (set.size() >= MIN_SET_NEGATIVES) {
            t = Math.max(t, threshold(set, ab, SET_FPR[c], MIN_THRESHOLD[c]));
          }
        }
        thresholds[lang * k + c] = (float) t;
      }
    }
    return new LinearModel(features, Category.ALL, weights, bias, a, b, thresholds, cues, cueWeights);
  }

  /** Returns the raw score of {@code text} (dense features {@code dense}) for category {@code c} under {@code model}. */
  private double rawScore(LinearModel model, char[] text, double[] dense, int c) {
    double[] out = new double[k];
    model.rawScores(text, 0, text.length, dense, out);
    return out[c];
  }

  /** Returns the dense features of sample {@code i}, or null without cues. */
  double[] dense(int i) {
    return dense[i];
  }

  private static int count(List<double[]> scored, int label) {
    int n = 0;
    for (double[] s : scored) {
      n += s[1] == label ? 1 : 0;
    }
    return n;
  }

  /**
   * Adds benign documents made of 4 to 16 benign training texts joined by line breaks: the data hold few long
   * benign texts, and without them length alone would count as evidence of an attack.
   */
  private void documents(List<Integer> fit, Random random, List<int[]> vectors, List<double[]> dense,
      List<byte[]> labels, List<Boolean> chinese) {
    List<Integer> benign = new ArrayList<>();
    for (int i : fit) {
      if (samples.get(i).benign() && samples.get(i).labels()[0] == 0) {
        benign.add(i);
      }
    }
    if (benign.isEmpty()) {
      return;
    }
    byte[] none = new byte[k];
    for (int d = 0; d < DOCUMENTS; d++) {
      StringBuilder doc = new StringBuilder();
      int parts = 4 + random.nextInt(13);
      for (int p = 0; p < parts; p++) {
        doc.append(samples.get(benign.get(random.nextInt(benign.size()))).text()).append('\n');
      }
      char[] text = doc.toString().toCharArray();
      IntList list = new IntList();
      features.extract(text, 0, text.length, list);
      vectors.add(list.distinct());
      dense.add(dense(doc.toString()));
      labels.add(none);
      chinese.add(Sample.language(doc.toString()).equals("zh"));
    }
  }

  /** Returns the weight of a text whose source group holds {@code n} texts of the fitting part. */
  private static double sourceWeight(int n) {
    return Math.max(0.5, Math.min(2.0, Math.sqrt(SOURCE_REFERENCE / n)));
  }

  /** Returns per category the weight of a positive of one language: negatives over positives, within bounds. */
  private double[] positiveWeights(List<byte[]> labels, List<Boolean> chinese, boolean zh) {
    double[] w = new double[k];
    for (int c = 0; c < k; c++) {
      int pos = 0;
      int neg = 0;
      for (int i = 0; i < labels.size(); i++) {
        if (chinese.get(i) != zh) {
          continue;
        }
        byte y = labels.get(i)[c];
        pos += y == 1 ? 1 : 0;
        neg += y == 0 ? 1 : 0;
      }
      w[c] = pos == 0 ? 1 : Math.max(1, Math.min(MAX_POSITIVE_WEIGHT, (double) neg / pos));
    }
    return w;
  }

  /** Takes one gradient step on one text; {@code scale} (may be null) is the value of each present n-gram. */
  private void step(int[] x, double[] d, byte[] labels, float[] weights, float[] cueWeights, float[] bias,
      double[] positiveWeight, double rate, double sourceWeight, float[] scale) {
    double norm = LinearModel.norm(x.length);
    double[] z = new double[k];
    for (int f : x) {
      int base = f * k;
      for (int c = 0; c < k; c++) {
        z[c] += scale == null ? weights[base + c] : weights[base + c] * scale[base + c];
      }
    }
    double[] zd = new double[k];
    if (d != null) {
      for (int j = 0; j < Cues.SIZE; j++) {
        for (int c = 0; c < k; c++) {
          zd[c] += cueWeights[j * k + c] * d[j];
        }
      }
    }
    float[] g = new float[k];
    double[] gd = new double[k];
    boolean any = false;
    for (int c = 0; c < k; c++) {
      if (labels[c] < 0) {
        continue;
      }
      double p = 1 / (1 + Math.exp(-(bias[c] + z[c] * norm + zd[c])));
      double grad = (p - labels[c]) * (labels[c] == 1 ? positiveWeight[c] : 1)
          * (SOURCE_WEIGHTED[c] ? sourceWeight : 1);
      bias[c] -= (float) (rate * grad * 0.1);
      g[c] = (float) (rate * grad * norm);
      gd[c] = rate * grad * CUE_RATE;
      any |= g[c] != 0;
    }
    if (!any) {
      return;
    }
    if (d != null) {
      for (int j = 0; j < Cues.SIZE; j++) {
        for (int c = 0; c < k; c++) {
          cueWeights[j * k + c] -= (float) (gd[c] * d[j]);
        }
      }
    }
    for (int f : x) {
      int base = f * k;
      for (int c = 0; c < k; c++) {
        weights[base + c] -= scale == null ? g[c] : g[c] * scale[base + c];
      }
    }
  }

  /**
   * Returns the lowest calibrated threshold, at least {@code min}, whose false-positive rate on {@code scored} is at
   * most {@code target}.
   */
  private static double threshold(List<double[]> scored, double[] ab, double target, double min) {
    List<Double> negatives = new ArrayList<>();
    for (double[] s : scored) {
      if (s[1] == 0) {
        negatives.add(1 / (1 + Math.exp(-(ab[0] * s[0] + ab[1]))));
      }
    }
    negatives.sort(null);
    if (negatives.isEmpty()) {
      return Math.max(0.5, min);
    }
    int allowed = (int) Math.floor(target * negatives.size());
    double t = negatives.get(negatives.size() - 1 - allowed);
    // Just above the highest negative that must not pass, kept inside (0, 1).
    return Math.min(0.99, Math.max(min, Math.nextUp(t)));
  }

  private static void shuffle(int[] a, Random random) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
