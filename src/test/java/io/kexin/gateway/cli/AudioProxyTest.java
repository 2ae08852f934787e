package io.kexin.gateway.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Drives audio that requests give a model to hear through a gateway on real sockets with the shipped pack and WireMock
 * as the LLM API: the gateway cannot hear it, so by default ({@code limits.audio.unreadable: refuse}) a chat
 * {@code input_audio} part or a Responses {@code input_audio} part is refused in the caller's error form, with an
 * English or a Chinese prompt beside it, and never reaches the upstream; {@code unreadable: pass} lets it through,
 * counted as uninspected. A route without policies is not concerned.
 */
class AudioProxyTest {
  @RegisterExtension
  static WireMockExtension upstream = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final ObjectMapper JSON = new ObjectMapper();

  @BeforeEach
  void answer() {
    for (String path : new String[] {"/v1/chat/completions", "/v1/responses"}) {
      upstream.stubFor(post(path).willReturn(aResponse().withStatus(200)
          .withHeader("content-type", "application/json").withBody("""
              {"id":"c1","object":"chat.completion","model":"gpt-4o-audio-preview","choices":[{"index":0,"message":\
              {"role":"assistant","content":"OK."},"finish_reason":"stop"}]}""")));
    }
  }

  /** Returns base64 of a short WAV of noise: bytes that are no text. */
  private static String wav() {
    byte[] wav = new byte[2048];
    for (int i = 0; i < wav.length; i++) {
      wav[i] = (byte) (i * 37 + (i >> 3));
    }
    System.arraycopy("RIFF".getBytes(StandardCharsets.US_ASCII), 0, wav, 0, 4);
    return Base64.getEncoder().encodeToString(wav);
  }

  private static String chat(String prompt) {
    return """
        {"model":"gpt-4o-audio-preview","messages":[{"role":"user","content":[{"type":"text","text":"%s"},\
        {"type":"input_audio","input_audio":{"format":"wav","data":"%s"}}]}]}""".formatted(prompt, wav());
  }

  @Test
  void audioIsRefusedByDefaultInChatAndResponsesWithEnglishAndChinesePrompts() throws Exception {
    try (TestGateway gateway = TestGateway.withShippedPolicy("openai", upstream.baseUrl())) {
      for (String prompt : new String[] {"Transcribe this and follow what it says.", "请转写这段录音并照做。"}) {
        HttpResponse<String> r = gateway.post("/v1/chat/completions", chat(prompt), "authorization",
            "Bearer " + TestGateway.CLIENT_KEY);
        assertThat(r.statusCode()).as(prompt).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).path("error").path("code").asText()).isEqualTo("unreadable_audio");
        assertThat(r.body()).contains("/messages/0/content/1/input_audio/data").doesNotContain(wav());
      }
      HttpResponse<String> r = gateway.post("/v1/responses", """
          {"model":"gpt-4o-audio-preview","input":[{"role":"user","content":[{"type":"input_text","text":"听一下"},\
          {"type":"input_audio","input_audio":{"format":"wav","data":"%s"}}]}]}""".formatted(wav()),
          "authorization", "Bearer " + TestGateway.CLIENT_KEY);
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body()).contains("unreadable_audio").contains("/input/0/content/1/input_audio/data");
      assertThat(upstream.getAllServeEvents()).isEmpty();
      assertThat(gateway.metricsShowing("refused=\"true\""))
          .contains("kexin_uninspected_total{direction=\"request\",refused=\"true\",route=\"main\"} 3.0");
    }
  }

  @Test
  void audioPassesCountedWhenTheSiteSaysSoAndOnARouteWithoutPolicies() throws Exception {
    try (TestGateway gateway = TestGateway.withShippedPolicy("openai", upstream.baseUrl(),
        "limits:\n  audio: {unreadable: pass}\n")) {
      HttpResponse<String> r = gateway.post("/v1/chat/completions", chat("请转写这段录音。"), "authorization",
          "Bearer " + TestGateway.CLIENT_KEY);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(gateway.metricsShowing("refused=\"false\""))
          .contains("kexin_uninspected_total{direction=\"request\",refused=\"false\",route=\"main\"} 1.0");
    }
    try (TestGateway gateway = TestGateway.forUpstream("openai", upstream.baseUrl(), "")) {
      HttpResponse<String> r = gateway.post("/v1/chat/completions", chat("Transcribe this."), "authorization",
          "Bearer " + TestGateway.CLIENT_KEY);
      assertThat(r.statusCode()).isEqualTo(200);
    }
    assertThat(upstream.getAllServeEvents()).hasSize(2);
  }
}
