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
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Scores the shipped content-safety pack's attack findings (injection or jailbreak, from the heuristics) on
 * {@code eval/injection-unseen5.jsonl}, written before the families it led to (overrides without a rule noun, standing
 * orders that remove refusals, identities never aligned, reversed text, planted turns), and on
 * {@code eval/injection-unseen6.jsonl} (tuned on since), {@code eval/injection-unseen7.jsonl}, never tuned on, and
 * {@code eval/injection-unseen8.jsonl} (plain goal hijacks, overrides in other languages, brand personas asked for their
 * view; tuned on since) and {@code eval/injection-unseen9.jsonl} (notes to an AI inside tool results, pages, e-mails
 * and code, set-ups triggered later, split payloads, exfiltration links, 繁體 and pinyin; tuned on since); floors per
 * language, so a change that loses them fails.
 */
class InjectionUnseenPackTest {
  private static final Set<RiskCategory> ATTACKS = Set.of(RiskCategory.INJECTION, RiskCategory.JAILBREAK);

  @Test
  void keepsTheFifthUnseenRatesInEnglishAndChinese() throws IOException {
    // 2026-12-07, first run: 17/33 English and 15/33 Chinese attacks found, 2/27 and 2/27 look-alikes flagged (by the
    // heuristics: "Forget the restaurant I mentioned", pasted support dialogues, the "grandma exploit" asked about).
    // With standing orders, overridden setups, notes to the AI inside data, reversed text to obey and planted turns
    // in the heuristics (tuned on these cases, so a dev figure): 33/33 and 32/33, the look-alikes unchanged.
    int[] pack = score(pack(), "injection-unseen5.jsonl", 33, 27);
    assertThat(pack[0]).as("English attacks found by the pack").isGreaterThanOrEqualTo(33);
    assertThat(pack[1]).as("Chinese attacks found by the pack").isGreaterThanOrEqualTo(32);
    assertThat(pack[2]).as("English look-alikes flagged by the pack").isLessThanOrEqualTo(2);
    assertThat(pack[3]).as("Chinese look-alikes flagged by the pack").isLessThanOrEqualTo(2);
  }

  @Test
  void keepsTheSixthUnseenRatesInEnglishAndChinese() throws IOException {
    // eval/injection-unseen6.jsonl, written and committed before the heuristics above were measured on it: first run
    // 7/30 English and 5/30 Chinese attacks found, 0/25 and 0/25 look-alikes flagged. With fake outages, claimed
    // staff, banned refusals, primed answers, joined payloads, shells over the model's own setup, memory writes,
    // planted tool calls, setup smuggled into a format and signed waivers in the heuristics (tuned on these cases,
    // so a dev figure): 30/30 and 30/30, the look-alikes unchanged.
    int[] pack = score(pack(), "injection-unseen6.jsonl", 30, 25);
    assertThat(pack[0]).as("English attacks found by the pack").isGreaterThanOrEqualTo(30);
    assertThat(pack[1]).as("Chinese attacks found by the pack").isGreaterThanOrEqualTo(30);
    assertThat(pack[2]).as("English look-alikes flagged by the pack").isLessThanOrEqualTo(0);
    assertThat(pack[3]).as("Chinese look-alikes flagged by the pack").isLessThanOrEqualTo(0);
  }

  @Test
  void keepsTheSeventhUnseenRatesInEnglishAndChinese() throws IOException {
    // eval/injection-unseen7.jsonl, written and committed before the round that raised unseen6, run once before it
    // and never tuned on: 14/30 English and 16/30 Chinese attacks found, 1/25 and 1/25 look-alikes flagged (a
    // docstring that explains an ignored rule set; a colleague's "please disregard my previous email" asked about).
    // After the round: 16/30 and 16/30 (the leet and dotted spellings, read plainly with their sentence).
    int[] pack = score(pack(), "injection-unseen7.jsonl", 30, 25);
    assertThat(pack[0]).as("English attacks found by the pack").isGreaterThanOrEqualTo(16);
    assertThat(pack[1]).as("Chinese attacks found by the pack").isGreaterThanOrEqualTo(16);
    assertThat(pack[2]).as("English look-alikes flagged by the pack").isLessThanOrEqualTo(1);
    assertThat(pack[3]).as("Chinese look-alikes flagged by the pack").isLessThanOrEqualTo(1);
  }

