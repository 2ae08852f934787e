package io.kexin.gateway.train;

import io.kexin.gateway.detect.classifier.LinearModel;
import io.kexin.gateway.train.Sample.Split;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Evaluates the training procedure on texts no model saw: every sample of a source group is judged by a model
 * trained without that group (split by source), and the test part of a fixed split by a model trained without
 * any test part. Reports, per set and language, the true-positive rate at each model's chosen threshold (positive
 * sets) or the rate flagged per category (benign sets), and per category and language a ROC point list over the
 * pooled positives and benign texts. Not thread-safe.
 */
final class Evaluation {
  private static final double[] ROC_THRESHOLDS = {0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98};
  /** False-positive rates at which the pooled held-out curves are read. */
  private static final double[] EQUAL_FPR = {0.01, 0.02, 0.03};
  private static final double[] SECOND_SIGNAL = {0.95, 0.98, 0.99};
  /** Fixed thresholds of the model in the heuristics-or-model table. */
  private static final double[] TWO_STAGE = {0.7, 0.9};
  private final List<Sample> samples;
  private final Trainer trainer;
  private final List<Judged> judged = new ArrayList<>();

  /** Holds the calibrated scores of one held-out sample and the thresholds of the model that judged it. */
  record Judged(Sample sample, double[] scores, double[] thresholds) {
    boolean flagged(int c) {
      return scores[c] >= thresholds[c];
    }
  }

  Evaluation(List<Sample> samples, Trainer trainer) {
    this.samples = samples;
    this.trainer = trainer;
  }

  /** Trains one model per held-out source group and one for the fixed splits, and judges what each held out. */
  List<Judged> run() {
    Set<String> groups = new LinkedHashSet<>();
    for (Sample s : samples) {
      if (s.split() == Split.SOURCE) {
        groups.add(s.group());
      }
    }
    for (String g : groups) {
      LinearModel m = trainer.train(s -> s.split() != Split.TEST && !s.group().equals(g));
      judge(m, s -> s.split() == Split.SOURCE && s.group().equals(g));
    }
    LinearModel m = trainer.train(s -> s.split() != Split.TEST);
    judge(m, s -> s.split() == Split.TEST);
    return judged;
  }

  /**
   * Trains one model on four fifths of every set (chosen by a hash of the text) and judges the last fifth: how the
   * model does on texts like those it learned from, to set beside the split by source.
   */
  List<Judged> runRandom() {
    LinearModel m = trainer.train(s -> !inRandomFifth(s));
    judge(m, Evaluation::inRandomFifth);
    List<Judged> out = new ArrayList<>();
    for (Judged j : judged) {
      Sample s = j.sample();
      out.add(new Judged(new Sample(s.set(), "random", s.lang(), s.text(), s.labels(), Split.TEST), j.scores(),
          j.thresholds()));
    }
    return out;
  }

  private static boolean inRandomFifth(Sample s) {
    return Math.floorMod(s.text().hashCode() * 0x9E3779B1, 5) == 0;
  }

  private void judge(LinearModel m, Predicate<Sample> which) {
    int k = Category.ALL.size();
    for (int i = 0; i < samples.size(); i++) {
      Sample s = samples.get(i);
      if (which.test(s)) {
        char[] text = s.text().toCharArray();
        int lang = LinearModel.language(text, 0, text.length);
        double[] raw = new double[k];
        m.rawScores(text, 0, text.length, trainer.dense(i), raw);
        double[] scores = new double[k];
        double[] thresholds = new double[k];
        for (int c = 0; c < k; c++) {
          scores[c] = m.calibrate(lang, c, raw[c]);
          thresholds[c] = m.threshold(lang, c);
        }
        judged.add(new Judged(s, scores, thresholds));
      }
    }
  }

