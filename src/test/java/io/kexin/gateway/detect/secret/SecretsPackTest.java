package io.kexin.gateway.detect.secret;

import static org.assertj.core.api.Assertions.assertThat;

import io.kexin.gateway.policy.CompiledPolicy;
import io.kexin.gateway.policy.CompiledRule;
import io.kexin.gateway.policy.PolicySet;
import io.kexin.gateway.policy.ShippedPolicies;
import io.kexin.gateway.text.ScanText;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SecretsPackTest {
  private static CompiledPolicy secrets;

  /** Loads the shipped pack, which checks every rule's examples. */
  @BeforeAll
  static void load() {
    PolicySet set = ShippedPolicies.pack();
    secrets = set.get("secrets").orElseThrow();
  }

  @Test
  void theSecretsPackLoadsWithAtLeastFortyRules() {
    assertThat(secrets.rules()).hasSizeGreaterThanOrEqualTo(40);
    assertThat(secrets.rules()).allSatisfy(r -> {
      assertThat(r.id()).startsWith("secret.");
      assertThat(r.entity()).isEqualTo("SECRET");
      assertThat(r.detector()).isInstanceOf(SecretDetector.class);
      assertThat(r.message()).isNotBlank();
    });
  }

  @Test
  void everyRuleHasABoundedMatchLengthForStreaming() {
    assertThat(secrets.rules()).allSatisfy(r -> assertThat(r.detector().maxMatchLength())
        .as(r.id()).isLessThanOrEqualTo(4_000));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      openai project key       | OPENAI_API_KEY=sk-proj-Rk3vLq9ZmT2xW8nB5cY7dF1gH4jK6pQsA0uE3iO9tV2wX5zN8mL1bC4dG7hJ0kS3 | secret.openai-project-key
      aliyun id, Chinese       | 我的阿里云 AccessKey 是 LTAI5tQ8mZrW3xK9vB2nC7dF，帮我写个脚本 | secret.alibaba-access-key-id
      deepseek, Chinese        | 这是 DeepSeek 的 key：sk-3f9a1c7e5b2d4068a9c1e7f3b5d20a64 | secret.deepseek-api-key
      deepseek, Chinese        | 这是 DeepSeek 的 key：sk-3f9a1c7e5b2d4068a9c1e7f3b5d20a64 | secret.openai-compatible-key
      zhipu, Chinese           | 智谱 GLM 的 API Key 是 3f9a1c7e5b2d4068a9c1e7f3b5d20a64.Qm7TzK2pXw9LrB4v | secret.zhipu-api-key
      url password             | 连接串 mysql://root:Xk9#mQ2vLp7z@10.1.2.3:3306/shop 连不上 | secret.url-password
      twilio pair, English     | const client = require('twilio')('AC3e8b1f0d7c2a9e4b6f5d1c0a8e7b3f92', '2d9f4a7c1e8b3f6a0d5c9e2b7f1a4c83'); | secret.twilio-auth-token
      twilio pair, Chinese     | 短信服务初始化：twilio('AC3e8b1f0d7c2a9e4b6f5d1c0a8e7b3f92', '2d9f4a7c1e8b3f6a0d5c9e2b7f1a4c83') 别提交 | secret.twilio-auth-token
      mailgun, English         | mailgun auth=("api", "key-6c2e9a4f1b7d3e8a0f5c2b9d7e1a4f3c") | secret.mailgun-api-key
      mailgun, Chinese         | 这是 Mailgun 的私钥 key-6c2e9a4f1b7d3e8a0f5c2b9d7e1a4f3c，发信用 | secret.mailgun-api-key
      """)
  void theShippedRulesFindSecretsInProse(String name, String text, String ruleId) {
    CompiledRule rule = secrets.rules().stream().filter(r -> r.id().equals(ruleId)).findFirst().orElseThrow();
    assertThat(rule.detector().scan(ScanText.of(text))).as(name).isNotEmpty()
        .allSatisfy(f -> assertThat(f.explanation()).doesNotContain(text.substring(f.start(), f.end())));
  }

  @Test
  void publicSampleGoogleKeysPassWhileOtherGoogleKeysAreFound() {
    CompiledRule rule = secrets.rules().stream().filter(r -> r.id().equals("secret.google-api-key")).findFirst()
        .orElseThrow();
    String sample = "Firebase 示例配置 apiKey: \"AIzaSyAnLA7NfeLquW1tJFpx_eQCxoX-oo6YyIs\"";
    String real = "Firebase 配置 apiKey: \"AIzaSyC3kQ9vXw2LmT7pR4nB8zY1hJ6dF0sG5aE\"";

    assertThat(rule.allow()).hasSizeGreaterThanOrEqualTo(10);
    assertThat(rule.detector().scan(ScanText.of(sample))).singleElement()
        .satisfies(f -> assertThat(rule.allows(sample, f)).isTrue());
    assertThat(rule.detector().scan(ScanText.of(real))).singleElement()
        .satisfies(f -> assertThat(rule.allows(real, f)).isFalse());
  }

  @Test
  void ruleIdsAreUniqueAndTheDefaultPolicyKeepsItsPrivateKeyRule() {
    List<String> ids = secrets.rules().stream().map(CompiledRule::id).collect(Collectors.toList());
    assertThat(ids).doesNotHaveDuplicates().doesNotContain("secret.private-key-block").contains("secret.private-key");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "kind: ExternalSecret\nspec:\n  data:\n    - secretKey: anthropic\n      remoteRef: {key: prod/llm}",
      "密钥名称 secret_name: deepseek，存放在 Vault 的 prod/llm 路径下"})
  void aProvidersNameFilingASecretIsNoSecret(String text) {
    assertThat(secrets.rules()).allSatisfy(r -> assertThat(r.detector().scan(ScanText.of(text))).as(r.id()).isEmpty());
  }
}
