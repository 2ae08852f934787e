package io.kexin.gateway.detect.classifier;

import static java.util.Objects.requireNonNull;

import io.kexin.gateway.detect.Finding;
import io.kexin.gateway.detect.RiskCategory;
import io.kexin.gateway.detect.SharedScan;
import io.kexin.gateway.detect.harm.HarmDetector;
import io.kexin.gateway.detect.injection.InjectionDetector;
import io.kexin.gateway.detect.keyword.WordList;
import io.kexin.gateway.text.ScanText;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Computes the dense features a model stacks on its n-grams: what the {@code injection} heuristics and the
 * {@code harm} heuristics find in a text (scores, strong hits, how many), which carry across sources where
 * n-grams learned from one source do not. The harm heuristics read the lists the model was trained with, which
 * travel inside the model file, so later edits to a policy's lists do not shift a trained model's features; the
 * injection heuristics are the build's, and a model names the digest of the ones it was trained with
 * ({@link #heuristicsDigest()}). Both passes are {@link SharedScan}s: bound to the passes of a policy's own
 * {@code injection} and {@code harm} rules ({@link #sharing}), the features read their findings for the same text
 * instead of running the heuristics again, and run them where those rules do not. As a {@link ScanText.Derivation}
 * the features of a whole text are computed once however many rules of one model judge it. Immutable and
 * thread-safe.
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
  public static final double MIN_INJECTION = 0.5;
  /** Weakest harm reading counted: every object the harm heuristics read. */
  public static final double MIN_HARM = 0.01;
  /** Reach of the harm heuristics' cues, in normalized units, as the shipped pack's {@code harm} rule sets it. */
  public static final int HARM_WINDOW = 60;
  /** The class-path resource of the injection heuristics whose findings the features read. */
  private static final String HEURISTICS = "/io/kexin/gateway/detect/injection/heuristics.txt";
  private final SharedScan injection;
  private final SharedScan harm;
  private final Map<String, String> lists;
  private final Map<String, List<String>> terms;

  private Cues(Map<String, String> lists, Map<String, List<String>> terms, SharedScan injection, SharedScan harm) {
    this.lists = lists;
    this.terms = terms;
    this.injection = injection;
    this.harm = harm;
  }

  /** Returns cues from the injection heuristics and, where {@code lists} names them, the harm heuristics. */
  public static Cues of(Map<String, String> lists) {
    for (String name : requireNonNull(lists, "lists").keySet()) {
      if (!HARM_LISTS.contains(name)) {
        throw new IllegalArgumentException("harm list: " + name + " (expected: one of " + HARM_LISTS + ")");
      }
    }
    Map<String, String> ordered = new LinkedHashMap<>();
    Map<String, List<String>> terms = new LinkedHashMap<>();
    for (String name : HARM_LISTS) {
      if (lists.containsKey(name)) {
        ordered.put(name, lists.get(name));
        terms.put(name, WordList.of(Path.of(name + ".txt"), lists.get(name)).terms());
      }
    }
    SharedScan injection = SharedScan.of(InjectionDetector.of("classifier.cue", MIN_INJECTION, Set.of()));
    SharedScan harm = terms.isEmpty() ? null : SharedScan.of(harm(terms));
    return new Cues(ordered, terms, injection, harm);
  }

  /**
   * Returns these cues reading the findings of {@code injection} and {@code harm} (null: this one's own): shared
   * passes with the same settings as this one's, so the features stay the same, computed once per text with the
   * rules that read them too.
   */
  public Cues sharing(SharedScan injection, SharedScan harm) {
    if ((injection == null || injection == this.injection) && (harm == null || harm == this.harm)) {
      return this;
    }
    return new Cues(lists, terms, injection == null ? this.injection : injection, harm == null ? this.harm : harm);
  }

  /** Returns the pass of the injection heuristics the features read (reporting from {@link #MIN_INJECTION}). */
  public SharedScan injectionScan() {
    return injection;
  }

  /** Returns the pass of the harm heuristics the features read (from {@link #MIN_HARM}), or null without lists. */
  public SharedScan harmScan() {
    return harm;
  }

  /**
   * Returns the terms of the harm lists by name, in {@link #HARM_LISTS} order: a {@code harm} rule built from the
   * same terms in the same order, with window {@link #HARM_WINDOW}, finds what the features read.
   */
  public Map<String, List<String>> harmTerms() {
    return terms;
  }

  /**
   * Returns the SHA-256 of the injection heuristics of this build, in hex: a model names the one it was trained
   * with, and a model trained with others is refused at load, since its features would not be the ones it learned.
   */
  public static String heuristicsDigest() {
    try (InputStream in = Cues.class.getResourceAsStream(HEURISTICS)) {
      if (in == null) {
        throw new IllegalStateException(HEURISTICS + " is missing from the class path");
      }
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException(HEURISTICS + ": cannot read", e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
  }

  /** Returns the harm lists by name, their text as read (in {@link #HARM_LISTS} order). */
  public Map<String, String> lists() {
    return new LinkedHashMap<>(lists);
  }

  /** Returns the harm heuristics over {@code lists}, added in their order as the policy loader adds a rule's. */
  private static HarmDetector harm(Map<String, List<String>> lists) {
    HarmDetector.Builder b = HarmDetector.builder("classifier.cue").minScore(MIN_HARM).window(HARM_WINDOW);
    lists.forEach(b::list);
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
    for (Finding f : injection.findings(scan)) {
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
      for (Finding f : harm.findings(scan)) {
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
