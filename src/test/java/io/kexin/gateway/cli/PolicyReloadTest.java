package io.kexin.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kexin.gateway.policy.PolicyLoader;
import io.kexin.gateway.policy.ReloadResult;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reloads policies in a running gateway through the admin API: a good revision is swapped in, a broken file or a
 * failing golden suite keeps the last good one serving and shows the error with file:line:col, a stream in flight
 * finishes on the revision it started with, and the token guards the endpoints.
 */
class PolicyReloadTest {
  static final String TOKEN = "admin-token-0123456789abcdef";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CHAT =
      "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"%s\"}]}";

  @TempDir
  Path dir;

  static String policy(String terms, String action) {
    return """
        apiVersion: kexin.io/v1
        kind: Policy
        metadata: {name: p}
        rules:
          - id: keyword.watched
            detector: {keyword: {terms: [%s]}}
            action: %s
            entity: WATCHED
        """.formatted(terms, action);
  }

  private TestGateway gateway(String upstream, String admin) throws Exception {
    String extra = "policies: {dir: '" + dir + "'}\n" + admin;
    return new TestGateway(TestGateway.config("openai", upstream, extra, "[p]"), new PolicyLoader().load(dir));
  }

  private static ScriptedUpstream echo() throws Exception {
    return new ScriptedUpstream((head, body, out) -> {
      String prompt = JSON.readTree(body).path("messages").path(0).path("content").asText();
      ScriptedUpstream.json(out, 200, JSON.writeValueAsString(JSON.createObjectNode().put("id", "x")
          .put("object", "chat.completion").put("model", "m").set("choices", JSON.createArrayNode().add(
              JSON.createObjectNode().put("index", 0).put("finish_reason", "stop").set("message",
                  JSON.createObjectNode().put("role", "assistant").put("content", "echo: " + prompt))))));
    });
  }

