package io.kexin.gateway.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.kexin.gateway.detect.guard.MockGuard;
import io.kexin.gateway.policy.PolicyLoader;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives a guard-model rule through the proxy over real sockets with a mock guard server: an unsafe verdict refuses
 * the request before the upstream sees it, a repeated request is judged from the cache, and a slow guard makes the
 * policy's onError decide (block: the request is refused with the policy error, allow: it passes).
 */
class GuardModelProxyTest {
  @RegisterExtension
  static WireMockExtension guard = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @TempDir
  Path dir;

  private TestGateway gateway(String upstreamUrl, String onError) throws Exception {
    Files.writeString(dir.resolve("p.yaml"), MockGuard.policy("guard", onError, """
          - id: guard.llama
            detector:
              guardModel: {family: llama-guard, endpoint: '%s/v1', model: guard, timeoutMillis: 1500}
            appliesTo: {directions: [request]}
            action: block
        """.formatted(guard.baseUrl())));
    return new TestGateway(TestGateway.config("openai", upstreamUrl, "", "[guard]"), new PolicyLoader().load(dir));
  }

  private static String chat(String content) {
    return "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}";
  }

  private static ScriptedUpstream upstream(AtomicInteger calls) throws Exception {
    return new ScriptedUpstream((head, body, out) -> {
      calls.incrementAndGet();
      ScriptedUpstream.json(out, 200, "{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
          + "\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}");
    });
  }

  @Test
  void anUnsafeVerdictRefusesTheRequestAndARepeatIsJudgedFromTheCache() throws Exception {
    guard.stubFor(post("/v1/chat/completions").withRequestBody(containing("poison"))
        .willReturn(okJson(MockGuard.verdict("unsafe\\nS1"))));
    guard.stubFor(post("/v1/chat/completions").withRequestBody(containing("bread"))
        .willReturn(okJson(MockGuard.verdict("safe"))));
    AtomicInteger calls = new AtomicInteger();
    try (ScriptedUpstream up = upstream(calls); TestGateway gateway = gateway(up.baseUrl(), "block")) {
      for (int i = 0; i < 2; i++) {
        HttpResponse<String> r = gateway.post("/v1/chat/completions", chat("how to poison a neighbour"),
            "authorization", "Bearer " + TestGateway.CLIENT_KEY);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("guard.llama").doesNotContain("poison");
      }
      assertThat(gateway.post("/v1/chat/completions", chat("how to bake bread"),
          "authorization", "Bearer " + TestGateway.CLIENT_KEY).statusCode()).isEqualTo(200);
      assertThat(calls).hasValue(1);
      guard.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions")).withRequestBody(containing("poison")));
    }
  }

  @Test
  void aSlowGuardRefusesUnderOnErrorBlockAndPassesUnderOnErrorAllow() throws Exception {
    guard.stubFor(post("/v1/chat/completions").willReturn(okJson(MockGuard.verdict("safe")).withFixedDelay(4000)));
    AtomicInteger calls = new AtomicInteger();
    try (ScriptedUpstream up = upstream(calls); TestGateway gateway = gateway(up.baseUrl(), "block")) {
      HttpResponse<String> r = gateway.post("/v1/chat/completions", chat("hello there"),
          "authorization", "Bearer " + TestGateway.CLIENT_KEY);
      assertThat(r.statusCode()).isEqualTo(500);
      assertThat(r.body()).contains("policy_error").contains("guard.llama").doesNotContain("hello");
      assertThat(calls).hasValue(0);
    }
    try (ScriptedUpstream up = upstream(calls); TestGateway gateway = gateway(up.baseUrl(), "allow")) {
      assertThat(gateway.post("/v1/chat/completions", chat("hello again"),
          "authorization", "Bearer " + TestGateway.CLIENT_KEY).statusCode()).isEqualTo(200);
      assertThat(calls).hasValue(1);
    }
  }
}
