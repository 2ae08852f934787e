package io.kexin.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kexin.gateway.policy.PolicySet;
import io.kexin.gateway.policy.ShippedPolicies;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Checks what an operator reads in /metrics after real exchanges: tokens by tenant and bounded model from the
 * upstream's usage (whole, streamed OpenAI with usage asked for by the gateway and kept from the client, streamed
 * Anthropic), inspection time by direction, held-back characters, the policy revision, Netty's memory and queues.
 */
class ObservabilityTest {
  private static PolicySet pack;
  private static final String CHUNK = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o\","
      + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"%s\"}}]%s}\n\n";
  private static final String USAGE_CHUNK = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\","
      + "\"model\":\"gpt-4o\",\"choices\":[],\"usage\":{\"prompt_tokens\":21,\"completion_tokens\":8,"
      + "\"total_tokens\":29}}\n\n";

  @Test
  void wholeResponsesCountTokensByTenantAndTheModelsTheConfigNames() throws Exception {
    try (ScriptedUpstream up = new ScriptedUpstream((h, b, out) -> ScriptedUpstream.json(out, 200,
            "{\"id\":\"x\",\"object\":\"chat.completion\",\"model\":\"gpt-4o-2024\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"你好, hello\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":5,\"total_tokens\":17}}"));
        TestGateway gateway = shipped(up, "[gpt-4o]")) {
      HttpResponse<String> r = gateway.post("/v1/chat/completions",
          "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"你好, hello\"}]}",
          "authorization", "Bearer " + TestGateway.CLIENT_KEY);
      assertThat(r.statusCode()).isEqualTo(200);
      String metrics = gateway.metricsShowing("kexin_tokens_total{kind=\"output\",model=\"gpt-4o\",tenant=\"team-a\"} 5.0");
      assertThat(metrics)
          .contains("kexin_tokens_total{kind=\"input\",model=\"gpt-4o\",tenant=\"team-a\"} 12.0")
          .contains("kexin_tokens_total{kind=\"output\",model=\"gpt-4o\",tenant=\"team-a\"} 5.0")
          .contains("kexin_inspection_duration_seconds_count{direction=\"request\"} 1")
          .contains("kexin_inspection_duration_seconds_count{direction=\"response\"} 1")
          .containsPattern("kexin_policy_revision_info\\{revision=\""
              + gateway.runtime.policies().revision() + "\"} 1.0")
          .contains("kexin_build_info{version=\"test\"} 1.0")
          .containsPattern("kexin_netty_direct_memory_bytes \\d")
          .containsPattern("kexin_netty_direct_memory_max_bytes \\d")
          .containsPattern("kexin_event_loop_pending_tasks \\d");
    }
  }

  @Test
  void aModelTheConfigDoesNotNameIsCountedAsOther() throws Exception {
    String model = "my-model 身份证 110101199003074578";
    try (ScriptedUpstream up = new ScriptedUpstream((h, b, out) -> ScriptedUpstream.json(out, 200,
            "{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
                + "\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,"
                + "\"completion_tokens\":1}}"));
        TestGateway gateway = shipped(up, "[]")) {
      gateway.post("/v1/chat/completions", "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\","
          + "\"content\":\"hi\"}]}", "authorization", "Bearer " + TestGateway.CLIENT_KEY);
      String metrics = gateway.metricsShowing("kexin_tokens_total{kind=\"input\",model=\"other\",tenant=\"team-a\"} 3.0");
      assertThat(metrics).contains("kexin_tokens_total{kind=\"input\",model=\"other\",tenant=\"team-a\"} 3.0")
          .doesNotContain("my-model").doesNotContain("110101199003074578");
    }
  }

  @Test
  void aStreamIsAskedForItsUsageWhichIsCountedAndKeptFromTheClient() throws Exception {
    List<String> upstreamBodies = new CopyOnWriteArrayList<>();
    try (ScriptedUpstream up = new ScriptedUpstream((h, b, out) -> {
          upstreamBodies.add(new String(b, StandardCharsets.UTF_8));
          ScriptedUpstream.sseHead(out);
          ScriptedUpstream.chunk(out, CHUNK.formatted("从前有座山, ", ",\"usage\":null"));
          ScriptedUpstream.chunk(out, CHUNK.formatted("once upon a time", ",\"usage\":null"));
          ScriptedUpstream.chunk(out, USAGE_CHUNK);
          ScriptedUpstream.chunk(out, "data: [DONE]\n\n");
          ScriptedUpstream.end(out);
        });
        TestGateway gateway = shipped(up, "[gpt-4o]")) {
      HttpResponse<String> r = gateway.post("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"stream\":true,"
          + "\"messages\":[{\"role\":\"user\",\"content\":\"讲个故事\"}]}", "authorization",
          "Bearer " + TestGateway.CLIENT_KEY);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(upstreamBodies.get(0)).contains("\"stream_options\":{\"include_usage\":true}");
      assertThat(text(r.body(), "content")).isEqualTo("从前有座山, once upon a time");
      assertThat(r.body()).contains("[DONE]").doesNotContain("prompt_tokens");
      String metrics = gateway.metricsShowing("kexin_tokens_total{kind=\"output\",model=\"gpt-4o\",tenant=\"team-a\"} 8.0");
      assertThat(metrics).contains("kexin_tokens_total{kind=\"input\",model=\"gpt-4o\",tenant=\"team-a\"} 21.0")
          .containsPattern("kexin_stream_held_chars_count [1-9]")
          .containsPattern("kexin_inspection_duration_seconds_count\\{direction=\"response\"} [1-9]");
    }
  }

