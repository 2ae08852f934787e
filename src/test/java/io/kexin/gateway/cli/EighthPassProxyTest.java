package io.kexin.gateway.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.kexin.gateway.cli.SeventhPassProxyTest.CARD_A;
import static io.kexin.gateway.cli.SeventhPassProxyTest.CARD_B;
import static io.kexin.gateway.cli.SeventhPassProxyTest.ID_A;
import static io.kexin.gateway.cli.SeventhPassProxyTest.ID_B;
import static io.kexin.gateway.cli.SeventhPassProxyTest.anthropicAnswer;
import static io.kexin.gateway.cli.SeventhPassProxyTest.anthropicStream;
import static io.kexin.gateway.cli.SeventhPassProxyTest.blockDelta;
import static io.kexin.gateway.cli.SeventhPassProxyTest.blockStart;
import static io.kexin.gateway.cli.SeventhPassProxyTest.blockStop;
import static io.kexin.gateway.cli.SeventhPassProxyTest.chat;
import static io.kexin.gateway.cli.SeventhPassProxyTest.chatAnswer;
import static io.kexin.gateway.cli.SeventhPassProxyTest.chunk;
import static io.kexin.gateway.cli.SeventhPassProxyTest.content;
import static io.kexin.gateway.cli.SeventhPassProxyTest.escaped;
import static io.kexin.gateway.cli.SeventhPassProxyTest.q;
import static io.kexin.gateway.cli.SeventhPassProxyTest.seen;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;

/**
 * Plays the eighth attacker's pass against a real gateway running the shipped pack, with WireMock as the LLM API
 * streaming as the providers do: a Chinese ID or a card number that a streamed answer splits between the text it
 * shows and a tool call's arguments (chat {@code tool_calls} deltas, Anthropic {@code input_json_delta}), in either
 * order, between an Anthropic {@code thinking} block and the text, or across a number and a string of the arguments,
 * never reaches the client whole; clean answers with tool calls stream the same text as before.
 */
