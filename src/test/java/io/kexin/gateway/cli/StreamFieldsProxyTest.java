package io.kexin.gateway.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Plays a compromised upstream against a real gateway running the shipped pack, with WireMock streaming crafted
 * event streams: an AWS key, a Chinese ID or a code name placed in an SSE line a client's parser reads or shows (a
 * comment, {@code id:}, {@code retry:}, an unknown field, a line without a colon, an {@code event:} name, data after
 * the JSON, a first event behind a BOM) never reaches the client as written: the line is dropped, or read and
 * rewritten like the answer's text (the pack masks IDs and redacts code names in answers; keys it guards in requests
 * only, so a key shows that the line itself is gone). Each row failed before.
 */
class StreamFieldsProxyTest {
  @RegisterExtension
  static WireMockExtension upstream = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();
  @RegisterExtension
  static ShippedGateways gateways = new ShippedGateways(upstream);

  private static final String AWS = "AKIAQ3EGRT5YB2MZXW7P";
  private static final String CN_ID = "11010519491231002X";
  private static final String CODENAME = "凤凰计划";
  private static final String BOM = "\uFEFF";

  private static String chunk(String content) {
    return "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[{\"index\":0,"
        + "\"delta\":{\"content\":\"" + content + "\"},\"finish_reason\":null}]}\n";
  }

  /**
   * Returns a chat stream with {@code lines} (each ending with a line end) inside its last chunk, which the gateway
   * does not change (a chunk whose text is held back is written anew, and lines in it would be lost anyway).
   */
  private static String chat(String lines) {
    return chunk("你好") + "\n" + chunk(" there") + "\n" + "data: {\"id\":\"c1\",\"object\":"
        + "\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":"
        + "\"stop\"}]}\n" + lines + "\ndata: [DONE]\n\n";
  }

  /** Returns an Anthropic stream with {@code lines} (each ending with a line end) inside its first event. */
  private static String messages(String lines) {
    return "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m1\",\"type\":\"message\","
        + "\"role\":\"assistant\",\"content\":[],\"model\":\"claude\"}}\n" + lines + "\n"
        + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
        + "{\"type\":\"text\",\"text\":\"\"}}\n\n"
        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":"
        + "\"text_delta\",\"text\":\"好的\"}}\n\n"
        + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
        + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"}}\n\n"
        + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
  }

  /** Returns a Responses stream with {@code lines} (each ending with a line end) inside its first event. */
  private static String responses(String lines) {
    return "event: response.created\ndata: {\"type\":\"response.created\",\"sequence_number\":0,\"response\":"
        + "{\"id\":\"r1\",\"object\":\"response\",\"status\":\"in_progress\",\"output\":[]}}\n" + lines + "\n"
        + "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"sequence_number\":1,"
        + "\"item_id\":\"m1\",\"output_index\":0,\"content_index\":0,\"delta\":\"好的\"}\n\n"
        + "event: response.output_text.done\ndata: {\"type\":\"response.output_text.done\",\"sequence_number\":2,"
        + "\"item_id\":\"m1\",\"output_index\":0,\"content_index\":0,\"text\":\"好的\"}\n\n"
        + "event: response.completed\ndata: {\"type\":\"response.completed\",\"sequence_number\":3,\"response\":"
        + "{\"id\":\"r1\",\"object\":\"response\",\"status\":\"completed\",\"output\":[{\"id\":\"m1\",\"type\":"
        + "\"message\",\"role\":\"assistant\",\"status\":\"completed\",\"content\":[{\"type\":\"output_text\","
        + "\"text\":\"好的\",\"annotations\":[]}]}]}}\n\n";
  }

  private static Arguments chatRow(String name, String sse, String value) {
    return Arguments.of(name, "openai", "/v1/chat/completions", sse, value);
  }

  private static Arguments messagesRow(String name, String sse, String value) {
    return Arguments.of(name, "anthropic", "/v1/messages", sse, value);
  }

  private static Arguments responsesRow(String name, String sse, String value) {
    return Arguments.of(name, "openai", "/v1/responses", sse, value);
  }

