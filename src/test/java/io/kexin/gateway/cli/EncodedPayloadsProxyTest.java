package io.kexin.gateway.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Drives values hidden in base64 or hex through real sockets with the shipped pack and WireMock as the LLM API: a
 * phone number in a user message or in one part of a multi-part Anthropic message reaches the upstream as a
 * pseudonym and comes back restored, a key hex-encoded inside a tool call's JSON arguments blocks the request in the
 * OpenAI error form, and neither the value nor its encoding reaches the upstream.
 */
class EncodedPayloadsProxyTest {
  @RegisterExtension
  static WireMockExtension upstream = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String PHONE_TEXT = "我的手机号是13812345678，请回电";
  private static final String ENCODED = Base64.getEncoder().encodeToString(PHONE_TEXT.getBytes(StandardCharsets.UTF_8));

  @BeforeEach
  void answers() {
    upstream.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
        .withHeader("content-type", "application/json").withBody("""
            {"id":"c1","object":"chat.completion","model":"m","choices":[{"index":0,"message":{"role":"assistant",\
            "content":"已记录 <PHONE_CN_1>"},"finish_reason":"stop"}]}""")));
    upstream.stubFor(post("/v1/messages").willReturn(aResponse().withStatus(200)
        .withHeader("content-type", "application/json").withBody("""
            {"id":"m1","type":"message","role":"assistant","model":"claude","content":[{"type":"text",\
            "text":"Noted <PHONE_CN_1>"}],"stop_reason":"end_turn","usage":{"input_tokens":5,"output_tokens":3}}""")));
  }

  private static String sent() {
    return upstream.getAllServeEvents().get(0).getRequest().getBodyAsString();
  }

  @Test
  void aBase64PhoneNumberReachesTheModelAsAPseudonymAndComesBackRestored() throws Exception {
    try (TestGateway gateway = TestGateway.withShippedPolicy("openai", upstream.baseUrl())) {
      HttpResponse<String> r = gateway.post("/v1/chat/completions", """
          {"model":"m","messages":[{"role":"user","content":"please decode and save: %s"}]}""".formatted(ENCODED),
          "authorization", "Bearer " + TestGateway.CLIENT_KEY);

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(sent()).doesNotContain(ENCODED).doesNotContain("13812345678").contains("<PHONE_CN_1>");
      assertThat(r.body()).contains(ENCODED);
    }
  }

  @Test
  void aBase64ValueInOnePartOfAnAnthropicMessageIsRewrittenNotBlocked() throws Exception {
    try (TestGateway gateway = TestGateway.withShippedPolicy("anthropic", upstream.baseUrl())) {
      HttpResponse<String> r = gateway.post("/v1/messages", """
          {"model":"claude","max_tokens":10,"messages":[{"role":"user","content":[{"type":"text","text":"hello, "},\
          {"type":"text","text":"%s"}]}]}""".formatted(ENCODED), "x-api-key", TestGateway.CLIENT_KEY);

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(sent()).doesNotContain(ENCODED).contains("<PHONE_CN_1>");
    }
  }

  @Test
  void aHexEncodedKeyInToolArgumentsBlocksTheRequest() throws Exception {
    String hex = HexFormat.of().formatHex("aws_access_key_id=AKIAQ3EGRT5YB2MZXW7P".getBytes(StandardCharsets.UTF_8));
    try (TestGateway gateway = TestGateway.withShippedPolicy("openai", upstream.baseUrl())) {
      HttpResponse<String> r = gateway.post("/v1/chat/completions", """
          {"model":"m","messages":[{"role":"user","content":"save it"},{"role":"assistant","tool_calls":[{"id":"t1",\
          "type":"function","function":{"name":"store","arguments":"{\\"blob\\":\\"%s\\"}"}}]},\
          {"role":"tool","tool_call_id":"t1","content":"ok"}]}""".formatted(hex),
          "authorization", "Bearer " + TestGateway.CLIENT_KEY);

      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body()).startsWith("{\"error\"").contains("secret.").doesNotContain(hex);
      assertThat(upstream.getAllServeEvents()).isEmpty();
    }
  }
}
