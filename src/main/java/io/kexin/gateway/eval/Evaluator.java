package io.kexin.gateway.eval;

import static java.util.Objects.requireNonNull;

import io.kexin.gateway.detect.RiskCategory;
import io.kexin.gateway.inspect.Hit;
import io.kexin.gateway.inspect.Outcome;
import io.kexin.gateway.inspect.TextScanner;
import io.kexin.gateway.policy.Direction;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Runs the policies over labelled texts and scores them per label, at text level: a label is predicted for a text
 * when any hit (enforced or monitored) maps to it (see {@link #labels}); a text labelled {@code injection} or
 * {@code jailbreak} is also gold for {@value #ATTACK}. Only the scored labels count; other predictions are ignored.
 * Thread-safe if the scanner is.
 */
public final class Evaluator {
  /** Scores injection and jailbreak together: gold for either, predicted for a finding of either. */
  public static final String ATTACK = "attack";
  /** Code points of text shown in a miss. */
  static final int PREVIEW_LENGTH = 100;

  private final TextScanner scanner;
  private final Direction direction;
  private final String policy;

  /** Creates an evaluator that scans in {@code direction} with one policy, or all when {@code policy} is null. */
  public Evaluator(TextScanner scanner, Direction direction, String policy) {
    this.scanner = requireNonNull(scanner, "scanner");
    this.direction = requireNonNull(direction, "direction");
    this.policy = policy;
  }

  /**
   * Scores {@code texts} on {@code labels}, or on every gold label of the texts when {@code labels} is empty, and
   * keeps up to {@code misses} missed texts per label and kind (FN, FP).
   */
  public Report evaluate(List<LabelledText> texts, Collection<String> labels, int misses) {
    if (misses < 0) {
      throw new IllegalArgumentException("misses: " + misses + " (expected: >= 0)");
    }
    SortedSet<String> universe = new TreeSet<>(labels);
    if (universe.isEmpty()) {
      texts.forEach(t -> universe.addAll(t.labels()));
    }
    Map<String, int[]> counts = new LinkedHashMap<>();
    Map<String, List<Miss>> fns = new LinkedHashMap<>();
    Map<String, List<Miss>> fps = new LinkedHashMap<>();
    for (String label : universe) {
      counts.put(label, new int[3]);
      fns.put(label, new ArrayList<>());
      fps.put(label, new ArrayList<>());
    }
    int detectorErrors = 0;
    for (LabelledText t : texts) {
      Outcome outcome = scanner.scan(t.text(), direction, policy).outcome();
      if (!outcome.errors().isEmpty()) {
        detectorErrors++;
      }
      SortedSet<String> predicted = new TreeSet<>();
      for (Hit h : outcome.hits()) {
        for (String label : labels(h)) {
          if (universe.contains(label)) {
            predicted.add(label);
          }
        }
      }
      SortedSet<String> expected = new TreeSet<>(t.labels());
      if (expected.contains(RiskCategory.Group.INJECTION.label())
          || expected.contains(RiskCategory.Group.JAILBREAK.label())) {
        expected.add(ATTACK);
      }
      expected.retainAll(universe);
      for (String label : universe) {
        boolean gold = expected.contains(label);
        boolean pred = predicted.contains(label);
        int[] c = counts.get(label);
        if (gold && pred) {
          c[0]++;
        } else if (pred) {
          c[1]++;
          keep(fps.get(label), misses, label, Miss.Kind.FP, t, expected, predicted);
        } else if (gold) {
          c[2]++;
          keep(fns.get(label), misses, label, Miss.Kind.FN, t, expected, predicted);
        }
      }
    }
    List<Score> scores = new ArrayList<>();
    Score micro = new Score("(micro)", 0, 0, 0);
    List<Miss> all = new ArrayList<>();
    for (String label : universe) {
      int[] c = counts.get(label);
      Score s = new Score(label, c[0], c[1], c[2]);
      scores.add(s);
      micro = micro.plus(s, micro.label());
      all.addAll(fns.get(label));
      all.addAll(fps.get(label));
    }
    return new Report(texts.size(), scores, micro, all, misses, detectorErrors);
  }

  private static void keep(List<Miss> list, int max, String label, Miss.Kind kind, LabelledText t,
      Set<String> expected, Set<String> predicted) {
    if (list.size() < max) {
      list.add(new Miss(label, kind, t.id(), List.copyOf(expected), List.copyOf(predicted),
          MaskedPreview.of(t.text(), PREVIEW_LENGTH)));
    }
  }

  /**
   * Returns the labels a hit counts as: {@link #label}, and for a finding with a risk category its class
   * ({@code injection}, {@code jailbreak}, {@code harmful-request}, {@code offensive}) and {@value #ATTACK} for the
   * first two.
   */
  static List<String> labels(Hit h) {
    String label = label(h.rule().id(), h.finding().entity());
    RiskCategory c = h.finding().category();
    if (c == null) {
      return List.of(label);
    }
    String group = c.group().label();
    return c.group() == RiskCategory.Group.INJECTION || c.group() == RiskCategory.Group.JAILBREAK
        ? List.of(label, group, ATTACK) : List.of(label, group);
  }

  /**
   * Returns the label a rule's finding counts as: {@code secret} for the {@code secret} family, {@code pii:ENTITY}
   * for {@code pii}, and {@code family:ENTITY} for any other family (the family is the rule id up to its first dot).
   */
  public static String label(String ruleId, String entity) {
    int dot = ruleId.indexOf('.');
    String family = dot < 0 ? ruleId : ruleId.substring(0, dot);
    return family.equals("secret") ? "secret" : family + ":" + entity;
  }
}