  static HttpResponse<String> admin(TestGateway g, String method, String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(g.adminUrl(path))).timeout(Duration.ofSeconds(20))
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      b.header("authorization", "Bearer " + token);
    }
    return g.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> chat(TestGateway g, String prompt) throws Exception {
    return g.post("/v1/chat/completions", CHAT.formatted(prompt), "authorization", "Bearer " + TestGateway.CLIENT_KEY);
  }

  @Test
  void aGoodRevisionIsSwappedInAndABrokenOneKeepsTheLastGoodServingWithItsError() throws Exception {
    Files.writeString(dir.resolve("p.yaml"), policy("凤凰计划", "redact"));
    try (ScriptedUpstream up = echo(); TestGateway g = gateway(up.baseUrl(), "admin: {token: " + TOKEN + "}")) {
      String first = g.runtime.policies().revision();
      assertThat(chat(g, "凤凰计划 status").body()).contains("[REDACTED:WATCHED] status");

      Files.writeString(dir.resolve("p.yaml"), policy("凤凰计划, Bluebird", "block"));
      HttpResponse<String> applied = admin(g, "POST", "/policies/reload", TOKEN);
      JsonNode a = JSON.readTree(applied.body());
      assertThat(applied.statusCode()).isEqualTo(200);
      assertThat(a.path("result").asText()).isEqualTo("applied");
      assertThat(a.path("trigger").asText()).isEqualTo("admin");
      String second = a.path("revision").asText();
      assertThat(second).isNotEqualTo(first).isEqualTo(g.runtime.policies().revision());
      assertThat(chat(g, "Bluebird ships").statusCode()).isEqualTo(400);

      // Line 7: the action, whose value is not an action.
      Files.writeString(dir.resolve("p.yaml"), policy("凤凰计划", "shred"));
      HttpResponse<String> failed = admin(g, "POST", "/policies/reload", TOKEN);
      JsonNode f = JSON.readTree(failed.body());
      assertThat(failed.statusCode()).isEqualTo(422);
      assertThat(f.path("result").asText()).isEqualTo("failed");
      assertThat(f.path("revision").asText()).isEqualTo(second);
      assertThat(f.at("/error/file").asText()).isEqualTo(dir.resolve("p.yaml").toString());
      assertThat(f.at("/error/line").asInt()).isEqualTo(7);
      assertThat(f.at("/error/message").asText()).contains("shred");
      assertThat(g.runtime.policies().revision()).isEqualTo(second);
      assertThat(chat(g, "Bluebird ships").statusCode()).isEqualTo(400);

      JsonNode status = JSON.readTree(admin(g, "GET", "/policies", TOKEN).body());
      assertThat(status.path("revision").asText()).isEqualTo(second);
      assertThat(status.at("/lastReload/result").asText()).isEqualTo("failed");
      assertThat(status.at("/lastReload/error/text").asText()).startsWith(dir.resolve("p.yaml") + ":7:");
      assertThat(status.at("/policies/0/rules/0/id").asText()).isEqualTo("keyword.watched");
      assertThat(status.at("/policies/0/rules/0/action").asText()).isEqualTo("block");
      assertThat(status.path("files").toString()).contains("p.yaml");
      String metrics = g.get(g.adminUrl("/metrics")).body();
      assertThat(metrics).contains("kexin_policy_reload_total{result=\"applied\"} 1.0")
          .contains("kexin_policy_reload_total{result=\"failed\"} 1.0");

      assertThat(JSON.readTree(admin(g, "POST", "/policies/reload", TOKEN).body()).path("result").asText())
          .as("the same broken files fail again, not silently").isEqualTo("failed");
      Files.writeString(dir.resolve("p.yaml"), policy("凤凰计划, Bluebird", "block"));
      assertThat(JSON.readTree(admin(g, "POST", "/policies/reload", TOKEN).body()).path("result").asText())
          .isEqualTo("unchanged");
    }
  }

  @Test
  void aRevisionWhoseGoldenSuiteFailsOrThatLacksAPolicyTheConfigNamesIsNotSwappedIn() throws Exception {
    Files.writeString(dir.resolve("p.yaml"), policy("绝密", "block"));
    Files.createDirectories(dir.resolve("tests"));
    Files.writeString(dir.resolve("tests/p.yaml"), """
        apiVersion: kexin.io/v1
        kind: PolicyTest
        metadata: {name: p}
        cases:
          - name: 绝密 is blocked
            text: "这份绝密文件"
            expect: {action: block}
        """);
    try (ScriptedUpstream up = echo(); TestGateway g = gateway(up.baseUrl(), "admin: {token: " + TOKEN + "}")) {
      String good = g.runtime.policies().revision();
      Files.writeString(dir.resolve("p.yaml"), policy("绝密", "flag"));

      JsonNode f = JSON.readTree(admin(g, "POST", "/policies/reload", TOKEN).body());
      assertThat(f.path("result").asText()).isEqualTo("failed");
      assertThat(f.at("/error/text").asText()).startsWith(dir.resolve("tests/p.yaml") + ":5:5: policy test"
          + " 'p/绝密 is blocked' failed: action: expected block, got flag");
      assertThat(g.runtime.policies().revision()).isEqualTo(good);
      assertThat(chat(g, "这份绝密文件").statusCode()).isEqualTo(400);

      Files.writeString(dir.resolve("p.yaml"), policy("绝密", "block").replace("name: p}", "name: q}"));
      JsonNode missing = JSON.readTree(admin(g, "POST", "/policies/reload", TOKEN).body());
      assertThat(missing.at("/error/text").asText()).contains("policy 'p' is not loaded");
      assertThat(g.runtime.policies().revision()).isEqualTo(good);
    }
  }

  @Test
  void theTokenGuardsThePolicyApiAndWithoutOneReloadIsRefused() throws Exception {
    Files.writeString(dir.resolve("p.yaml"), policy("绝密", "block"));
    try (ScriptedUpstream up = echo()) {
      try (TestGateway g = gateway(up.baseUrl(), "")) {
        HttpResponse<String> refused = admin(g, "POST", "/policies/reload", null);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("no admin token is configured");
        assertThat(admin(g, "GET", "/policies", null).statusCode()).isEqualTo(200);
        assertThat(g.runtime.policyStore().lastReload()).isNull();
      }
      try (TestGateway g = gateway(up.baseUrl(), "admin: {token: " + TOKEN + "}")) {
        assertThat(admin(g, "POST", "/policies/reload", null).statusCode()).isEqualTo(401);
        HttpResponse<String> wrong = admin(g, "POST", "/policies/reload", TOKEN + "x");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("www-authenticate")).hasValue("Bearer");
        assertThat(admin(g, "GET", "/policies", "nope-nope-nope-nope").statusCode()).isEqualTo(401);
        assertThat(admin(g, "GET", "/policies/reload", TOKEN).statusCode()).isEqualTo(405);
        assertThat(g.runtime.policyStore().lastReload()).isNull();
        assertThat(g.get(g.adminUrl("/healthz")).statusCode()).as("probes stay open").isEqualTo(200);
      }
    }
  }

  private static String chunk(String text) {
    return "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\""
        + text + "\"},\"finish_reason\":null}]}\n\n";
  }

  @Test
  void aStreamInFlightFinishesOnTheRevisionItStartedWith() throws Exception {
    Files.writeString(dir.resolve("p.yaml"), policy("凤凰计划", "redact"));
    CountDownLatch reloaded = new CountDownLatch(1);
    try (ScriptedUpstream up = new ScriptedUpstream((head, body, out) -> {
          ScriptedUpstream.sseHead(out);
          ScriptedUpstream.chunk(out, chunk("第一段：凤凰计划。"));
          if (JSON.readTree(body).path("messages").path(0).path("content").asText().equals("first")) {
            assertThat(reloaded.await(10, TimeUnit.SECONDS)).isTrue();
          }
          ScriptedUpstream.chunk(out, chunk("第二段：凤凰计划与青鸟项目。") + "data: [DONE]\n\n");
          ScriptedUpstream.end(out);
        });
        TestGateway g = gateway(up.baseUrl(), "admin: {token: " + TOKEN + "}")) {
      HttpResponse<InputStream> inFlight = g.http.send(HttpRequest.newBuilder(
              URI.create(g.proxyUrl("/v1/chat/completions")))
          .header("authorization", "Bearer " + TestGateway.CLIENT_KEY).timeout(Duration.ofSeconds(20))
          .POST(HttpRequest.BodyPublishers.ofString(
              "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"first\"}]}")).build(),
          HttpResponse.BodyHandlers.ofInputStream());

      // The new revision no longer redacts 凤凰计划 but blocks 青鸟项目.
      Files.writeString(dir.resolve("p.yaml"), policy("青鸟项目", "block"));
      ReloadResult r = g.runtime.policyStore().reloadAsync("test").get(20, TimeUnit.SECONDS);
      assertThat(r.outcome()).isEqualTo(ReloadResult.Outcome.APPLIED);
      reloaded.countDown();
      String old;
      try (InputStream in = inFlight.body()) {
        old = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }

      assertThat(StreamText.of(old)).isEqualTo(
          "第一段：[REDACTED:WATCHED]。第二段：[REDACTED:WATCHED]与青鸟项目。");
      assertThat(old).endsWith("data: [DONE]\n\n");
      HttpResponse<String> next = g.post("/v1/chat/completions",
          "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"second\"}]}",
          "authorization", "Bearer " + TestGateway.CLIENT_KEY);
      assertThat(StreamText.of(next.body())).startsWith("第一段：凤凰计划。第二段：凤凰计划与").doesNotContain("青鸟");
      assertThat(next.body()).contains("keyword.watched");
    }
  }
}
