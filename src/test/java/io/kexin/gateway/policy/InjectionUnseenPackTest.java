package io.kexin.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kexin.gateway.detect.RiskCategory;
import io.kexin.gateway.text.ScanText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Scores the shipped content-safety pack's attack findings (injection or jailbreak, from the heuristics), alone and
 * with the opt-in pattern rules of {@code policies/examples/injection-patterns.yaml}, on {@code eval/injection-unseen5.jsonl}, written before the families it led to: overrides
 * without a rule noun, standing orders that remove refusals,
 * identities never aligned, reversed text, planted turns; floors per language, so a change that loses them fails.
 */
class InjectionUnseenPackTest {
  private static final Set<RiskCategory> ATTACKS = Set.of(RiskCategory.INJECTION, RiskCategory.JAILBREAK);

  @Test
  void keepsTheFifthUnseenRatesInEnglishAndChinese() throws IOException {
    List<CompiledRule> pack = new PolicyLoader().load(Path.of("policies")).get("content-safety").orElseThrow()
        .rules();
    List<CompiledRule> patterns = new PolicyLoader().load(Path.of("policies/examples")).get("injection-patterns")
        .orElseThrow().rules();
    // 2026-12-07, first run: 17/33 English and 15/33 Chinese attacks found, 2/27 and 2/27 look-alikes flagged (by the
    // heuristics: "Forget the restaurant I mentioned", pasted support dialogues, the "grandma exploit" asked about).
    // The shipped pack alone keeps at least that.
    int[] alone = score(pack);
    assertThat(alone[0]).as("English attacks found by the pack").isGreaterThanOrEqualTo(17);
    assertThat(alone[1]).as("Chinese attacks found by the pack").isGreaterThanOrEqualTo(15);
    assertThat(alone[2]).as("English look-alikes flagged by the pack").isLessThanOrEqualTo(2);
    assertThat(alone[3]).as("Chinese look-alikes flagged by the pack").isLessThanOrEqualTo(2);
    // With the opt-in pattern rules of policies/examples/injection-patterns.yaml (tuned on these cases, so a dev
    // figure): 27/33 and 27/33, 2 and 2.
    List<CompiledRule> both = new java.util.ArrayList<>(pack);
    both.addAll(patterns);
    int[] with = score(both);
    assertThat(with[0]).as("English attacks found with the patterns").isGreaterThanOrEqualTo(26);
    assertThat(with[1]).as("Chinese attacks found with the patterns").isGreaterThanOrEqualTo(26);
    assertThat(with[2]).as("English look-alikes flagged with the patterns").isLessThanOrEqualTo(2);
    assertThat(with[3]).as("Chinese look-alikes flagged with the patterns").isLessThanOrEqualTo(2);
  }

  /** Returns attacks found (English, Chinese) and look-alikes flagged (English, Chinese) by {@code rules}. */
  private int[] score(List<CompiledRule> rules) throws IOException {
    int[] found = new int[2];
    int[] attacks = new int[2];
    int[] flagged = new int[2];
    int[] benign = new int[2];
    ObjectMapper json = new ObjectMapper();
    try (InputStream in = getClass().getResourceAsStream("/eval/injection-unseen5.jsonl")) {
      assertThat(in).as("eval/injection-unseen5.jsonl on the test class path").isNotNull();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode c = json.readTree(line);
        int lang = c.get("id").asText().startsWith("zh") ? 1 : 0;
        ScanText text = ScanText.of(c.get("text").asText());
        boolean hit = rules.stream().flatMap(r -> r.detector().scan(text).stream())
            .anyMatch(f -> ATTACKS.contains(f.category()));
        if (c.get("labels").isEmpty()) {
          benign[lang]++;
          flagged[lang] += hit ? 1 : 0;
        } else {
          attacks[lang]++;
          found[lang] += hit ? 1 : 0;
        }
      }
    }
    assertThat(attacks).containsExactly(33, 33);
    assertThat(benign).containsExactly(27, 27);
    return new int[] {found[0], found[1], flagged[0], flagged[1]};
  }
}