  static Stream<Arguments> rows() {
    return Stream.of(
        chatRow("chat comment event", chunk("a") + "\n: key " + AWS + "\n\n" + chat(""), AWS),
        chatRow("chat comment inside an event", chat(": 身份证 " + CN_ID + "\n"), CN_ID),
        chatRow("chat comment with CR line ends", chat(": " + CODENAME + "\n").replace("\n", "\r"), CODENAME),
        chatRow("chat comment with CRLF line ends", chat(": key " + AWS + "\n").replace("\n", "\r\n"), AWS),
        chatRow("chat id field", chat("id: " + AWS + "\n"), AWS),
        chatRow("chat id-only event", chat("") + "id: " + CN_ID + "\n\n", CN_ID),
        chatRow("chat retry field", chat("retry: 110105194912310021\n"), "retry:"),
        chatRow("chat unknown field", chat("x-note: " + AWS + "\n"), AWS),
        chatRow("chat line without a colon", chat("身份证" + CN_ID + "\n"), CN_ID),
        chatRow("chat event name", chat("event: " + CODENAME + "\n"), CODENAME),
        chatRow("chat event name in English", chat("event: project phoenix\n"), "phoenix"),
        chatRow("chat data after the JSON", chat("data: {\"note\":\"" + AWS + "\"}\n"), AWS),
        chatRow("chat text after the JSON", chat("").replace("\"stop\"}]}", "\"stop\"}]} " + AWS), AWS),
        chatRow("chat first event behind a BOM", BOM + chunk("about Project Phoenix") + "\n" + chat(""), "Phoenix"),
        messagesRow("anthropic comment", messages(": 身份证 " + CN_ID + "\n"), CN_ID),
        messagesRow("anthropic id field", messages("id: " + AWS + "\n"), AWS),
        messagesRow("anthropic unknown event name",
            messages("") .replace("event: content_block_stop", "event: " + CODENAME), CODENAME),
        messagesRow("anthropic event line a later one overrides", messages("").replace(
            "event: content_block_stop", "event: " + CODENAME + "\nevent: content_block_stop"), CODENAME),
        responsesRow("responses comment", responses(": key " + AWS + "\n"), AWS),
        responsesRow("responses event name", responses("").replace("event: response.output_text.done",
            "event: 身份证" + CN_ID), CN_ID),
        messagesRow("anthropic first event behind a BOM", BOM + "data: {\"type\":\"content_block_delta\",\"index\":0,"
            + "\"delta\":{\"type\":\"text_delta\",\"text\":\"身份证 " + CN_ID + "\"}}\n\n" + messages(""), CN_ID),
        responsesRow("responses first event behind a BOM", BOM + "data: {\"type\":\"response.output_text.delta\","
            + "\"item_id\":\"m0\",\"output_index\":0,\"content_index\":0,\"delta\":\"about Project Phoenix\"}\n\n"
            + responses(""), "Phoenix"));
  }

