package io.kexin.gateway.eval;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Converts {@code gitleaks-rule-cases}' {@code cases.jsonl}: a rule's true-positive string is labelled
 * {@code secret}; its false-positive string is labelled nothing, unless upstream lists it as a true positive of
 * another rule ({@code tp_for_other_rules}), which makes it a secret after all. The id keeps the gitleaks rule, the
 * kind and the line ({@code aws-access-token/tp/L12}). Caveats, kept as upstream says: labels are per rule, so a
 * false-positive string of one rule may hold a credential no rule listed; {@code path_context} (the file name some
 * rules also check) is dropped, as the gateway sees text only. The {@code gitleaks-supported} set is the same
 * conversion restricted to the cases, true and false positive, of the rules {@link GitleaksRuleMap} supports.
 * As upstream advises for a binary "contains a secret?" metric, false-positive strings were reviewed; the ones
 * that hold a well-formed credential of another rule are listed in {@link #REVIEWED} with the reason, and labelled
 * {@code secret}.
 */
final class GitleaksCases {
  static final String NAME = "gitleaks-rule-cases";
  static final String SUPPORTED_NAME = "gitleaks-supported";

  /** False-positive strings of one rule that are credentials of another, by id, with the reason. */
  static final Map<String, String> REVIEWED = Map.of("anthropic-api-key/fp/L15",
      "a well-formed Anthropic admin key (sk-ant-admin01-, 93 characters, AA): a true positive of anthropic-admin-api-key");

  private final SourceLines source = new SourceLines();

  /** Converts the set in {@code dir}. */
  List<LabelledText> convert(Path dir) {
    return convert(dir, rule -> true);
  }

  /** Converts the cases in {@code dir} of the gitleaks rules that {@code rules} supports. */
  List<LabelledText> convertSupported(Path dir, GitleaksRuleMap rules) {
    return convert(dir, rules::supports);
  }

  private List<LabelledText> convert(Path dir, Predicate<String> keep) {
    List<LabelledText> out = new ArrayList<>();
    for (SourceLines.Line l : source.read(dir.resolve("cases.jsonl"))) {
      String rule = l.string("rule_id");
      if (!keep.test(rule)) {
        continue;
      }
      String text = l.string("text");
      int label = l.integer("label");
      if (label != 0 && label != 1) {
        throw l.error("label: " + label + " (expected: 0 or 1)");
      }
      JsonNode others = l.node().path("tp_for_other_rules");
      String id = rule + "/" + (label == 1 ? "tp" : "fp") + "/L" + l.number();
      boolean secret = label == 1 || others.isArray() && !others.isEmpty() || REVIEWED.containsKey(id);
      out.add(new LabelledText(id, text, secret ? List.of("secret") : List.of()));
    }
    return out;
  }
}
