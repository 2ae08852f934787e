package io.kexin.gateway.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Drives the proxy end to end over real sockets with WireMock as the OpenAI API. */
class ProxyEndToEndTest {
  @RegisterExtension
  static WireMockExtension upstream = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String CHAT = """
      {"model":"gpt-4o-mini","messages":[{"role":"system","content":"你是助手"},{"role":"user","content":"Hello, 世界"}]}""";
  private static final String ANSWER = """
      {"id":"chatcmpl-1","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"你好 world"},"finish_reason":"stop"}]}""";

  private TestGateway gateway;

  @BeforeEach
  void start() throws Exception {
    gateway = TestGateway.forUpstream("openai", upstream.baseUrl(), "limits: {maxRequestBytes: 4096}");
  }

  @AfterEach
  void stop() {
    gateway.close();
  }

  @Test
  void nonStreamingRoundTripSwapsTheVirtualKeyForTheRealOne() throws Exception {
    upstream.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
        .withHeader("content-type", "application/json").withBody(ANSWER)));

    HttpResponse<String> r = gateway.post("/v1/chat/completions", CHAT,
        "authorization", "Bearer " + TestGateway.CLIENT_KEY, "x-request-id", "6f1c2a9e-3b7d-4c58-9e0f-a1b2c3d4e5f6");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(ANSWER);
    assertThat(r.headers().firstValue("x-request-id")).hasValue("6f1c2a9e-3b7d-4c58-9e0f-a1b2c3d4e5f6");
    assertThat(r.headers().map().toString()).doesNotContain(TestGateway.REAL_KEY);
    upstream.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
        .withHeader("authorization", equalTo("Bearer " + TestGateway.REAL_KEY))
        .withHeader("x-request-id", equalTo("6f1c2a9e-3b7d-4c58-9e0f-a1b2c3d4e5f6"))
        .withRequestBody(equalToJson(CHAT)));
    assertThat(upstream.getAllServeEvents().get(0).getRequest().getHeader("authorization"))
        .doesNotContain(TestGateway.CLIENT_KEY);
  }

  @Test
  void generatesARequestIdWhenTheClientSendsNone() throws Exception {
    upstream.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
        .withHeader("content-type", "application/json").withBody(ANSWER)));

    HttpResponse<String> r = gateway.post("/v1/chat/completions", CHAT,
        "authorization", "Bearer " + TestGateway.CLIENT_KEY);

    String id = r.headers().firstValue("x-request-id").orElseThrow();
    assertThat(id).matches("kx-[0-9a-f]{32}");
    String second = gateway.post("/v1/chat/completions", CHAT, "authorization", "Bearer " + TestGateway.CLIENT_KEY)
        .headers().firstValue("x-request-id").orElseThrow();
    assertThat(second).matches("kx-[0-9a-f]{32}").isNotEqualTo(id);
    upstream.verify(postRequestedFor(urlEqualTo("/v1/chat/completions")).withHeader("x-request-id", equalTo(id)));
  }

  @Test
  void hopByHopHeadersStopAtTheGateway() throws Exception {
    upstream.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
        .withHeader("content-type", "application/json").withHeader("x-upstream", "kept")
        .withHeader("keep-alive", "timeout=5").withBody(ANSWER)));

    HttpResponse<String> r = gateway.post("/v1/chat/completions", CHAT,
        "authorization", "Bearer " + TestGateway.CLIENT_KEY, "x-trace", "t1", "accept-encoding", "gzip");

    assertThat(r.headers().firstValue("x-upstream")).hasValue("kept");
    assertThat(r.headers().firstValue("keep-alive")).isEmpty();
    upstream.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
        .withHeader("x-trace", equalTo("t1"))
        .withHeader("accept-encoding", equalTo("identity")));
  }

  @Test
  void missingOrUnknownKeyIs401InOpenAiFormat() throws Exception {
    HttpResponse<String> none = gateway.post("/v1/chat/completions", CHAT);
    HttpResponse<String> wrong = gateway.post("/v1/chat/completions", CHAT, "authorization", "Bearer nope");

    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.body()).contains("\"error\":{").contains("missing API key").contains("invalid_api_key");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).contains("invalid API key").doesNotContain("nope");
    assertThat(upstream.getAllServeEvents()).isEmpty();
  }

  /** A 429 asking for a wait above the route's maxRetryAfter, and a 503 once retries are spent, reach the client. */
  @Test
  void upstreamErrorsPassThroughUnchanged() throws Exception {
    String limited = "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"code\":\"rate_limit\"}}";
    upstream.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(429)
        .withHeader("content-type", "application/json").withHeader("retry-after", "70").withBody(limited)));
    upstream.stubFor(post("/v1/embeddings").willReturn(aResponse().withStatus(503)
        .withHeader("content-type", "text/plain").withBody("overloaded")));

    HttpResponse<String> r429 = gateway.post("/v1/chat/completions", CHAT,
        "authorization", "Bearer " + TestGateway.CLIENT_KEY);
    HttpResponse<String> r503 = gateway.post("/v1/embeddings", "{\"model\":\"e\",\"input\":\"x\"}",
        "authorization", "Bearer " + TestGateway.CLIENT_KEY);

    assertThat(r429.statusCode()).isEqualTo(429);
    assertThat(r429.body()).isEqualTo(limited);
    assertThat(r429.headers().firstValue("retry-after")).hasValue("70");
    assertThat(r503.statusCode()).isEqualTo(503);
    assertThat(r503.body()).isEqualTo("overloaded");
  }

  @Test
  void slowUpstreamIs504() throws Exception {
    upstream.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
        .withHeader("content-type", "application/json").withBody(ANSWER).withFixedDelay(4000)));

    HttpResponse<String> r = gateway.post("/v1/chat/completions", CHAT,
        "authorization", "Bearer " + TestGateway.CLIENT_KEY);

    assertThat(r.statusCode()).isEqualTo(504);
    assertThat(r.body()).contains("upstream_timeout").contains("did not answer within 2000 ms");
  }

  @Test
  void bodyOverTheLimitIs413() throws Exception {
    String big = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(5000) + "\"}]}";

    HttpResponse<String> r = gateway.post("/v1/chat/completions", big,
        "authorization", "Bearer " + TestGateway.CLIENT_KEY);

    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).contains("larger than 4096 bytes").contains("request_too_large");
    assertThat(upstream.getAllServeEvents()).isEmpty();
  }

  @Test
  void malformedJsonIs400AndNeverReachesTheUpstream() throws Exception {
    HttpResponse<String> r = gateway.post("/v1/chat/completions", "{\"model\": \"m\", \"messages\": [",
        "authorization", "Bearer " + TestGateway.CLIENT_KEY);
    HttpResponse<String> notObject = gateway.post("/v1/chat/completions", "[1,2]",
        "authorization", "Bearer " + TestGateway.CLIENT_KEY);

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("invalid_json").contains("\"type\":\"invalid_request_error\"");
    assertThat(notObject.statusCode()).isEqualTo(400);
    assertThat(upstream.getAllServeEvents()).isEmpty();
  }

  @Test
  void unknownPathIs404AndWrongMethodIs405() throws Exception {
    HttpResponse<String> unknown = gateway.post("/v1/fine_tuning/jobs", "{}",
        "authorization", "Bearer " + TestGateway.CLIENT_KEY);
    HttpResponse<String> wrongMethod = gateway.get(gateway.proxyUrl("/v1/chat/completions"),
        "authorization", "Bearer " + TestGateway.CLIENT_KEY);

    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("unknown path /v1/fine_tuning/jobs").contains("/v1/chat/completions");
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
  }

  @Test
  void modelsListIsForwarded() throws Exception {
    upstream.stubFor(get("/v1/models").willReturn(aResponse().withStatus(200)
        .withHeader("content-type", "application/json").withBody("{\"object\":\"list\",\"data\":[]}")));

    HttpResponse<String> r = gateway.get(gateway.proxyUrl("/v1/models"),
        "authorization", "Bearer " + TestGateway.CLIENT_KEY);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"object\":\"list\",\"data\":[]}");
    upstream.verify(getRequestedFor(urlEqualTo("/v1/models")).withHeader("content-length", absent()));
  }

  @Test
  void upstreamDownIs502() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    try (TestGateway down = TestGateway.forUpstream("openai", "http://127.0.0.1:" + closedPort, "")) {
      HttpResponse<String> r = down.post("/v1/chat/completions", CHAT,
          "authorization", "Bearer " + TestGateway.CLIENT_KEY);

      assertThat(r.statusCode()).isEqualTo(502);
      assertThat(r.body()).contains("upstream_unreachable").contains("connection refused")
          .doesNotContain(TestGateway.REAL_KEY);
    }
  }

  @Test
  void connectionsToTheUpstreamAreReused() throws Exception {
    upstream.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
        .withHeader("content-type", "application/json").withBody(ANSWER)));

    for (int i = 0; i < 5; i++) {
      assertThat(gateway.post("/v1/chat/completions", CHAT, "authorization", "Bearer " + TestGateway.CLIENT_KEY)
          .statusCode()).isEqualTo(200);
    }

    String metrics = gateway.metricsShowing("kexin_requests_total{route=\"main\",status=\"200\"} 5.0");
    assertThat(metrics).contains("kexin_requests_total{route=\"main\",status=\"200\"} 5.0");
    assertThat(metrics).doesNotContain("kexin_upstream_errors_total{");
  }
}