  @Test
  void aClientThatAskedForUsageGetsItsUsageChunk() throws Exception {
    List<String> upstreamBodies = new CopyOnWriteArrayList<>();
    try (ScriptedUpstream up = new ScriptedUpstream((h, b, out) -> {
          upstreamBodies.add(new String(b, StandardCharsets.UTF_8));
          ScriptedUpstream.sseHead(out);
          ScriptedUpstream.chunk(out, CHUNK.formatted("hello", ",\"usage\":null"));
          ScriptedUpstream.chunk(out, USAGE_CHUNK);
          ScriptedUpstream.chunk(out, "data: [DONE]\n\n");
          ScriptedUpstream.end(out);
        });
        TestGateway gateway = shipped(up, "[gpt-4o]")) {
      HttpResponse<String> r = gateway.post("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"stream\":true,"
          + "\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
          "authorization", "Bearer " + TestGateway.CLIENT_KEY);
      assertThat(r.body()).contains("\"prompt_tokens\":21");
      assertThat(gateway.metricsShowing("kexin_tokens_total{kind=\"output\",model=\"gpt-4o\",tenant=\"team-a\"} 8.0"))
          .contains("kexin_tokens_total{kind=\"output\",model=\"gpt-4o\",tenant=\"team-a\"} 8.0");
    }
  }

  @Test
  void anthropicStreamsReportUsageInTheirStartAndDeltaEvents() throws Exception {
    try (ScriptedUpstream up = new ScriptedUpstream((h, b, out) -> {
          ScriptedUpstream.sseHead(out);
          ScriptedUpstream.chunk(out, "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":"
              + "\"m1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude\",\"content\":[],"
              + "\"usage\":{\"input_tokens\":30,\"output_tokens\":1}}}\n\n");
          ScriptedUpstream.chunk(out, "event: content_block_start\ndata: {\"type\":\"content_block_start\","
              + "\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");
          ScriptedUpstream.chunk(out, "event: content_block_delta\ndata: {\"type\":\"content_block_delta\","
              + "\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"你好 there\"}}\n\n");
          ScriptedUpstream.chunk(out, "event: content_block_stop\ndata: {\"type\":\"content_block_stop\","
              + "\"index\":0}\n\n");
          ScriptedUpstream.chunk(out, "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":"
              + "{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":9}}\n\n");
          ScriptedUpstream.chunk(out, "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
          ScriptedUpstream.end(out);
        });
        TestGateway gateway = shipped("anthropic", up, "[]")) {
      HttpResponse<String> r = gateway.post("/v1/messages", "{\"model\":\"claude\",\"max_tokens\":10,"
          + "\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "x-api-key",
          TestGateway.CLIENT_KEY);
      assertThat(text(r.body(), "text")).isEqualTo("你好 there");
      assertThat(r.body()).contains("\"output_tokens\":9");
      assertThat(gateway.metricsShowing("kexin_tokens_total{kind=\"output\",model=\"other\",tenant=\"team-a\"} 9.0"))
          .contains("kexin_tokens_total{kind=\"input\",model=\"other\",tenant=\"team-a\"} 30.0");
    }
  }

  private static TestGateway shipped(ScriptedUpstream up, String tenantModels) throws Exception {
    return shipped("openai", up, tenantModels);
  }

  private static TestGateway shipped(String provider, ScriptedUpstream up, String tenantModels) throws Exception {
    return new TestGateway(TestGateway.config(provider, up.baseUrl(), "", "[default, pii, secrets]", tenantModels),
        pack());
  }

  /** Returns the shipped pack, loaded once for the class (it is immutable). */
  private static synchronized PolicySet pack() {
    if (pack == null) {
      pack = ShippedPolicies.pack();
    }
    return pack;
  }

  /** Returns the text of every delta of a stream, joined: the inspection may release it in other pieces. */
  private static String text(String stream, String field) {
    StringBuilder text = new StringBuilder();
    Matcher m = Pattern.compile("\"" + field + "\":\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(stream);
    while (m.find()) {
      text.append(m.group(1));
    }
    return text.toString();
  }
}
