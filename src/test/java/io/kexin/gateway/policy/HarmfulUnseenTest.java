package io.kexin.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kexin.gateway.detect.RiskCategory;
import io.kexin.gateway.text.ScanText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Scores the shipped content-safety pack's harmful-request rules on our own cases: {@code eval/harmful-unseen.jsonl}
 * (written before the harm detector) and {@code eval/harmful-unseen2.jsonl} (written before its second round: bare
 * imperatives, first-person self-harm, stories, slang and homophones, intent and object in different sentences),
 * and {@code eval/harmful-unseen3.jsonl} (written before the third round: questions, imperatives and fiction framings),
 * eight categories each, English and Chinese, with safe look-alikes: floors per language, so a change that loses
 * generalization or refuses more safe questions fails.
 */
class HarmfulUnseenTest {
  /** Holds, per language (English, Chinese), the harmful cases found and the safe ones flagged. */
  private record Rates(int[] found, int[] harmful, int[] flagged, int[] safe) {
  }

  /** Returns the rates of the shipped pack's harmful-request findings on the labelled cases of {@code resource}. */
  private static Rates score(String resource) throws IOException {
    List<CompiledRule> rules = ShippedPolicies.pack().get("content-safety").orElseThrow()
        .rules();
    int[] found = new int[2];
    int[] harmful = new int[2];
    int[] flagged = new int[2];
    int[] safe = new int[2];
    ObjectMapper json = new ObjectMapper();
    try (InputStream in = HarmfulUnseenTest.class.getResourceAsStream(resource)) {
      assertThat(in).as(resource + " on the test class path").isNotNull();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode c = json.readTree(line);
        int lang = c.get("id").asText().startsWith("zh") ? 1 : 0;
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
    return new Rates(found, harmful, flagged, safe);
  }

  @Test
  void keepsTheUnseenRatesInEnglishAndChinese() throws IOException {
    Rates r = score("/eval/harmful-unseen.jsonl");
    int[] found = r.found();
    int[] flagged = r.flagged();
    assertThat(r.harmful()).containsExactly(64, 64);
    assertThat(r.safe()).containsExactly(60, 60);
    // 2026-12-05: before the harm detector 8/64 English and 6/64 Chinese found, no safe case flagged; with it
    // (its first run on these cases) 50/64 and 59/64 found, 4/60 and 7/60 safe look-alikes flagged; after its second
    // round 54/64 and 59/64, 3/60 and 7/60.
    assertThat(found[0]).as("English harmful requests found").isGreaterThanOrEqualTo(52);
    assertThat(found[1]).as("Chinese harmful requests found").isGreaterThanOrEqualTo(57);
    assertThat(flagged[0]).as("English safe look-alikes flagged").isLessThanOrEqualTo(4);
    assertThat(flagged[1]).as("Chinese safe look-alikes flagged").isLessThanOrEqualTo(8);
  }

  @Test
  void keepsTheSecondUnseenRatesInEnglishAndChinese() throws IOException {
    Rates r = score("/eval/harmful-unseen2.jsonl");
    assertThat(r.harmful()).containsExactly(48, 48);
    assertThat(r.safe()).containsExactly(52, 52);
    // 2026-12-05, first run (20:20Z, before the second round): 8/48 English and 17/48 Chinese found, 4/52 and 9/52
    // safe look-alikes flagged; after the second round (tuned on these cases, so a dev figure): 39/48 and 45/48,
    // 1/52 and 0/52.
    assertThat(r.found()[0]).as("English harmful requests found").isGreaterThanOrEqualTo(37);
    assertThat(r.found()[1]).as("Chinese harmful requests found").isGreaterThanOrEqualTo(43);
    assertThat(r.flagged()[0]).as("English safe look-alikes flagged").isLessThanOrEqualTo(2);
    assertThat(r.flagged()[1]).as("Chinese safe look-alikes flagged").isLessThanOrEqualTo(2);
  }

  @Test
  void keepsTheThirdUnseenRatesInEnglishAndChinese() throws IOException {
    Rates r = score("/eval/harmful-unseen3.jsonl");
    assertThat(r.harmful()).containsExactly(27, 29);
    assertThat(r.safe()).containsExactly(22, 22);
    // 2026-12-07, first run (before the third round): 8/27 English and 18/29 Chinese found, 1/22 and 0/22 safe
    // look-alikes flagged; after the third round
    // (tuned on these cases, so a dev figure): 20/27 and 27/29, 1/22 and 0/22.
    assertThat(r.found()[0]).as("English harmful requests found").isGreaterThanOrEqualTo(19);
    assertThat(r.found()[1]).as("Chinese harmful requests found").isGreaterThanOrEqualTo(26);
    assertThat(r.flagged()[0]).as("English safe look-alikes flagged").isLessThanOrEqualTo(1);
    assertThat(r.flagged()[1]).as("Chinese safe look-alikes flagged").isLessThanOrEqualTo(0);
  }
}
