package io.kexin.gateway.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Plays the seventh attacker's pass against a real gateway running the shipped pack, with WireMock as the LLM API:
 * personal data and keys written letter-spaced with any of Unicode's spaces or with two spaces between the letters
 * never reach the upstream as written (English and Chinese), while spaced-out words that make no value pass byte for
 * byte; and a Chinese ID or a card number an answer splits across two deltas never reaches the client whole, however
 * a hostile upstream frames its event stream (CRLF or lone CR line ends, a BOM, one JSON object over several
 * {@code data:} lines, comments and {@code retry:}/{@code id:} fields between events, empty deltas between the halves,
 * Unicode escapes cut across tiny chunked writes, Anthropic {@code input_json_delta} escapes straddling two
 * events).
 */
final class SeventhPassProxyTest {
  @RegisterExtension
  static WireMockExtension upstream = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();
  @RegisterExtension
  static ShippedGateways gateways = new ShippedGateways(upstream);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String ID_A = "身份证 110105194912";
  static final String ID_B = "31002X 请核对";
  static final String CARD_A = "my card is 4539 1488 ";
  static final String CARD_B = "0343 6467, thanks";

  static String q(String s) {
    try {
      return JSON.writeValueAsString(s);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String chunk(String delta) {
    return "{\"id\":\"cx\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[{\"index\":0,"
        + "\"delta\":" + delta + ",\"finish_reason\":null}]}";
  }

  static String content(String s) {
    return chunk("{\"content\":" + q(s) + "}");
  }

  /** SSE text of chat events, each "data: X\n\n", ending with a stop chunk and [DONE]. */
  static String chat(List<String> events) {
    StringBuilder b = new StringBuilder();
    for (String e : events) {
      b.append("data: ").append(e).append("\n\n");
    }
    b.append("data: {\"id\":\"cx\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[{\"index\":0,"
        + "\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
    return b.toString();
  }

  static String anthropicStream(List<String> blocks) {
    StringBuilder b = new StringBuilder("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":"
        + "\"mx\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"claude\"}}\n\n");
    for (String e : blocks) {
      b.append("event: x\ndata: ").append(e).append("\n\n");
    }
    b.append("event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"}}\n\n"
        + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
    return b.toString().replace("event: x\n", "");
  }

  static String blockStart(int i, String block) {
    return "{\"type\":\"content_block_start\",\"index\":" + i + ",\"content_block\":" + block + "}";
  }

  static String blockDelta(int i, String delta) {
    return "{\"type\":\"content_block_delta\",\"index\":" + i + ",\"delta\":" + delta + "}";
  }

  static String blockStop(int i) {
    return "{\"type\":\"content_block_stop\",\"index\":" + i + "}";
  }

  static Arguments row(String name, String provider, String sse, int chunks, String leak) {
    return Arguments.of(name, provider, sse, chunks, leak);
  }

  /** Framings of a stream that splits a value across two deltas of one text: each is read as the client reads it. */
  static Stream<Arguments> framings() {
    List<Arguments> rows = new ArrayList<>();
    String[][] values = {{ID_A, ID_B, "1231002"}, {CARD_A, CARD_B, "453914880343"}};
    for (String[] v : values) {
      String a = v[0];
      String b = v[1];
      String leak = v[2];
      String lang = a.startsWith("身") ? " zh" : " en";
      String base = chat(List.of(content(a), content(b)));
      rows.add(row("plain" + lang, "openai", base, 0, leak));
      rows.add(row("CRLF" + lang, "openai", base.replace("\n", "\r\n"), 0, leak));
      rows.add(row("lone CR" + lang, "openai", base.replace("\n", "\r"), 0, leak));
      rows.add(row("BOM" + lang, "openai", "\uFEFF" + base, 0, leak));
      rows.add(row("JSON over data lines" + lang, "openai", chat(List.of(content(a).replace(",\"choices\"",
          "\ndata: ,\"choices\""), content(b).replace("{\"content\"", "\ndata: {\"content\""))), 0, leak));
      rows.add(row("comments retry id between" + lang, "openai", chat(List.of(content(a))).replace("data: {\"id\":\"cx"
          + "\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{},",
          ": c\nretry: 10\nid: 7\n\ndata: " + content(b) + "\n\ndata: {\"id\":\"cx\",\"object\":\"chat.completion"
          + ".chunk\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{},"), 0, leak));
      rows.add(row("empty deltas between" + lang, "openai", chat(List.of(content(a), content(""), chunk("{}"),
          chunk("{\"content\":null}"), content(b))), 0, leak));
      rows.add(row("tiny chunks" + lang, "openai", base, 300, leak));
      String esc = escaped(a + b);
      rows.add(row("u escapes tiny chunks" + lang, "openai", chat(List.of(chunk("{\"content\":\"" + esc + "\"}"))),
          400, leak));
      rows.add(row("anthropic text blocks" + lang, "anthropic", anthropicStream(List.of(
          blockStart(0, "{\"type\":\"text\",\"text\":\"\"}"), blockDelta(0, "{\"type\":\"text_delta\",\"text\":"
              + q(a) + "}"), blockDelta(0, "{\"type\":\"text_delta\",\"text\":\"\"}"),
          blockDelta(0, "{\"type\":\"text_delta\",\"text\":" + q(b) + "}"), blockStop(0))), 0, leak));
      String json = "{\"n\":\"" + esc + "\"}";
      int cut = json.indexOf("\\u00", json.indexOf("\\u0031") + 30) + 4;
      rows.add(row("input_json escapes straddle" + lang, "anthropic", anthropicStream(List.of(
          blockStart(0, "{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"f\",\"input\":{}}"),
          blockDelta(0, "{\"type\":\"input_json_delta\",\"partial_json\":" + q(json.substring(0, cut)) + "}"),
          blockDelta(0, "{\"type\":\"input_json_delta\",\"partial_json\":\"\"}"),
          blockDelta(0, "{\"type\":\"input_json_delta\",\"partial_json\":" + q(json.substring(cut)) + "}"),
          blockStop(0))), 0, leak));
      String sig = java.util.Base64.getEncoder().encodeToString((a + b).getBytes(StandardCharsets.UTF_8));
      rows.add(row("signature in two deltas" + lang, "anthropic", anthropicStream(List.of(
          blockStart(0, "{\"type\":\"thinking\",\"thinking\":\"\"}"), blockDelta(0,
              "{\"type\":\"thinking_delta\",\"thinking\":\"ok\"}"),
          blockDelta(0, "{\"type\":\"signature_delta\",\"signature\":" + q(sig.substring(0, 16)) + "}"),
          blockDelta(0, "{\"type\":\"signature_delta\",\"signature\":" + q(sig.substring(16)) + "}"),
          blockStop(0))), 0, leak));
    }
    return rows.stream();
  }

  /** A value split between two texts of one answer that the client reads apart (still open, see README). */
  static Stream<Arguments> acrossKinds() {
    List<Arguments> rows = new ArrayList<>();
    String[][] values = {{ID_A, ID_B, "1231002"}, {CARD_A, CARD_B, "453914880343"}};
    for (String[] v : values) {
      String a = v[0];
      String b = v[1];
      String leak = v[2];
      String lang = a.startsWith("身") ? " zh" : " en";
      rows.add(row("tool args then content" + lang, "openai", chat(List.of(
          chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"call_x\",\"type\":\"function\",\"function\":{\"name\":\"f\","
              + "\"arguments\":" + q("{\"n\":" + q(a) + "}") + "}}]}"), content(b))), 0, leak));
      rows.add(row("content then tool args" + lang, "openai", chat(List.of(content(a),
          chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"call_x\",\"type\":\"function\",\"function\":{\"name\":\"f\","
              + "\"arguments\":" + q("{\"n\":" + q(b) + "}") + "}}]}"))), 0, leak));
      rows.add(row("two choices" + lang, "openai", chat(List.of(content(a), content(b).replace("\"index\":0",
          "\"index\":1"))), 0, leak));
      rows.add(row("text then tool_use" + lang, "anthropic", anthropicStream(List.of(
          blockStart(0, "{\"type\":\"text\",\"text\":\"\"}"), blockDelta(0, "{\"type\":\"text_delta\",\"text\":"
              + q(a) + "}"), blockStop(0),
          blockStart(1, "{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"f\",\"input\":{}}"),
          blockDelta(1, "{\"type\":\"input_json_delta\",\"partial_json\":" + q("{\"n\":" + q(b) + "}") + "}"),
          blockStop(1))), 0, leak));
      rows.add(row("citations split" + lang, "anthropic", anthropicStream(List.of(
          blockStart(0, "{\"type\":\"text\",\"text\":\"\"}"), blockDelta(0, "{\"type\":\"text_delta\",\"text\":"
              + q(a) + "}"),
          blockDelta(0, "{\"type\":\"citations_delta\",\"citation\":{\"type\":\"char_location\",\"cited_text\":"
              + q(b) + ",\"document_index\":0}}"), blockStop(0))), 0, leak));
      rows.add(row("thinking then signature" + lang, "anthropic", anthropicStream(List.of(
          blockStart(0, "{\"type\":\"thinking\",\"thinking\":\"\"}"), blockDelta(0,
              "{\"type\":\"thinking_delta\",\"thinking\":" + q(a) + "}"),
          blockDelta(0, "{\"type\":\"signature_delta\",\"signature\":" + q(java.util.Base64.getEncoder()
              .encodeToString(b.getBytes(StandardCharsets.UTF_8))) + "}"), blockStop(0))), 0, leak));
    }
    return rows.stream();
  }

