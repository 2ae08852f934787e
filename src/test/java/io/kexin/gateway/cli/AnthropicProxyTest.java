package io.kexin.gateway.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Drives the Anthropic messages route end to end with WireMock as the Anthropic API. */
class AnthropicProxyTest {
  @RegisterExtension
  static WireMockExtension upstream = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String MESSAGES = """
      {"model":"claude-sonnet-4","max_tokens":64,"system":"你是助手","messages":[{"role":"user","content":"Hi 你好"}]}""";

  @Test
  void xApiKeyIsSwappedAndAnthropicVersionIsSet() throws Exception {
    String answer = "{\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"你好\"}]}";
    upstream.stubFor(post("/v1/messages").willReturn(aResponse().withStatus(200)
        .withHeader("content-type", "application/json").withBody(answer)));
    try (TestGateway gateway = TestGateway.forUpstream("anthropic", upstream.baseUrl(), "")) {
      HttpResponse<String> r = gateway.post("/v1/messages", MESSAGES, "x-api-key", TestGateway.CLIENT_KEY);

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo(answer);
      upstream.verify(postRequestedFor(urlEqualTo("/v1/messages"))
          .withHeader("x-api-key", equalTo(TestGateway.REAL_KEY))
          .withHeader("anthropic-version", equalTo("2023-06-01"))
          .withHeader("authorization", absent()));
    }
  }

  @Test
  void errorsUseTheAnthropicErrorShape() throws Exception {
    try (TestGateway gateway = TestGateway.forUpstream("anthropic", upstream.baseUrl(), "")) {
      HttpResponse<String> unauthorized = gateway.post("/v1/messages", MESSAGES, "x-api-key", "wrong");
      HttpResponse<String> malformed = gateway.post("/v1/messages", "{", "x-api-key", TestGateway.CLIENT_KEY);

      assertThat(unauthorized.statusCode()).isEqualTo(401);
      assertThat(unauthorized.body())
          .isEqualTo("{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid API key\"}}");
      assertThat(malformed.statusCode()).isEqualTo(400);
      assertThat(malformed.body()).startsWith("{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\"");
    }
  }

  @Test
  void aModelOutsideTheTenantsListIs403() throws Exception {
    var base = TestGateway.config("anthropic", upstream.baseUrl(), "");
    var tenant = base.tenants().get(0);
    var limited = new io.kexin.gateway.config.GatewayConfig(base.listeners(), base.limits(), base.upstreams(),
        base.routes(), java.util.List.of(new io.kexin.gateway.config.TenantConfig(tenant.name(), tenant.keys(),
            tenant.policies(), java.util.List.of("claude-haiku-4"))), base.policies());
    try (TestGateway gateway = new TestGateway(limited, io.kexin.gateway.policy.PolicySet.empty())) {
      HttpResponse<String> r = gateway.post("/v1/messages", MESSAGES, "x-api-key", TestGateway.CLIENT_KEY);

      assertThat(r.statusCode()).isEqualTo(403);
      assertThat(r.body()).contains("permission_error").contains("claude-sonnet-4");
      assertThat(upstream.getAllServeEvents()).isEmpty();
    }
  }
}
