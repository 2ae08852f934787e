package io.kexin.gateway.detect.classifier;

import static java.util.Objects.requireNonNull;

import io.kexin.gateway.detect.Finding;
import io.kexin.gateway.detect.RiskCategory;
import io.kexin.gateway.detect.harm.HarmDetector;
import io.kexin.gateway.detect.injection.InjectionDetector;
import io.kexin.gateway.detect.keyword.WordList;
import io.kexin.gateway.text.ScanText;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Computes the dense features a model stacks on its n-grams: what the {@code injection} heuristics and the
 * {@code harm} heuristics find in a text (scores, strong hits, how many), which carry across sources where
 * n-grams learned from one source do not. The harm heuristics read the lists the model was trained with, which
 * travel inside the model file, so later edits to a policy's lists do not shift a trained model's features. As a
 * {@link ScanText.Derivation} the features of a whole text are computed once however many rules of one model judge
 * it. Immutable and thread-safe.
 */
public final class Cues implements ScanText.Derivation<double[]> {
  /** The number of dense features. */
  public static final int SIZE = 9;
  /** The harm lists a model carries, by name: what {@link HarmDetector.Builder} takes. */
  public static final List<String> HARM_LISTS = List.of("intents", "acts", "evasions", "targets", "protective",
      "spellings", "violence-weapons", "self-harm", "illegal-drugs", "fraud-scams", "malware-intrusion",
      "sexual-minors", "hate-harassment", "privacy");
  /**
   * Weakest injection finding counted: weaker ones (0.25-0.5) fire on benign role-play prompts from sources a model
   * did not see (WildGuard's: 10 % flagged as injection with them, 4 % without).
   */
  private static final double MIN_INJECTION = 0.5;
  private final InjectionDetector injection;
  private final HarmDetector harm;
  private final Map<String, String> lists;

  private Cues(Map<String, String> lists) {
    this.lists = Map.copyOf(lists);
    this.injection = InjectionDetector.of("classifier.cue", MIN_INJECTION, Set.of());
    this.harm = lists.isEmpty() ? null : harm(lists);
  }

  /** Returns cues from the injection heuristics and, where {@code lists} names them, the harm heuristics. */
  public static Cues of(Map<String, String> lists) {
    for (String name : requireNonNull(lists, "lists").keySet()) {
      if (!HARM_LISTS.contains(name)) {
        throw new IllegalArgumentException("harm list: " + name + " (expected: one of " + HARM_LISTS + ")");
      }
    }
    return new Cues(lists);
  }

  /** Returns the harm lists by name, their text as read (in {@link #HARM_LISTS} order). */
  public Map<String, String> lists() {
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : HARM_LISTS) {
      if (lists.containsKey(name)) {
        out.put(name, lists.get(name));
      }
    }
    return out;
  }

  private static HarmDetector harm(Map<String, String> lists) {
    HarmDetector.Builder b = HarmDetector.builder("classifier.cue").minScore(0.01).window(60);
    for (Map.Entry<String, String> e : lists.entrySet()) {
      List<String> terms = WordList.of(Path.of(e.getKey() + ".txt"), e.getValue()).terms();
      switch (e.getKey()) {
        case "intents" -> b.intents(terms);
        case "acts" -> b.acts(terms);
        case "evasions" -> b.evasions(terms);
        case "targets" -> b.targets(terms);
        case "protective" -> b.protective(terms);
        case "spellings" -> b.spellings(terms);
        default -> b.objects(RiskCategory.parse(e.getKey()), terms);
      }
    }
    return b.build();
  }

  /** Writes the dense features of {@code text} into {@code out[0, SIZE)}. */
  public void extract(String text, double[] out) {
    extract(ScanText.of(text), out);
  }

  /** Returns the dense features of the whole of {@code text}. */
  @Override
  public double[] derive(ScanText text) {
    double[] out = new double[SIZE];
    extract(text, out);
    return out;
  }

  /** Writes the dense features of {@code scan} into {@code out[0, SIZE)}. */
  public void extract(ScanText scan, double[] out) {
    double any = 0;
    double inj = 0;
    double jail = 0;
    int n = 0;
    for (Finding f : injection.scan(scan)) {
      any = Math.max(any, f.score());
      if (f.category() == RiskCategory.JAILBREAK) {
        jail = Math.max(jail, f.score());
      } else {
        inj = Math.max(inj, f.score());
      }
      n++;
    }
    out[0] = any;
    out[1] = any >= 0.7 ? 1 : 0;
    out[2] = inj;
    out[3] = jail;
    out[4] = Math.log1p(n) / 2;
    double harmScore = 0;
    int categories = 0;
    long seen = 0;
    if (harm != null) {
      for (Finding f : harm.scan(scan)) {
        harmScore = Math.max(harmScore, f.score());
        long bit = 1L << (f.category() == null ? 0 : f.category().ordinal() & 63);
        if ((seen & bit) == 0) {
          seen |= bit;
          categories++;
        }
      }
    }
    out[5] = harmScore;
    out[6] = harmScore >= 0.75 ? 1 : 0;
    out[7] = Math.min(categories, 3) / 3.0;
    out[8] = harmScore > 0 ? 1 : 0;
  }
}
