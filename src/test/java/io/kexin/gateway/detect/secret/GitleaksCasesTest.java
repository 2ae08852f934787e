package io.kexin.gateway.detect.secret;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kexin.gateway.detect.Detector;
import io.kexin.gateway.policy.CompiledRule;
import io.kexin.gateway.policy.PolicyLoader;
import io.kexin.gateway.text.ScanText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Measures the shipped {@code secrets} pack against gitleaks' own per-rule true- and false-positive strings, read from
 * the shared data set beside the project (never copied into it).
 */
class GitleaksCasesTest {
  private static final Path CASES = Path.of("../shared/data/gitleaks-rule-cases/cases.jsonl");

  /** Maps each gitleaks rule id we support to the rules of ours that cover it. */
  private static final Map<String, List<String>> SUPPORTED = Map.ofEntries(
      Map.entry("anthropic-api-key", List.of("secret.anthropic-api-key")),
      Map.entry("anthropic-admin-api-key", List.of("secret.anthropic-admin-key")),
      Map.entry("aws-access-token", List.of("secret.aws-access-key")),
      Map.entry("azure-ad-client-secret", List.of("secret.azure-ad-client-secret")),
      Map.entry("gcp-api-key", List.of("secret.google-api-key")),
      Map.entry("github-pat", List.of("secret.github-pat")),
      Map.entry("github-oauth", List.of("secret.github-oauth-token")),
      Map.entry("github-app-token", List.of("secret.github-app-token")),
      Map.entry("github-refresh-token", List.of("secret.github-refresh-token")),
      Map.entry("github-fine-grained-pat", List.of("secret.github-fine-grained-pat")),
      Map.entry("gitlab-pat", List.of("secret.gitlab-pat")),
      Map.entry("gitlab-pat-routable", List.of("secret.gitlab-pat")),
      Map.entry("gitlab-ptt", List.of("secret.gitlab-pipeline-trigger-token")),
      Map.entry("gitlab-rrt", List.of("secret.gitlab-runner-registration-token")),
      Map.entry("gitlab-runner-authentication-token-routable", List.of("secret.gitlab-runner-token")),
      Map.entry("huggingface-access-token", List.of("secret.huggingface-token")),
      Map.entry("huggingface-organization-api-token", List.of("secret.huggingface-org-token")),
      Map.entry("jwt", List.of("secret.jwt")),
      Map.entry("private-key", List.of("secret.private-key")),
      Map.entry("slack-bot-token", List.of("secret.slack-bot-token")),
      Map.entry("slack-legacy-bot-token", List.of("secret.slack-bot-token")),
      Map.entry("slack-user-token", List.of("secret.slack-user-token")),
      Map.entry("slack-app-token", List.of("secret.slack-app-token")),
      Map.entry("slack-config-access-token", List.of("secret.slack-config-token")),
      Map.entry("slack-config-refresh-token", List.of("secret.slack-config-token")),
      Map.entry("slack-legacy-token", List.of("secret.slack-legacy-token")),
      Map.entry("slack-legacy-workspace-token", List.of("secret.slack-legacy-token")),
      Map.entry("slack-webhook-url", List.of("secret.slack-webhook-url")),
      Map.entry("stripe-access-token", List.of("secret.stripe-live-key", "secret.stripe-test-key")),
      Map.entry("perplexity-api-key", List.of("secret.perplexity-api-key")),
      Map.entry("sidekiq-sensitive-url", List.of("secret.url-password")));

  /**
   * Matches a false-positive case that is itself a well-formed, high-entropy Google API key: gitleaks suppresses those
   * by an exact-value allowlist of published keys, which this pack deliberately does not ship (it would only fit the
   * test data). They are reported, bounded, and left out of the precision figure.
   */
  private static final com.google.re2j.Pattern EXACT_VALUE_ALLOWLISTED =
      com.google.re2j.Pattern.compile("AIza[A-Za-z0-9_-]{35}");

  @Test
  void recallAndPrecisionOnGitleaksCasesOfTheSupportedRules() throws Exception {
    Assumptions.assumeTrue(Files.isRegularFile(CASES),
        "../shared/data absent: " + CASES.toAbsolutePath().normalize() + " not found, skipping the gitleaks comparison");
    Map<String, Detector> ours = new PolicyLoader().load(Path.of("policies")).get("secrets").orElseThrow().rules()
        .stream().collect(Collectors.toMap(CompiledRule::id, CompiledRule::detector));
    ObjectMapper json = new ObjectMapper();
    int truePositives = 0;
    int falsePositives = 0;
    List<String> missed = new ArrayList<>();
    List<String> wronglyFound = new ArrayList<>();
    List<String> allowlistedByValue = new ArrayList<>();
    for (String line : Files.readAllLines(CASES)) {
      JsonNode c = json.readTree(line);
      List<String> rules = SUPPORTED.get(c.get("rule_id").asText());
      if (rules == null) {
        continue;
      }
      String text = c.get("text").asText();
      boolean found = rules.stream().anyMatch(id -> !ours.get(id).scan(ScanText.of(text)).isEmpty());
      String label = c.get("rule_id").asText() + ": " + text.substring(0, Math.min(80, text.length()));
      if (c.get("label").asInt() == 1) {
        if (found) {
          truePositives++;
        } else {
          missed.add(label);
        }
      } else if (found && EXACT_VALUE_ALLOWLISTED.matcher(text).matches()) {
        allowlistedByValue.add(label);
      } else if (found) {
        falsePositives++;
        wronglyFound.add(label);
      }
    }
    double recall = (double) truePositives / (truePositives + missed.size());
    double precision = (double) truePositives / (truePositives + falsePositives);
    System.out.printf("gitleaks cases: recall %.3f (%d/%d), precision %.3f (%d false positives, plus %d well-formed"
        + " keys gitleaks allowlists by exact value)%nmissed: %s%nfalse positives: %s%n", recall, truePositives,
        truePositives + missed.size(), precision, falsePositives, allowlistedByValue.size(), missed, wronglyFound);

    assertThat(truePositives + missed.size()).isGreaterThanOrEqualTo(100);
    assertThat(recall).as("recall; missed: %s", missed).isGreaterThanOrEqualTo(0.95);
    assertThat(precision).as("precision; false positives: %s", wronglyFound).isGreaterThanOrEqualTo(0.95);
    assertThat(allowlistedByValue).hasSizeLessThanOrEqualTo(15);
  }
}
