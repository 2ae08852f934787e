package io.kexin.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kexin.gateway.config.ConfigException;
import io.kexin.gateway.detect.guard.GuardModelDetector;
import io.kexin.gateway.text.ScanText;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Checks the guard-model detector kind in policy files: a request rule loads and makes the set block; errors. */
class GuardModelRuleTest {
  @TempDir
  Path dir;

  private PolicySet load(String rules) throws Exception {
    Files.writeString(dir.resolve("p.yaml"), """
        apiVersion: kexin.io/v1
        kind: Policy
        metadata: {name: test}
        onError: block
        rules:
        """ + rules);
    return new PolicyLoader().load(dir);
  }

  @Test
  void aRequestRuleLoadsWithItsBandAndTheSetSaysItBlocks() throws Exception {
    PolicySet set = load("""
          - id: guard.llama
            detector:
              guardModel:
                family: llama-guard
                endpoint: http://127.0.0.1:8000/v1
                model: meta-llama/Llama-Guard-3-8B
                timeoutMillis: 800
                band: {category: injection, low: 0.2, high: 0.9}
            appliesTo: {directions: [request]}
            action: block
        """);
    assertThat(set.get("test").get().rules().get(0).detector()).isInstanceOf(GuardModelDetector.class);
    assertThat(set.blocks()).isTrue();
    assertThat(ShippedPolicies.pack().blocks()).isFalse();
  }

  @Test
  void aRuleOnAnswersJudgesSentencesAndAnHttpRuleMayToo() throws Exception {
    PolicySet set = load("""
          - id: guard.answers
            detector:
              guardModel: {family: qwen3-guard, endpoint: 'http://127.0.0.1:8000/v1', model: g, maxUnit: 200}
            appliesTo: {directions: [response]}
            action: block
          - id: dlp.answers
            detector: {http: {url: 'http://127.0.0.1:8001/detect'}}
            action: block
        """);
    for (CompiledRule rule : set.get("test").get().rules()) {
      assertThat(rule.detector().blocks()).isTrue();
      assertThat(rule.detector().liveFrom(ScanText.of("One. Two"))).as(rule.id()).isEqualTo(4);
    }
    assertThat(set.get("test").get().rules().get(0).detector().maxMatchLength()).isEqualTo(200);
    assertThat(set.get("test").get().rules().get(1).detector().maxMatchLength()).isEqualTo(512);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      whole answers  | family: llama-guard, endpoint: 'http://h/v1', model: m, unit: text              | | applies to responses but judges the whole text
      unknown family | family: llama, endpoint: 'http://h/v1', model: m                                | appliesTo: {directions: [request]} | family: llama (expected: llama-guard, qwen3-guard, shieldgemma or openai-moderation)
      no endpoint    | family: llama-guard, model: m                                                   | appliesTo: {directions: [request]} | family and endpoint are required
      missing key    | family: llama-guard, endpoint: 'http://h/v1', model: m, apiKeyEnv: KX_NO_SUCH_ENV_VAR | appliesTo: {directions: [request]} | environment variable KX_NO_SUCH_ENV_VAR is not set
      bad band       | family: llama-guard, endpoint: 'http://h/v1', model: m, band: {category: injection, low: 0.9, high: 0.2} | appliesTo: {directions: [request]} | band: [0.9, 0.2)
      """)
  void errorsNameTheRule(String name, String spec, String applies, String message) throws Exception {
    String rules = "  - id: guard.x\n    detector: {guardModel: {" + spec + "}}\n"
        + (applies == null ? "" : "    " + applies + "\n") + "    action: block\n";
    assertThatThrownBy(() -> load(rules)).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(dir.resolve("p.yaml") + ":7:").hasMessageContaining(message);
  }
}
