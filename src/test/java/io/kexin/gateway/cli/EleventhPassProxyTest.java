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
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Plays the eleventh attacker's pass against a real gateway running the shipped pack, with WireMock as the LLM API
 * streaming as OpenAI does: a value that a streamed chat answer with {@code n > 1} splits between one choice's text,
 * tool call arguments or audio transcript and another choice's never reaches the client whole; clean choices pass
 * unchanged.
 */
final class EleventhPassProxyTest {
  @RegisterExtension
  static WireMockExtension upstream = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();
  @RegisterExtension
  static ShippedGateways gateways = new ShippedGateways(upstream);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static String chunk(int index, String delta, String finish) {
    return "data: {\"id\":\"cx\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{"
        + "\"index\":" + index + ",\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":" + finish + "}]}\n\n";
  }

  /**
   * Returns the chunks of one choice: {@code part} is {@code c:} content, {@code a:} one tool call's arguments (JSON)
   * or {@code t:} an audio transcript, then the text, sent {@code step} characters a chunk, as OpenAI streams each.
   */
  private static List<String> choice(int index, String part, int step) {
    String kind = part.substring(0, 1);
    String text = part.substring(2);
    List<String> out = new ArrayList<>();
    out.add(chunk(index, switch (kind) {
      case "a" -> "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_" + index
          + "\",\"type\":\"function\",\"function\":{\"name\":\"lookup\",\"arguments\":\"\"}}]}";
      case "t" -> "{\"role\":\"assistant\",\"content\":null,\"audio\":{\"id\":\"audio_" + index + "\"}}";
      default -> "{\"role\":\"assistant\",\"content\":\"\"}";
    }, "null"));
    for (int i = 0; i < text.length(); i += step) {
      String piece = q(text.substring(i, Math.min(text.length(), i + step)));
      out.add(chunk(index, switch (kind) {
        case "a" -> "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":" + piece + "}}]}";
        case "t" -> "{\"audio\":{\"transcript\":" + piece + "}}";
        default -> "{\"content\":" + piece + "}";
      }, "null"));
    }
    out.add(chunk(index, "{}", kind.equals("a") ? "\"tool_calls\"" : "\"stop\""));
    return out;
  }

  /**
   * Returns a chat stream of the choices {@code parts} (see {@link #choice}) with the indices {@code indices}, in the
   * order {@code order} gives ("interleaved": round robin; "sequential": each choice to its end).
   */
  private static String stream(String order, int step, int[] indices, String... parts) {
    List<List<String>> per = new ArrayList<>();
    for (int c = 0; c < parts.length; c++) {
      per.add(choice(indices[c], parts[c], step));
    }
    StringBuilder sse = new StringBuilder();
    if (order.equals("interleaved")) {
      while (per.stream().anyMatch(p -> !p.isEmpty())) {
        for (List<String> p : per) {
          if (!p.isEmpty()) {
            sse.append(p.remove(0));
          }
        }
      }
    } else {
      per.forEach(p -> p.forEach(sse::append));
    }
    return sse.append("data: [DONE]\n\n").toString();
  }

  /** Streams {@code sse} as the answer to a chat request with {@code n} choices. */
  private static HttpResponse<String> chatStream(String sse, int n) throws Exception {
    upstream.resetAll();
    upstream.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200).withHeader("content-type",
        "text/event-stream").withBody(sse.getBytes(StandardCharsets.UTF_8))));
    return gateways.openAi().post("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"stream\":true,\"n\":" + n
        + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "authorization", "Bearer "
        + TestGateway.CLIENT_KEY);
  }

  /** Returns, per choice index, what the client received of its content, tool call arguments and transcript. */
  private static TreeMap<Integer, String> received(String body) throws Exception {
    TreeMap<Integer, String> shown = new TreeMap<>();
    for (String line : body.split("\n")) {
      if (line.startsWith("data: {")) {
        for (JsonNode c : JSON.readTree(line.substring(6)).path("choices")) {
          JsonNode d = c.path("delta");
          String text = d.path("content").asText("") + d.path("audio").path("transcript").asText("");
          for (JsonNode call : d.path("tool_calls")) {
            text += call.path("function").path("arguments").asText("");
          }
          shown.merge(c.path("index").asInt(), text, String::concat);
        }
      }
    }
    return shown;
  }

  private static int[] indices(String spec) {
    return java.util.Arrays.stream(spec.split(",")).mapToInt(Integer::parseInt).toArray();
  }

  /**
   * A value split between the tool call arguments or the audio transcript of one streamed choice and another choice's
   * text, arguments or transcript: the client shows them one after the other, and each reached it whole before.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      ID text then arguments zh         | sequential  | 3 | 0,1 | c:身份证 110105194912 | a:{"suffix":"31002X"} | 194912 | 31002
      card text then arguments en       | interleaved | 4 | 0,1 | c:my card is 4539 1488 | a:{"rest":"0343 6467"} | 45391488 | 03436467
      ID arguments then text zh         | interleaved | 3 | 0,1 | a:{"id":"110105194912"} | c:31002X 请核对 | 194912 | 31002
      card arguments then arguments en  | sequential  | 5 | 0,1 | a:{"card":"4539 1488"} | a:{"more":"0343 6467"} | 45391488 | 03436467
      card number arguments en          | sequential  | 2 | 0,1 | a:{"card":45391488} | c:03436467 ok | 45391488 | 03436467
      ID transcripts zh                 | interleaved | 3 | 0,1 | t:身份证 110105194912 | t:31002X，请核对 | 194912 | 31002
      card transcript then text en      | sequential  | 4 | 0,1 | t:the card is 4539 1488 | c:0343 6467, thanks | 45391488 | 03436467
      ID text then transcript zh        | sequential  | 4 | 0,1 | c:身份证 110105194912 | t:31002X 请核对 | 194912 | 31002
      ID across a missing choice zh     | sequential  | 3 | 0,2 | c:身份证 110105194912 | c:31002X 请核对 | 194912 | 31002
      card across a missing choice en   | interleaved | 3 | 0,2 | c:my card is 4539 1488 | a:{"rest":"0343 6467"} | 45391488 | 03436467
      """)
  void aValueSplitAcrossStreamedChoicesNeverReachesTheClientWhole(String name, String order, int step, String at,
      String first, String second, String head, String tail) throws Exception {
    HttpResponse<String> r = chatStream(stream(order, step, indices(at), first, second), 2);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).as(name).contains("response blocked by policy rule").endsWith("data: [DONE]\n\n");
    String seen = seen(r.body());
    assertThat(seen.contains(head) && seen.contains(tail)).as(name + ": " + r.body()).isFalse();
  }

  /** Clean choices with digits at their ends, in text, arguments and transcripts: each reaches the client unchanged. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      text then arguments zh      | interleaved | 0,1 | c:订单 2026120701 已发货，共 3 件 | a:{"order":"2026120701","n":12}
      arguments then text en      | sequential  | 0,1 | a:{"year":2026,"month":12} | c:12 people attended, room 8.
      transcripts zh              | interleaved | 0,1 | t:12 月 7 日，气温 8 | t:12 月 8 日小雨，气温 5 度。
      transcript then text en     | sequential  | 0,1 | t:Chapter 12 covers 1990 to 2001 | c:2002 onwards is in chapter 13.
      missing choice zh           | sequential  | 0,2 | c:2026 年 12 月 7 日，气温 8 | c:12 月 8 日小雨。
      """)
  void cleanChoicesPassUnchanged(String name, String order, String at, String first, String second)
      throws Exception {
    int[] at2 = indices(at);
    HttpResponse<String> r = chatStream(stream(order, 3, at2, first, second), 2);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).as(name).doesNotContain("error").endsWith("data: [DONE]\n\n");
    assertThat(received(r.body())).as(name).containsExactly(Map.entry(at2[0], first.substring(2)),
        Map.entry(at2[1], second.substring(2)));
  }
}
