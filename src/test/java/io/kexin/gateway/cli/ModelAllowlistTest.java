package io.kexin.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kexin.gateway.cli.CompressedUpstreamTest.Api;
import io.kexin.gateway.policy.PolicySet;
import io.kexin.gateway.policy.ShippedPolicies;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checks a tenant's model allowlist for OpenAI and Anthropic callers, with policies (the body is parsed into a tree)
 * and without (the body is only scanned): the model must be one allowed string; anything else is a 403 in the
 * caller's format that never reaches the upstream and never echoes a value that is not printable.
 */
class ModelAllowlistTest {

  static Stream<Arguments> apisAndReadings() {
    return Stream.of(Arguments.of(Api.OPENAI, false), Arguments.of(Api.OPENAI, true),
        Arguments.of(Api.ANTHROPIC, false), Arguments.of(Api.ANTHROPIC, true));
  }

  private static String body(Api api, String modelField) {
    return api == Api.OPENAI
        ? "{" + modelField + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
        : "{" + modelField + "\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  }

  private static TestGateway gateway(Api api, String upstreamUrl, boolean withPolicies) throws Exception {
    PolicySet policies = withPolicies ? ShippedPolicies.pack() : PolicySet.empty();
    String names = policies.all().stream().map(io.kexin.gateway.policy.CompiledPolicy::name)
        .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    return new TestGateway(TestGateway.config(api.provider, upstreamUrl, "", names, "[gpt-4o, claude-3-5-sonnet]"),
        policies);
  }

  private static void assertRefused(Api api, HttpResponse<String> r, String what) {
    assertThat(r.statusCode()).as(what).isEqualTo(403);
    api.assertError(r.body(), "model_not_allowed");
  }

  @ParameterizedTest
  @MethodSource("apisAndReadings")
  void aModelThatIsNotOneAllowedStringIsRefused(Api api, boolean withPolicies) throws Exception {
    List<String> fields = List.of("", "\"model\":null,", "\"model\":[\"gpt-4o\"],", "\"model\":{\"id\":\"gpt-4o\"},",
        "\"model\":42,", "\"model\":true,");
    try (ScriptedUpstream up = new ScriptedUpstream((head, b, out) -> ScriptedUpstream.json(out, 200, "{}"));
        TestGateway gateway = gateway(api, up.baseUrl(), withPolicies)) {
      for (String field : fields) {
        HttpResponse<String> r = gateway.post(api.path, body(api, field), api.auth);

        assertRefused(api, r, field);
        assertThat(r.body()).as(field).contains("model: missing or not a string");
      }
      HttpResponse<String> other = gateway.post(api.path, body(api, "\"model\":\"gpt-5\","), api.auth);

      HttpResponse<String> empty = gateway.post(api.path, body(api, "\"model\":\"\","), api.auth);

      assertRefused(api, empty, "empty");
      assertThat(empty.body()).contains("model: '' (expected: a model allowed for this key)");
      assertRefused(api, other, "gpt-5");
      assertThat(other.body()).contains("model: 'gpt-5' (expected: a model allowed for this key)");
      assertThat(up.requestHeads()).isEmpty();
    }
  }

  @ParameterizedTest
  @MethodSource("apisAndReadings")
  void aModelNameThatIsNotPrintableIsNeverEchoed(Api api, boolean withPolicies) throws Exception {
    List<String> names = List.of("gpt-4o\\u0000", "\\u001b[2Jgpt-4o", "gpt\\u200b-4o", "gpt-4o\\n", "x".repeat(65));
    try (ScriptedUpstream up = new ScriptedUpstream((head, b, out) -> ScriptedUpstream.json(out, 200, "{}"));
        TestGateway gateway = gateway(api, up.baseUrl(), withPolicies)) {
      for (String name : names) {
        HttpResponse<String> r = gateway.post(api.path, body(api, "\"model\":\"" + name + "\","), api.auth);

        assertRefused(api, r, name);
        assertThat(r.body()).as(name).contains("model: a name that is not printable or longer than 64 characters")
            .doesNotContain("gpt").doesNotContain("\\u").doesNotContain("xxxx");
        assertThat(r.body().chars().allMatch(c -> c >= 0x20 && c < 0x7f)).as(name).isTrue();
      }
      assertThat(up.requestHeads()).isEmpty();
    }
  }

  @ParameterizedTest
  @MethodSource("apisAndReadings")
  void anAllowedModelGoesThrough(Api api, boolean withPolicies) throws Exception {
    String model = api == Api.OPENAI ? "gpt-4o" : "claude-3-5-sonnet";
    try (ScriptedUpstream up = new ScriptedUpstream((head, b, out) ->
            ScriptedUpstream.json(out, 200, api.answer("fine")));
        TestGateway gateway = gateway(api, up.baseUrl(), withPolicies)) {
      HttpResponse<String> r = gateway.post(api.path, body(api, "\"model\":\"" + model + "\","), api.auth);

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("fine");
      assertThat(up.requestHeads()).hasSize(1);
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aStoredPromptWithoutAModelIsRefused(boolean withPolicies) throws Exception {
    Api api = Api.OPENAI;
    try (ScriptedUpstream up = new ScriptedUpstream((head, b, out) -> ScriptedUpstream.json(out, 200, "{}"));
        TestGateway gateway = gateway(api, up.baseUrl(), withPolicies)) {
      HttpResponse<String> stored = gateway.post("/v1/responses",
          "{\"prompt\":{\"id\":\"pmpt_abc123\",\"version\":\"2\"},\"input\":\"hi\"}", api.auth);
      HttpResponse<String> duplicate = gateway.post("/v1/responses",
          "{\"model\":\"gpt-4o\",\"model\":\"gpt-5\",\"input\":\"hi\"}", api.auth);

      assertRefused(api, stored, "stored prompt");
      assertThat(stored.body()).contains("model: missing or not a string");
      assertThat(duplicate.statusCode()).isEqualTo(400);
      assertThat(up.requestHeads()).isEmpty();
      assertThat(stored.body().getBytes(StandardCharsets.UTF_8)).hasSizeLessThan(400);
    }
  }
}
