package io.kexin.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kexin.gateway.config.ConfigLoader;
import io.kexin.gateway.config.GatewayConfig;
import io.kexin.gateway.policy.PolicySet;
import io.kexin.gateway.policy.ShippedPolicies;
import io.kexin.gateway.tenant.VirtualKeys;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Routes by model through real sockets to four scripted upstreams (OpenAI, a Qwen and a DeepSeek OpenAI-compatible
 * server, Anthropic): globs pick the upstream, an alias sends its model and answers with the alias (whole and
 * streamed, both schemas), a model no route takes is a 404 in the caller's format, hostile model values never reach an
 * upstream nor an error message, a tenant reaches only its models (never through an alias or a glob), the models
 * list shows what it may use, a model entry's policies apply to it alone, and audit and metrics name the routing.
 */
class ModelRoutingProxyTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY_ANY = "kx-team-any-0001";
  private static final String KEY_GLOBS = "kx-team-globs-0002";
  private static final String KEY_ALIASES = "kx-team-aliases-0003";
  private static final String PRIVATE_KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ";
  private static PolicySet pack;

  private final List<Recorded> upstreams = new ArrayList<>();
  private Recorded openai;
  private Recorded qwen;
  private Recorded deepseek;
  private Recorded anthropic;
  private TestGateway gateway;
  @TempDir
  Path dir;

  /** One scripted upstream and the request bodies it received. */
  private record Recorded(String name, ScriptedUpstream server, List<String> bodies) {}

  @BeforeAll
  static void loadPack() {
    pack = ShippedPolicies.pack();
  }

  @BeforeEach
  void start() throws Exception {
    openai = upstream("openai");
    qwen = upstream("qwen");
    deepseek = upstream("deepseek");
    anthropic = upstream("anthropic");
    String yaml = """
        listeners:
          proxy: {bind: 127.0.0.1, port: 0}
          admin: {bind: 127.0.0.1, port: 0}
        upstreams:
          - {name: openai, baseUrl: '%s', provider: openai, apiKey: '${REAL_KEY}'}
          - {name: qwen, baseUrl: '%s', provider: openai}
          - {name: deepseek, baseUrl: '%s', provider: openai}
          - {name: anthropic, baseUrl: '%s', provider: anthropic, apiKey: '${REAL_KEY}'}
        routes:
          - name: openai
            pathPrefix: /v1
            upstream: openai
            models:
              - gpt-4o*
              - {name: chat-default, upstreamModel: gpt-4o-mini, policies: [secrets]}
              - {name: gpt-4o-fast, upstreamModel: o1-pro}
          - {name: qwen, pathPrefix: /v1, upstream: qwen, models: ['qwen*']}
          - {name: deepseek, upstream: deepseek, models: ['deepseek-*']}
          - name: claude
            pathPrefix: /v1/messages
            upstream: anthropic
            models: ['claude-*', {name: claude-default, upstreamModel: claude-3-5-haiku-20241022}]
        tenants:
          - {name: any, keys: ['%s']}
          - {name: globs, keys: ['%s'], models: ['gpt-4o*', 'qwen*']}
          - {name: aliases, keys: ['%s'], models: [chat-default, claude-default]}
        audit: {sink: file, path: '%s'}
        """.formatted(openai.server().baseUrl(), qwen.server().baseUrl(), deepseek.server().baseUrl(),
        anthropic.server().baseUrl(), VirtualKeys.hash(KEY_ANY), VirtualKeys.hash(KEY_GLOBS),
        VirtualKeys.hash(KEY_ALIASES), dir.resolve("audit.jsonl"));
    GatewayConfig config = new ConfigLoader(Map.of("REAL_KEY", TestGateway.REAL_KEY)::get).parse("t.yaml", yaml);
    gateway = new TestGateway(config, pack);
  }

  @AfterEach
  void stop() throws IOException {
    if (gateway != null) {
      gateway.close();
    }
    for (Recorded u : upstreams) {
      u.server().close();
    }
  }

  /**
   * Starts an upstream that answers in the schema of the path it is called on, whole or streamed as asked, naming
   * the model it received with a date suffix (as providers do) and saying which upstream answered, in Chinese too.
   */
  private Recorded upstream(String name) throws IOException {
    List<String> bodies = new CopyOnWriteArrayList<>();
    ScriptedUpstream server = new ScriptedUpstream((head, body, out) -> {
      String text = new String(body, StandardCharsets.UTF_8);
      bodies.add(text);
      JsonNode request = JSON.readTree(text);
      String model = request.path("model").asText() + "-2024-07-18";
      boolean anthropicApi = head.startsWith("POST /v1/messages");
      if (request.path("stream").asBoolean(false)) {
        stream(out, anthropicApi, model, name);
      } else if (anthropicApi) {
        ScriptedUpstream.json(out, 200, "{\"id\":\"m\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\""
            + model + "\",\"content\":[{\"type\":\"text\",\"text\":\"好的 fine from " + name + "\"}],"
            + "\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":3,\"output_tokens\":4}}");
      } else {
        ScriptedUpstream.json(out, 200, "{\"id\":\"c\",\"object\":\"chat.completion\",\"model\":\"" + model
            + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"好的 fine from " + name
            + "\"},\"finish_reason\":\"stop\"}]}");
      }
    });
    Recorded r = new Recorded(name, server, bodies);
    upstreams.add(r);
    return r;
  }

  private static void stream(OutputStream out, boolean anthropicApi, String model, String name) throws IOException {
    ScriptedUpstream.sseHead(out);
    if (anthropicApi) {
      ScriptedUpstream.chunk(out, "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m1\","
          + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"" + model + "\",\"content\":[]}}\n\n");
      ScriptedUpstream.chunk(out, "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
          + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");
      for (String t : List.of("你好，", "fine from " + name)) {
        ScriptedUpstream.chunk(out, "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
            + "\"delta\":{\"type\":\"text_delta\",\"text\":\"" + t + "\"}}\n\n");
      }
      ScriptedUpstream.chunk(out, "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
          + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
    } else {
      for (String t : List.of("你好，", "fine from " + name)) {
        ScriptedUpstream.chunk(out, "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"" + model
            + "\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + t + "\"},\"finish_reason\":null}]}\n\n");
      }
      ScriptedUpstream.chunk(out, "data: [DONE]\n\n");
    }
    ScriptedUpstream.end(out);
  }

  private HttpResponse<String> chat(String key, String modelField, boolean stream) throws Exception {
    return gateway.post("/v1/chat/completions", "{" + modelField + (stream ? "\"stream\":true," : "")
        + "\"messages\":[{\"role\":\"user\",\"content\":\"你好 hello\"}]}", "authorization", "Bearer " + key);
  }

  private HttpResponse<String> chat(String key, String model) throws Exception {
    return chat(key, "\"model\":\"" + model + "\",", false);
  }

  private HttpResponse<String> messages(String key, String model, boolean stream) throws Exception {
    return gateway.post("/v1/messages", "{\"model\":\"" + model + "\",\"max_tokens\":10," + (stream
        ? "\"stream\":true," : "") + "\"messages\":[{\"role\":\"user\",\"content\":\"你好 hello\"}]}", "x-api-key", key);
  }

  /** Returns the text of an Anthropic stream as a client reads it: every text delta, in order. */
  private static String anthropicText(String events) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (String line : events.split("\n")) {
      if (line.startsWith("data: {")) {
        sb.append(JSON.readTree(line.substring(6)).path("delta").path("text").asText(""));
      }
    }
    return sb.toString();
  }

  private int received() {
    return upstreams.stream().mapToInt(u -> u.bodies().size()).sum();
  }

  @Test
  void eachModelGoesToTheUpstreamItsGlobNames() throws Exception {
    HttpResponse<String> gpt = chat(KEY_ANY, "gpt-4o-2024-08-06");
    HttpResponse<String> q = chat(KEY_ANY, "qwen-max");
    HttpResponse<String> d = chat(KEY_ANY, "deepseek-chat");
    HttpResponse<String> c = messages(KEY_ANY, "claude-sonnet-4-5", false);

    assertThat(gpt.body()).contains("好的 fine from openai").contains("\"model\":\"gpt-4o-2024-08-06-2024-07-18\"");
    assertThat(q.body()).contains("fine from qwen");
    assertThat(d.body()).contains("fine from deepseek");
    assertThat(c.body()).contains("fine from anthropic").contains("\"model\":\"claude-sonnet-4-5-2024-07-18\"");
    assertThat(List.of(gpt, q, d, c)).allMatch(r -> r.statusCode() == 200);
    assertThat(upstreams).allMatch(u -> u.bodies().size() == 1);
    assertThat(qwen.server().requestHeads().get(0)).doesNotContain(TestGateway.REAL_KEY);
  }

  @Test
  void anAliasSendsItsModelUpstreamAndAnswersWithTheAlias() throws Exception {
    String body = "{\"model\" : \"chat-default\",\"temperature\":1e2,\"messages\":[{\"role\":\"user\","
        + "\"content\":\"你好 chat-default\"}]}";
    HttpResponse<String> r = gateway.post("/v1/chat/completions", body, "authorization", "Bearer " + KEY_ANY);
    HttpResponse<String> a = messages(KEY_ANY, "claude-default", false);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(openai.bodies()).containsExactly(body.replace("\"chat-default\",", "\"gpt-4o-mini\","));
    assertThat(JSON.readTree(r.body()).path("model").asText()).isEqualTo("chat-default");
    assertThat(r.body()).contains("好的 fine from openai").doesNotContain("gpt-4o-mini");
    assertThat(a.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(anthropic.bodies().get(0)).path("model").asText()).isEqualTo("claude-3-5-haiku-20241022");
    assertThat(JSON.readTree(a.body()).path("model").asText()).isEqualTo("claude-default");
    assertThat(a.body()).contains("好的 fine from anthropic").doesNotContain("haiku");
  }

  @Test
  void anAliasAnswersWithTheAliasInEveryStreamedEvent() throws Exception {
    HttpResponse<String> chat = chat(KEY_ANY, "\"model\":\"chat-default\",", true);
    HttpResponse<String> msg = messages(KEY_ANY, "claude-default", true);

    assertThat(chat.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(openai.bodies().get(0)).path("model").asText()).isEqualTo("gpt-4o-mini");
    assertThat(chat.body()).doesNotContain("gpt-4o-mini").endsWith("data: [DONE]\n\n");
    assertThat(StreamText.of(chat.body())).isEqualTo("你好，fine from openai");
    assertThat(chat.body().split("\"model\":\"chat-default\"", -1)).hasSize(3);
    assertThat(msg.statusCode()).isEqualTo(200);
    assertThat(msg.body()).contains("\"model\":\"claude-default\"").doesNotContain("haiku").contains("message_stop");
    assertThat(anthropicText(msg.body())).isEqualTo("你好，fine from anthropic");
  }

  @Test
  void aModelNoRouteTakesIsNotFoundInTheCallersFormat() throws Exception {
    HttpResponse<String> o = chat(KEY_ANY, "gpt-5");
    HttpResponse<String> a = messages(KEY_ANY, "gpt-4o", false);

    assertThat(o.statusCode()).isEqualTo(404);
    JsonNode error = JSON.readTree(o.body()).path("error");
    assertThat(error.path("code").asText()).isEqualTo("model_not_found");
    assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
    assertThat(error.path("message").asText()).contains("'gpt-5'");
    assertThat(a.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(a.body()).path("type").asText()).isEqualTo("error");
    assertThat(JSON.readTree(a.body()).path("error").path("type").asText()).isEqualTo("not_found_error");
    assertThat(received()).isZero();
  }

  @Test
  void hostileModelValuesReachNoUpstreamAndAreNeverEchoed() throws Exception {
    for (String field : List.of("", "\"model\":null,", "\"model\":42,", "\"model\":[\"qwen-max\"],",
        "\"model\":{\"id\":\"qwen-max\"},", "\"model\":true,")) {
      HttpResponse<String> r = chat(KEY_ANY, field, false);

      assertThat(r.statusCode()).as(field).isEqualTo(400);
      assertThat(JSON.readTree(r.body()).path("error").path("code").asText()).as(field).isEqualTo("invalid_model");
    }
    HttpResponse<String> twice = chat(KEY_ANY, "\"model\":\"qwen-max\",\"model\":\"gpt-4o\",", false);
    assertThat(twice.statusCode()).isEqualTo(400);
    assertThat(twice.body()).contains("invalid_json");
    for (String name : List.of("qwen" + "x".repeat(20_000), "qwen-max\\u0000", "qwen max", "qwen\\u200bmax",
        "通义千问", "deepseek-\\nchat", "gpt-4o\\\"")) {
      HttpResponse<String> r = chat(KEY_ANY, "\"model\":\"" + name + "\",", false);

      assertThat(r.statusCode()).as(name).isEqualTo(404);
      assertThat(r.body()).as(name).contains("model_not_found").doesNotContain("xxxx").doesNotContain("qwen")
          .doesNotContain("通义").doesNotContain("deepseek");
      assertThat(r.body().getBytes(StandardCharsets.UTF_8)).hasSizeLessThan(400);
    }
    assertThat(received()).isZero();
    // An escape in the name is the same name once decoded: it goes where the name goes, as the name.
    assertThat(chat(KEY_ANY, "qwen\\u002dmax").statusCode()).isEqualTo(200);
    assertThat(qwen.bodies()).hasSize(1);
  }

  @Test
  void aTenantReachesOnlyItsModelsNeverThroughAGlobOrAnAlias() throws Exception {
    assertThat(chat(KEY_GLOBS, "gpt-4o").statusCode()).isEqualTo(200);
    assertThat(chat(KEY_GLOBS, "qwen-plus").statusCode()).isEqualTo(200);
    // gpt-4o-fast matches the tenant's gpt-4o* but is an alias of o1-pro, which the tenant may not call.
    HttpResponse<String> fast = chat(KEY_GLOBS, "gpt-4o-fast");
    assertThat(fast.statusCode()).isEqualTo(403);
    assertThat(fast.body()).contains("model_not_allowed").doesNotContain("o1-pro");
    assertThat(chat(KEY_GLOBS, "deepseek-chat").statusCode()).isEqualTo(403);
    // chat-default stands for gpt-4o-mini, which gpt-4o* allows anyway: the alias is only another name for it.
    assertThat(chat(KEY_GLOBS, "chat-default").statusCode()).isEqualTo(200);
    // A tenant with an allowlist hears 403 for a model no route takes as well: it learns nothing of the routes.
    assertThat(chat(KEY_GLOBS, "gpt-5").statusCode()).isEqualTo(403);

    assertThat(chat(KEY_ALIASES, "chat-default").statusCode()).isEqualTo(200);
    assertThat(messages(KEY_ALIASES, "claude-default", false).statusCode()).isEqualTo(200);
    assertThat(chat(KEY_ALIASES, "gpt-4o-mini").statusCode()).isEqualTo(403);
    assertThat(messages(KEY_ALIASES, "claude-3-5-haiku-20241022", false).statusCode()).isEqualTo(403);

    assertThat(openai.bodies()).extracting(b -> JSON.readTree(b).path("model").asText())
        .containsExactly("gpt-4o", "gpt-4o-mini", "gpt-4o-mini");
    assertThat(qwen.bodies()).hasSize(1);
    assertThat(deepseek.bodies()).isEmpty();
    assertThat(anthropic.bodies()).hasSize(1);
  }

  @Test
  void theModelsListShowsWhatTheTenantMayUseInTheCallersShape() throws Exception {
    String openAiList = gateway.get(gateway.proxyUrl("/v1/models"), "authorization", "Bearer " + KEY_ANY).body();
    JsonNode aliasesOnly = JSON.readTree(gateway.get(gateway.proxyUrl("/v1/models"), "authorization",
        "Bearer " + KEY_ALIASES).body());
    HttpResponse<String> anthropicList = gateway.get(gateway.proxyUrl("/v1/models"), "x-api-key", KEY_ALIASES,
        "anthropic-version", "2023-06-01");
    HttpResponse<String> one = gateway.get(gateway.proxyUrl("/v1/models/chat-default"), "authorization",
        "Bearer " + KEY_ALIASES);
    HttpResponse<String> hidden = gateway.get(gateway.proxyUrl("/v1/models/gpt-4o-fast"), "authorization",
        "Bearer " + KEY_ALIASES);
    HttpResponse<String> anonymous = gateway.get(gateway.proxyUrl("/v1/models"));

    JsonNode all = JSON.readTree(openAiList);
    assertThat(all.path("object").asText()).isEqualTo("list");
    assertThat(all.path("data").findValuesAsText("id")).containsExactly("chat-default", "gpt-4o-fast");
    assertThat(all.path("data").get(0).path("object").asText()).isEqualTo("model");
    assertThat(openAiList).doesNotContain("gpt-4o-mini").doesNotContain("o1-pro").doesNotContain("*");
    assertThat(aliasesOnly.path("data").findValuesAsText("id")).containsExactly("chat-default");
    assertThat(anthropicList.statusCode()).isEqualTo(200);
    JsonNode claude = JSON.readTree(anthropicList.body());
    assertThat(claude.path("data").findValuesAsText("id")).containsExactly("claude-default");
    assertThat(claude.path("data").get(0).path("type").asText()).isEqualTo("model");
    assertThat(claude.path("has_more").asBoolean(true)).isFalse();
    assertThat(claude.path("first_id").asText()).isEqualTo("claude-default");
    assertThat(one.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(one.body()).path("id").asText()).isEqualTo("chat-default");
    assertThat(hidden.statusCode()).isEqualTo(404);
    assertThat(hidden.body()).contains("model_not_found");
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(received()).isZero();
  }

  @Test
  void aModelEntrysPoliciesApplyToItsRequestsAlone() throws Exception {
    String content = "\"messages\":[{\"role\":\"user\",\"content\":\"检查 " + PRIVATE_KEY + "\"}]";
    HttpResponse<String> aliased = gateway.post("/v1/chat/completions", "{\"model\":\"chat-default\"," + content + "}",
        "authorization", "Bearer " + KEY_ANY);
    HttpResponse<String> plain = gateway.post("/v1/chat/completions", "{\"model\":\"gpt-4o\"," + content + "}",
        "authorization", "Bearer " + KEY_ANY);

    assertThat(aliased.statusCode()).isEqualTo(400);
    assertThat(aliased.body()).contains("secret.private-key").doesNotContain("b3BlbnNzaC1rZXkt");
    assertThat(plain.statusCode()).isEqualTo(200);
    assertThat(openai.bodies()).hasSize(1);
    assertThat(JSON.readTree(openai.bodies().get(0)).path("model").asText()).isEqualTo("gpt-4o");
  }

  @Test
  void auditAndMetricsNameTheRoutingWithBoundedLabels() throws Exception {
    String content = "\"messages\":[{\"role\":\"user\",\"content\":\"" + PRIVATE_KEY + "\"}]";
    assertThat(gateway.post("/v1/chat/completions", "{\"model\":\"chat-default\"," + content + "}",
        "authorization", "Bearer " + KEY_ANY).statusCode()).isEqualTo(400);
    assertThat(chat(KEY_ANY, "gpt-4o-2024-11-20").statusCode()).isEqualTo(200);
    assertThat(chat(KEY_ANY, "qwen-max").statusCode()).isEqualTo(200);
    assertThat(chat(KEY_ANY, "gpt-5").statusCode()).isEqualTo(404);
    assertThat(chat(KEY_ANY, "gpt-5-" + "z".repeat(300)).statusCode()).isEqualTo(404);
    assertThat(chat(KEY_GLOBS, "deepseek-chat").statusCode()).isEqualTo(403);

    String metrics = gateway.metricsShowing("kexin_model_refused_total{reason=\"not_allowed\"} 1");
    assertThat(metrics)
        .contains("kexin_model_requests_total{model=\"gpt-4o*\",route=\"openai\",upstream_model=\"gpt-4o*\"} 1")
        .contains("kexin_model_requests_total{model=\"qwen*\",route=\"qwen\",upstream_model=\"qwen*\"} 1")
        .contains("kexin_model_refused_total{reason=\"not_found\"} 2")
        .doesNotContain("gpt-4o-2024-11-20").doesNotContain("gpt-5").doesNotContain("zzzz");
    gateway.close();
    gateway = null;

    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("audit.jsonl"), StandardCharsets.UTF_8)) {
      lines.add(JSON.readTree(line));
    }
    JsonNode decision = lines.stream().filter(l -> l.path("event").asText().equals("decision")).findFirst()
        .orElseThrow();
    assertThat(decision.path("route").asText()).isEqualTo("openai");
    assertThat(decision.path("model").asText()).isEqualTo("chat-default");
    assertThat(decision.path("modelRule").asText()).isEqualTo("chat-default");
    assertThat(decision.path("upstreamModel").asText()).isEqualTo("gpt-4o-mini");
    List<JsonNode> refused = lines.stream().filter(l -> l.path("event").asText().equals("model_refused")).toList();
    assertThat(refused).extracting(l -> l.path("reason").asText())
        .containsExactly("not_found", "not_found", "not_allowed");
    assertThat(refused.get(0).path("model").asText()).isEqualTo("gpt-5");
    assertThat(refused.get(1).has("model")).isFalse(); // over 128 characters: never written
    assertThat(refused.get(2).path("tenant").asText()).isEqualTo("globs");
    assertThat(String.join("\n", Files.readAllLines(dir.resolve("audit.jsonl")))).doesNotContain("b3BlbnNzaC1r");
  }
}
