package io.kexin.gateway.eval;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Holds the micro-averaged score of each group of texts, a group being a text's id up to its last {@code /}
 * ({@code cred/aliyun/3} is in {@code cred/aliyun}): per-provider or per-family recall next to its false positives.
 */
public record GroupScores(List<Score> groups) {
  public GroupScores {
    groups = List.copyOf(groups);
  }

  /**
   * Scores each group of {@code texts} with {@code evaluator} on {@code labels}, or on every gold label of all the
   * texts when {@code labels} is empty, in the order groups first appear.
   */
  public static GroupScores of(Evaluator evaluator, List<LabelledText> texts, Collection<String> labels) {
    requireNonNull(evaluator, "evaluator");
    SortedSet<String> universe = new TreeSet<>(labels);
    if (universe.isEmpty()) {
      texts.forEach(t -> universe.addAll(t.labels()));
    }
    Map<String, List<LabelledText>> byGroup = new LinkedHashMap<>();
    for (LabelledText t : texts) {
      byGroup.computeIfAbsent(group(t.id()), g -> new ArrayList<>()).add(t);
    }
    List<Score> scores = new ArrayList<>();
    byGroup.forEach((group, members) -> {
      Score micro = evaluator.evaluate(members, universe, 0).micro();
      scores.add(new Score(group, micro.tp(), micro.fp(), micro.fn()));
    });
    return new GroupScores(scores);
  }

  /** Returns the group of a text id: the id up to its last {@code /}, or the whole id when it has none. */
  static String group(String id) {
    int slash = id.lastIndexOf('/');
    return slash <= 0 ? id : id.substring(0, slash);
  }

  /** Returns the scores as an aligned text table. */
  public String table() {
    int width = Math.max(8, groups.stream().mapToInt(s -> s.label().length()).max().orElse(0));
    String row = "%-" + width + "s %6s %6s %6s %9s %7s%n";
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT, row, "group", "TP", "FP", "FN", "precision",
        "recall"));
    for (Score s : groups) {
      b.append(String.format(Locale.ROOT, row, s.label(), s.tp(), s.fp(), s.fn(), ratio(s.precision()),
          ratio(s.recall())));
    }
    return b.toString();
  }

  private static String ratio(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
  }
}
