package io.kexin.gateway.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.kexin.gateway.detect.guard.MockGuard;
import io.kexin.gateway.policy.PolicyLoader;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Drives a guard-model rule on answers through the proxy over real sockets, with a scripted upstream and a mock guard
 * server: a whole answer passes or is refused; a stream releases each sentence once the guard judged it, before the
 * upstream sent the rest, and an unsafe sentence stops it with the provider's error event (OpenAI and Anthropic); a
 * slow guard stops the stream under onError block and lets it pass under allow; a repeated answer is judged from
 * the cache; and the guard reads the request's pseudonyms, never the values, in English and Chinese.
 */
class GuardAnswersProxyTest {
  @RegisterExtension
  static WireMockExtension guard = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  @BeforeEach
  void stubs() {
    MockGuard.stub(guard, "poison", "毒药");
  }

  private TestGateway gateway(String provider, String upstreamUrl, String onError, int timeoutMillis)
      throws Exception {
    Files.writeString(dir.resolve("p.yaml"), MockGuard.policy("guard", onError, """
          - id: pii.email
            detector: {regex: {pattern: '[a-z.]+@[a-z]+\\.[a-z]{2,}', maxLength: 254}}
            action: pseudonymize
            entity: EMAIL
          - id: guard.answers
            detector:
              guardModel: {family: llama-guard, endpoint: '%s/v1', model: guard, timeoutMillis: %d}
            appliesTo: {directions: [response]}
            action: block
        """.formatted(guard.baseUrl(), timeoutMillis)));
    return new TestGateway(TestGateway.config(provider, upstreamUrl, "", "[guard]"), new PolicyLoader().load(dir));
  }

  private static List<String> asked() {
    return MockGuard.asked(guard);
  }

  private static String chat(String content, boolean stream) {
    return "{\"model\":\"m\"," + (stream ? "\"stream\":true," : "") + "\"messages\":[{\"role\":\"user\",\"content\":\""
        + content + "\"}]}";
  }

  private static String openAiEvent(String text) {
    return "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\""
        + text + "\"},\"finish_reason\":null}]}\n\n";
  }

  /** Plays an OpenAI stream of {@code pieces}, one event each, and records the request bodies it got. */
  private static ScriptedUpstream openAi(List<String> bodies, String... pieces) throws IOException {
    return new ScriptedUpstream((head, body, out) -> {
      bodies.add(new String(body, StandardCharsets.UTF_8));
      ScriptedUpstream.sseHead(out);
      for (String piece : pieces) {
        ScriptedUpstream.chunk(out, openAiEvent(piece));
      }
      ScriptedUpstream.chunk(out, "data: [DONE]\n\n");
      ScriptedUpstream.end(out);
    });
  }