final class EighthPassProxyTest {
  @RegisterExtension
  static WireMockExtension upstream = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();
  @RegisterExtension
  static ShippedGateways gateways = new ShippedGateways(upstream);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static String call(String arguments) {
    return chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"call_x\",\"type\":\"function\",\"function\":{\"name\":"
        + "\"lookup\",\"arguments\":" + q(arguments) + "}}]}");
  }

  private static String callMore(String arguments) {
    return chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":" + q(arguments) + "}}]}");
  }

  private static String toolUse(int i, String json) {
    return blockStart(i, "{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"lookup\",\"input\":{}}") + "\u0000"
        + blockDelta(i, "{\"type\":\"input_json_delta\",\"partial_json\":" + q(json) + "}") + "\u0000" + blockStop(i);
  }

  private static String text(int i, String s) {
    return blockStart(i, "{\"type\":\"text\",\"text\":\"\"}") + "\u0000"
        + blockDelta(i, "{\"type\":\"text_delta\",\"text\":" + q(s) + "}") + "\u0000" + blockStop(i);
  }

  private static String thinking(int i, String s) {
    return blockStart(i, "{\"type\":\"thinking\",\"thinking\":\"\"}") + "\u0000"
        + blockDelta(i, "{\"type\":\"thinking_delta\",\"thinking\":" + q(s) + "}") + "\u0000"
        + blockDelta(i, "{\"type\":\"signature_delta\",\"signature\":\"RXVnZW5pY3M=\"}") + "\u0000" + blockStop(i);
  }

  private static String anthropic(String... blocks) {
    List<String> events = new ArrayList<>();
    for (String b : blocks) {
      events.addAll(List.of(b.split("\u0000")));
    }
    return anthropicStream(events);
  }

  /** Streamed answers that split a value between two texts a client reads side by side: each reached it before. */
  static Stream<Arguments> streamedSplits() {
    List<Arguments> rows = new ArrayList<>();
    String[][] values = {{ID_A, ID_B, "194912|31002"}, {CARD_A, CARD_B, "45391488|03436467"}};
    for (String[] v : values) {
      String a = v[0];
      String b = v[1];
      String leak = v[2];
      String lang = a.startsWith("身") ? " zh" : " en";
      rows.add(Arguments.of("chat content then tool arguments" + lang, "openai",
          chat(List.of(content(a), call("{\"n\":" + q(b) + "}"))), leak));
      rows.add(Arguments.of("chat tool arguments then content" + lang, "openai",
          chat(List.of(call("{\"n\":" + q(a) + "}"), content(b))), leak));
      rows.add(Arguments.of("chat arguments in pieces, escaped, then content" + lang, "openai",
          chat(List.of(call("{\"n\":\""), callMore(escaped(a).substring(0, 17)), callMore(escaped(a).substring(17)
              + "\"}"), content(b))), leak));
      rows.add(Arguments.of("chat content, arguments, content" + lang, "openai",
          chat(List.of(content("ok: " + a.substring(0, a.length() - 4)), call("{\"n\":" + q(a.substring(a.length()
              - 4)) + "}"), content(b))), leak));
      rows.add(Arguments.of("anthropic text then tool_use" + lang, "anthropic",
          anthropic(text(0, a), toolUse(1, "{\"n\":" + q(b) + "}")), leak));
      rows.add(Arguments.of("anthropic tool_use then text" + lang, "anthropic",
          anthropic(toolUse(0, "{\"n\":" + q(a) + "}"), text(1, b)), leak));
      rows.add(Arguments.of("anthropic thinking then text" + lang, "anthropic",
          anthropic(thinking(0, a), text(1, b)), leak));
    }
    // A number of the arguments beside a string or the text: numbers are values a tool reads as written.
    rows.add(Arguments.of("chat numeric argument then string zh", "openai",
        chat(List.of(content("身份证"), call("{\"a\":110105194912,\"b\":\"31002X\"}"))), "194912|31002"));
    rows.add(Arguments.of("chat numeric arguments en", "openai",
        chat(List.of(content("my card is "), call("{\"a\":4539,\"b\":\" 1488 0343 6467\"}"))), "4539|14880343"));
    rows.add(Arguments.of("anthropic numeric input then text zh", "anthropic",
        anthropic(text(0, "身份证"), toolUse(1, "{\"a\":110105194912}"), text(2, "31002X")), "194912|31002"));
    return rows.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("streamedSplits")
  void streamedSplitNeverReachesTheClientWhole(String name, String provider, String sse, String leak)
      throws Exception {
    HttpResponse<String> r = stream(provider, sse);

    assertThat(r.statusCode()).as(name).isEqualTo(200);
    assertThat(r.body()).as(name).contains("response blocked by policy rule");
    String seen = seen(r.body());
    String[] halves = leak.split("\\|");
    assertThat(seen.contains(halves[0]) && seen.contains(halves[1])).as(name + ": both halves reached the client: "
        + r.body()).isFalse();
  }

  /** Returns a Responses stream of {@code (item type, text)} pairs: messages' output text, calls' arguments. */
  private static String responses(String... typeText) {
    List<String> events = new ArrayList<>();
    events.add("{\"type\":\"response.created\",\"response\":{\"id\":\"resp_1\",\"status\":\"in_progress\","
        + "\"output\":[]}}");
    for (int i = 0; i < typeText.length; i += 2) {
      boolean call = typeText[i].equals("function_call");
      String item = "\"item_id\":\"it" + i + "\",\"output_index\":" + i / 2;
      String kind = call ? "response.function_call_arguments" : "response.output_text";
      String at = item + (call ? "" : ",\"content_index\":0");
      events.add("{\"type\":\"response.output_item.added\",\"output_index\":" + i / 2 + ",\"item\":{\"id\":\"it"
          + i + "\",\"type\":\"" + typeText[i] + "\"" + (call ? ",\"name\":\"lookup\",\"call_id\":\"call_1\","
          + "\"arguments\":\"\"" : ",\"role\":\"assistant\",\"content\":[]") + "}}");
      String text = typeText[i + 1];
      for (int c = 0; c < text.length(); c += 3) {
        events.add("{\"type\":\"" + kind + ".delta\"," + at + ",\"delta\":" + q(text.substring(c,
            Math.min(text.length(), c + 3))) + "}");
      }
      events.add("{\"type\":\"" + kind + ".done\"," + at + ",\"" + (call ? "arguments" : "text") + "\":" + q(text)
          + "}");
      events.add("{\"type\":\"response.output_item.done\",\"output_index\":" + i / 2 + ",\"item\":{\"id\":"
          + "\"it" + i + "\",\"type\":\"" + typeText[i] + "\"}}");
    }
    events.add("{\"type\":\"response.completed\",\"response\":{\"id\":\"resp_1\",\"status\":\"completed\"}}");
    StringBuilder sse = new StringBuilder();
    for (int n = 0; n < events.size(); n++) {
      String e = events.get(n);
      sse.append("data: ").append(e, 0, e.length() - 1).append(",\"sequence_number\":").append(n).append("}\n\n");
    }
    return sse.toString();
  }

  /** Responses streams that split a value between the answer's text and a function call's arguments. */
  static Stream<Arguments> responsesSplits() {
    return Stream.of(
        Arguments.of("text then arguments zh", responses("message", ID_A, "function_call", "{\"n\":" + q(ID_B) + "}"),
            "194912|31002"),
        Arguments.of("arguments then text zh", responses("function_call", "{\"n\":" + q(ID_A) + "}", "message", ID_B),
            "194912|31002"),
        Arguments.of("text then arguments en", responses("message", CARD_A, "function_call", "{\"n\":" + q(CARD_B)
            + "}"), "45391488|03436467"),
        Arguments.of("numeric arguments then text en", responses("function_call", "{\"a\":4539,\"b\":1488}",
            "message", " 0343 6467 is the card"), "4539|14880343"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("responsesSplits")
  void responsesSplitNeverReachesTheClientWhole(String name, String sse, String leak) throws Exception {
    upstream.resetAll();
    upstream.stubFor(post("/v1/responses").willReturn(aResponse().withStatus(200).withHeader("content-type",
        "text/event-stream").withBody(sse.getBytes(StandardCharsets.UTF_8))));
    HttpResponse<String> r = null;
    for (int attempt = 0; attempt < 3 && (r == null || r.statusCode() == 504); attempt++) {
      r = gateways.openAi().post("/v1/responses", "{\"model\":\"gpt-4o\",\"stream\":true,\"input\":\"hi\"}",
          "authorization", "Bearer " + TestGateway.CLIENT_KEY);
    }

    assertThat(r.statusCode()).as(name).isEqualTo(200);
    assertThat(r.body()).as(name).contains("response blocked by policy rule");
    String seen = seen(r.body());
    String[] halves = leak.split("\\|");
    assertThat(seen.contains(halves[0]) && seen.contains(halves[1])).as(name + ": " + r.body()).isFalse();
  }

  @Test
  void cleanResponsesStreamWithAFunctionCallReachesTheClientUnchanged() throws Exception {
    String args = "{\"city\":\"上海\",\"date\":\"2026-12-07\",\"page\":2}";
    upstream.resetAll();
    upstream.stubFor(post("/v1/responses").willReturn(aResponse().withStatus(200).withHeader("content-type",
        "text/event-stream").withBody(responses("message", "好的，我查一下 2026 年的数据。", "function_call", args)
        .getBytes(StandardCharsets.UTF_8))));
    HttpResponse<String> r = gateways.openAi().post("/v1/responses", "{\"model\":\"gpt-4o\",\"stream\":true,"
        + "\"input\":\"hi\"}", "authorization", "Bearer " + TestGateway.CLIENT_KEY);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).doesNotContain("\"error\"").contains("response.completed");
    StringBuilder text = new StringBuilder();
    StringBuilder arguments = new StringBuilder();
    for (JsonNode e : ResponsesStreamSplitProxyTest.events(r.body())) {
      String type = e.path("type").asText();
      if (type.equals("response.output_text.delta")) {
        text.append(e.path("delta").asText());
      } else if (type.equals("response.function_call_arguments.delta")) {
        arguments.append(e.path("delta").asText());
      }
    }
    assertThat(text.toString()).isEqualTo("好的，我查一下 2026 年的数据。");
    assertThat(arguments.toString()).isEqualTo(args);
  }

  /** Whole answers whose tool arguments hold a number that completes the value the text begins: each passed before. */
  static Stream<Arguments> wholeNumbers() {
    return Stream.of(
        Arguments.of("chat text then numeric argument zh", "openai",
            chatAnswer("身份证 110105", "{\"a\":19491231,\"b\":\"002X\"}"), "1231002"),
        Arguments.of("chat text then numeric arguments en", "openai",
            chatAnswer("my card is ", "{\"a\":4539,\"c\":\" 1488 0343 6467\"}"), "453914880343"),
        Arguments.of("anthropic text then numeric input zh", "anthropic",
            anthropicAnswer("身份证 110105", "{\"a\":19491231,\"b\":\"002X\"}"), "1231002"),
        Arguments.of("anthropic numeric input then text en", "anthropic",
            anthropicAnswer("1488 0343 6467 is my card", "{\"a\":4539}"), "453914880343"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wholeNumbers")
  void wholeAnswerNumberArgumentsAreReadWithTheText(String name, String provider, String answer, String leak)
      throws Exception {
    HttpResponse<String> r = whole(provider, answer);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.body()).contains("response blocked by policy rule");
    assertThat(seen(r.body())).as(name).doesNotContain(leak);
  }

  private static String choices(String first, String second) {
    return "{\"id\":\"cx\",\"object\":\"chat.completion\",\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":"
        + "{\"role\":\"assistant\",\"content\":" + q(first) + "},\"finish_reason\":\"stop\"},{\"index\":1,"
        + "\"message\":{\"role\":\"assistant\",\"content\":" + q(second) + "},\"finish_reason\":\"stop\"}]}";
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      zh | 身份证 110105194912 | 31002X 请核对 | 1231002
      en | my card is 4539 1488 | 0343 6467, thanks | 453914880343
      """)
  void wholeAnswerSplitAcrossTwoChoicesNeverReachesTheClient(String lang, String first, String second, String leak)
      throws Exception {
    HttpResponse<String> r = whole("openai", choices(first, second));

    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.body()).contains("response blocked by policy rule");
    assertThat(seen(r.body())).doesNotContain(leak);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      zh | 订单 20261207 已发货。 | 订单 20261207 已发货，请查收。
      en | Your order 1234 ships on 12 December. | Order 1234 ships December 12.
      """)
  void cleanChoicesPassByteForByte(String lang, String first, String second) throws Exception {
    HttpResponse<String> r = whole("openai", choices(first, second));

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(JSON.readTree(r.body())).isEqualTo(JSON.readTree(choices(first, second)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      openai    | I'll look that up for order 1234.    | {"city":"Beijing","date":"2026-12-07","page":2}
      openai    | 好的，我来查询 2026 年的数据。             | {"城市":"上海","日期":"12月7日","编号":110105}
      anthropic | Checking the weather in room 101.    | {"city":"London","days":3,"units":"metric"}
      anthropic | 我查一下订单 20261207。                    | {"订单":"194912","状态":"已发货","件数":2}
      """)
  void cleanStreamsWithToolCallsReachTheClientUnchanged(String provider, String text, String arguments)
      throws Exception {
    boolean anthropic = provider.equals("anthropic");
    String sse = anthropic ? anthropic(thinking(0, "Let me check 12 rooms."), text(1, text), toolUse(2, arguments))
        : chat(List.of(content(text.substring(0, 9)), content(text.substring(9)), call(arguments.substring(0, 11)),
            callMore(arguments.substring(11))));
    HttpResponse<String> r = stream(provider, sse);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).doesNotContain("error");
    assertThat(texts(r.body(), anthropic)).containsExactly(anthropic ? "Let me check 12 rooms." : text,
        anthropic ? text : arguments, anthropic ? arguments : "");
    assertThat(whole(provider, anthropic ? anthropicAnswer(text, arguments) : chatAnswer(text, arguments)).body())
        .satisfies(b -> assertThat(JSON.readTree(b)).isEqualTo(JSON.readTree(anthropic ? anthropicAnswer(text,
            arguments) : chatAnswer(text, arguments))));
  }

  /** Returns the texts the client reassembles: chat content and arguments; Anthropic blocks' texts, in order. */
  private static List<String> texts(String body, boolean anthropic) throws Exception {
    StringBuilder[] out = {new StringBuilder(), new StringBuilder(), new StringBuilder()};
    for (String line : body.split("\n")) {
      if (!line.startsWith("data:") || line.contains("[DONE]")) {
        continue;
      }
      JsonNode e = JSON.readTree(line.substring(5).trim());
      if (anthropic) {
        JsonNode d = e.path("delta");
        int i = e.path("index").asInt();
        for (String f : new String[] {"text", "thinking", "partial_json"}) {
          if (e.path("type").asText().equals("content_block_delta") && d.path(f).isTextual()) {
            out[i].append(d.path(f).asText());
          }
        }
      } else {
        for (JsonNode c : e.path("choices")) {
          out[0].append(c.path("delta").path("content").asText(""));
          for (JsonNode t : c.path("delta").path("tool_calls")) {
            out[1].append(t.path("function").path("arguments").asText(""));
          }
        }
      }
    }
    return List.of(out[0].toString(), out[1].toString(), out[2].toString());
  }

  private static HttpResponse<String> stream(String provider, String sse) throws Exception {
    upstream.resetAll();
    String path = provider.equals("anthropic") ? "/v1/messages" : "/v1/chat/completions";
    upstream.stubFor(post(path).willReturn(aResponse().withStatus(200).withHeader("content-type",
        "text/event-stream").withBody(sse.getBytes(StandardCharsets.UTF_8))));
    return send(provider, path, true);
  }

  private static HttpResponse<String> whole(String provider, String answer) throws Exception {
    upstream.resetAll();
    String path = provider.equals("anthropic") ? "/v1/messages" : "/v1/chat/completions";
    upstream.stubFor(post(path).willReturn(aResponse().withStatus(200).withHeader("content-type",
        "application/json").withBody(answer)));
    return send(provider, path, false);
  }

  private static HttpResponse<String> send(String provider, String path, boolean stream) throws Exception {
    HttpResponse<String> r = null;
    for (int attempt = 0; attempt < 3 && (r == null || r.statusCode() == 504); attempt++) {
      r = provider.equals("anthropic")
          ? gateways.anthropic().post(path, "{\"model\":\"claude\",\"max_tokens\":10,\"stream\":" + stream
              + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "x-api-key", TestGateway.CLIENT_KEY)
          : gateways.openAi().post(path, "{\"model\":\"gpt-4o\",\"stream\":" + stream + ",\"messages\":[{\"role\":"
              + "\"user\",\"content\":\"hi\"}]}", "authorization", "Bearer " + TestGateway.CLIENT_KEY);
    }
    return r;
  }
}