  /** Returns the report as text: the per-set table, then the per-category ROC points. */
  static String table(List<Judged> judged) {
    StringBuilder out = new StringBuilder();
    out.append("Per set and language (each text judged by a model that never saw it; threshold = that model's):\n");
    out.append("  by-source: the model was trained without the text's source group; random-1/5 and cold-dev: the set\n"
        + "  has no second source, so a fixed split is used; all-random: --random, a fifth of every set held out\n");
    out.append(String.format(Locale.ROOT, "%-22s %-3s %-10s %6s  %-16s %s%n", "set", "lng", "split", "n",
        "positive of", "rate flagged: injection jailbreak harmful-request offensive any"));
    Map<String, List<Judged>> bySet = new TreeMap<>();
    for (Judged j : judged) {
      bySet.computeIfAbsent(j.sample().set() + "\t" + j.sample().lang(), x -> new ArrayList<>()).add(j);
    }
    for (Map.Entry<String, List<Judged>> e : bySet.entrySet()) {
      List<Judged> js = e.getValue();
      Sample first = js.get(0).sample();
      int positive = first.positive();
      StringBuilder rates = new StringBuilder();
      for (int c = 0; c < Category.ALL.size(); c++) {
        int flagged = 0;
        for (Judged j : js) {
          flagged += j.flagged(c) ? 1 : 0;
        }
        rates.append(String.format(Locale.ROOT, " %6.3f", (double) flagged / js.size()));
      }
      int any = 0;
      for (Judged j : js) {
        boolean f = false;
        for (int c = 0; c < Category.ALL.size(); c++) {
          f |= j.flagged(c) && j.sample().labels()[c] >= 0;
        }
        any += f ? 1 : 0;
      }
      rates.append(String.format(Locale.ROOT, " %6.3f", (double) any / js.size()));
      out.append(String.format(Locale.ROOT, "%-22s %-3s %-10s %6d  %-16s%s%n", first.set(), first.lang(),
          splitName(first), js.size(), positive < 0 ? "(benign)" : Category.ALL.get(positive), rates));
    }
    out.append("\nPer category and language: TPR on held-out positives, FPR on held-out benign texts\n");
    for (Map.Entry<String, Roc> e : rocs(judged).entrySet()) {
      out.append(e.getKey()).append(": ").append(e.getValue()).append('\n');
    }
    return out.toString();
  }

