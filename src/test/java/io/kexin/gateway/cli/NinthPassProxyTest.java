package io.kexin.gateway.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.kexin.gateway.cli.SeventhPassProxyTest.anthropicStream;
import static io.kexin.gateway.cli.SeventhPassProxyTest.blockDelta;
import static io.kexin.gateway.cli.SeventhPassProxyTest.blockStart;
import static io.kexin.gateway.cli.SeventhPassProxyTest.blockStop;
import static io.kexin.gateway.cli.SeventhPassProxyTest.chat;
import static io.kexin.gateway.cli.SeventhPassProxyTest.collect;
import static io.kexin.gateway.cli.SeventhPassProxyTest.content;
import static io.kexin.gateway.cli.SeventhPassProxyTest.q;
import static io.kexin.gateway.cli.SeventhPassProxyTest.seen;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Plays the ninth attacker's pass against a real gateway running the shipped pack, with WireMock as the LLM API
 * streaming as the providers do: a Chinese ID or a card number that an Anthropic answer splits between the text it
 * shows and a citation's {@code cited_text} (streamed {@code citations_delta} or whole {@code citations}), and phones,
 * IDs and cards written with Cyrillic or Greek letters that look like digits ({@code З} for 3, {@code О} or
 * {@code Ο} for 0, {@code б} for 6), in requests and streamed answers, never pass whole; clean citations and Russian
 * or Greek prose pass byte for byte.
 */
final class NinthPassProxyTest {
  @RegisterExtension
  static WireMockExtension upstream = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();
  @RegisterExtension
  static ShippedGateways gateways = new ShippedGateways(upstream);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OK = "{\"id\":\"x\",\"object\":\"chat.completion\",\"model\":\"m\",\"choices\":[{\"index\""
      + ":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}";

  private static String text(int i, String s) {
    return blockStart(i, "{\"type\":\"text\",\"text\":\"\",\"citations\":[]}") + "\u0000"
        + blockDelta(i, "{\"type\":\"text_delta\",\"text\":" + q(s) + "}");
  }

  private static String citation(int i, String cited) {
    return blockDelta(i, "{\"type\":\"citations_delta\",\"citation\":{\"type\":\"char_location\",\"cited_text\":"
        + q(cited) + ",\"document_index\":0,\"document_title\":\"合同\",\"start_char_index\":0,\"end_char_index\":"
        + cited.length() + "}}");
  }

  private static String anthropic(String... events) {
    List<String> all = new ArrayList<>();
    for (String e : events) {
      all.addAll(List.of(e.split("\u0000")));
    }
    return anthropicStream(all);
  }

  /** Streamed answers that split a value between a text and a citation's cited text: each reached the client. */
  static Stream<Arguments> streamedCitations() {
    return Stream.of(
        Arguments.of("text then citation zh", anthropic(text(0, "身份证 110105194912"), citation(0, "31002X"),
            blockStop(0)), "194912|31002"),
        Arguments.of("citation then text zh", anthropic(blockStart(0, "{\"type\":\"text\",\"text\":\"\"}"),
            citation(0, "身份证 110105194912"), blockDelta(0, "{\"type\":\"text_delta\",\"text\":\"31002X 请核对\"}"),
            blockStop(0)), "194912|31002"),
        Arguments.of("text then citation en", anthropic(text(0, "my card is 4539 1488 "), citation(0,
            "0343 6467"), blockStop(0)), "45391488|03436467"),
        Arguments.of("citation of the next block en", anthropic(text(0, "my card is 4539 1488 "), blockStop(0),
            blockStart(1, "{\"type\":\"text\",\"text\":\"\"}"), citation(1, "0343 6467"), blockStop(1)),
            "45391488|03436467"));
  }

  private static String searchResult(int i, String title) {
    return blockStart(i, "{\"type\":\"web_search_tool_result\",\"tool_use_id\":\"s1\",\"content\":[{\"type\":"
        + "\"web_search_result\",\"title\":" + q(title) + ",\"url\":\"https://news.example.cn/a\","
        + "\"encrypted_content\":\"RXVnZW5pY3M=\"}]}") + "\u0000" + blockStop(i);
  }

