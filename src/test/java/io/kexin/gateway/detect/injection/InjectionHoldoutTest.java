package io.kexin.gateway.detect.injection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kexin.gateway.text.ScanText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Scores the injection heuristics on cases written before the goal-hijack families and never tuned on
 * ({@code eval/injection-holdout.jsonl}): a floor per language, so a change that loses generalization fails.
 */
class InjectionHoldoutTest {
  private static final InjectionDetector DETECTOR = InjectionDetector.of("injection.holdout", 0.7, Set.of());

  @Test
  void keepsTheHeldOutRatesInEnglishAndChinese() throws IOException {
    int[] hits = new int[2];
    int[] attacks = new int[2];
    int[] flagged = new int[2];
    int[] benign = new int[2];
    ObjectMapper json = new ObjectMapper();
    try (InputStream in = getClass().getResourceAsStream("/eval/injection-holdout.jsonl")) {
      assertThat(in).as("eval/injection-holdout.jsonl on the test class path").isNotNull();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode c = json.readTree(line);
        int lang = c.get("id").asText().startsWith("zh/") ? 1 : 0;
        boolean found = !DETECTOR.scan(ScanText.of(c.get("text").asText())).isEmpty();
        if (c.get("labels").isEmpty()) {
          benign[lang]++;
          flagged[lang] += found ? 1 : 0;
        } else {
          attacks[lang]++;
          hits[lang] += found ? 1 : 0;
        }
      }
    }
    assertThat(attacks).containsExactly(35, 35);
    assertThat(benign).containsExactly(15, 15);
    // 2026-12-05: 17/35 English, 19/35 Chinese (6 and 4 before the goal-hijack families); 1 of 15 benign each.
    assertThat(hits[0]).as("English attacks found").isGreaterThanOrEqualTo(16);
    assertThat(hits[1]).as("Chinese attacks found").isGreaterThanOrEqualTo(18);
    assertThat(flagged[0]).as("English benign flagged").isLessThanOrEqualTo(1);
    assertThat(flagged[1]).as("Chinese benign flagged").isLessThanOrEqualTo(1);
  }
}
