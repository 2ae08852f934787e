package io.kexin.gateway.eval;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts {@code gitleaks-rule-cases}' {@code cases.jsonl}: a rule's true-positive string is labelled
 * {@code secret}; its false-positive string is labelled nothing, unless upstream lists it as a true positive of
 * another rule ({@code tp_for_other_rules}), which makes it a secret after all. The id keeps the gitleaks rule, the
 * kind and the line ({@code aws-access-token/tp/L12}). Caveats, kept as upstream says: labels are per rule, so a
 * false-positive string of one rule may hold a credential no rule listed; {@code path_context} (the file name some
 * rules also check) is dropped, as the gateway sees text only.
 */
final class GitleaksCases {
  static final String NAME = "gitleaks-rule-cases";

  private final SourceLines source = new SourceLines();

  /** Converts the set in {@code dir}. */
  List<LabelledText> convert(Path dir) {
    List<LabelledText> out = new ArrayList<>();
    for (SourceLines.Line l : source.read(dir.resolve("cases.jsonl"))) {
      String rule = l.string("rule_id");
      String text = l.string("text");
      int label = l.integer("label");
      if (label != 0 && label != 1) {
        throw l.error("label: " + label + " (expected: 0 or 1)");
      }
      JsonNode others = l.node().path("tp_for_other_rules");
      boolean secret = label == 1 || others.isArray() && !others.isEmpty();
      String id = rule + "/" + (label == 1 ? "tp" : "fp") + "/L" + l.number();
      out.add(new LabelledText(id, text, secret ? List.of("secret") : List.of()));
    }
    return out;
  }
}