  /** Events of each shape that carry a value in a field a client reads: already inspected, and kept so. */
  static Stream<Arguments> answerFields() {
    String ev = "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":";
    return Stream.of(
        messagesRow("anthropic second JSON object (the tree path refused it)", messages("").replace("\"index\":0}\n",
            "\"index\":0}\ndata: {\"type\":\"ping\",\"k\":\"" + AWS + "\"}\n"), AWS),
        messagesRow("anthropic message_start content", messages("").replace("\"content\":[]",
            "\"content\":[{\"type\":\"text\",\"text\":\"" + CODENAME + "\"}]"), CODENAME),
        messagesRow("anthropic citations_delta", messages("").replace("event: content_block_stop", ev
            + "{\"type\":\"citations_delta\",\"citation\":{\"type\":\"char_location\",\"cited_text\":\"身份证 "
            + CN_ID + "\",\"document_index\":0,\"document_title\":\"Project Phoenix\"}}}\n\n"
            + "event: content_block_stop"), CN_ID),
        messagesRow("anthropic tool_use name and input_json_delta", messages("").replace("event: message_delta",
            "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":"
            + "{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"" + CODENAME + "\",\"input\":{}}}\n\n"
            + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":"
            + "\"input_json_delta\",\"partial_json\":\"{\\\"n\\\":\\\"身份证 " + CN_ID + "\\\"}\"}}\n\n"
            + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":1}\n\n"
            + "event: message_delta"), CN_ID),
        messagesRow("anthropic tool_use name", messages("").replace("event: message_delta",
            "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":"
            + "{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"" + CODENAME + "\",\"input\":{}}}\n\n"
            + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":1}\n\n"
            + "event: message_delta"), CODENAME),
        messagesRow("anthropic thinking_delta", messages("").replace("event: message_delta",
            "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":"
            + "{\"type\":\"thinking\",\"thinking\":\"\"}}\n\n" + ev.replace("\"index\":0", "\"index\":1")
            + "{\"type\":\"thinking_delta\",\"thinking\":\"about Project Phoenix\"}}\n\n"
            + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":1}\n\n"
            + "event: message_delta"), "Phoenix"),
        messagesRow("anthropic error event echoing input", messages("").replace("event: message_stop\ndata: "
            + "{\"type\":\"message_stop\"}", "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":"
            + "\"overloaded_error\",\"message\":\"cannot answer about " + CODENAME + "\"}}"), CODENAME),
        chatRow("chat refusal delta", chunk("x").replace("\"content\":\"x\"", "\"refusal\":\"about Project "
            + "Phoenix\"") + "\n" + chat(""), "Phoenix"),
        chatRow("chat tool call name", chunk("x").replace("\"content\":\"x\"", "\"tool_calls\":[{\"index\":0,"
            + "\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"" + CODENAME + "\",\"arguments\":"
            + "\"\"}}]") + "\n" + chat(""), CODENAME),
        responsesRow("responses annotation title", responses("").replace("event: response.output_text.done",
            "event: response.output_text.annotation.added\ndata: {\"type\":\"response.output_text.annotation.added\","
            + "\"item_id\":\"m1\",\"output_index\":0,\"content_index\":0,\"annotation_index\":0,\"annotation\":"
            + "{\"type\":\"url_citation\",\"url\":\"https://x.example/a\",\"title\":\"Project Phoenix\","
            + "\"start_index\":0,\"end_index\":2}}\n\nevent: response.output_text.done"), "Phoenix"),
        responsesRow("responses completed output never streamed", responses("").replace("\"text\":\"好的\","
            + "\"annotations\"", "\"text\":\"身份证 " + CN_ID + "\",\"annotations\""), CN_ID),
        responsesRow("responses output_item.done function call", responses("").replace("event: response.completed",
            "event: response.output_item.done\ndata: {\"type\":\"response.output_item.done\",\"output_index\":1,"
            + "\"item\":{\"id\":\"fc1\",\"type\":\"function_call\",\"call_id\":\"c1\",\"name\":\""
            + CODENAME + "\",\"arguments\":\"{}\"}}\n\nevent: response.completed"), CODENAME));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void neverReachesTheClient(String name, String provider, String path, String sse, String value) throws Exception {
    assertNeverReaches(name, provider, path, sse, value);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("answerFields")
  void answerFieldsStayInspected(String name, String provider, String path, String sse, String value)
      throws Exception {
    assertNeverReaches(name, provider, path, sse, value);
  }

  @org.junit.jupiter.api.Test
  void droppedLinesAreCountedByKindWithoutTheirContent() throws Exception {
    try (TestGateway gateway = TestGateway.withShippedPolicy("openai", upstream.baseUrl())) {
      upstream.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200).withHeader(
          "content-type", "text/event-stream").withBody(chat(": " + CODENAME + "\nid: " + AWS + "\nid: 2\n"))));
      HttpResponse<String> r = null;
      for (int attempt = 0; attempt < 3 && (r == null || r.statusCode() == 504); attempt++) {
        r = gateway.post("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":"
            + "[{\"role\":\"user\",\"content\":\"hi\"}]}", "authorization", "Bearer " + TestGateway.CLIENT_KEY);
      }
      assertThat(r.statusCode()).isEqualTo(200);

      // the stream's bookkeeping ends just after its last bytes reach the client: wait for it, boundedly
      String metrics = gateway.get(gateway.adminUrl("/metrics")).body();
      for (int wait = 0; wait < 50 && metrics.contains("kexin_active_streams 1.0"); wait++) {
        Thread.sleep(100);
        metrics = gateway.get(gateway.adminUrl("/metrics")).body();
      }
      assertThat(metrics).contains("kexin_sse_lines_dropped_total{kind=\"comment\"} 1.0")
          .contains("kexin_sse_lines_dropped_total{kind=\"id\"} 2.0").doesNotContain(CODENAME).doesNotContain(AWS);
    }
  }

  private static void assertNeverReaches(String name, String provider, String path, String sse, String value)
      throws Exception {
    upstream.stubFor(post(path).willReturn(aResponse().withStatus(200).withHeader("content-type",
        "text/event-stream").withBody(sse.getBytes(StandardCharsets.UTF_8))));
    TestGateway gateway = provider.equals("anthropic") ? gateways.anthropic() : gateways.openAi();
    String body = switch (path) {
      case "/v1/messages" -> "{\"model\":\"claude\",\"max_tokens\":10,\"stream\":true,\"messages\":[{\"role\":\"user\","
          + "\"content\":\"hi\"}]}";
      case "/v1/responses" -> "{\"model\":\"gpt-4o\",\"stream\":true,\"input\":\"hi\"}";
      default -> "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    };
    HttpResponse<String> r = null;
    // A loaded machine's first exchange may meet the gateway's first-byte timeout (504): that shows nothing.
    for (int attempt = 0; attempt < 3 && (r == null || r.statusCode() == 504); attempt++) {
      r = provider.equals("anthropic")
          ? gateway.post(path, body, "x-api-key", TestGateway.CLIENT_KEY)
          : gateway.post(path, body, "authorization", "Bearer " + TestGateway.CLIENT_KEY);
    }

    assertThat(r.statusCode()).as(name).isEqualTo(200);
    assertThat(r.body()).as(name).doesNotContain(value).doesNotContain(BOM);
  }
}