  /** Streamed answers that split a value between a text and a web search result's title: each reached the client. */
  static Stream<Arguments> streamedSearchResults() {
    return Stream.of(
        Arguments.of("text then result zh", anthropic(text(0, "身份证 110105194912"), blockStop(0),
            searchResult(1, "31002X 请核对")), "194912|31002"),
        Arguments.of("result then text en", anthropic(searchResult(0, "my card is 4539 1488"),
            text(1, " 0343 6467, thanks"), blockStop(1)), "45391488|03436467"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("streamedSearchResults")
  void searchResultSplitNeverReachesTheClientWhole(String name, String sse, String leak) throws Exception {
    citedTextSplitNeverReachesTheClientWhole(name, sse, leak);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      zh | 身份证 110105194912 | 31002X 请核对 | 1231002 | 400
      en | 0343 6467, thanks | my card is 4539 1488 | 453914880343 | 400
      zh-clean | 12 月 7 日多云。 | 2026 年 12 月上海天气 | - | 200
      """)
  void wholeSearchResultTitlesAreReadWithTheText(String name, String text, String title, String leak, int status)
      throws Exception {
    String result = "{\"type\":\"web_search_tool_result\",\"tool_use_id\":\"s1\",\"content\":[{\"type\":"
        + "\"web_search_result\",\"title\":" + q(title) + ",\"url\":\"https://news.example.cn/a\","
        + "\"encrypted_content\":\"RXVnZW5pY3M=\"}]}";
    String shown = "{\"type\":\"text\",\"text\":" + q(text) + "}";
    String answer = "{\"id\":\"mx\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude\",\"content\":["
        + (name.equals("zh") ? shown + "," + result : result + "," + shown) + "],\"stop_reason\":\"end_turn\"}";
    HttpResponse<String> r = anthropic(answer, false);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    if (status == 200) {
      assertThat(JSON.readTree(r.body())).isEqualTo(JSON.readTree(answer));
    } else {
      assertThat(r.body()).contains("response blocked by policy rule");
      assertThat(seen(r.body())).doesNotContain(leak);
    }
  }

  /**
   * Returns a Responses stream of one message whose text comes in {@code before} and {@code after} and an annotation
   * titled {@code title} between them, as the Responses API announces a url citation.
   */
  private static String annotated(String before, String title, String after) {
    String at = "\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0";
    List<String> events = new ArrayList<>(List.of(
        "{\"type\":\"response.created\",\"response\":{\"id\":\"resp_1\",\"status\":\"in_progress\",\"output\":[]}}",
        "{\"type\":\"response.output_item.added\",\"output_index\":0,\"item\":{\"id\":\"msg_1\",\"type\":\"message\","
            + "\"role\":\"assistant\",\"content\":[]}}",
        "{\"type\":\"response.output_text.delta\"," + at + ",\"delta\":" + q(before) + "}",
        "{\"type\":\"response.output_text.annotation.added\"," + at + ",\"annotation_index\":0,\"annotation\":"
            + "{\"type\":\"url_citation\",\"title\":" + q(title) + ",\"url\":\"https://news.example.cn/a\","
            + "\"start_index\":0,\"end_index\":4}}",
        "{\"type\":\"response.output_text.delta\"," + at + ",\"delta\":" + q(after) + "}",
        "{\"type\":\"response.output_text.done\"," + at + ",\"text\":" + q(before + after) + "}",
        "{\"type\":\"response.completed\",\"response\":{\"id\":\"resp_1\",\"status\":\"completed\"}}"));
    StringBuilder sse = new StringBuilder();
    for (int n = 0; n < events.size(); n++) {
      String e = events.get(n);
      sse.append("data: ").append(e, 0, e.length() - 1).append(",\"sequence_number\":").append(n).append("}\n\n");
    }
    return sse.toString();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      text then title zh | 身份证 110105194912 | 31002X 请核对 | '' | 194912 | 31002 | true
      title then text en | '' | my card is 4539 1488 | 0343 6467, thanks | 45391488 | 03436467 | true
      clean zh | 据报道，2026 年 | 2026 年 12 月上海天气 | 12 月 7 日多云。 | - | - | false
      """)
  void responsesAnnotationTitleIsReadWithTheText(String name, String before, String title, String after,
      String first, String second, boolean blocks) throws Exception {
    upstream.resetAll();
    upstream.stubFor(post("/v1/responses").willReturn(aResponse().withStatus(200).withHeader("content-type",
        "text/event-stream").withBody(annotated(before, title, after).getBytes(StandardCharsets.UTF_8))));
    HttpResponse<String> r = gateways.openAi().post("/v1/responses", "{\"model\":\"gpt-4o\",\"stream\":true,"
        + "\"input\":\"hi\"}", "authorization", "Bearer " + TestGateway.CLIENT_KEY);

    assertThat(r.statusCode()).isEqualTo(200);
    if (blocks) {
      assertThat(r.body()).as(name).contains("response blocked by policy rule");
      String seen = seen(r.body());
      assertThat(seen.contains(first) && seen.contains(second)).as(name + ": " + r.body()).isFalse();
    } else {
      assertThat(r.body()).doesNotContain("error").contains("response.completed").contains(q(title));
      StringBuilder text = new StringBuilder();
      for (JsonNode e : ResponsesStreamSplitProxyTest.events(r.body())) {
        if (e.path("type").asText().equals("response.output_text.delta")) {
          text.append(e.path("delta").asText());
        }
      }
      assertThat(text.toString()).isEqualTo(before + after);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      zh | 身份证 110105194912 | 31002X 请核对 | 1231002 | 400
      en | 0343 6467, thanks | my card is 4539 1488 | 453914880343 | 400
      clean | 12 月 7 日多云。 | 2026 年 12 月上海天气 | - | 200
      """)
  void wholeResponsesAnnotationTitlesAreReadWithTheText(String name, String text, String title, String leak,
      int status) throws Exception {
    String answer = "{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"completed\",\"model\":\"gpt-4o\","
        + "\"output\":[{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"status\":\"completed\","
        + "\"content\":[{\"type\":\"output_text\",\"text\":" + q(text) + ",\"annotations\":[{\"type\":"
        + "\"url_citation\",\"title\":" + q(title) + ",\"url\":\"https://news.example.cn/a\",\"start_index\":0,"
        + "\"end_index\":4}]}]}]}";
    upstream.resetAll();
    upstream.stubFor(post("/v1/responses").willReturn(aResponse().withStatus(200).withHeader("content-type",
        "application/json").withBody(answer.getBytes(StandardCharsets.UTF_8))));
    HttpResponse<String> r = gateways.openAi().post("/v1/responses", "{\"model\":\"gpt-4o\",\"input\":\"hi\"}",
        "authorization", "Bearer " + TestGateway.CLIENT_KEY);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    if (status == 200) {
      assertThat(JSON.readTree(r.body())).isEqualTo(JSON.readTree(answer));
    } else {
      assertThat(r.body()).contains("response blocked by policy rule");
      assertThat(seen(r.body())).doesNotContain(leak);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("streamedCitations")
  void citedTextSplitNeverReachesTheClientWhole(String name, String sse, String leak) throws Exception {
    HttpResponse<String> r = anthropic(sse, true);

    assertThat(r.statusCode()).as(name).isEqualTo(200);
    assertThat(r.body()).as(name).contains("response blocked by policy rule");
    String seen = seen(r.body());
    String[] halves = leak.split("\\|");
    assertThat(seen.contains(halves[0]) && seen.contains(halves[1])).as(name + ": " + r.body()).isFalse();
  }

  private static String cited(String text, String cited) {
    return "{\"id\":\"mx\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude\",\"content\":[{\"type\":"
        + "\"text\",\"text\":" + q(text) + ",\"citations\":[{\"type\":\"char_location\",\"cited_text\":" + q(cited)
        + ",\"document_index\":0,\"document_title\":\"d\",\"start_char_index\":0,\"end_char_index\":9}]}],"
        + "\"stop_reason\":\"end_turn\"}";
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      text then cited zh | 身份证 110105194912 | 31002X 请核对 | 1231002
      cited then text zh | 31002X 请核对 | 身份证 110105194912 | 1231002
      text then cited en | my card is 4539 1488 | 0343 6467 | 453914880343
      """)
  void wholeCitedTextSplitNeverReachesTheClient(String name, String text, String quote, String leak)
      throws Exception {
    HttpResponse<String> r = anthropic(cited(text, quote), false);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.body()).contains("response blocked by policy rule");
    assertThat(seen(r.body())).doesNotContain(leak);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      zh | 合同第 3 条约定 2026 年 12 月交付。 | 第 3 条：乙方应于 2026 年 12 月 31 日前交付。
      en | The lease runs 12 months from 1 March. | Term: 12 months, starting 1 March 2026.
      """)
  void cleanCitationsPassByteForByte(String lang, String text, String quote) throws Exception {
    HttpResponse<String> whole = anthropic(cited(text, quote), false);
    assertThat(whole.statusCode()).as(whole.body()).isEqualTo(200);
    assertThat(JSON.readTree(whole.body())).isEqualTo(JSON.readTree(cited(text, quote)));

    String sse = anthropic(blockStart(0, "{\"type\":\"text\",\"text\":\"\"}"), citation(0, quote),
        blockDelta(0, "{\"type\":\"text_delta\",\"text\":" + q(text.substring(0, 6)) + "}"),
        blockDelta(0, "{\"type\":\"text_delta\",\"text\":" + q(text.substring(6)) + "}"), blockStop(0));
    HttpResponse<String> streamed = anthropic(sse, true);
    assertThat(streamed.statusCode()).isEqualTo(200);
    assertThat(streamed.body()).doesNotContain("error");
    StringBuilder shown = new StringBuilder();
    List<String> quotes = new ArrayList<>();
    for (String line : streamed.body().split("\n")) {
      if (line.startsWith("data:")) {
        JsonNode d = JSON.readTree(line.substring(5).trim()).path("delta");
        shown.append(d.path("text").asText(""));
        if (d.has("citation")) {
          quotes.add(d.path("citation").path("cited_text").asText());
        }
      }
    }
    assertThat(shown.toString()).isEqualTo(text);
    assertThat(quotes).containsExactly(quote);
  }

  /** Values written with Cyrillic or Greek letters that look like digits: each reached the upstream as written. */
  static Stream<Arguments> lookAlikeDigits() {
    return Stream.of(
        Arguments.of("phone, Cyrillic Ze for 3, Chinese", "我的手机 13812З45678，请回电", "13812З45678"),
        Arguments.of("phone, Cyrillic Ze and be, Chinese", "手机号 1З8 1234 5б78", "1З8 1234 5б78"),
        Arguments.of("ID, Cyrillic O and Kha, Chinese", "身份证 11О1О519491231002Х 请核对", "11О1О519491231002Х"),
        Arguments.of("ID, Greek Omicron, English", "my ID number is 11Ο10519491231002X", "11Ο10519491231002X"),
        Arguments.of("card, Cyrillic O, English", "my card is 4539 1488 О343 6467, thanks", "4539 1488 О343 6467"),
        Arguments.of("phone, small ze, English", "call me on 1з812345678 tonight", "1з812345678"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lookAlikeDigits")
  void lookAlikeDigitsNeverReachTheUpstream(String name, String text, String value) throws Exception {
    upstream.resetAll();
    upstream.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200).withHeader("content-type",
        "application/json").withBody(OK)));
    HttpResponse<String> r = gateways.openAi().post("/v1/chat/completions", chatRequest(text), "authorization",
        "Bearer " + TestGateway.CLIENT_KEY);

    assertThat(r.statusCode()).as(r.body()).isIn(200, 400);
    for (ServeEvent e : upstream.getAllServeEvents()) {
      String sent = JSON.readTree(e.getRequest().getBodyAsString()).path("messages").get(0).path("content").asText();
      assertThat(sent).as(name).doesNotContain(value);
    }
  }

  /** IDs and cards so written in a streamed answer, whose rules mask the identifiers a model writes. */
  static Stream<Arguments> streamedLookAlikeDigits() {
    return Stream.of(
        Arguments.of("ID, Cyrillic O and Kha, Chinese", "身份证 11О1О519491231002Х 请核对", "11О1О519491231002Х"),
        Arguments.of("ID, Cyrillic Ze, Chinese", "证件号：110105194912З1002X。", "110105194912З1002X"),
        Arguments.of("ID, Greek Omicron, English", "my ID number is 11Ο10519491231002X", "11Ο10519491231002X"),
        Arguments.of("card, Cyrillic be, English", "the card is 4539 1488 0343 б467, thanks", "4539 1488 0343 б467"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("streamedLookAlikeDigits")
  void lookAlikeDigitsNeverReachTheClientFromAStream(String name, String text, String value) throws Exception {
    List<String> events = new ArrayList<>();
    for (int i = 0; i < text.length(); i += 2) {
      events.add(content(text.substring(i, Math.min(text.length(), i + 2))));
    }
    upstream.resetAll();
    upstream.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200).withHeader("content-type",
        "text/event-stream").withBody(chat(events).getBytes(StandardCharsets.UTF_8))));
    HttpResponse<String> r = gateways.openAi().post("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"stream\":true,"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "authorization", "Bearer " + TestGateway.CLIENT_KEY);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(shownText(r.body())).as(name + ": " + r.body()).doesNotContain(value);
  }

  /** Russian, Greek and Chinese text with those letters beside digits that make no value. */
  @ParameterizedTest
  @ValueSource(strings = {
      "Встреча в 10:00, комната 3б, ООО «Ромашка», 5б класс.",
      "Здравствуйте! Заказ № 2026 оформлен 7 декабря, доставка З0 минут.",
      "Ο αριθμός 3 και το γράμμα Ο μοιάζουν, 2026.",
      "俄语字母 З 像数字 3，б 像 6：3б 班共 30 人。"})
  void lookAlikeLettersThatMakeNoValuePassByteForByte(String text) throws Exception {
    upstream.resetAll();
    upstream.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200).withHeader("content-type",
        "application/json").withBody(OK)));
    String body = chatRequest(text);
    HttpResponse<String> r = gateways.openAi().post("/v1/chat/completions", body, "authorization",
        "Bearer " + TestGateway.CLIENT_KEY);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(upstream.getAllServeEvents()).extracting(e -> e.getRequest().getBodyAsString()).containsExactly(body);
  }

  /** Values in the headers of the providers' SDKs and of HTTP, which pass upstream as written: each reached it. */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', textBlock = """
      openai    | x-stainless-os          | Linux 13812345678
      openai    | x-stainless-arch        | zhang.wei@example.cn
      openai    | x-stainless-lang        | 身份证 11010519491231002X
      openai    | accept-language         | zh-CN; 手机 13812345678
      openai    | x-forwarded-for         | 13812345678
      anthropic | anthropic-beta          | AKIAQ3EGRT5LMWX2ZUTB
      anthropic | anthropic-version       | 身份证 11010519491231002X
      anthropic | x-stainless-package-version | my card is 4539 1488 0343 6467
      """)
  void aValueInAnSdkHeaderNeverReachesTheUpstream(String provider, String header, String value) throws Exception {
    HttpResponse<String> r = withHeaders(provider, header, latin1(value));

    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.body()).contains("blocked by policy rule").doesNotContain(value);
    assertThat(upstream.getAllServeEvents()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"openai", "anthropic"})
  void sdkHeadersAsTheSdksWriteThemPass(String provider) throws Exception {
    String[] sdk = {"x-stainless-lang", "js", "x-stainless-package-version", "4.52.0", "x-stainless-os", "MacOS",
        "x-stainless-arch", "arm64", "x-stainless-runtime", "node", "x-stainless-runtime-version", "v20.11.1",
        "x-stainless-retry-count", "0", "x-stainless-timeout", "600", "accept", "application/json",
        "accept-language", "zh-CN,zh;q=0.9,en;q=0.8", "x-forwarded-for", "10.0.0.1, 192.168.1.5",
        "anthropic-version", "2023-06-01", "anthropic-beta", "prompt-caching-2024-07-31,interleaved-thinking-2025-05-14",
        "openai-beta", "assistants=v2"};
    HttpResponse<String> r = withHeaders(provider, sdk);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    for (int i = 0; i < sdk.length; i += 2) {
      assertThat(upstream.getAllServeEvents().get(0).getRequest().getHeader(sdk[i])).as(sdk[i]).startsWith(sdk[i + 1]);
    }
  }

  private static HttpResponse<String> withHeaders(String provider, String... headers) throws Exception {
    upstream.resetAll();
    boolean anthropic = provider.equals("anthropic");
    String path = anthropic ? "/v1/messages" : "/v1/chat/completions";
    upstream.stubFor(post(path).willReturn(aResponse().withStatus(200).withHeader("content-type",
        "application/json").withBody(anthropic ? "{\"id\":\"mx\",\"type\":\"message\",\"role\":\"assistant\","
            + "\"model\":\"claude\",\"content\":[{\"type\":\"text\",\"text\":\"ok\"}],\"stop_reason\":\"end_turn\"}" : OK)));
    List<String> all = new ArrayList<>(List.of(anthropic ? new String[] {"x-api-key", TestGateway.CLIENT_KEY}
        : new String[] {"authorization", "Bearer " + TestGateway.CLIENT_KEY}));
    all.addAll(List.of(headers));
    return anthropic
        ? gateways.anthropic().post(path, "{\"model\":\"claude\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\","
            + "\"content\":\"hi\"}]}", all.toArray(new String[0]))
        : gateways.openAi().post(path, chatRequest("hi"), all.toArray(new String[0]));
  }

  /** Returns {@code s} as HTTP/1.1 carries its UTF-8 bytes in a header, one character a byte. */
  private static String latin1(String s) {
    return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }

  private static String chatRequest(String text) {
    return "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":" + q(text) + "}]}";
  }

  /** Returns every string the client reads in a stream, in order, JSON escapes decoded. */
  private static String shownText(String body) {
    StringBuilder all = new StringBuilder();
    for (String line : body.split("\r\n|\r|\n")) {
      if (line.startsWith("data:") && !line.contains("[DONE]")) {
        try {
          collect(JSON.readTree(line.substring(5).trim()), all);
        } catch (Exception e) {
          all.append(line);
        }
      }
    }
    return all.toString();
  }

  private static HttpResponse<String> anthropic(String answer, boolean stream) throws Exception {
    upstream.resetAll();
    upstream.stubFor(post("/v1/messages").willReturn(aResponse().withStatus(200).withHeader("content-type",
        stream ? "text/event-stream" : "application/json").withBody(answer.getBytes(StandardCharsets.UTF_8))));
    HttpResponse<String> r = null;
    for (int attempt = 0; attempt < 3 && (r == null || r.statusCode() == 504); attempt++) {
      r = gateways.anthropic().post("/v1/messages", "{\"model\":\"claude\",\"max_tokens\":10,\"stream\":" + stream
          + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "x-api-key", TestGateway.CLIENT_KEY);
    }
    return r;
  }
}
