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
import org.junit.jupiter.api.Test;

/**
 * Scores the shipped content-safety pack's harmful-request rules on our own cases written before the harm detector
 * ({@code eval/harmful-unseen.jsonl}: eight categories, English and Chinese, with safe look-alikes): floors per
 * language, so a change that loses generalization or refuses more safe questions fails.
 */
class HarmfulUnseenTest {
  @Test
  void keepsTheUnseenRatesInEnglishAndChinese() throws IOException {
    List<CompiledRule> rules = new PolicyLoader().load(Path.of("policies")).get("content-safety").orElseThrow()
        .rules();
    int[] found = new int[2];
    int[] harmful = new int[2];
    int[] flagged = new int[2];
    int[] safe = new int[2];
    ObjectMapper json = new ObjectMapper();
    try (InputStream in = getClass().getResourceAsStream("/eval/harmful-unseen.jsonl")) {
      assertThat(in).as("eval/harmful-unseen.jsonl on the test class path").isNotNull();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode c = json.readTree(line);
        int lang = c.get("id").asText().startsWith("zh/") ? 1 : 0;
        ScanText text = ScanText.of(c.get("text").asText());
        boolean hit = rules.stream().flatMap(r -> r.detector().scan(text).stream())
            .anyMatch(f -> f.category() != null && f.category().group() == RiskCategory.Group.HARMFUL_REQUEST);
        if (c.get("labels").isEmpty()) {
          safe[lang]++;
          flagged[lang] += hit ? 1 : 0;
        } else {
          harmful[lang]++;
          found[lang] += hit ? 1 : 0;
        }
      }
    }
    assertThat(harmful).containsExactly(64, 64);
    assertThat(safe).containsExactly(60, 60);
    // 2026-12-05: before the harm detector 8/64 English and 6/64 Chinese found, no safe case flagged; with it
    // (its first run on these cases) 50/64 and 59/64 found, 4/60 and 7/60 safe look-alikes flagged.
    assertThat(found[0]).as("English harmful requests found").isGreaterThanOrEqualTo(48);
    assertThat(found[1]).as("Chinese harmful requests found").isGreaterThanOrEqualTo(57);
    assertThat(flagged[0]).as("English safe look-alikes flagged").isLessThanOrEqualTo(5);
    assertThat(flagged[1]).as("Chinese safe look-alikes flagged").isLessThanOrEqualTo(8);
  }
}