  private static HttpResponse<InputStream> open(TestGateway gateway, String path, String body, String... headers)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gateway.proxyUrl(path)))
        .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(30));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return gateway.http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
  }

  private static String openAiStream(TestGateway gateway, String content) throws Exception {
    try (InputStream in = open(gateway, "/v1/chat/completions", chat(content, true),
        "authorization", "Bearer " + TestGateway.CLIENT_KEY).body()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Reads {@code in} into {@code seen} until the events read so far satisfy {@code done}, or the stream ends. */
  private static void readUntil(InputStream in, StringBuilder seen, Predicate<String> done) throws IOException {
    byte[] buffer = new byte[4096];
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    bytes.writeBytes(seen.toString().getBytes(StandardCharsets.UTF_8));
    while (!done.test(seen.toString())) {
      int n = in.read(buffer);
      if (n < 0) {
        return;
      }
      bytes.write(buffer, 0, n);
      seen.setLength(0);
      seen.append(bytes.toString(StandardCharsets.UTF_8));
    }
  }

  /** Returns the text of the OpenAI chunks or Anthropic text deltas in {@code events}. */
  private static String text(String events) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (String line : events.split("\n")) {
      if (line.startsWith("data: {")) {
        JsonNode e = JSON.readTree(line.substring(6));
        sb.append(e.path("choices").path(0).path("delta").path("content").asText(""));
        sb.append(e.path("delta").path("text").asText(""));
      }
    }
    return sb.toString();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      bread | Knead the dough. Bake it for an hour!               | 200
      tea   | Boil the water. Then stir the poison into the tea.   | 400
      面包   | 先揉面。再烤一个小时！                                  | 200
      茶     | 先烧水。再把毒药放进茶里。                               | 400
      """)
  void aWholeAnswerPassesOrIsRefused(String ask, String answer, int status) throws Exception {
    try (ScriptedUpstream up = new ScriptedUpstream((head, body, out) -> ScriptedUpstream.json(out, 200,
            "{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
                + "\"assistant\",\"content\":\"" + answer + "\"},\"finish_reason\":\"stop\"}]}"));
        TestGateway gateway = gateway("openai", up.baseUrl(), "block", 5000)) {
      HttpResponse<String> r = gateway.post("/v1/chat/completions", chat(ask, false),
          "authorization", "Bearer " + TestGateway.CLIENT_KEY);
      assertThat(r.statusCode()).isEqualTo(status);
      if (status == 200) {
        assertThat(JSON.readTree(r.body()).path("choices").path(0).path("message").path("content").asText())
            .isEqualTo(answer);
      } else {
        assertThat(r.body()).contains("content_policy_violation").contains("guard.answers")
            .doesNotContain("poison").doesNotContain("毒药");
      }
      assertThat(asked()).hasSize(2);
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      The sun is a star. It | ' is very hot.' | The sun is a star.
      太阳是一颗恒星。它       | 很热！           | 太阳是一颗恒星。
      """)
  void aSafeStreamReleasesEachSentenceBeforeTheUpstreamSendsTheRest(String first, String last, String sentence)
      throws Exception {
    CountDownLatch seen = new CountDownLatch(1);
    AtomicBoolean seenInTime = new AtomicBoolean();
    try (ScriptedUpstream up = new ScriptedUpstream((head, body, out) -> {
          ScriptedUpstream.sseHead(out);
          ScriptedUpstream.chunk(out, openAiEvent(first));
          // The rest waits until the client has the first sentence, or 10 s when the gateway holds it back; SSE
          // comments meanwhile keep the upstream from being idle.
          for (int i = 0; i < 50 && !seenInTime.get(); i++) {
            seenInTime.set(seen.await(200, TimeUnit.MILLISECONDS));
            ScriptedUpstream.chunk(out, ": waiting\n\n");
          }
          ScriptedUpstream.chunk(out, openAiEvent(last));
          ScriptedUpstream.chunk(out, "data: [DONE]\n\n");
          ScriptedUpstream.end(out);
        });
        TestGateway gateway = gateway("openai", up.baseUrl(), "block", 5000);
        InputStream in = open(gateway, "/v1/chat/completions", chat("tell me", true),
            "authorization", "Bearer " + TestGateway.CLIENT_KEY).body()) {
      StringBuilder events = new StringBuilder();
      readUntil(in, events, e -> textOf(e).contains(sentence));
      assertThat(textOf(events.toString())).isEqualTo(sentence);
      assertThat(asked()).containsExactly(sentence);
      seen.countDown();
      readUntil(in, events, e -> e.contains("[DONE]"));
      assertThat(seenInTime).isTrue();
      assertThat(text(events.toString())).isEqualTo(first + last);
      assertThat(asked()).hasSize(2);
    }
  }

  private static String textOf(String events) {
    try {
      return text(events);
    } catch (IOException e) {
      return ""; // an event cut in the middle: read on
    }
  }

  @Test
  void anUnsafeSentenceStopsAnOpenAiStreamWithItsErrorEvent() throws Exception {
    List<String> bodies = new CopyOnWriteArrayList<>();
    try (ScriptedUpstream up = openAi(bodies, "Boil the water. ", "Then stir the poi", "son into the tea.",
            " Serve it hot.");
        TestGateway gateway = gateway("openai", up.baseUrl(), "block", 5000)) {
      String body = openAiStream(gateway, "tea");
      assertThat(text(body)).isEqualTo("Boil the water.");
      assertThat(body).contains("content_policy_violation").contains("guard.answers").doesNotContain("poi")
          .doesNotContain("Serve").endsWith("data: [DONE]\n\n");
    }
  }

  @Test
  void anUnsafeSentenceStopsAnAnthropicStreamWithItsErrorEvent() throws Exception {
    try (ScriptedUpstream up = new ScriptedUpstream((head, body, out) -> {
          ScriptedUpstream.sseHead(out);
          ScriptedUpstream.chunk(out, "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":"
              + "\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"claude\","
              + "\"stop_reason\":null,\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}\n\n");
          ScriptedUpstream.chunk(out, "event: content_block_start\ndata: {\"type\":\"content_block_start\","
              + "\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");
          for (String piece : new String[] {"先烧水。", "再把毒", "药放进茶里。", "然后上茶。"}) {
            ScriptedUpstream.chunk(out, "event: content_block_delta\ndata: {\"type\":\"content_block_delta\","
                + "\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"" + piece + "\"}}\n\n");
          }
          ScriptedUpstream.chunk(out, "event: content_block_stop\ndata: {\"type\":\"content_block_stop\","
              + "\"index\":0}\n\n");
          ScriptedUpstream.chunk(out, "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
          ScriptedUpstream.end(out);
        });
        TestGateway gateway = gateway("anthropic", up.baseUrl(), "block", 5000)) {
      String body;
      try (InputStream in = open(gateway, "/v1/messages", "{\"model\":\"claude\",\"max_tokens\":100,\"stream\":true,"
          + "\"messages\":[{\"role\":\"user\",\"content\":\"茶\"}]}", "x-api-key", TestGateway.CLIENT_KEY).body()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      assertThat(text(body)).isEqualTo("先烧水。");
      assertThat(body).contains("event: error").contains("\"type\":\"error\"").contains("guard.answers")
          .doesNotContain("毒").doesNotContain("上茶");
    }
  }

  @Test
  void aSlowGuardStopsTheStreamUnderOnErrorBlockAndLetsItPassUnderAllow() throws Exception {
    guard.stubFor(post("/v1/chat/completions").willReturn(okJson(MockGuard.verdict("safe")).withFixedDelay(3000)));
    List<String> bodies = new CopyOnWriteArrayList<>();
    try (ScriptedUpstream up = openAi(bodies, "Hello there. ", "How are you?");
        TestGateway gateway = gateway("openai", up.baseUrl(), "block", 300)) {
      String body = openAiStream(gateway, "hi");
      assertThat(text(body)).isEmpty();
      assertThat(body).contains("policy_error").contains("guard.answers").doesNotContain("Hello");
    }
    try (ScriptedUpstream up = openAi(bodies, "Hello there. ", "How are you?");
        TestGateway gateway = gateway("openai", up.baseUrl(), "allow", 300)) {
      String body = openAiStream(gateway, "hi");
      assertThat(text(body)).isEqualTo("Hello there. How are you?");
      assertThat(body).doesNotContain("error").endsWith("data: [DONE]\n\n");
    }
  }

  @Test
  void aRepeatedAnswerIsJudgedFromTheCache() throws Exception {
    List<String> bodies = new CopyOnWriteArrayList<>();
    try (ScriptedUpstream up = openAi(bodies, "One sentence. ", "Two sentences!", " Three.");
        TestGateway gateway = gateway("openai", up.baseUrl(), "block", 5000)) {
      assertThat(text(openAiStream(gateway, "count"))).isEqualTo("One sentence. Two sentences! Three.");
      assertThat(asked()).containsExactly("One sentence.", "Two sentences!", "Three.");
      assertThat(text(openAiStream(gateway, "count"))).isEqualTo("One sentence. Two sentences! Three.");
      assertThat(asked()).hasSize(3);
      // The verdicts were awaited on the inspection pool, never on an event loop.
      assertThat(gateway.get(gateway.adminUrl("/metrics")).body())
          .containsPattern("kexin_inspection_offloads_total\\{direction=\"stream\",result=\"run\"} [1-9]");
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      Write to jane.doe@example.com please. | I wrote to <EMAIL_1>. | ' It is done.'
      请写信给 jane.doe@example.com。          | 我已写信给 <EMAIL_1>。   | 完成了！
      """)
  void theGuardReadsTheRequestsPseudonymsAndTheClientTheValues(String ask, String first, String last)
      throws Exception {
    List<String> bodies = new CopyOnWriteArrayList<>();
    try (ScriptedUpstream up = openAi(bodies, first, last);
        TestGateway gateway = gateway("openai", up.baseUrl(), "block", 5000)) {
      String body = openAiStream(gateway, ask);
      assertThat(bodies).singleElement().satisfies(b -> assertThat(b).contains("<EMAIL_1>")
          .doesNotContain("jane.doe"));
      assertThat(text(body)).isEqualTo((first + last).replace("<EMAIL_1>", "jane.doe@example.com"));
      assertThat(asked()).isNotEmpty().allSatisfy(t -> assertThat(t).doesNotContain("jane.doe"))
          .anySatisfy(t -> assertThat(t).contains("<EMAIL_1>"));
    }
  }
}
