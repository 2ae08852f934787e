package io.kexin.gateway.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.kexin.gateway.config.GatewayConfig;
import io.kexin.gateway.detect.plugin.DetectorPlugins;
import io.kexin.gateway.detect.plugin.MisfitPlugins;
import io.kexin.gateway.detect.plugin.PluginJars;
import io.kexin.gateway.policy.PolicyLoader;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives plugin and http detector rules through the proxy over real sockets: the example plugin (built from the
 * repository's sources and loaded from the plugins directory the config names) blocks requests and masks answers,
 * buffered and streamed, in English and Chinese; a plugin that throws or runs past its budget and a slow or broken
 * detection service follow the policy's onError; the service receives the text and the rule's params, never the
 * client's headers or the upstream credential.
 */
class PluginProxyTest {
  private static final String ACCOUNT = "6222021234567890128";
  @RegisterExtension
  static WireMockExtension service = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();
  @TempDir
  static Path plugins;
  @TempDir
  Path dir;

  @BeforeAll
  static void build() throws Exception {
    PluginJars.example(plugins);
    MisfitPlugins.misfits(plugins);
    MisfitPlugins.stubborn(plugins);
  }

  /** Runs a gateway with {@code rules} in policy p (onError {@code onError}) and the plugins, then calls it. */
  private void withGateway(String upstream, String onError, String rules, GatewayCall call) throws Exception {
    Files.writeString(dir.resolve("p.yaml"), """
        apiVersion: kexin.io/v1
        kind: Policy
        metadata: {name: p}
        onError: %s
        rules:
        %s""".formatted(onError, rules));
    GatewayConfig config = TestGateway.config("openai", upstream, "plugins: {dir: '" + plugins + "', budget: 1s}\n",
        "[p]");
    try (DetectorPlugins loaded = ServeCommand.plugins(config.plugins())) {
      PolicyLoader loader = new PolicyLoader(loaded);
      try (TestGateway gateway = new TestGateway(config, loader.load(dir), loader)) {
        call.run(gateway);
      }
    }
  }

  /** Calls a running gateway. */
  private interface GatewayCall {
    void run(TestGateway gateway) throws Exception;
  }

  private static String chat(String content) {
    return "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}";
  }

  private static HttpResponse<String> send(TestGateway gateway, String content) throws Exception {
    return gateway.post("/v1/chat/completions", chat(content), "authorization", "Bearer " + TestGateway.CLIENT_KEY);
  }

  private static ScriptedUpstream answering(String answer, AtomicInteger calls) throws Exception {
    return new ScriptedUpstream((head, body, out) -> {
      calls.incrementAndGet();
      ScriptedUpstream.json(out, 200, "{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
          + "\"message\":{\"role\":\"assistant\",\"content\":\"" + answer + "\"},\"finish_reason\":\"stop\"}]}");
    });
  }

  private static final String BANK_RULES = """
        - id: bank.account-in
          detector: {bankAccount: {prefixes: ['62']}}
          appliesTo: {directions: [request]}
          action: block
        - id: bank.account-out
          detector: {bankAccount: {prefixes: ['62']}}
          appliesTo: {directions: [response]}
          action: mask
          keepLast: 4
      """;

  @Test
  void theExamplePluginBlocksRequestsAndMasksAnswersInEnglishAndChinese() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (ScriptedUpstream up = answering("您的账户 " + ACCOUNT + " 已开通, your account " + ACCOUNT + " is open",
        calls)) {
      withGateway(up.baseUrl(), "block", BANK_RULES, gateway -> {
        for (String prompt : new String[] {"Send it to account " + ACCOUNT, "请转到我的银行卡号" + ACCOUNT}) {
          HttpResponse<String> r = send(gateway, prompt);
          assertThat(r.statusCode()).as(prompt).isEqualTo(400);
          assertThat(r.body()).contains("bank.account-in").doesNotContain(ACCOUNT);
        }
        assertThat(calls).hasValue(0);
        HttpResponse<String> ok = send(gateway, "我的账户怎么开通? How do I open an account?");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).doesNotContain(ACCOUNT).contains("您的账户 ").contains("your account ").contains("0128");
        assertThat(calls).hasValue(1);
      });
    }
  }

  @Test
  void aStreamedAnswerSplitAcrossEventsIsMaskedByThePlugin() throws Exception {
    try (ScriptedUpstream up = new ScriptedUpstream((head, body, out) -> {
      ScriptedUpstream.sseHead(out);
      for (String piece : new String[] {"您的账户 62220", "2123456", "7890128 已开通", ", account 6222 0212 ",
          "3456 7890 128 ok"}) {
        ScriptedUpstream.chunk(out, "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
            + "\"delta\":{\"content\":\"" + piece + "\"},\"finish_reason\":null}]}\n\n");
      }
      ScriptedUpstream.chunk(out, "data: [DONE]\n\n");
      ScriptedUpstream.end(out);
    })) {
      withGateway(up.baseUrl(), "block", BANK_RULES, gateway -> {
        HttpResponse<InputStream> r = gateway.http.send(HttpRequest.newBuilder(
                URI.create(gateway.proxyUrl("/v1/chat/completions")))
            .header("authorization", "Bearer " + TestGateway.CLIENT_KEY)
            .POST(HttpRequest.BodyPublishers.ofString(
                "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"你好\"}]}"))
            .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofInputStream());
        String body;
        try (InputStream in = r.body()) {
          body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String text = deltas(body);
        assertThat(text).startsWith("您的账户 ").contains(" 已开通, account ").endsWith(" ok")
            .doesNotContain(ACCOUNT).doesNotContain("6222 0212 3456").contains("0128").contains("128 ok");
      });
    }
  }

  private static String deltas(String events) {
    StringBuilder sb = new StringBuilder();
    for (String line : events.split("\n")) {
      int at = line.indexOf("\"content\":\"");
      if (line.startsWith("data: {") && at >= 0) {
        int from = at + "\"content\":\"".length();
        sb.append(line, from, line.indexOf('"', from));
      }
    }
    return sb.toString();
  }

  @Test
  void aPluginThatThrowsOrRunsPastItsBudgetFollowsOnError() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (ScriptedUpstream up = answering("ok", calls)) {
      String rules = """
            - id: misfit.throwing
              detector: {throwing: {}}
              appliesTo: {directions: [request]}
              action: block
          """;
      withGateway(up.baseUrl(), "block", rules, gateway -> {
        HttpResponse<String> r = send(gateway, "机密 hello");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).contains("policy_error").contains("misfit.throwing").doesNotContain("机密");
      });
      assertThat(calls).hasValue(0);
      withGateway(up.baseUrl(), "allow", rules, gateway -> assertThat(send(gateway, "hello").statusCode())
          .isEqualTo(200));
      assertThat(calls).hasValue(1);
      withGateway(up.baseUrl(), "block", rules.replace("misfit.throwing", "misfit.stubborn")
          .replace("throwing: {}", "stubborn: {}"), gateway -> {
            HttpResponse<String> r = send(gateway, "slow 慢");
            assertThat(r.statusCode()).isEqualTo(500);
            assertThat(r.body()).contains("misfit.stubborn");
          });
      assertThat(calls).hasValue(1);
    }
  }

  private static final String HTTP_RULE = """
        - id: dlp.internal
          detector:
            http: {url: '%s', timeoutMillis: %d, params: {dictionary: bank}}
          appliesTo: {directions: [request]}
          action: block
      """;

  @Test
  void anHttpDetectorBlocksWhatTheServiceFindsAndSeesNoCredential() throws Exception {
    service.stubFor(post("/dlp").withRequestBody(containing("ACC-"))
        .willReturn(okJson("{\"findings\":[{\"start\":7,\"end\":15,\"entity\":\"internal_account\"}]}")));
    service.stubFor(post("/dlp").withRequestBody(containing("天气"))
        .willReturn(okJson("{\"findings\":[]}")));
    AtomicInteger calls = new AtomicInteger();
    try (ScriptedUpstream up = answering("ok", calls)) {
      String url = "http://127.0.0.1:" + service.getPort() + "/dlp";
      withGateway(up.baseUrl(), "block", HTTP_RULE.formatted(url, 5000), gateway -> {
        HttpResponse<String> r = send(gateway, "转到内部账户 ACC-9981 谢谢");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("dlp.internal").doesNotContain("ACC-9981");
        assertThat(send(gateway, "今天天气很好").statusCode()).isEqualTo(200);
      });
    }
    assertThat(calls).hasValue(1);
    service.verify(postRequestedFor(urlEqualTo("/dlp"))
        .withRequestBody(matchingJsonPath("$.params.dictionary", containing("bank"))));
    for (LoggedRequest sent : service.findAll(anyRequestedFor(urlEqualTo("/dlp")))) {
      assertThat(sent.getHeader("authorization")).isNull();
      assertThat(sent.getBodyAsString()).doesNotContain(TestGateway.CLIENT_KEY).doesNotContain(TestGateway.REAL_KEY);
    }
  }

  @Test
  void aSlowOrBrokenServiceFollowsOnError() throws Exception {
    service.stubFor(post("/slow").willReturn(okJson("{\"findings\":[]}").withFixedDelay(4000)));
    service.stubFor(post("/broken").willReturn(aResponse().withStatus(503)));
    AtomicInteger calls = new AtomicInteger();
    AtomicReference<String> refused = new AtomicReference<>();
    try (ScriptedUpstream up = answering("ok", calls)) {
      String base = "http://127.0.0.1:" + service.getPort();
      withGateway(up.baseUrl(), "block", HTTP_RULE.formatted(base + "/slow", 300), gateway -> {
        HttpResponse<String> r = send(gateway, "hello 你好");
        assertThat(r.statusCode()).isEqualTo(500);
        refused.set(r.body());
      });
      assertThat(refused.get()).contains("policy_error").contains("dlp.internal").doesNotContain("你好");
      withGateway(up.baseUrl(), "allow", HTTP_RULE.formatted(base + "/broken", 5000), gateway ->
          assertThat(send(gateway, "hello 你好").statusCode()).isEqualTo(200));
    }
    assertThat(calls).hasValue(1);
  }
}