  /**
   * Returns, per set and language, the rate of texts the jailbreak class flags at {@link #SECOND_SIGNAL}'s high
   * thresholds, alone and together with {@code heuristics} (what the shipped injection rule finds): what the
   * classifier would add beside the heuristics as a second signal, positives and benign sets alike.
   */
  static String secondSignal(List<Judged> judged, Predicate<String> heuristics) {
    int c = Category.ALL.indexOf(Category.JAILBREAK);
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
        "%nJailbreak class as a second signal beside the injection heuristics (held-out judgments as above):%n"
            + "%-22s %-3s %6s  %-9s %s%n", "set", "lng", "n", "heuristics",
        "rate flagged at threshold t: classifier alone / either"));
    Map<String, List<Judged>> bySet = new TreeMap<>();
    for (Judged j : judged) {
      bySet.computeIfAbsent(j.sample().set() + "\t" + j.sample().lang(), x -> new ArrayList<>()).add(j);
    }
    for (List<Judged> js : bySet.values()) {
      boolean[] found = new boolean[js.size()];
      int heuristic = 0;
      for (int i = 0; i < js.size(); i++) {
        found[i] = heuristics.test(js.get(i).sample().text());
        heuristic += found[i] ? 1 : 0;
      }
      StringBuilder rates = new StringBuilder();
      for (double t : SECOND_SIGNAL) {
        int alone = 0;
        int either = 0;
        for (int i = 0; i < js.size(); i++) {
          boolean flagged = js.get(i).scores()[c] >= t;
          alone += flagged ? 1 : 0;
          either += flagged || found[i] ? 1 : 0;
        }
        rates.append(String.format(Locale.ROOT, "  t=%.2f %.3f / %.3f", t, (double) alone / js.size(),
            (double) either / js.size()));
      }
      Sample first = js.get(0).sample();
      out.append(String.format(Locale.ROOT, "%-22s %-3s %6d  %-9.3f%s%n", first.set(), first.lang(), js.size(),
          (double) heuristic / js.size(), rates));
    }
    return out.toString();
  }

  /**
   * Returns per class (injection, jailbreak) and language the TPR on held-out positives and the FPR on held-out
   * benign texts of the model at its thresholds, of {@code heuristics} alone (what the shipped injection rule finds)
   * and of either one: what a route gets that has both rules, the heuristics and the classifier.
   */
  static String twoStage(List<Judged> judged, Predicate<String> heuristics) {
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
        "%nHeuristics or model (held-out judgments as above; TPR / FPR; either at the model's thresholds, then with"
            + " the model at fixed thresholds):%n%-16s %6s %6s  %-13s %-13s %-13s %s%n", "class", "pos", "benign",
        "model", "heuristics", "either", "either, model at t = " + Arrays.toString(TWO_STAGE)));
    for (String category : List.of(Category.INJECTION, Category.JAILBREAK)) {
      int c = Category.ALL.indexOf(category);
      for (String lang : List.of("en", "zh")) {
        // Per group (positives, benign): count; flagged by the model, the heuristics, either; either at each t.
        int[][] n = new int[2][4 + TWO_STAGE.length];
        for (Judged j : judged) {
          Sample s = j.sample();
          int row = s.labels()[c] == 1 ? 0 : s.benign() && s.labels()[c] == 0 ? 1 : -1;
          if (row < 0 || !s.lang().equals(lang)) {
            continue;
          }
          boolean model = j.flagged(c);
          boolean found = heuristics.test(s.text());
          n[row][0]++;
          n[row][1] += model ? 1 : 0;
          n[row][2] += found ? 1 : 0;
          n[row][3] += model || found ? 1 : 0;
          for (int t = 0; t < TWO_STAGE.length; t++) {
            n[row][4 + t] += found || j.scores()[c] >= TWO_STAGE[t] ? 1 : 0;
          }
        }
        if (n[0][0] == 0 || n[1][0] == 0) {
          continue;
        }
        StringBuilder rates = new StringBuilder();
        for (int r = 1; r < n[0].length; r++) {
          rates.append(String.format(Locale.ROOT, "  %.3f / %.3f", (double) n[0][r] / n[0][0],
              (double) n[1][r] / n[1][0]));
        }
        out.append(String.format(Locale.ROOT, "%-16s %6d %6d%s%n", category + " " + lang, n[0][0], n[1][0], rates));
      }
    }
    return out.toString();
  }

  private static String splitName(Sample s) {
    return switch (s.split()) {
      case SOURCE -> "by-source";
      case TEST -> s.group().equals("cold") ? "cold-dev" : s.group().equals("random") ? "all-random" : "random-1/5";
      case TRAIN -> "train";
    };
  }

  /** Returns the ROC of each category and language that has held-out positives. */
  static Map<String, Roc> rocs(List<Judged> judged) {
    Map<String, Roc> out = new LinkedHashMap<>();
    for (int c = 0; c < Category.ALL.size(); c++) {
      for (String lang : List.of("en", "zh")) {
        List<Judged> pos = new ArrayList<>();
        List<Judged> neg = new ArrayList<>();
        for (Judged j : judged) {
          if (!j.sample().lang().equals(lang)) {
            continue;
          }
          if (j.sample().labels()[c] == 1) {
            pos.add(j);
          } else if (j.sample().benign() && j.sample().labels()[c] == 0) {
            neg.add(j);
          }
        }
        if (!pos.isEmpty() && !neg.isEmpty()) {
          out.put(Category.ALL.get(c) + " " + lang, Roc.of(c, pos, neg));
        }
      }
    }
    return out;
  }

  /** Holds a category's rates at its chosen thresholds, at fixed thresholds, and its TPR at fixed FPRs. */
  record Roc(int positives, int negatives, double tpr, double fpr, List<double[]> points, List<double[]> atFpr) {
    static Roc of(int c, List<Judged> pos, List<Judged> neg) {
      int tp = 0;
      for (Judged j : pos) {
        tp += j.flagged(c) ? 1 : 0;
      }
      int fp = 0;
      for (Judged j : neg) {
        fp += j.flagged(c) ? 1 : 0;
      }
      List<double[]> points = new ArrayList<>();
      for (double t : ROC_THRESHOLDS) {
        points.add(new double[] {t, rate(pos, c, t), rate(neg, c, t)});
      }
      List<double[]> atFpr = new ArrayList<>();
      for (double f : EQUAL_FPR) {
        atFpr.add(new double[] {f, tprAt(c, pos, neg, f)});
      }
      return new Roc(pos.size(), neg.size(), (double) tp / pos.size(), (double) fp / neg.size(), points, atFpr);
    }

    /**
     * Returns the rate of {@code pos} scoring above the lowest threshold that flags at most {@code fpr} of
     * {@code neg}: the curve read at one false-positive rate, so two trainings compare whatever thresholds they chose.
     */
    private static double tprAt(int c, List<Judged> pos, List<Judged> neg, double fpr) {
      double[] n = new double[neg.size()];
      for (int i = 0; i < n.length; i++) {
        n[i] = neg.get(i).scores()[c];
      }
      Arrays.sort(n);
      int allowed = (int) Math.floor(fpr * n.length);
      double t = n[n.length - 1 - allowed];
      int tp = 0;
      for (Judged j : pos) {
        tp += j.scores()[c] > t ? 1 : 0;
      }
      return (double) tp / pos.size();
    }

    private static double rate(List<Judged> js, int c, double t) {
      int n = 0;
      for (Judged j : js) {
        n += j.scores()[c] >= t ? 1 : 0;
      }
      return (double) n / js.size();
    }

    @Override
    public String toString() {
      StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
          "TPR %.3f (%d positives)  FPR %.3f (%d benign) at the chosen thresholds%n  ROC (threshold TPR FPR):",
          tpr, positives, fpr, negatives));
      for (double[] p : points) {
        s.append(String.format(Locale.ROOT, " %.2f %.3f %.3f;", p[0], p[1], p[2]));
      }
      s.append(String.format(Locale.ROOT, "%n  TPR at equal FPR (one threshold over the pooled held-out scores):"));
      for (double[] p : atFpr) {
        s.append(String.format(Locale.ROOT, " FPR %.2f: %.3f;", p[0], p[1]));
      }
      return s.toString();
    }
  }
}
