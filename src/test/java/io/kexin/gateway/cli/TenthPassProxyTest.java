package io.kexin.gateway.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.kexin.gateway.cli.SeventhPassProxyTest.q;
import static io.kexin.gateway.cli.SeventhPassProxyTest.seen;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Plays the tenth attacker's pass against a real gateway running the shipped pack, with WireMock as the LLM API
 * streaming as OpenAI does: a Chinese ID or a card number that a streamed chat answer with {@code n > 1} splits between
 * choice 0 and choice 1 (or across three choices), which a client shows one after the other or side by side, never
 * reaches the client whole; clean choices pass unchanged, and later choices held beyond the stream's bound stop it in
 * the provider's error form.
 */
final class TenthPassProxyTest {
  @RegisterExtension
  static WireMockExtension upstream = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();
  @RegisterExtension
  static ShippedGateways gateways = new ShippedGateways(upstream);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static TestGateway small;

  @AfterAll
  static void stop() {
    if (small != null) {
      small.close();
    }
  }

  private static String chunk(int index, String delta, String finish) {
    return "data: {\"id\":\"cx\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{"
        + "\"index\":" + index + ",\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":" + finish + "}]}\n\n";
  }

  /**
   * Returns a chat stream of one choice per text, as OpenAI streams {@code n > 1}: a role chunk per choice, then the
   * texts {@code step} characters a chunk, in the order {@code order} gives ("interleaved": round robin; "sequential":
   * each choice to its end; "reversed": the last choice first), each choice's stop chunk after its last text.
   */
  static String choices(String order, int step, String... texts) {
    List<List<String>> per = new ArrayList<>();
    StringBuilder sse = new StringBuilder();
    for (int c = 0; c < texts.length; c++) {
      sse.append(chunk(c, "{\"role\":\"assistant\",\"content\":\"\"}", "null"));
      List<String> pieces = new ArrayList<>();
      for (int i = 0; i < texts[c].length(); i += step) {
        pieces.add(chunk(c, "{\"content\":" + q(texts[c].substring(i, Math.min(texts[c].length(), i + step))) + "}",
            "null"));
      }
      pieces.add(chunk(c, "{}", "\"stop\""));
      per.add(pieces);
    }
    if (order.equals("interleaved")) {
      for (int i = 0; per.stream().anyMatch(p -> !p.isEmpty()); i++) {
        for (List<String> p : per) {
          if (!p.isEmpty()) {
            sse.append(p.remove(0));
          }
        }
      }
    } else {
      for (int c = 0; c < per.size(); c++) {
        per.get(order.equals("reversed") ? per.size() - 1 - c : c).forEach(sse::append);
      }
    }
    return sse.append("data: [DONE]\n\n").toString();
  }

  private static HttpResponse<String> chatStream(TestGateway gateway, String sse) throws Exception {
    upstream.resetAll();
    upstream.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200).withHeader("content-type",
        "text/event-stream").withBody(sse.getBytes(StandardCharsets.UTF_8))));
    return gateway.post("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"stream\":true,\"n\":2,\"messages\":[{"
        + "\"role\":\"user\",\"content\":\"hi\"}]}", "authorization", "Bearer " + TestGateway.CLIENT_KEY);
  }

  /** Returns each choice's content as the client received it, by index. */
  static TreeMap<Integer, String> shownChoices(String body) throws Exception {
    TreeMap<Integer, String> shown = new TreeMap<>();
    for (String line : body.split("\n")) {
      if (line.startsWith("data:") && !line.contains("[DONE]")) {
        for (JsonNode c : JSON.readTree(line.substring(5).trim()).path("choices")) {
          shown.merge(c.path("index").asInt(), c.path("delta").path("content").asText(""), String::concat);
        }
      }
    }
    return shown;
  }

  /** A value split between streamed choices: each reached the client whole across them before. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      ID interleaved zh        | interleaved | 3 | 身份证 110105194912 | 31002X 请核对 | '' | 194912 | 31002
      card interleaved en      | interleaved | 4 | my card is 4539 1488 | 0343 6467, thanks | '' | 45391488 | 03436467
      ID sequential zh         | sequential | 5 | 请核对身份证 110105194912 | 31002X，谢谢 | '' | 194912 | 31002
      card sequential en       | sequential | 1 | the card: 4539 1488 | 0343 6467 | '' | 45391488 | 03436467
      later choice first zh    | reversed | 4 | 身份证 110105194912 | 31002X 请核对 | '' | 194912 | 31002
      card over three choices  | interleaved | 2 | my card is 4539 | 1488 0343 | 6467 thanks | 4539 | 6467
      ID over three choices zh | sequential | 3 | 身份证 1101051 | 9491231 | 002X 请核对 | 1101051 | 002
      """)
  void aValueSplitBetweenStreamedChoicesNeverReachesTheClientWhole(String name, String order, int step, String first,
      String second, String third, String head, String tail) throws Exception {
    String sse = third.isEmpty() ? choices(order, step, first, second) : choices(order, step, first, second, third);
    HttpResponse<String> r = chatStream(gateways.openAi(), sse);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).as(name).contains("response blocked by policy rule").endsWith("data: [DONE]\n\n");
    String seen = seen(r.body());
    assertThat(seen.contains(head) && seen.contains(tail)).as(name + ": " + r.body()).isFalse();
  }

  /** Clean choices with digits at their ends: every choice's text reaches the client unchanged, in any order. */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', textBlock = """
      zh | interleaved | 2026 年 12 月 7 日，上海多云，气温 8 | 12 月 8 日小雨，气温 5 度。
      zh | reversed    | 订单 2026120701 已发货，共 3 件 | 12 件商品中 3 件缺货
      en | interleaved | The meeting is on 7 December at 10 | 30 people attended, room 12.
      en | sequential  | Chapter 12 covers 1990 to 2001 | 2002 onwards is in chapter 13.
      """)
  void cleanChoicesPassUnchanged(String lang, String order, String first, String second) throws Exception {
    HttpResponse<String> r = chatStream(gateways.openAi(), choices(order, 3, first, second));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).doesNotContain("error").endsWith("data: [DONE]\n\n");
    assertThat(shownChoices(r.body())).containsExactly(java.util.Map.entry(0, first), java.util.Map.entry(1, second));
  }

  /** A later choice held while choice 0 streams beyond the bound stops the stream, in OpenAI's error form. */
  @Test
  void laterChoicesHeldBeyondTheBoundStopTheStream() throws Exception {
    synchronized (TenthPassProxyTest.class) {
      if (small == null) {
        small = TestGateway.withShippedPolicy("openai", upstream.baseUrl(), "limits:\n  maxStreamHeldChars: 400\n");
      }
    }
    String zh = "今天上海多云，气温八度，适合出门散步。";
    String en = "The weather is fine today, a good day for a walk. ";
    String second = (zh + en).repeat(12);
    HttpResponse<String> r = chatStream(small, choices("interleaved", 2, "ok ".repeat(400), second));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("stream_inspection_failed").contains("later choices").endsWith("data: [DONE]\n\n");

    HttpResponse<String> within = chatStream(small, choices("interleaved", 2, "ok ".repeat(40), zh + en));
    assertThat(within.body()).doesNotContain("error");
    assertThat(shownChoices(within.body())).containsEntry(1, zh + en);
  }
}
