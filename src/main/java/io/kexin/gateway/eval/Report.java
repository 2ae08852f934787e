package io.kexin.gateway.eval;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/**
 * Holds an evaluation's result: the number of texts, one score per scored label, their micro-average, the kept
 * misses (masked previews only), how many misses were kept per label and kind, and how many texts had a detector
 * fail.
 */
public record Report(int texts, List<Score> scores, Score micro, List<Miss> misses, int missesPerLabel,
    int detectorErrors) {
  public Report {
    scores = List.copyOf(scores);
    requireNonNull(micro, "micro");
    misses = List.copyOf(misses);
  }

  /** Returns the report as an aligned text table followed by the misses. */
  public String table() {
    int width = Math.max(8, scores.stream().mapToInt(s -> s.label().length()).max().orElse(0));
    StringBuilder b = new StringBuilder();
    String row = "%-" + width + "s %6s %6s %6s %9s %7s %6s %8s%n";
    b.append(String.format(Locale.ROOT, row, "label", "TP", "FP", "FN", "precision", "recall", "F1", "support"));
    for (Score s : scores) {
      b.append(format(row, s));
    }
    if (scores.size() > 1) {
      b.append(format(row, micro));
    }
    b.append(String.format(Locale.ROOT, "texts: %d, scored labels: %d%s%n", texts, scores.size(),
        detectorErrors == 0 ? "" : ", texts with a failed detector: " + detectorErrors));
    if (!misses.isEmpty()) {
      b.append(String.format(Locale.ROOT, "misses (up to %d per label and kind; text masked):%n", missesPerLabel));
      for (Miss m : misses) {
        b.append(String.format(Locale.ROOT, "  %-" + width + "s %s %s expected=%s predicted=%s%n      %s%n",
            m.label(), m.kind(), m.id(), m.expected(), m.predicted(), m.preview()));
      }
    }
    return b.toString();
  }

  private static String format(String row, Score s) {
    return String.format(Locale.ROOT, row, s.label(), s.tp(), s.fp(), s.fn(), ratio(s.precision()),
        ratio(s.recall()), ratio(s.f1()), s.support());
  }

  private static String ratio(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
  }

  /** Returns the report as JSON; undefined ratios are {@code null}. */
  public ObjectNode toJson(ObjectMapper json) {
    ObjectNode o = json.createObjectNode();
    o.put("texts", texts);
    o.put("detectorErrors", detectorErrors);
    ArrayNode labels = o.putArray("labels");
    scores.forEach(s -> labels.add(score(json, s)));
    o.set("micro", score(json, micro));
    ArrayNode list = o.putArray("misses");
    for (Miss m : misses) {
      ObjectNode n = list.addObject().put("label", m.label()).put("kind", m.kind().name()).put("id", m.id());
      ArrayNode expected = n.putArray("expected");
      m.expected().forEach(expected::add);
      ArrayNode predicted = n.putArray("predicted");
      m.predicted().forEach(predicted::add);
      n.put("preview", m.preview());
    }
    return o;
  }

  private static ObjectNode score(ObjectMapper json, Score s) {
    ObjectNode o = json.createObjectNode().put("label", s.label()).put("tp", s.tp()).put("fp", s.fp())
        .put("fn", s.fn());
    ratio(o, "precision", s.precision());
    ratio(o, "recall", s.recall());
    ratio(o, "f1", s.f1());
    return o.put("support", s.support());
  }

  private static void ratio(ObjectNode o, String name, double v) {
    if (Double.isNaN(v)) {
      o.putNull(name);
    } else {
      o.put(name, v);
    }
  }
}
