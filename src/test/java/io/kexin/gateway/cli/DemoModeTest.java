package io.kexin.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kexin.gateway.config.GatewayConfig;
import io.kexin.gateway.demo.DemoUpstream;
import io.kexin.gateway.policy.PolicySet;
import io.kexin.gateway.policy.ShippedPolicies;
import java.nio.file.Path;
import io.kexin.gateway.proxy.Transport;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Checks that with no config at all the gateway answers from the demo model, whole and streamed. */
class DemoModeTest {
  private DemoUpstream demo;
  private TestGateway gateway;

  @BeforeEach
  void start() throws Exception {
    demo = new DemoUpstream(Duration.ZERO, Transport.best());
    var address = demo.start();
    PolicySet policies = ShippedPolicies.pack();
    GatewayConfig config = DefaultSetup.demo(Map.<String, String>of()::get, "127.0.0.1", address, demo.credential(),
            policies.all().stream().map(io.kexin.gateway.policy.CompiledPolicy::name).toList(), Path.of("policies"))
        .withPorts(0, 0, "127.0.0.1");
    gateway = new TestGateway(config, policies);
  }

  @AfterEach
  void stop() {
    gateway.close();
    demo.close();
  }

  @Test
  void chatEchoesThePromptWithTheDemoKey() throws Exception {
    HttpResponse<String> r = gateway.post("/v1/chat/completions",
        "{\"model\":\"kexin-demo\",\"messages\":[{\"role\":\"user\",\"content\":\"我的电话是 13800138000\"}]}",
        "authorization", "Bearer " + DefaultSetup.DEMO_CLIENT_KEY);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"content\":\"Kexin demo model. You said: 我的电话是 13800138000\"");
    assertThat(r.body()).doesNotContain(demo.credential());
  }

  @Test
  void streamsOpenAiAndAnthropicEvents() throws Exception {
    HttpResponse<String> chat = gateway.post("/v1/chat/completions",
        "{\"model\":\"kexin-demo\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hello 世界\"}]}",
        "authorization", "Bearer " + DefaultSetup.DEMO_CLIENT_KEY);
    HttpResponse<String> messages = gateway.post("/v1/messages",
        "{\"model\":\"kexin-demo\",\"max_tokens\":50,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
        "x-api-key", DefaultSetup.DEMO_CLIENT_KEY);

    assertThat(chat.statusCode()).isEqualTo(200);
    assertThat(text(chat.body(), "/choices/0/delta/content")).isEqualTo("Kexin demo model. You said: hello 世界");
    assertThat(chat.body()).endsWith("data: [DONE]\n\n");
    assertThat(messages.statusCode()).isEqualTo(200);
    assertThat(text(messages.body(), "/delta/text")).isEqualTo("Kexin demo model. You said: hi");
    assertThat(messages.body()).startsWith("event: message_start\n")
        .endsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
  }

  /** Returns the concatenation of the text at {@code pointer} in every JSON event of an SSE body. */
  private static String text(String sse, String pointer) throws Exception {
    StringBuilder sb = new StringBuilder();
    for (String line : sse.split("\n")) {
      if (line.startsWith("data: {")) {
        sb.append(new com.fasterxml.jackson.databind.ObjectMapper().readTree(line.substring(6)).at(pointer).asText(""));
      }
    }
    return sb.toString();
  }

  @Test
  void servesEveryOpenAiEndpoint() throws Exception {
    String key = "Bearer " + DefaultSetup.DEMO_CLIENT_KEY;
    assertThat(gateway.post("/v1/completions", "{\"model\":\"kexin-demo\",\"prompt\":\"abc\"}", "authorization", key)
        .body()).contains("\"text\":\"Kexin demo model. You said: abc\"");
    assertThat(gateway.post("/v1/embeddings", "{\"model\":\"kexin-demo\",\"input\":[\"a\",\"b\"]}",
        "authorization", key).body()).contains("\"index\":1");
    assertThat(gateway.post("/v1/responses", "{\"model\":\"kexin-demo\",\"input\":\"你好\"}", "authorization", key)
        .body()).contains("\"output_text\",\"text\":\"Kexin demo model. You said: 你好\"");
    assertThat(gateway.get(gateway.proxyUrl("/v1/models"), "authorization", key).body()).contains("kexin-demo");
  }

  @Test
  void aProviderBaseUrlInSdkFormLosesItsV1() {
    assertThat(DefaultSetup.baseUrl("http://localhost:11434/v1/", "x").toString()).isEqualTo("http://localhost:11434");
    assertThat(DefaultSetup.baseUrl(null, "https://api.openai.com").toString()).isEqualTo("https://api.openai.com");
    GatewayConfig real = DefaultSetup.providers(Map.of("OPENAI_API_KEY", "sk-x")::get, "127.0.0.1", List.of(),
        Path.of("policies"));
    assertThat(real.upstreams()).singleElement().satisfies(u -> {
      assertThat(u.baseUrl().toString()).isEqualTo("https://api.openai.com");
      assertThat(u.toString()).doesNotContain("sk-x");
    });
  }
}
