package io.kexin.gateway.detect.injection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kexin.gateway.text.ScanText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Scores the injection heuristics on cases written before the families they test and never tuned on: a floor of
 * attacks found and a ceiling of benign look-alikes flagged per language, so a change that loses generalization
 * fails. {@code injection-holdout.jsonl} was written before the goal-hijack families; {@code injection-unseen.jsonl}
 * before the override paraphrases, planted context, letter spacing and the other families of 2026-12-05, and first
 * run once against the heuristics as they were (20/61 English and 17/61 Chinese attacks found, 3 and 4 of 40 benign
 * flagged); {@code injection-unseen2.jsonl} before the identity-switch, forced-line, first-text extraction, planted
 * document, reader-addressed, planted-turn and wrapped role-play families, first run against the heuristics as they
 * were (17/65 English and 16/65 Chinese attacks found, 3 and 3 of 50 benign flagged); {@code injection-unseen3.jsonl}
 * the seven sets written during that round, each run once before the fixes that followed it (its {@code round}
 * field; first runs from 5/10 to 11/20 per language); {@code injection-unseen4.jsonl} written after the last change
 * and never tuned on (first run 5/15 English and 6/15 Chinese attacks found, 0 and 1 of 7 benign flagged).
 */
class InjectionHoldoutTest {
  private static final InjectionDetector DETECTOR = InjectionDetector.of("injection.holdout", 0.7, Set.of());

  // 2026-12-05 21:00Z: holdout 23/35 English, 23/35 Chinese, no benign flagged; unseen 55/61 and 56/61, 0 and 1 of
  // 40; unseen2 63/65 and 60/65, none of 50; unseen3 96/98 and 89/94, 2 of 68 and 1 of 46 (unseen2 and unseen3 were
  // tuned on: dev figures, the floors keep them); unseen4 5/15 and 6/15, 0 and 1 of 7 (its first and only run).
  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "injection-holdout.jsonl, 35, 35, 15, 15, 21, 21, 0, 0",
      "injection-unseen.jsonl, 61, 61, 40, 40, 53, 54, 0, 1",
      "injection-unseen2.jsonl, 65, 65, 50, 50, 61, 58, 1, 1",
      "injection-unseen3.jsonl, 98, 94, 68, 46, 94, 87, 2, 1",
      "injection-unseen4.jsonl, 15, 15, 7, 7, 5, 6, 0, 1"})
  void keepsTheHeldOutRatesInEnglishAndChinese(String file, int englishAttacks, int chineseAttacks,
      int englishBenign, int chineseBenign, int englishFloor, int chineseFloor, int englishCeiling,
      int chineseCeiling) throws IOException {
    int[] hits = new int[2];
    int[] attacks = new int[2];
    int[] flagged = new int[2];
    int[] benign = new int[2];
    ObjectMapper json = new ObjectMapper();
    try (InputStream in = getClass().getResourceAsStream("/eval/" + file)) {
      assertThat(in).as("eval/%s on the test class path", file).isNotNull();
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
    assertThat(attacks).containsExactly(englishAttacks, chineseAttacks);
    assertThat(benign).containsExactly(englishBenign, chineseBenign);
    assertThat(hits[0]).as("English attacks found").isGreaterThanOrEqualTo(englishFloor);
    assertThat(hits[1]).as("Chinese attacks found").isGreaterThanOrEqualTo(chineseFloor);
    assertThat(flagged[0]).as("English benign flagged").isLessThanOrEqualTo(englishCeiling);
    assertThat(flagged[1]).as("Chinese benign flagged").isLessThanOrEqualTo(chineseCeiling);
  }
}
