package io.kexin.gateway.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.kexin.gateway.config.ConfigException;
import io.kexin.gateway.config.GatewayConfig;
import io.kexin.gateway.policy.CompiledPolicy;
import io.kexin.gateway.policy.PolicySet;
import io.kexin.gateway.policy.ShippedPolicies;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs a gateway whose audit sink is a file: each decision of a real exchange is one JSON line there, written by the
 * time the gateway has closed, naming the request and the rules but never the values.
 */
class AuditSinkTest {
  @RegisterExtension
  static WireMockExtension upstream = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String AUTH = "Bearer " + TestGateway.CLIENT_KEY;

  @TempDir
  Path dir;

  private static GatewayConfig config(String extraYaml, PolicySet policies) {
    String names = policies.all().stream().map(CompiledPolicy::name).collect(Collectors.joining(", ", "[", "]"));
    return TestGateway.config("openai", upstream.baseUrl(), extraYaml, names);
  }

  @Test
  void eachDecisionIsAJsonLineInTheFileByTheTimeTheGatewayClosed() throws Exception {
    upstream.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
        .withHeader("content-type", "application/json").withBody("""
            {"id":"c1","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant",
            "content":"好的，回电 <PHONE_CN_1>。"},"finish_reason":"stop"}]}""")));
    Path file = dir.resolve("audit.jsonl");
    PolicySet policies = ShippedPolicies.pack();
    HttpResponse<String> r;
    String requestId;
    TestGateway gateway = new TestGateway(config("audit: {sink: file, path: '" + file + "', queue: 64}", policies),
        policies);
    try {
      r = gateway.post("/v1/chat/completions", """
          {"model":"gpt-4o","messages":[{"role":"user","content":"请回电 13800138000, or mail zhang.wei@example.cn"}]}""",
          "authorization", AUTH, "x-request-id", "audit-e2e-1");
      requestId = r.headers().firstValue("x-request-id").orElseThrow();
    } finally {
      gateway.close();
    }

    assertThat(r.statusCode()).isEqualTo(200);
    String text = Files.readString(file, StandardCharsets.UTF_8);
    List<String> lines = text.lines().toList();
    assertThat(lines).isNotEmpty();
    JsonNode request = JSON.readTree(lines.get(0));
    assertThat(request.get("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    assertThat(request.get("event").asText()).isEqualTo("decision");
    assertThat(request.get("requestId").asText()).isEqualTo(requestId);
    assertThat(request.get("route").asText()).isEqualTo("main");
    assertThat(request.get("tenant").asText()).isEqualTo("team-a");
    assertThat(request.get("direction").asText()).isEqualTo("request");
    assertThat(request.get("findings").findValuesAsText("entity")).contains("PHONE_CN", "EMAIL");
    assertThat(text).doesNotContain("13800138000", "zhang.wei", "example.cn", "回电");
    assertThat(new String(gateway.runtime.metrics().scrape(), StandardCharsets.UTF_8))
        .contains("kexin_audit_lines_total " + lines.size() + ".0");
  }

  @Test
  void anAuditFileThatCannotBeOpenedStopsStartup() {
    GatewayConfig config = config("audit: {sink: file, path: '" + dir + "'}", PolicySet.empty());

    assertThatThrownBy(() -> new GatewayRuntime(config, PolicySet.empty(), 1, false, "test"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("audit.path: " + dir + ": cannot open for appending");
  }
}