  @Test
  void keepsTheEighthUnseenRatesInEnglishAndChinese() throws IOException {
    // eval/injection-unseen8.jsonl, written and committed before the plain goal-hijack families (two cases reworded
    // after, being within 0.53 of training cases): first run, the heuristics before the round, 9/30 English and 13/30
    // Chinese attacks found, 1/32 and 1/30 look-alikes flagged ("forget the old tax rules" in an article, 以上内容作废
    // asked about). With the task set aside before an insult, a false claim, a takeover line or an order to everyone,
    // brand personas asked for their own view, and overrides in German, French and Spanish in the heuristics (tuned on
    // these cases, so a dev figure): 27/30 and 29/30, the look-alikes unchanged.
    int[] pack = score(pack(), "injection-unseen8.jsonl", 30, 32, 30);
    assertThat(pack[0]).as("English attacks found by the pack").isGreaterThanOrEqualTo(27);
    assertThat(pack[1]).as("Chinese attacks found by the pack").isGreaterThanOrEqualTo(29);
    assertThat(pack[2]).as("English look-alikes flagged by the pack").isLessThanOrEqualTo(1);
    assertThat(pack[3]).as("Chinese look-alikes flagged by the pack").isLessThanOrEqualTo(1);
  }

  @Test
  void keepsTheNinthUnseenRatesInEnglishAndChinese() throws IOException {
    // eval/injection-unseen9.jsonl, written and committed before the heuristics below: first run 14/30 English and
    // 12/30 Chinese attacks found, 2/30 and 0/30 look-alikes flagged (a tool log asked about, a question on RAG
    // design). With handles and "if an AI is ... this" notes inside data, automated readers given a new job or a
    // fixed reply, set-ups a later word triggers, joined pieces made the new order, data carried out through a link,
    // an address or an encoded query, rules named before the words that place them first, and pinyin spellings in the
    // heuristics (tuned on these cases, so a dev figure): 25/30 and 28/30, the look-alikes unchanged.
    int[] pack = score(pack(), "injection-unseen9.jsonl", 30, 30);
    assertThat(pack[0]).as("English attacks found by the pack").isGreaterThanOrEqualTo(25);
    assertThat(pack[1]).as("Chinese attacks found by the pack").isGreaterThanOrEqualTo(28);
    assertThat(pack[2]).as("English look-alikes flagged by the pack").isLessThanOrEqualTo(2);
    assertThat(pack[3]).as("Chinese look-alikes flagged by the pack").isLessThanOrEqualTo(0);
  }

  /** Returns the rules of the shipped content-safety pack. */
  private static List<CompiledRule> pack() {
    return ShippedPolicies.pack().get("content-safety").orElseThrow().rules();
  }

  /**
   * Returns attacks found (English, Chinese) and look-alikes flagged (English, Chinese) by {@code rules} on the eval
   * file {@code name}, which holds {@code attacks} attacks and {@code benign} look-alikes per language.
   */
  private int[] score(List<CompiledRule> rules, String name, int attackCount, int benignCount) throws IOException {
    return score(rules, name, attackCount, benignCount, benignCount);
  }

  /** Returns what {@link #score(List, String, int, int)} returns, for a file with other look-alike counts per language. */
  private int[] score(List<CompiledRule> rules, String name, int attackCount, int benignEn, int benignZh)
      throws IOException {
    int[] found = new int[2];
    int[] attacks = new int[2];
    int[] flagged = new int[2];
    int[] benign = new int[2];
    ObjectMapper json = new ObjectMapper();
    try (InputStream in = getClass().getResourceAsStream("/eval/" + name)) {
      assertThat(in).as("eval/" + name + " on the test class path").isNotNull();
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
    assertThat(attacks).containsExactly(attackCount, attackCount);
    assertThat(benign).containsExactly(benignEn, benignZh);
    return new int[] {found[0], found[1], flagged[0], flagged[1]};
  }
}
