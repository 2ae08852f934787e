package io.kexin.gateway.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Plays a compromised upstream against a real gateway running the shipped pack, with WireMock answering: a code name
 * (English or Chinese) or a Chinese ID placed in a field the schema declares not text — an enumerated word
 * ({@code object}, {@code type}, {@code role}, {@code finish_reason}, {@code stop_reason}, {@code status}), an id, a
 * model, an error code, an opaque token (a thinking signature, encrypted reasoning, as base64 of the value or as
 * the value), the stream's padding — never reaches the client as written, in streamed and whole answers of the chat,
 * messages and Responses APIs: an enumerated field holding what no word of the provider looks like stops the answer
 * (the provider's error event in a stream, a 502 for a whole answer); a newer word, an id or a model is read and
 * rewritten as the pack says (it redacts code names and masks IDs in answers); a token whose base64 holds a value
 * stops the answer; padding is replaced. Each row failed before, but those marked as kept.
 */
class DeclaredFieldsProxyTest {
  @RegisterExtension
  static WireMockExtension upstream = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();
  @RegisterExtension
  static ShippedGateways gateways = new ShippedGateways(upstream);

  private static final String CN_ID = "11010519491231002X";
  /** A Chinese ID in a word of an enumerated field's shape (lower case), which the masking rule still reads. */
  private static final String WORD_ID = "id_11010519491231002x";
  private static final String ZH = "凤凰计划";
  private static final String EN = "Project Phoenix";
  private static final String B64_ZH = b64("身份证 " + CN_ID);
  private static final String B64_EN = b64(EN + " launches in May");
  /** A real signature is ciphertext: long base64 whose bytes are no text. */
  private static final String SIGNATURE = randomBase64(300);

  /** What the client must see besides the value never reaching it. */
  enum Expect {
    /** The value was read and rewritten; the answer goes on (a stream ends as the upstream ended it). */
    READ,
    /** The answer stopped: the provider's error event in a stream, a 502 in the provider's error form when whole. */
    STOPPED,
    /** Either (the upstream's own answer is an error). */
    ANY
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String randomBase64(int chars) {
    byte[] bytes = new byte[chars * 3 / 4];
    new Random(14).nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }

  // ---- streams ------------------------------------------------------------------------------------------------

  private static final String CHUNK = "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
      + "\"model\":\"gpt-4o\",\"system_fingerprint\":\"fp_1\",\"choices\":[{\"index\":0,\"delta\":DELTA,"
      + "\"finish_reason\":FINISH}]}\n\n";

  /** Returns a chat stream: a role chunk, two text chunks, a finishing chunk and {@code [DONE]}. */
  private static String chat() {
    return CHUNK.replace("DELTA", "{\"role\":\"assistant\",\"content\":\"\"}").replace("FINISH", "null")
        + CHUNK.replace("DELTA", "{\"content\":\"你好\"}").replace("FINISH", "null")
        + CHUNK.replace("DELTA", "{\"content\":\" there\"}").replace("FINISH", "null")
        + CHUNK.replace("DELTA", "{}").replace("FINISH", "\"stop\"")
        + "data: [DONE]\n\n";
  }

  /** Returns an Anthropic stream: a thinking block with its signature, a text block, a tool call. */
  private static String messages() {
    return "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
        + "\"role\":\"assistant\",\"content\":[],\"model\":\"claude\",\"stop_reason\":null,\"stop_sequence\":null}}\n\n"
        + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
        + "{\"type\":\"thinking\",\"thinking\":\"\"}}\n\n"
        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":"
        + "\"thinking_delta\",\"thinking\":\"想一想\"}}\n\n"
        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":"
        + "\"signature_delta\",\"signature\":\"" + SIGNATURE + "\"}}\n\n"
        + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
        + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":"
        + "{\"type\":\"text\",\"text\":\"\"}}\n\n"
        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":"
        + "\"text_delta\",\"text\":\"好的\"}}\n\n"
        + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":1}\n\n"
        + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":2,\"content_block\":"
        + "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"f\",\"input\":{}}}\n\n"
        + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":2}\n\n"
        + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
        + "\"stop_sequence\":null}}\n\n"
        + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
  }

  /** Returns a Responses stream: a reasoning item with encrypted content, a message, a function call. */
  private static String responses() {
    return "event: response.created\ndata: {\"type\":\"response.created\",\"sequence_number\":0,\"response\":"
        + "{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"in_progress\",\"model\":\"gpt-4o\",\"output\":[]}}\n\n"
        + "event: response.output_item.done\ndata: {\"type\":\"response.output_item.done\",\"sequence_number\":1,"
        + "\"output_index\":0,\"item\":{\"id\":\"rs_1\",\"type\":\"reasoning\",\"summary\":[],\"encrypted_content\":\""
        + SIGNATURE + "\"}}\n\n"
        + "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"sequence_number\":2,"
        + "\"item_id\":\"msg_1\",\"output_index\":1,\"content_index\":0,\"delta\":\"好的\",\"obfuscation\":\"a1B2\"}\n\n"
        + "event: response.output_text.done\ndata: {\"type\":\"response.output_text.done\",\"sequence_number\":3,"
        + "\"item_id\":\"msg_1\",\"output_index\":1,\"content_index\":0,\"text\":\"好的\"}\n\n"
        + "event: response.output_item.done\ndata: {\"type\":\"response.output_item.done\",\"sequence_number\":4,"
        + "\"output_index\":2,\"item\":{\"id\":\"fc_1\",\"type\":\"function_call\",\"status\":\"completed\","
        + "\"call_id\":\"call_1\",\"name\":\"f\",\"arguments\":\"{}\"}}\n\n"
        + "event: response.completed\ndata: {\"type\":\"response.completed\",\"sequence_number\":5,\"response\":"
        + "{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"completed\",\"model\":\"gpt-4o\",\"output\":[]}}\n\n";
  }

  private static Arguments row(String name, String path, String sse, String value, Expect expect) {
    return Arguments.of(name, path, sse, value, expect);
  }

  static Stream<Arguments> streamed() {
    String chat = "/v1/chat/completions";
    String msgs = "/v1/messages";
    String resp = "/v1/responses";
    return Stream.of(
        // OpenAI chat: enumerated words
        row("chat finish_reason in Chinese", chat, chat().replace("\"stop\"", "\"" + ZH + "\""), ZH, Expect.STOPPED),
        row("chat finish_reason in English", chat, chat().replace("\"stop\"", "\"" + EN + "\""), EN, Expect.STOPPED),
        row("chat finish_reason of a word's shape", chat, chat().replace("\"stop\"", "\"" + WORD_ID + "\""),
            "11010519491231002x", Expect.READ),
        row("chat object", chat, chat().replace("\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\",\"system"
            + "_fingerprint\":\"fp_1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"你好",
            "\"" + EN + "\",\"created\":1,\"model\":\"gpt-4o\",\"system_fingerprint\":\"fp_1\",\"choices\":[{\"index\":0,"
            + "\"delta\":{\"content\":\"你好"), EN, Expect.STOPPED),
        row("chat delta role", chat, chat().replace("\"role\":\"assistant\"", "\"role\":\"" + ZH + "\""), ZH,
            Expect.STOPPED),
        // OpenAI chat: identifiers, in every chunk and in the chunks the gateway writes itself
        row("chat id in Chinese", chat, chat().replace("chatcmpl-1", "chatcmpl-" + ZH), ZH, Expect.READ),
        row("chat id with an ID number", chat, chat().replace("chatcmpl-1", "chatcmpl-" + CN_ID), CN_ID, Expect.READ),
        row("chat model in English", chat, chat().replace("\"gpt-4o\"", "\"gpt-4o " + EN + "\""), EN, Expect.READ),
        row("chat system_fingerprint", chat, chat().replace("fp_1", "fp_" + ZH), ZH, Expect.READ),
        row("chat tool call id", chat, chat().replace("{\"content\":\" there\"}", "{\"tool_calls\":[{\"index\":0,"
            + "\"id\":\"call_" + EN + "\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]}"),
            EN, Expect.READ),
        row("chat tool call type", chat, chat().replace("{\"content\":\" there\"}", "{\"tool_calls\":[{\"index\":0,"
            + "\"id\":\"call_1\",\"type\":\"" + ZH + "\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]}"),
            ZH, Expect.STOPPED),
        row("chat error code", chat, chat().replace("data: [DONE]", "data: {\"error\":{\"message\":\"overloaded\","
            + "\"type\":\"server_error\",\"code\":\"" + EN + "\"}}\n\ndata: [DONE]"), EN, Expect.ANY),
        row("chat error type", chat, chat().replace("data: [DONE]", "data: {\"error\":{\"message\":\"overloaded\","
            + "\"type\":\"" + ZH + "\",\"code\":null}}\n\ndata: [DONE]"), ZH, Expect.ANY),
        row("chat padding with an ID number", chat, chat().replace("\"system_fingerprint\":\"fp_1\",",
            "\"system_fingerprint\":\"fp_1\",\"obfuscation\":\"" + CN_ID + "\","), CN_ID, Expect.READ),
        row("chat padding in Chinese", chat, chat().replace("\"created\":1,", "\"created\":1,\"obfuscation\":\""
            + ZH + "\","), ZH, Expect.READ),
        // Anthropic
        row("anthropic stop_reason in Chinese", msgs, messages().replace("\"end_turn\"", "\"" + ZH + "\""), ZH,
            Expect.STOPPED),
        row("anthropic stop_reason in English", msgs, messages().replace("\"end_turn\"", "\"" + EN + "\""), EN,
            Expect.STOPPED),
        row("anthropic stop_reason of a word's shape", msgs, messages().replace("\"end_turn\"", "\"" + WORD_ID + "\""),
            "11010519491231002x", Expect.READ),
        row("anthropic block type", msgs, messages().replace("{\"type\":\"tool_use\",", "{\"type\":\"" + EN + "\","),
            EN, Expect.STOPPED),
        row("anthropic message role", msgs, messages().replace("\"role\":\"assistant\"", "\"role\":\"" + ZH + "\""),
            ZH, Expect.STOPPED),
        row("anthropic message id", msgs, messages().replace("msg_1", "msg_" + ZH), ZH, Expect.READ),
        row("anthropic model", msgs, messages().replace("\"claude\"", "\"claude " + EN + "\""), EN, Expect.READ),
        row("anthropic tool_use id", msgs, messages().replace("toolu_1", "toolu_" + CN_ID), CN_ID, Expect.READ),
        row("anthropic signature: base64 of a Chinese ID", msgs, messages().replace(SIGNATURE, B64_ZH), B64_ZH,
            Expect.STOPPED),
        row("anthropic signature: base64 of an English code name", msgs, messages().replace(SIGNATURE, B64_EN),
            B64_EN, Expect.STOPPED),
        row("anthropic signature as plain text", msgs, messages().replace(SIGNATURE, ZH), ZH, Expect.READ),
        row("anthropic stop_sequence (kept)", msgs, messages().replace("\"stop_sequence\":null}}\n\nevent: "
            + "message_stop", "\"stop_sequence\":\"" + EN + "\"}}\n\nevent: message_stop"), EN, Expect.READ),
        row("anthropic error type", msgs, messages().replace("event: message_stop\ndata: {\"type\":\"message_stop\"}",
            "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"" + ZH + "\",\"message\":\"m\"}}"), ZH,
            Expect.ANY),
        // Responses
        row("responses event type in Chinese", resp, responses().replace("\"type\":\"response.output_text.done\"",
            "\"type\":\"response." + ZH + "\""), ZH, Expect.STOPPED),
        row("responses event type of a word's shape", resp, responses().replace(
            "\"type\":\"response.output_item.done\",\"sequence_number\":4", "\"type\":\"response." + WORD_ID
            + "\",\"sequence_number\":4"), "11010519491231002x", Expect.READ),
        row("responses status", resp, responses().replace("\"status\":\"completed\",\"model\"",
            "\"status\":\"" + EN + "\",\"model\""), EN, Expect.STOPPED),
        row("responses response id", resp, responses().replace("resp_1", "resp_" + ZH), ZH, Expect.READ),
        row("responses model", resp, responses().replace("\"gpt-4o\"", "\"gpt-4o " + EN + "\""), EN, Expect.READ),
        row("responses item_id", resp, responses().replace("msg_1", "msg_" + CN_ID), CN_ID, Expect.READ),
        row("responses call_id", resp, responses().replace("call_1", "call_" + ZH), ZH, Expect.READ),
        row("responses encrypted_content: base64 of a Chinese ID", resp, responses().replace(SIGNATURE, B64_ZH),
            B64_ZH, Expect.STOPPED),
        row("responses encrypted_content: base64 of an English code name", resp,
            responses().replace(SIGNATURE, B64_EN), B64_EN, Expect.STOPPED),
        row("responses padding", resp, responses().replace("a1B2", CN_ID), CN_ID, Expect.READ),
        row("responses error code", resp, responses().replace("event: response.completed\ndata: {\"type\":"
            + "\"response.completed\"", "event: error\ndata: {\"type\":\"error\",\"code\":\"" + EN + "\",\"message\":"
            + "\"m\",\"param\":null,\"sequence_number\":5}\n\nevent: response.completed\ndata: {\"type\":"
            + "\"response.completed\""), EN, Expect.ANY));
  }

  // ---- whole answers ------------------------------------------------------------------------------------------

  private static final String CHAT = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,"
      + "\"model\":\"gpt-4o\",\"system_fingerprint\":\"fp_1\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
      + "\"assistant\",\"content\":\"好的\",\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\",\"function\":"
      + "{\"name\":\"f\",\"arguments\":\"{}\"}}]},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":1,"
      + "\"completion_tokens\":1,\"total_tokens\":2}}";
  private static final String MESSAGE = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":"
      + "\"claude\",\"content\":[{\"type\":\"thinking\",\"thinking\":\"想一想\",\"signature\":\"" + SIGNATURE + "\"},"
      + "{\"type\":\"text\",\"text\":\"好的\"},{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"f\",\"input\":{}}],"
      + "\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}";
  private static final String RESPONSE = "{\"id\":\"resp_1\",\"object\":\"response\",\"created_at\":1,\"status\":"
      + "\"completed\",\"model\":\"gpt-4o\",\"output\":[{\"type\":\"reasoning\",\"id\":\"rs_1\",\"summary\":[],"
      + "\"encrypted_content\":\"" + SIGNATURE + "\"},{\"type\":\"message\",\"id\":\"msg_1\",\"status\":"
      + "\"completed\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"好的\","
      + "\"annotations\":[]}]},{\"type\":\"function_call\",\"id\":\"fc_1\",\"call_id\":\"call_1\",\"name\":\"f\","
      + "\"arguments\":\"{}\",\"status\":\"completed\"}],\"usage\":{\"input_tokens\":1,\"output_tokens\":1,"
      + "\"total_tokens\":2}}";

  static Stream<Arguments> whole() {
    String chat = "/v1/chat/completions";
    String msgs = "/v1/messages";
    String resp = "/v1/responses";
    return Stream.of(
        row("chat finish_reason in Chinese", chat, CHAT.replace("\"stop\"", "\"" + ZH + "\""), ZH, Expect.STOPPED),
        row("chat finish_reason in English", chat, CHAT.replace("\"stop\"", "\"" + EN + "\""), EN, Expect.STOPPED),
        row("chat finish_reason of a word's shape", chat, CHAT.replace("\"stop\"", "\"" + WORD_ID + "\""),
            "11010519491231002x", Expect.READ),
        row("chat object", chat, CHAT.replace("\"chat.completion\"", "\"" + EN + "\""), EN, Expect.STOPPED),
        row("chat id in Chinese", chat, CHAT.replace("chatcmpl-1", "chatcmpl-" + ZH), ZH, Expect.READ),
        row("chat id with an ID number", chat, CHAT.replace("chatcmpl-1", "chatcmpl-" + CN_ID), CN_ID, Expect.READ),
        row("chat model in English", chat, CHAT.replace("\"gpt-4o\"", "\"gpt-4o " + EN + "\""), EN, Expect.READ),
        row("chat system_fingerprint", chat, CHAT.replace("fp_1", "fp_" + ZH), ZH, Expect.READ),
        row("chat tool call id", chat, CHAT.replace("call_1", "call_" + EN), EN, Expect.READ),
        row("chat message role", chat, CHAT.replace("\"assistant\"", "\"" + ZH + "\""), ZH, Expect.STOPPED),
        row("anthropic stop_reason in Chinese", msgs, MESSAGE.replace("\"end_turn\"", "\"" + ZH + "\""), ZH,
            Expect.STOPPED),
        row("anthropic stop_reason in English", msgs, MESSAGE.replace("\"end_turn\"", "\"" + EN + "\""), EN,
            Expect.STOPPED),
        row("anthropic type", msgs, MESSAGE.replace("\"type\":\"message\"", "\"type\":\"" + ZH + "\""), ZH,
            Expect.STOPPED),
        row("anthropic id", msgs, MESSAGE.replace("msg_1", "msg_" + ZH), ZH, Expect.READ),
        row("anthropic model", msgs, MESSAGE.replace("\"claude\"", "\"claude " + EN + "\""), EN, Expect.READ),
        row("anthropic tool_use id", msgs, MESSAGE.replace("toolu_1", "toolu_" + CN_ID), CN_ID, Expect.READ),
        row("anthropic signature: base64 of a Chinese ID", msgs, MESSAGE.replace(SIGNATURE, B64_ZH), B64_ZH,
            Expect.STOPPED),
        row("anthropic signature: base64 of an English code name", msgs, MESSAGE.replace(SIGNATURE, B64_EN), B64_EN,
            Expect.STOPPED),
        row("anthropic signature as plain text", msgs, MESSAGE.replace(SIGNATURE, EN), EN, Expect.READ),
        row("anthropic stop_sequence (kept)", msgs, MESSAGE.replace("\"stop_sequence\":null",
            "\"stop_sequence\":\"" + ZH + "\""), ZH, Expect.READ),
        row("responses status in Chinese", resp, RESPONSE.replace("\"status\":\"completed\",\"model\"",
            "\"status\":\"" + ZH + "\",\"model\""), ZH, Expect.STOPPED),
        row("responses item status in English", resp, RESPONSE.replace("\"status\":\"completed\",\"role\"",
            "\"status\":\"" + EN + "\",\"role\""), EN, Expect.STOPPED),
        row("responses id", resp, RESPONSE.replace("resp_1", "resp_" + ZH), ZH, Expect.READ),
        row("responses model", resp, RESPONSE.replace("\"gpt-4o\"", "\"gpt-4o " + EN + "\""), EN, Expect.READ),
        row("responses item id", resp, RESPONSE.replace("msg_1", "msg_" + CN_ID), CN_ID, Expect.READ),
        row("responses encrypted_content: base64 of a Chinese ID", resp, RESPONSE.replace(SIGNATURE, B64_ZH),
            B64_ZH, Expect.STOPPED),
        row("responses encrypted_content: base64 of an English code name", resp,
            RESPONSE.replace(SIGNATURE, B64_EN), B64_EN, Expect.STOPPED));
  }

  @ParameterizedTest(name = "streamed {0}")
  @MethodSource("streamed")
  void streamedValuesNeverReachTheClientAsSent(String name, String path, String sse, String value, Expect expect)
      throws Exception {
    HttpResponse<String> r = exchange(path, true, "text/event-stream", sse);

    assertThat(r.statusCode()).as(name).isEqualTo(200);
    assertThat(r.body()).as(name).doesNotContain(value);
    boolean stopped = r.body().contains("event: error") || r.body().contains("\"error\":{");
    if (expect != Expect.ANY) {
      assertThat(stopped).as(name + ": stopped\n" + r.body()).isEqualTo(expect == Expect.STOPPED);
    }
  }

  @ParameterizedTest(name = "whole {0}")
  @MethodSource("whole")
  void wholeValuesNeverReachTheClientAsSent(String name, String path, String json, String value, Expect expect)
      throws Exception {
    HttpResponse<String> r = exchange(path, false, "application/json", json);

    assertThat(r.body()).as(name).doesNotContain(value);
    if (expect == Expect.READ) {
      assertThat(r.statusCode()).as(name + "\n" + r.body()).isEqualTo(200);
    } else {
      // refused as no word of the provider (502), or blocked as a value no rewrite can remove from a token
      assertThat(r.statusCode()).as(name + "\n" + r.body()).isIn(400, 502);
      assertThat(r.body()).as(name).containsAnyOf("enumerated field", "cannot be rewritten");
    }
  }

  @Test
  void aModelNameAndFingerprintAreRewrittenAlikeOnEveryAnswerOnceTheirFindingsAreKept() throws Exception {
    for (String value : List.of(ZH, EN, CN_ID)) {
      String json = CHAT.replace("\"gpt-4o\"", "\"gpt-4o " + value + "\"").replace("fp_1", "fp_" + value);
      assertThat(json).as(value).contains("gpt-4o " + value, "fp_" + value);
      HttpResponse<String> first = exchange("/v1/chat/completions", false, "application/json", json);
      // the second answer's model name and fingerprint are served from the gateway's identifier cache
      HttpResponse<String> second = exchange("/v1/chat/completions", false, "application/json", json);
      assertThat(first.statusCode()).as(value + "\n" + first.body()).isEqualTo(200);
      assertThat(second.statusCode()).as(value + "\n" + second.body()).isEqualTo(200);
      assertThat(first.body()).as(value).doesNotContain(value).contains("\"model\"", "\"system_fingerprint\"");
      assertThat(second.body()).as(value).isEqualTo(first.body());
    }
  }

  private static HttpResponse<String> exchange(String path, boolean stream, String type, String body)
      throws Exception {
    upstream.stubFor(post(path).willReturn(aResponse().withStatus(200).withHeader("content-type", type)
        .withBody(body.getBytes(StandardCharsets.UTF_8))));
    boolean messages = path.equals("/v1/messages");
    String request = switch (path) {
      case "/v1/messages" -> "{\"model\":\"claude\",\"max_tokens\":10,\"stream\":" + stream + ",\"messages\":"
          + "[{\"role\":\"user\",\"content\":\"hi\"}]}";
      case "/v1/responses" -> "{\"model\":\"gpt-4o\",\"stream\":" + stream + ",\"input\":\"hi\"}";
      default -> "{\"model\":\"gpt-4o\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":"
          + "\"hi\"}]}";
    };
    TestGateway gateway = messages ? gateways.anthropic() : gateways.openAi();
    HttpResponse<String> r = null;
    // A loaded machine's first exchange may meet the gateway's first-byte timeout (504): that shows nothing.
    for (int attempt = 0; attempt < 3 && (r == null || r.statusCode() == 504); attempt++) {
      r = messages ? gateway.post(path, request, "x-api-key", TestGateway.CLIENT_KEY)
          : gateway.post(path, request, "authorization", "Bearer " + TestGateway.CLIENT_KEY);
    }
    return r;
  }
}
