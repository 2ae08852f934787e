package io.kexin.gateway.eval;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps each gitleaks rule id that the shipped {@code secrets} pack supports to the ids of the rules of ours that
 * cover it; the one list read by the {@code gitleaks-supported} eval set and by the gitleaks comparison test.
 * Immutable and thread-safe.
 */
public final class GitleaksRuleMap {
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

  /** Returns the gitleaks rule ids the pack supports. */
  public Set<String> gitleaksRules() {
    return SUPPORTED.keySet();
  }

  /** Returns whether the pack supports the gitleaks rule {@code gitleaksRule}. */
  public boolean supports(String gitleaksRule) {
    return SUPPORTED.containsKey(requireNonNull(gitleaksRule, "gitleaksRule"));
  }

  /** Returns the ids of our rules that cover {@code gitleaksRule}, empty when the pack does not support it. */
  public List<String> ours(String gitleaksRule) {
    return SUPPORTED.getOrDefault(requireNonNull(gitleaksRule, "gitleaksRule"), List.of());
  }
}
