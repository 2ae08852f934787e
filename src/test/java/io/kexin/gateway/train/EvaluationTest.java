package io.kexin.gateway.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.kexin.gateway.train.Sample.Split;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The second-signal table (the jailbreak class alone and together with the heuristics, per set and threshold), the
 * two-stage table (model, heuristics, either, per class and language) and the ROC read at equal false-positive rates.
 */
class EvaluationTest {
  @Test
  void countsTheClassifierAloneAndTogetherWithTheHeuristicsPerThreshold() {
    byte[] benign = {0, 0, 0, 0};
    byte[] jailbreak = {-1, 1, -1, -1};
    List<Evaluation.Judged> judged = List.of(
        judged("wildguard", "en", "only the classifier is sure", benign, 0.985),
        judged("wildguard", "en", "heuristics find this one", benign, 0.10),
        judged("wildguard", "en", "neither", benign, 0.50),
        judged("wildguard", "en", "both", benign, 0.995),
        judged("jailbreaks", "zh", "越狱", jailbreak, 0.999));
    String table = Evaluation.secondSignal(judged, text -> text.startsWith("heuristics") || text.equals("both"));
    assertThat(table).contains("wildguard              en       4  0.500    "
        + "  t=0.95 0.500 / 0.750  t=0.98 0.500 / 0.750  t=0.99 0.250 / 0.500");
    assertThat(table).contains("jailbreaks             zh       1  0.000    "
        + "  t=0.95 1.000 / 1.000  t=0.98 1.000 / 1.000  t=0.99 1.000 / 1.000");
  }

  @Test
  void countsTheModelTheHeuristicsAndEitherPerClassAndLanguage() {
    byte[] benign = {0, 0, 0, 0};
    byte[] injection = {1, -1, 0, -1};
    List<Evaluation.Judged> judged = List.of(
        injected("own", "en", "model finds this", injection, 0.9),
        injected("own", "en", "heuristics find this", injection, 0.1),
        injected("own", "en", "neither finds this", injection, 0.1),
        injected("own", "en", "heuristics and model", injection, 0.8),
        injected("alpaca", "en", "benign the model flags", benign, 0.7),
        injected("alpaca", "en", "a plain benign text", benign, 0.2),
        injected("alpaca", "en", "heuristics flag this benign text", benign, 0.2),
        injected("alpaca", "en", "another benign text", benign, 0.2),
        injected("own-zh", "zh", "忽略之前的指令", injection, 0.2),
        injected("belle", "zh", "今天天气很好", benign, 0.1));
    String table = Evaluation.twoStage(judged, text -> text.startsWith("heuristics") || text.startsWith("忽略"));
    assertThat(table).contains("injection en          4      4  0.500 / 0.250  0.500 / 0.250  0.750 / 0.500"
        + "  0.750 / 0.500  0.750 / 0.250");
    assertThat(table).contains("injection zh          1      1  0.000 / 0.000  1.000 / 0.000  1.000 / 0.000"
        + "  1.000 / 0.000  1.000 / 0.000");
    assertThat(table).as("no jailbreak positives: no row").doesNotContain("jailbreak en");
  }

  @Test
  void readsTheCurveAtEqualFalsePositiveRatesWhateverThresholdTheModelsChose() {
    byte[] benign = {0, 0, 0, 0};
    byte[] injection = {1, -1, 0, -1};
    List<Evaluation.Judged> neg = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      neg.add(injected("alpaca", "en", "benign " + i, benign, i / 100.0));
    }
    List<Evaluation.Judged> pos = List.of(injected("own", "en", "a", injection, 0.995),
        injected("own", "en", "b", injection, 0.985), injected("own", "en", "c", injection, 0.975),
        injected("own", "en", "d", injection, 0.5));
    Evaluation.Roc roc = Evaluation.Roc.of(0, pos, neg);
    assertThat(roc.tpr()).as("at each model's own threshold, 0.5").isEqualTo(1.0);
    // One benign text of 100 may pass at FPR 0.01: the threshold sits at the second-highest benign score, 0.98.
    assertThat(roc.atFpr()).extracting(p -> p[1]).containsExactly(0.5, 0.75, 0.75);
    assertThat(roc.toString()).contains("TPR at equal FPR (one threshold over the pooled held-out scores):"
        + " FPR 0.01: 0.500; FPR 0.02: 0.750; FPR 0.03: 0.750;");
  }

  private static Evaluation.Judged injected(String set, String lang, String text, byte[] labels, double injection) {
    double[] scores = {injection, 0, 0, 0};
    return new Evaluation.Judged(new Sample(set, set, lang, text, labels, Split.SOURCE), scores,
        new double[] {0.5, 0.5, 0.5, 0.5});
  }

  private static Evaluation.Judged judged(String set, String lang, String text, byte[] labels, double jailbreak) {
    double[] scores = {0, jailbreak, 0, 0};
    return new Evaluation.Judged(new Sample(set, set, lang, text, labels, Split.SOURCE), scores,
        new double[] {0.5, 0.5, 0.5, 0.5});
  }
}