  private static String apart(String value, String separator) {
    return String.join(separator, value.split(""));
  }

  private static String chatRequest(String text) {
    return "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":" + q(text) + "}]}";
  }

  /** Letter-spaced values a model reads whole: each reached the upstream as written before this pass. */
  static Stream<Arguments> letterSpaced() {
    String email = "zhang.wei@example.cn";
    String key = "AKIAQ3EGRT5YB2MZXW7P";
    return Stream.of(
        Arguments.of("e-mail, no-break spaces", "please write to " + apart(email, "\u00A0") + " today", email),
        Arguments.of("e-mail, thin spaces, Chinese", "邮箱 " + apart(email, "\u2009") + " 谢谢", email),
        Arguments.of("e-mail, narrow no-break spaces", "mail " + apart(email, "\u202F"), email),
        Arguments.of("e-mail, figure spaces, Chinese", "请联系" + apart(email, "\u2007") + "。", email),
        Arguments.of("e-mail, two spaces", "contact: " + apart(email, "  ") + " (work)", email),
        Arguments.of("e-mail, two ideographic spaces, Chinese", "邮箱是 " + apart(email, "\u3000\u3000"), email),
        Arguments.of("key, two spaces", "my key is " + apart(key, "  "), key),
        Arguments.of("key, two spaces, Chinese", "密钥是 " + apart(key, "  ") + " 请保管", key));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("letterSpaced")
  void letterSpacedValuesNeverReachTheUpstream(String name, String text, String value) throws Exception {
    upstream.resetAll();
    upstream.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("content-type",
        "application/json").withBody("{\"id\":\"x\",\"object\":\"chat.completion\",\"model\":\"m\",\"choices\":"
            + "[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}")));
    HttpResponse<String> r = gateways.openAi().post("/v1/chat/completions", chatRequest(text), "authorization",
        "Bearer " + TestGateway.CLIENT_KEY);

    assertThat(r.statusCode()).as(r.body()).isIn(200, 400);
    for (ServeEvent e : upstream.getAllServeEvents()) {
      String sent = JSON.readTree(e.getRequest().getBodyAsString()).path("messages").get(0).path("content").asText();
      assertThat(sent.replaceAll("[\\s\\u00A0\\u2007\\u202F]", "")).as(name).doesNotContain(value);
    }
  }

  @ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {
      "选项\u00A0A\u00A0B\u00A0C\u00A0D\u00A0E\u00A0F\u00A0G\u00A0H 中选一个",
      "T  H  E    E  N  D  @  n o o n",
      "s\u2009p\u2009a\u2009c\u2009e\u2009d\u2009@\u2009o\u2009u\u2009t",
      "标题：M  E  R  R  Y    C  H  R  I  S  T  M  A  S",
      "a  b  c  d  e  f  g  h  i  j . c o m"})
  void spacedWordsThatMakeNoValuePassByteForByte(String text) throws Exception {
    upstream.resetAll();
    upstream.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("content-type",
        "application/json").withBody("{\"id\":\"x\",\"object\":\"chat.completion\",\"model\":\"m\",\"choices\":"
            + "[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}")));
    String body = chatRequest(text);
    HttpResponse<String> r = gateways.openAi().post("/v1/chat/completions", body, "authorization",
        "Bearer " + TestGateway.CLIENT_KEY);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(upstream.getAllServeEvents()).extracting(e -> e.getRequest().getBodyAsString()).containsExactly(body);
  }

  static String chatAnswer(String content, String arguments) {
    return "{\"id\":\"cx\",\"object\":\"chat.completion\",\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":"
        + "{\"role\":\"assistant\",\"content\":" + q(content) + ",\"tool_calls\":[{\"id\":\"call_x\",\"type\":"
        + "\"function\",\"function\":{\"name\":\"lookup\",\"arguments\":" + q(arguments) + "}}]},"
        + "\"finish_reason\":\"tool_calls\"}]}";
  }

  static String anthropicAnswer(String text, String input) {
    return "{\"id\":\"mx\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude\",\"content\":["
        + "{\"type\":\"text\",\"text\":" + q(text) + "},{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"lookup\","
        + "\"input\":" + input + "}],\"stop_reason\":\"tool_use\"}";
  }

  /** Whole answers that split a value between the text they show and a tool call's arguments: each passed before. */
  static Stream<Arguments> wholeAcrossTools() {
    List<Arguments> rows = new ArrayList<>();
    String[][] values = {{ID_A, ID_B, "1231002"}, {CARD_A, CARD_B, "453914880343"}};
    for (String[] v : values) {
      String a = v[0];
      String b = v[1];
      String lang = a.startsWith("身") ? " zh" : " en";
      rows.add(Arguments.of("chat content then arguments" + lang, "openai",
          chatAnswer(a, "{\"n\":" + q(b) + "}"), v[2]));
      rows.add(Arguments.of("chat arguments then content" + lang, "openai",
          chatAnswer(b, "{\"n\":" + q(a) + "}"), v[2]));
      rows.add(Arguments.of("chat two argument values" + lang, "openai",
          chatAnswer("ok", "{\"x\":" + q(a) + ",\"y\":" + q(b) + "}"), v[2]));
      rows.add(Arguments.of("anthropic text then tool input" + lang, "anthropic",
          anthropicAnswer(a, "{\"n\":" + q(b) + "}"), v[2]));
      rows.add(Arguments.of("anthropic tool input then text" + lang, "anthropic",
          anthropicAnswer(b, "{\"n\":{\"deep\":[" + q(a) + "]}}"), v[2]));
    }
    return rows.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wholeAcrossTools")
  void wholeAnswerSplitAcrossTextAndToolNeverReachesTheClient(String name, String provider, String answer,
      String leak) throws Exception {
    HttpResponse<String> r = answer(provider, answer);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.body()).contains("response blocked by policy rule").contains("split across two texts");
    assertThat(seen(r.body())).as(name).doesNotContain(leak);
  }

  @ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', textBlock = """
      openai    | I'll look that up for order 1234.    | {"city":"Beijing","date":"2026-12-07","page":"2"}
      openai    | 好的，我来查询 2026 年的数据。             | {"城市":"上海","日期":"12月7日","编号":"110105"}
      anthropic | Checking the weather in room 101.    | {"city":"London","days":"3","units":"metric"}
      anthropic | 我查一下订单 20261207。                    | {"订单":"194912","状态":"已发货"}
      """)
  void cleanAnswersWithToolCallsPassByteForByte(String provider, String text, String arguments) throws Exception {
    String answer = provider.equals("anthropic") ? anthropicAnswer(text, arguments) : chatAnswer(text, arguments);
    HttpResponse<String> r = answer(provider, answer);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(JSON.readTree(r.body())).isEqualTo(JSON.readTree(answer));
  }

  private static HttpResponse<String> answer(String provider, String answer) throws Exception {
    upstream.resetAll();
    String path = provider.equals("anthropic") ? "/v1/messages" : "/v1/chat/completions";
    upstream.stubFor(post(path).willReturn(aResponse().withStatus(200).withHeader("content-type",
        "application/json").withBody(answer)));
    HttpResponse<String> r = null;
    for (int attempt = 0; attempt < 3 && (r == null || r.statusCode() == 504); attempt++) {
      r = provider.equals("anthropic")
          ? gateways.anthropic().post(path, "{\"model\":\"claude\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\","
              + "\"content\":\"hi\"}]}", "x-api-key", TestGateway.CLIENT_KEY)
          : gateways.openAi().post(path, "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
              "authorization", "Bearer " + TestGateway.CLIENT_KEY);
    }
    return r;
  }

  /** A value split across two texts of a request a model reads in one context: closed, and kept so. */
  static Stream<Arguments> acrossRequestTexts() {
    List<Arguments> rows = new ArrayList<>();
    String[][] values = {{"身份证 110105194912", "31002X 请核对"}, {"write to zhang.wei", "@example.cn please"}};
    for (String[] v : values) {
      String a = q(v[0]);
      String b = q(v[1]);
      String lang = v[0].startsWith("身") ? " zh" : " en";
      rows.add(Arguments.of("chat consecutive user messages" + lang, "openai", "{\"model\":\"gpt-4o\",\"messages\":["
          + "{\"role\":\"user\",\"content\":" + a + "},{\"role\":\"user\",\"content\":" + b + "}]}"));
      rows.add(Arguments.of("chat system then first user" + lang, "openai", "{\"model\":\"gpt-4o\",\"messages\":["
          + "{\"role\":\"system\",\"content\":" + a + "},{\"role\":\"user\",\"content\":" + b + "}]}"));
      rows.add(Arguments.of("chat tool result then user" + lang, "openai", "{\"model\":\"gpt-4o\",\"messages\":["
          + "{\"role\":\"user\",\"content\":\"look it up\"},{\"role\":\"assistant\",\"content\":null,"
          + "\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":"
          + "\"{}\"}}]},{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":" + a + "},{\"role\":\"user\","
          + "\"content\":" + b + "}]}"));
      rows.add(Arguments.of("anthropic system blocks" + lang, "anthropic", "{\"model\":\"claude\",\"max_tokens\":9,"
          + "\"system\":[{\"type\":\"text\",\"text\":" + a + "},{\"type\":\"text\",\"text\":" + b + "}],"
          + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
      rows.add(Arguments.of("anthropic system then first user" + lang, "anthropic", "{\"model\":\"claude\","
          + "\"max_tokens\":9,\"system\":" + a + ",\"messages\":[{\"role\":\"user\",\"content\":" + b + "}]}"));
      rows.add(Arguments.of("anthropic tool result then user text" + lang, "anthropic", "{\"model\":\"claude\","
          + "\"max_tokens\":9,\"messages\":[{\"role\":\"user\",\"content\":\"look\"},{\"role\":\"assistant\","
          + "\"content\":[{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"f\",\"input\":{}}]},{\"role\":\"user\","
          + "\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t\",\"content\":" + a + "},{\"type\":"
          + "\"text\",\"text\":" + b + "}]}]}"));
    }
    return rows.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("acrossRequestTexts")
  void valueSplitAcrossRequestTextsNeverReachesTheUpstream(String name, String provider, String body)
      throws Exception {
    upstream.resetAll();
    upstream.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("content-type",
        "application/json").withBody("{}")));
    String path = provider.equals("anthropic") ? "/v1/messages" : "/v1/chat/completions";
    HttpResponse<String> r = provider.equals("anthropic")
        ? gateways.anthropic().post(path, body, "x-api-key", TestGateway.CLIENT_KEY)
        : gateways.openAi().post(path, body, "authorization", "Bearer " + TestGateway.CLIENT_KEY);

    assertThat(r.statusCode()).as(name + ": " + r.body()).isEqualTo(400);
    assertThat(upstream.getAllServeEvents()).as(name).isEmpty();
  }

  static String escaped(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      b.append(String.format("\\u%04x", (int) c));
    }
    return b.toString();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("framings")
  void neverReachesTheClientWhole(String name, String provider, String sse, int chunks, String leak) throws Exception {
    ResponseDefinitionBuilder resp = aResponse().withStatus(200).withHeader("content-type", "text/event-stream")
        .withBody(sse.getBytes(StandardCharsets.UTF_8));
    if (chunks > 0) {
      resp = resp.withChunkedDribbleDelay(chunks, 300);
    }
    String path = provider.equals("anthropic") ? "/v1/messages" : "/v1/chat/completions";
    upstream.stubFor(post(path).willReturn(resp));
    TestGateway gateway = provider.equals("anthropic") ? gateways.anthropic() : gateways.openAi();
    String body = provider.equals("anthropic")
        ? "{\"model\":\"claude\",\"max_tokens\":10,\"stream\":true,\"messages\":[{\"role\":\"user\","
            + "\"content\":\"hi\"}]}"
        : "{\"model\":\"gpt-4o\",\"stream\":true,\"n\":2,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    HttpResponse<String> r = null;
    for (int attempt = 0; attempt < 3 && (r == null || r.statusCode() == 504); attempt++) {
      r = provider.equals("anthropic")
          ? gateway.post(path, body, "x-api-key", TestGateway.CLIENT_KEY)
          : gateway.post(path, body, "authorization", "Bearer " + TestGateway.CLIENT_KEY);
    }
    String seen = seen(r.body());
    assertThat(r.statusCode()).as(name).isEqualTo(200);
    assertThat(seen).as(name).doesNotContain(leak);
  }

  /** Returns the digits of every string the client reads, JSON escapes and base64 of text decoded. */
  static String seen(String body) {
    StringBuilder all = new StringBuilder();
    for (String line : body.split("\r\n|\r|\n")) {
      String d = line.startsWith("data:") ? line.substring(5).trim() : line;
      try {
        collect(JSON.readTree(d), all);
      } catch (Exception e) {
        all.append(d);
      }
    }
    String s = all.toString();
    StringBuilder digits = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (Character.isDigit(c)) {
        digits.append(c);
      }
    }
    return digits.toString();
  }

  static void collect(JsonNode n, StringBuilder all) {
    if (n == null) {
      return;
    }
    if (n.isTextual()) {
      all.append(unescape(n.asText()));
      try {
        String dec = new String(java.util.Base64.getDecoder().decode(n.asText()), StandardCharsets.UTF_8);
        all.append(' ').append(dec).append(' ');
      } catch (Exception ignored) {
        // not base64
      }
    }
    n.forEach(c -> collect(c, all));
  }

  static String unescape(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      if (s.startsWith("\\u", i) && i + 6 <= s.length()) {
        try {
          b.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
          i += 5;
          continue;
        } catch (NumberFormatException ignored) {
          // not an escape
        }
      }
      b.append(s.charAt(i));
    }
    return b.toString();
  }
}
