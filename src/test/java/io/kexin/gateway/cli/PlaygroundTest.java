package io.kexin.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Checks the admin playground's endpoints over real sockets: the page, inspections of each input form, decisions. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlaygroundTest {
  private final ObjectMapper json = new ObjectMapper();
  private ScriptedUpstream upstream;
  private TestGateway gateway;

  @BeforeAll
  void start() throws Exception {
    upstream = new ScriptedUpstream((head, body, out) -> ScriptedUpstream.json(out, 200, "{\"id\":\"c\",\"object\":"
        + "\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},"
        + "\"finish_reason\":\"stop\"}]}"));
    gateway = TestGateway.withShippedPolicy("openai", upstream.baseUrl());
  }

  @AfterAll
  void stop() throws Exception {
    gateway.close();
    upstream.close();
  }

  @Test
  void servesTheSelfContainedPage() throws Exception {
    HttpResponse<String> page = gateway.get(gateway.adminUrl("/playground"));

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
    assertThat(page.headers().firstValue("content-security-policy").orElseThrow())
        .contains("default-src 'none'", "connect-src 'self'");
    assertThat(page.body()).contains("Kexin policy playground").doesNotContain("http://", "https://");
    assertThat(gateway.get(gateway.adminUrl("/playground/inspect")).statusCode()).isEqualTo(405);
    assertThat(gateway.get(gateway.adminUrl("/playground/nope")).statusCode()).isEqualTo(404);
  }

  @Test
  void inspectsChineseTextWithFindingsOutputAndTheDecidingRule() throws Exception {
    JsonNode r = inspect("{\"input\":\"我的手机号是 13800138000，凤凰计划\",\"policies\":[\"default\",\"pii\"]}");

    assertThat(r.path("shape").asText()).isEqualTo("text");
    JsonNode segment = r.at("/segments/0");
    assertThat(segment.path("output").asText()).isEqualTo("我的手机号是 <PHONE_CN_1>，[REDACTED:CODENAME]");
    assertThat(segment.path("findings").findValuesAsText("rule"))
        .containsExactlyInAnyOrder("pii.phone-cn", "keyword.project-codenames");
    JsonNode phone = segment.path("findings").get(segment.path("findings").findValuesAsText("rule")
        .indexOf("pii.phone-cn"));
    assertThat(segment.path("text").asText().substring(phone.path("start").asInt(), phone.path("end").asInt()))
        .isEqualTo("13800138000");
    assertThat(r.at("/decision/action").asText()).isEqualTo("redact");
    assertThat(r.at("/decision/rule").asText()).isEqualTo("keyword.project-codenames");
    assertThat(r.at("/decision/precedence").asText()).startsWith("block > redact");
  }

  @Test
  void readsProviderJsonAndSseAsTheGatewayDoes() throws Exception {
    JsonNode anthropic = inspect(json.createObjectNode().put("input", "{\"model\":\"claude\",\"max_tokens\":9,"
        + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"key sk-M0XvqZjxTW3xvboSRt5M"
        + "T3BlbkFJh3dAwVtRMflhbmuaptt0\"}]}]}").toString());
    JsonNode sse = inspect(json.createObjectNode().put("direction", "response").put("input",
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":"
        + "\"text_delta\",\"text\":\"card 4111 1111 \"}}\n\nevent: content_block_delta\ndata: {\"type\":"
        + "\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"1111 1111\"}}\n\n")
        .toString());

    assertThat(anthropic.path("shape").asText()).isEqualTo("Anthropic messages request");
    assertThat(anthropic.at("/segments/0/pointer").asText()).isEqualTo("/messages/0/content/0/text");
    assertThat(anthropic.at("/decision/action").asText()).isEqualTo("block");
    assertThat(anthropic.at("/decision/message").asText()).contains("OpenAI API key");
    assertThat(sse.path("shape").asText()).isEqualTo("SSE transcript");
    assertThat(sse.at("/segments/0/text").asText()).isEqualTo("card 4111 1111 1111 1111");
    assertThat(sse.at("/decision/action").asText()).isEqualTo("mask");
  }

  @Test
  void badInputGetsAClearMessage() throws Exception {
    HttpResponse<String> notJson = post("{\"input\":\"{\\\"messages\\\": [\",\"format\":\"json\"}");
    HttpResponse<String> unknownPolicy = post("{\"input\":\"hi\",\"policies\":[\"nope\"]}");
    HttpResponse<String> noInput = post("{}");

    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(json.readTree(notJson.body()).path("error").asText()).startsWith("the input is not valid JSON");
    assertThat(unknownPolicy.statusCode()).isEqualTo(400);
    assertThat(unknownPolicy.body()).contains("nope");
    assertThat(noInput.statusCode()).isEqualTo(400);
    assertThat(noInput.body()).contains("missing 'input' string");
  }

  @Test
  void recentDecisionsAndCountersHoldRulesNeverText() throws Exception {
    assertThat(gateway.post("/v1/chat/completions", "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":"
        + "\"我的手机号是 13800138000\"}]}", "authorization", "Bearer " + TestGateway.CLIENT_KEY).statusCode())
        .isEqualTo(200);

    String body = gateway.get(gateway.adminUrl("/playground/decisions")).body();
    JsonNode decisions = json.readTree(body);
    assertThat(decisions.at("/decisions/0/rules/0").asText()).isEqualTo("pii.phone-cn (PHONE_CN)");
    assertThat(decisions.at("/decisions/0/action").asText()).isEqualTo("pseudonymize");
    assertThat(decisions.at("/decisions/0/route").asText()).isEqualTo("main");
    assertThat(decisions.at("/counters/0/rule").asText()).isEqualTo("pii.phone-cn");
    assertThat(decisions.at("/counters/0/count").asLong()).isEqualTo(1);
    assertThat(body).doesNotContain("13800138000").doesNotContain(TestGateway.CLIENT_KEY);
  }

  private JsonNode inspect(String request) throws Exception {
    HttpResponse<String> r = post(request);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json.readTree(r.body());
  }

  private HttpResponse<String> post(String body) throws Exception {
    return gateway.http.send(HttpRequest.newBuilder(URI.create(gateway.adminUrl("/playground/inspect")))
        .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
