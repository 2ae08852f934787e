package io.kexin.gateway.eval;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Holds detection rates per set and language: for each scored label, the true-positive rate on the texts that carry
 * it and the false-positive rate on those that do not (a benign set has only the latter). Immutable.
 */
public record RateReport(List<Row> rows) {
  public RateReport {
    rows = List.copyOf(rows);
  }

  /** Holds one set's figures in one language for one label. */
  public record Row(String set, String language, String label, int texts, int positives, int tp, int fp) {
    public Row {
      requireNonNull(set, "set");
      requireNonNull(language, "language");
      requireNonNull(label, "label");
    }

    /** Returns TP / positives, or NaN without positives. */
    public double tpr() {
      return positives == 0 ? Double.NaN : (double) tp / positives;
    }

    /** Returns FP / negatives, or NaN without negatives. */
    public double fpr() {
      int negatives = texts - positives;
      return negatives == 0 ? Double.NaN : (double) fp / negatives;
    }
  }

  /** Scores each set of {@code sets} (name to texts), split by {@link TextLanguage}, on {@code labels}. */
  public static RateReport of(Evaluator evaluator, Map<String, List<LabelledText>> sets, Collection<String> labels) {
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<String, List<LabelledText>> set : sets.entrySet()) {
      Map<String, List<LabelledText>> byLanguage = new TreeMap<>();
      for (LabelledText t : set.getValue()) {
        byLanguage.computeIfAbsent(TextLanguage.of(t.text()), k -> new ArrayList<>()).add(t);
      }
      for (Map.Entry<String, List<LabelledText>> lang : byLanguage.entrySet()) {
        Report r = evaluator.evaluate(lang.getValue(), labels, 0);
        for (Score s : r.scores()) {
          rows.add(new Row(set.getKey(), lang.getKey(), s.label(), lang.getValue().size(), s.support(), s.tp(),
              s.fp()));
        }
      }
    }
    return new RateReport(rows);
  }

  /** Returns the rows as an aligned table. */
  public String table() {
    int width = Math.max(3, rows.stream().mapToInt(r -> r.set().length()).max().orElse(0));
    int labelWidth = Math.max(5, rows.stream().mapToInt(r -> r.label().length()).max().orElse(0));
    String row = "%-" + width + "s %-4s %-" + labelWidth + "s %6s %9s %6s %7s %6s %7s%n";
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT, row, "set", "lang", "label", "texts", "positives",
        "TP", "TPR", "FP", "FPR"));
    for (Row r : rows) {
      b.append(String.format(Locale.ROOT, row, r.set(), r.language(), r.label(), r.texts(), r.positives(), r.tp(),
          ratio(r.tpr()), r.fp(), ratio(r.fpr())));
    }
    return b.toString();
  }

  /** Returns the rows as a JSON array; undefined rates are null. */
  public ArrayNode toJson(ObjectMapper json) {
    ArrayNode a = json.createArrayNode();
    for (Row r : rows) {
      var o = a.addObject().put("set", r.set()).put("language", r.language()).put("label", r.label())
          .put("texts", r.texts()).put("positives", r.positives()).put("tp", r.tp()).put("fp", r.fp());
      if (Double.isNaN(r.tpr())) {
        o.putNull("tpr");
      } else {
        o.put("tpr", r.tpr());
      }
      if (Double.isNaN(r.fpr())) {
        o.putNull("fpr");
      } else {
        o.put("fpr", r.fpr());
      }
    }
    return a;
  }

  private static String ratio(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
  }
}
