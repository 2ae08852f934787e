package io.kexin.gateway.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kexin.gateway.audit.AuditLog;
import io.kexin.gateway.metrics.GatewayMetrics;
import io.kexin.gateway.policy.PolicyLoader;
import io.kexin.gateway.policy.PolicySet;
import io.kexin.gateway.provider.Endpoint;
import io.kexin.gateway.provider.ProviderApi;
import io.kexin.gateway.stream.SseEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression tests of the fail-closed stream path: text in every field a provider's stream may carry is inspected
 * (refusal, reasoning, done events, block starts, citations, unknown fields, error objects), a null {@code error}
 * does not turn inspection off, and a stream that stops or breaks off ends with the provider's error event and
 * nothing of the event that ended a text.
 */
class StreamFailClosedTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REQUEST = """
      {"model":"m","stream":true,"messages":[{"role":"user","content":"写信给 zhang.wei@example.cn"}]}""";
  private static final String REDACTED = "[REDACTED:CODENAME]";

  @TempDir
  Path dir;
  private PolicyInspector inspector;

  @BeforeEach
  void load() throws Exception {
    Files.writeString(dir.resolve("p.yaml"), """
        apiVersion: kexin.io/v1
        kind: Policy
        metadata: {name: p}
        rules:
          - id: pii.email
            detector: {regex: {pattern: '[a-z.]{1,64}@[a-z]{1,63}(?:\\.[a-z]{1,63}){1,4}'}}
            appliesTo: {directions: [request]}
            action: pseudonymize
            entity: EMAIL
          - id: keyword.codename
            detector: {keyword: {terms: [project phoenix, bluebird], wholeWord: true}}
            action: redact
            entity: CODENAME
          - id: secret.aws
            detector: {regex: {pattern: 'AKIA[0-9A-Z]{16}'}}
            appliesTo: {directions: [response]}
            action: redact
            entity: AWS_KEY
          - id: keyword.secret-doc
            detector: {keyword: {terms: [绝密文件]}}
            appliesTo: {directions: [response]}
            action: block
            message: no secret documents
        """);
    PolicySet set = new PolicyLoader().load(dir);
    inspector = new PolicyInspector(() -> set, new AuditLog(new GatewayMetrics(false)), 1 << 16);
  }

  private Inspection open(Endpoint endpoint) throws Exception {
    ProviderApi api = endpoint == Endpoint.MESSAGES ? ProviderApi.anthropic() : ProviderApi.openAi();
    Inspection inspection = inspector.open(new ExchangeInfo("t", api, endpoint, "r", "t", List.of("p"), true));
    String body = switch (endpoint) {
      case MESSAGES -> REQUEST.replace("\"stream\":true,", "\"max_tokens\":9,");
      case RESPONSES -> "{\"model\":\"m\",\"stream\":true,\"input\":\"写信给 zhang.wei@example.cn\"}";
      case COMPLETIONS -> "{\"model\":\"m\",\"stream\":true,\"prompt\":\"写信给 zhang.wei@example.cn\"}";
      default -> REQUEST;
    };
    assertThat(inspection.request((ObjectNode) JSON.readTree(body))).isInstanceOf(Verdict.Rewrite.class);
    return inspection;
  }

  /** Feeds events (data only; Anthropic and Responses events get their type as the event name) and ends the stream. */
  private static List<SseEvent> run(Inspection inspection, boolean end, String... data) throws Exception {
    List<SseEvent> out = new ArrayList<>();
    for (String d : data) {
      String type = d.startsWith("{") ? JSON.readTree(d).path("type").asText(null) : null;
      out.addAll(inspection.streamEvent(SseEvent.of(type, d)));
      if (inspection.streamStopped()) {
        return out;
      }
    }
    if (end) {
      out.addAll(inspection.streamEnd());
    }
    return out;
  }

  private static String all(List<SseEvent> events) {
    StringBuilder sb = new StringBuilder();
    for (SseEvent e : events) {
      sb.append(e.data()).append('\n');
    }
    return sb.toString();
  }

  /** Concatenates every string found at {@code pointer} in the JSON events, in order. */
  private static String texts(List<SseEvent> events, String pointer) throws Exception {
    StringBuilder sb = new StringBuilder();
    for (SseEvent e : events) {
      if (e.data() != null && e.data().startsWith("{")) {
        sb.append(JSON.readTree(e.data()).at(pointer).asText(""));
      }
    }
    return sb.toString();
  }

  private static String chat(String delta) {
    return "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[{\"index\":0,"
        + "\"delta\":" + delta + ",\"finish_reason\":null}]}";
  }

  private static String q(String s) throws Exception {
    return JSON.writeValueAsString(s);
  }

  private static final String CHAT_STOP = "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
      + "\"delta\":{},\"finish_reason\":\"stop\"}]}";

  // ---- 1. chat refusal and reasoning ----

  @Test
  void chatRefusalAndReasoningDeltasAreInspectedOnTheFastAndTheTreePath() throws Exception {
    for (String extra : List.of("", ",\"tool_calls\":null", ",\"annotations\":[]")) {
      List<SseEvent> out = run(open(Endpoint.CHAT), true,
          chat("{\"refusal\":\"I won't talk about blue" + "\"" + extra + "}"),
          chat("{\"refusal\":\"bird today\"" + extra + "}"),
          chat("{\"reasoning\":\"think of Project Pho\"" + extra + "}"),
          chat("{\"reasoning\":\"enix now\"" + extra + "}"),
          CHAT_STOP, "[DONE]");

      assertThat(texts(out, "/choices/0/delta/refusal")).as(extra).isEqualTo("I won't talk about " + REDACTED
          + " today");
      assertThat(texts(out, "/choices/0/delta/reasoning")).as(extra).isEqualTo("think of " + REDACTED + " now");
      assertThat(all(out)).doesNotContain("blue").doesNotContain("Pho");
    }
  }

  // ---- 2. Responses ----

  private static String resp(String type, String fields) {
    return "{\"type\":\"" + type + "\"," + fields + "}";
  }

  @Test
  void responsesRefusalReasoningTextAndSummaryDeltasAreInspected() throws Exception {
    List<SseEvent> out = run(open(Endpoint.RESPONSES), true,
        resp("response.refusal.delta", "\"item_id\":\"m1\",\"content_index\":0,\"delta\":\"no blue\""),
        resp("response.refusal.delta", "\"item_id\":\"m1\",\"content_index\":0,\"delta\":\"bird here\""),
        resp("response.refusal.done", "\"item_id\":\"m1\",\"content_index\":0,\"refusal\":\"no bluebird here\""),
        resp("response.reasoning_summary_text.delta", "\"item_id\":\"r1\",\"summary_index\":0,\"delta\":\"Project\""),
        resp("response.reasoning_summary_text.delta", "\"item_id\":\"r1\",\"summary_index\":0,\"delta\":\" Phoenix\""),
        resp("response.reasoning_summary_text.done", "\"item_id\":\"r1\",\"summary_index\":0,"
            + "\"text\":\"Project Phoenix\""),
        resp("response.reasoning_text.delta", "\"item_id\":\"r1\",\"content_index\":0,\"delta\":\"a bluebi\""),
        resp("response.reasoning_text.delta", "\"item_id\":\"r1\",\"content_index\":0,\"delta\":\"rd\""),
        resp("response.reasoning_text.done", "\"item_id\":\"r1\",\"content_index\":0,\"text\":\"a bluebird\""),
        resp("response.completed", "\"response\":{\"id\":\"resp_1\",\"status\":\"completed\",\"output\":[]}"));

    assertThat(all(out)).doesNotContain("bluebird").doesNotContain("Phoenix").doesNotContain("blue\"")
        .doesNotContain("bluebi");
    assertThat(texts(out.stream().filter(e -> e.data().contains("refusal.delta")).toList(), "/delta"))
        .isEqualTo("no " + REDACTED + " here");
    assertThat(all(out)).contains("\"refusal\":\"no " + REDACTED + " here\"", "\"text\":\"" + REDACTED + "\"",
        "\"text\":\"a " + REDACTED + "\"");
  }

  @Test
  void responsesDoneTextsThatNoDeltaProducedAreInspected() throws Exception {
    List<SseEvent> out = run(open(Endpoint.RESPONSES), true,
        resp("response.output_text.delta", "\"item_id\":\"m1\",\"content_index\":0,\"delta\":\"hello\""),
        resp("response.output_text.done", "\"item_id\":\"m1\",\"content_index\":0,\"text\":\"hello\""),
        resp("response.output_text.done", "\"item_id\":\"m2\",\"content_index\":0,\"text\":\"about bluebird\""),
        resp("response.content_part.done", "\"item_id\":\"m3\",\"content_index\":0,"
            + "\"part\":{\"type\":\"output_text\",\"text\":\"also bluebird\",\"annotations\":[]}"),
        resp("response.output_item.done", "\"item\":{\"id\":\"other\",\"type\":\"message\",\"content\":["
            + "{\"type\":\"output_text\",\"text\":\"Project Phoenix\"}]}"),
        resp("response.completed", "\"response\":{\"id\":\"resp_1\",\"output\":[{\"id\":\"m1\",\"type\":\"message\","
            + "\"content\":[{\"type\":\"output_text\",\"text\":\"hello bluebird\"}]},{\"id\":\"f1\",\"type\":"
            + "\"function_call\",\"name\":\"send\",\"arguments\":\"{\\\"to\\\":\\\"bluebird\\\"}\"}]}"));

    assertThat(all(out)).doesNotContain("bluebird").doesNotContain("Phoenix");
    JsonNode completed = JSON.readTree(out.get(out.size() - 1).data());
    // The streamed text of m1 is what the client was sent, not the upstream's different final text.
    assertThat(completed.at("/response/output/0/content/0/text").asText()).isEqualTo("hello");
    assertThat(completed.at("/response/output/1/arguments").asText()).isEqualTo("{\"to\":\"" + REDACTED + "\"}");
  }

  @Test
  void responsesCompletedForAnotherItemIdIsInspectedAndRestoresPseudonyms() throws Exception {
    List<SseEvent> out = run(open(Endpoint.RESPONSES), true,
        resp("response.output_text.delta", "\"item_id\":\"m1\",\"content_index\":0,\"delta\":\"to <EMAIL_1>\""),
        resp("response.output_text.done", "\"item_id\":\"m1\",\"content_index\":0,\"text\":\"to <EMAIL_1>\""),
        resp("response.failed", "\"response\":{\"output\":[{\"id\":\"m9\",\"type\":\"message\",\"content\":["
            + "{\"type\":\"output_text\",\"text\":\"bluebird to <EMAIL_1>\"}]}]}"));

    assertThat(texts(out, "/delta")).isEqualTo("to zhang.wei@example.cn");
    assertThat(texts(out, "/text")).isEqualTo("to zhang.wei@example.cn");
    assertThat(JSON.readTree(out.get(out.size() - 1).data()).at("/response/output/0/content/0/text").asText())
        .isEqualTo(REDACTED + " to zhang.wei@example.cn");
  }

  // ---- 3. Anthropic ----

  @Test
  void anthropicBlockStartsMessageStartAndCitationsAreInspected() throws Exception {
    List<SseEvent> out = run(open(Endpoint.MESSAGES), true,
        "{\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"role\":\"assistant\",\"content\":[{\"type\":"
            + "\"text\",\"text\":\"prefilled bluebird\"}]}}",
        "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"Blue\"}}",
        "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"bird flies\"}}",
        "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"citations_delta\",\"citation\":{"
            + "\"type\":\"char_location\",\"cited_text\":\"the Project Phoenix plan\",\"document_index\":0,"
            + "\"document_title\":\"bluebird notes\"}}}",
        "{\"type\":\"content_block_stop\",\"index\":0}",
        "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"thinking\",\"thinking\":"
            + "\"bluebird\",\"signature\":\"\"}}",
        "{\"type\":\"content_block_stop\",\"index\":1}",
        "{\"type\":\"content_block_start\",\"index\":2,\"content_block\":{\"type\":\"tool_use\",\"id\":\"t\","
            + "\"name\":\"send\",\"input\":{\"to\":\"bluebird\",\"bluebird\":1}}}",
        "{\"type\":\"content_block_stop\",\"index\":2}",
        "{\"type\":\"message_stop\"}");

    assertThat(all(out)).doesNotContainIgnoringCase("bluebird").doesNotContain("Phoenix");
    assertThat(texts(out, "/content_block/text") + texts(out, "/delta/text")).isEqualTo(REDACTED + " flies");
    assertThat(all(out)).contains("\"cited_text\":\"the " + REDACTED + " plan\"",
        "\"input\":{\"to\":\"" + REDACTED + "\",\"" + REDACTED + "\":1}");
  }

  // ---- 4. catch-all ----

  @Test
  void unknownFieldsAndToolNamesAreInspectedWholeAndLogprobsDropped() throws Exception {
    List<SseEvent> out = run(open(Endpoint.CHAT), true,
        chat("{\"content\":\"ok\",\"x_note\":\"see bluebird\"}"),
        "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" fine\"},\"logprobs\":{\"content\":[{"
            + "\"token\":\"bluebird\",\"logprob\":-0.1,\"top_logprobs\":[{\"token\":\"Project Phoenix\"}]}]},"
            + "\"finish_reason\":null}]}",
        chat("{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":"
            + "\"bluebird\",\"arguments\":\"{}\"}}]}"),
        "{\"id\":\"c1\",\"bluebird\":true,\"choices\":[]}",
        CHAT_STOP, "[DONE]");

    assertThat(all(out)).doesNotContain("bluebird").doesNotContain("Phoenix");
    assertThat(all(out)).contains("\"x_note\":\"see " + REDACTED + "\"", "\"logprobs\":null",
        "\"name\":\"" + REDACTED + "\"", "\"" + REDACTED + "\":true", "\"id\":\"call_1\"");
    // Log-probabilities repeat the answer token by token and cannot be rewritten in step with it: they are dropped.
    assertThat(all(out)).doesNotContain("\"token\"");
    assertThat(texts(out, "/choices/0/delta/content")).isEqualTo("ok fine");
  }

  @Test
  void aSecretInAnUnknownFieldStopsTheStream() throws Exception {
    for (Endpoint endpoint : List.of(Endpoint.CHAT, Endpoint.COMPLETIONS, Endpoint.RESPONSES, Endpoint.MESSAGES)) {
      Inspection inspection = open(endpoint);
      String event = switch (endpoint) {
        case MESSAGES -> "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\","
            + "\"text\":\"hi\",\"meta\":{\"k\":[\"绝密文件\"]}}}";
        case RESPONSES -> resp("response.output_text.delta", "\"item_id\":\"m\",\"content_index\":0,"
            + "\"delta\":\"hi\",\"x_tokens\":[{\"token\":\"绝密文件\"}]");
        case COMPLETIONS -> "{\"choices\":[{\"index\":0,\"text\":\"hi\",\"x_alternatives\":{\"tokens\":[\"x\"],"
            + "\"top\":[{\"绝密文件\":-1.0}]}}]}";
        default -> chat("{\"content\":\"hi\",\"extra\":{\"deep\":\"绝密文件\"}}");
      };
      List<SseEvent> out = run(inspection, true, event);

      assertThat(inspection.streamStopped()).as("%s", endpoint).isTrue();
      assertThat(all(out)).as("%s", endpoint).doesNotContain("绝密").contains("keyword.secret-doc")
          .doesNotContain("\"hi\"");
    }
  }

  // ---- 5. error: null ----

  @Test
  void aNullErrorFieldDoesNotTurnInspectionOff() throws Exception {
    List<SseEvent> out = run(open(Endpoint.CHAT), true,
        "{\"error\":null,\"choices\":[{\"index\":0,\"delta\":{\"content\":\"about blue\"},\"finish_reason\":null}]}",
        "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"bird\"},\"finish_reason\":null}],\"error\":null}",
        "{\"error\":null,\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}", "[DONE]");

    assertThat(texts(out, "/choices/0/delta/content")).isEqualTo("about " + REDACTED);
    assertThat(all(out)).doesNotContain("blue\"").doesNotContain("bird");

    Inspection completions = open(Endpoint.COMPLETIONS);
    out = run(completions, true, "{\"error\":null,\"choices\":[{\"index\":0,\"text\":\"bluebird\","
        + "\"finish_reason\":\"stop\"}]}", "[DONE]");
    assertThat(all(out)).doesNotContain("bluebird").contains(REDACTED);
  }

  @Test
  void anUpstreamErrorChunkHasItsStringsInspected() throws Exception {
    List<SseEvent> out = run(open(Endpoint.CHAT), true, chat("{\"content\":\"partial\"}"),
        "{\"error\":{\"message\":\"failed while writing about bluebird\",\"type\":\"server_error\",\"code\":null}}",
        "[DONE]");

    assertThat(all(out)).doesNotContain("bluebird").contains("failed while writing about " + REDACTED)
        .contains("\"type\":\"server_error\"");
    assertThat(texts(out, "/choices/0/delta/content")).isEqualTo("partial");
  }

  // ---- 6. streams that end without their terminal event; stops at the end of a text ----

  @Test
  void aStreamEndingWithoutItsTerminalEventGetsTheHeldTextThenTheError() throws Exception {
    for (Endpoint endpoint : List.of(Endpoint.CHAT, Endpoint.COMPLETIONS, Endpoint.RESPONSES, Endpoint.MESSAGES)) {
      String event = switch (endpoint) {
        case MESSAGES -> "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\","
            + "\"text\":\"the end\"}}";
        case RESPONSES -> resp("response.output_text.delta", "\"item_id\":\"m\",\"content_index\":0,"
            + "\"sequence_number\":4,\"delta\":\"the end\"");
        case COMPLETIONS -> "{\"choices\":[{\"index\":0,\"text\":\"the end\"}]}";
        default -> chat("{\"content\":\"the end\"}");
      };
      Inspection inspection = open(endpoint);
      List<SseEvent> out = run(inspection, true, event);

      String pointer = switch (endpoint) {
        case MESSAGES -> "/delta/text";
        case RESPONSES -> "/delta";
        case COMPLETIONS -> "/choices/0/text";
        default -> "/choices/0/delta/content";
      };
      // What could not be part of a match went out at once; the rest comes out at the end, before the error.
      assertThat(texts(out, pointer)).as("%s", endpoint).isEqualTo("the end");
      SseEvent last = out.get(out.size() - 1);
      SseEvent error = endpoint == Endpoint.CHAT || endpoint == Endpoint.COMPLETIONS ? out.get(out.size() - 2) : last;
      assertThat(error.data()).as("%s", endpoint).contains("error")
          .contains("ended the stream before its last event");
      if (endpoint == Endpoint.CHAT || endpoint == Endpoint.COMPLETIONS) {
        assertThat(last.data()).isEqualTo("[DONE]");
      }
      if (endpoint == Endpoint.RESPONSES) {
        // 4 was the upstream's last; the held text went out as 5.
        assertThat(JSON.readTree(out.get(out.size() - 2).data()).path("sequence_number").asLong()).isEqualTo(5);
        assertThat(JSON.readTree(error.data()).path("sequence_number").asLong()).isEqualTo(6);
      }
    }
  }

  @Test
  void aCompleteStreamGetsNoErrorAtItsEnd() throws Exception {
    List<SseEvent> out = run(open(Endpoint.MESSAGES), true,
        "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"done\"}}",
        "{\"type\":\"content_block_stop\",\"index\":0}", "{\"type\":\"message_stop\"}");

    assertThat(all(out)).doesNotContain("error");
    assertThat(out.get(out.size() - 1).data()).contains("message_stop");
  }

  @Test
  void aBlockDecidedWhenATextEndsSendsOnlyTheErrorNotTheEventEndingIt() throws Exception {
    for (Endpoint endpoint : List.of(Endpoint.CHAT, Endpoint.RESPONSES, Endpoint.MESSAGES)) {
      String[] events = switch (endpoint) {
        case MESSAGES -> new String[] {
          "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"ok 绝密文\"}}",
          "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"件\"}}",
          "{\"type\":\"content_block_stop\",\"index\":0}", "{\"type\":\"message_stop\"}"};
        case RESPONSES -> new String[] {
          resp("response.output_text.delta", "\"item_id\":\"m\",\"content_index\":0,\"sequence_number\":1,"
              + "\"delta\":\"ok 绝密文\""),
          resp("response.output_text.delta", "\"item_id\":\"m\",\"content_index\":0,\"sequence_number\":2,"
              + "\"delta\":\"件\""),
          resp("response.output_text.done", "\"item_id\":\"m\",\"content_index\":0,\"sequence_number\":3,"
              + "\"text\":\"ok 绝密文件\""),
          resp("response.completed", "\"sequence_number\":4,\"response\":{}")};
        default -> new String[] {chat("{\"content\":\"ok 绝密文\"}"), chat("{\"content\":\"件\"}"), CHAT_STOP,
          "[DONE]"};
      };
      Inspection inspection = open(endpoint);
      List<SseEvent> out = run(inspection, true, events);

      assertThat(inspection.streamStopped()).as("%s", endpoint).isTrue();
      String sent = all(out);
      assertThat(sent).as("%s", endpoint).doesNotContain("绝密").doesNotContain("\"stop\"")
          .doesNotContain("output_text.done").doesNotContain("content_block_stop").doesNotContain("message_stop")
          .contains("keyword.secret-doc");
      SseEvent error = endpoint == Endpoint.CHAT ? out.get(out.size() - 2) : out.get(out.size() - 1);
      assertThat(error.data()).contains("keyword.secret-doc").contains("error");
      if (endpoint == Endpoint.RESPONSES) {
        // Numbered after the last event the client received: the events of the one that stopped it are not sent.
        assertThat(JSON.readTree(error.data()).path("sequence_number").asLong())
            .isEqualTo(JSON.readTree(out.get(out.size() - 2).data()).path("sequence_number").asLong() + 1);
      }
    }
  }

  /** Returns chat chunks streaming {@code arguments} of one tool call, a few characters per chunk. */
  private static String[] toolCallChunks(String arguments) throws Exception {
    List<String> chunks = new ArrayList<>();
    chunks.add(chat("{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{"
        + "\"name\":\"send\",\"arguments\":\"\"}}]}"));
    for (int i = 0; i < arguments.length(); i += 5) {
      String piece = arguments.substring(i, Math.min(arguments.length(), i + 5));
      chunks.add(chat("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":" + q(piece) + "}}]}"));
    }
    chunks.add("{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[{\"index\":0,"
        + "\"delta\":{},\"finish_reason\":\"tool_calls\"}]}");
    chunks.add("[DONE]");
    return chunks.toArray(new String[0]);
  }

  @Test
  void escapedCodeNamesInStreamedToolArgumentsAreRedacted() throws Exception {
    // Python's json.dumps writes every non-ASCII character as an escape; "project phoenix" with \\u escapes too.
    String arguments = "{\"note\": \"\\u9879\\u76ee \\u0070roject \\u0070hoenix \\u72b6\\u6001\"}";

    List<SseEvent> out = run(open(Endpoint.CHAT), true, toolCallChunks(arguments));
    String sent = texts(out, "/choices/0/delta/tool_calls/0/function/arguments");

    assertThat(sent).contains(REDACTED).doesNotContain("hoenix");
    assertThat(JSON.readTree(sent).path("note").asText()).contains(REDACTED).startsWith("项目");
  }

  @Test
  void codeNamesInCharacterReferencesOrJoinedPiecesAreRedactedWhenStreamedOneCharacterPerEvent() throws Exception {
    for (String text : List.of("status of project &#112;hoenix today", "项目 blue&#x62;ird 的进展",
        "status of project ph&#111;enix", "blue&#98ird", "name = 'blue' + 'bird'", "代号 = \"blu\" \"ebird\"。",
        "k = 'bl' .\n 'ue' . 'bird'")) {
      String sent = texts(run(open(Endpoint.CHAT), true, characterChunks(text)), "/choices/0/delta/content");

      assertThat(sent).as(text).contains(REDACTED).doesNotContain("hoenix").doesNotContain("ird").doesNotContain("ue'");
    }
  }

  @Test
  void keysJoinedInCodeAreRedactedWhenStreamedOneCharacterPerEvent() throws Exception {
    for (String text : List.of("k = 'AKIAQ3EG' + 'RT5LMWX2ZUTB';", "密钥 = \"AKIAQ3EGRT5L\" \"MWX2ZUTB\"。",
        "$k = 'AKIA' .\n  'Q3EGRT5LMWX2' . 'ZUTB';")) {
      String sent = texts(run(open(Endpoint.CHAT), true, characterChunks(text)), "/choices/0/delta/content");

      assertThat(sent).as(text).contains("[REDACTED:AWS_KEY]").doesNotContain("AKIA").doesNotContain("ZUTB");
    }
  }

  /** Returns chat chunks streaming {@code text} one character (code point) per event, then the stop and [DONE]. */
  private static String[] characterChunks(String text) throws Exception {
    List<String> chunks = new ArrayList<>();
    for (int i = 0; i < text.length(); i = text.offsetByCodePoints(i, 1)) {
      chunks.add(chat("{\"content\":" + q(text.substring(i, text.offsetByCodePoints(i, 1))) + "}"));
    }
    chunks.add(CHAT_STOP);
    chunks.add("[DONE]");
    return chunks.toArray(new String[0]);
  }

  @Test
  void goEscapedPlaceholdersInStreamedToolArgumentsAreRestored() throws Exception {
    // Go's encoding/json (Ollama) writes < and > as escapes.
    String arguments = "{\"to\":\"\\u003cEMAIL_1\\u003e\",\"cc\":\"<EMAIL_1>\"}";

    List<SseEvent> out = run(open(Endpoint.CHAT), true, toolCallChunks(arguments));
    JsonNode sent = JSON.readTree(texts(out, "/choices/0/delta/tool_calls/0/function/arguments"));

    assertThat(sent.path("to").asText()).isEqualTo("zhang.wei@example.cn");
    assertThat(sent.path("cc").asText()).isEqualTo("zhang.wei@example.cn");
  }

  @Test
  void escapedAnthropicToolInputIsReadDecoded() throws Exception {
    String input = "{\"note\":\"\\u0070roject \\u0070hoenix\"}";
    List<String> events = new ArrayList<>();
    events.add("{\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"type\":\"message\",\"role\":"
        + "\"assistant\",\"content\":[],\"model\":\"m\"}}");
    events.add("{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\","
        + "\"id\":\"t\",\"name\":\"send\",\"input\":{}}}");
    for (int i = 0; i < input.length(); i += 4) {
      events.add("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\","
          + "\"partial_json\":" + q(input.substring(i, Math.min(input.length(), i + 4))) + "}}");
    }
    events.add("{\"type\":\"content_block_stop\",\"index\":0}");
    events.add("{\"type\":\"message_stop\"}");

    List<SseEvent> out = run(open(Endpoint.MESSAGES), true, events.toArray(new String[0]));
    String sent = texts(out, "/delta/partial_json");

    assertThat(JSON.readTree(sent).path("note").asText()).isEqualTo(REDACTED);
  }

  // ---- values split across the texts a client shows side by side ----

  /** Returns an Anthropic stream of text blocks, each cut into pieces of {@code size} characters (0: whole). */
  private static String[] anthropicBlocks(int size, String... blocks) throws Exception {
    List<String> events = new ArrayList<>();
    events.add("{\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"type\":\"message\",\"role\":\"assistant\","
        + "\"content\":[],\"model\":\"m\"}}");
    for (int b = 0; b < blocks.length; b++) {
      events.add("{\"type\":\"content_block_start\",\"index\":" + b + ",\"content_block\":{\"type\":\"text\","
          + "\"text\":\"\"}}");
      for (String piece : pieces(blocks[b], size)) {
        events.add("{\"type\":\"content_block_delta\",\"index\":" + b + ",\"delta\":{\"type\":\"text_delta\","
            + "\"text\":" + q(piece) + "}}");
      }
      events.add("{\"type\":\"content_block_stop\",\"index\":" + b + "}");
    }
    events.add("{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":9}}");
    events.add("{\"type\":\"message_stop\"}");
    return events.toArray(new String[0]);
  }

  /** Returns chat chunks streaming each (field, text) pair in turn, cut into pieces of {@code size} (0: whole). */
  private static String[] chatFields(int size, String... fieldsAndTexts) throws Exception {
    List<String> chunks = new ArrayList<>();
    for (int i = 0; i < fieldsAndTexts.length; i += 2) {
      for (String piece : pieces(fieldsAndTexts[i + 1], size)) {
        chunks.add(chat("{" + q(fieldsAndTexts[i]) + ":" + q(piece) + "}"));
      }
    }
    chunks.add(CHAT_STOP);
    chunks.add("[DONE]");
    return chunks.toArray(new String[0]);
  }

  private static List<String> pieces(String text, int size) {
    List<String> out = new ArrayList<>();
    int n = size <= 0 ? Math.max(1, text.length()) : size;
    for (int i = 0; i < text.length(); i += n) {
      out.add(text.substring(i, Math.min(text.length(), i + n)));
    }
    return out;
  }

  @Test
  void aValueSplitAcrossTwoAnthropicTextBlocksNeverReachesTheClient() throws Exception {
    String[][] cases = {{"my key is AKIAQ3EG", "RT5LMWX2ZUTB, keep it safe"}, {"这是绝密", "文件的内容：第一条"},
      {"密钥 AKIA", "Q3EGRT5LMWX2ZUTB"}};
    for (String[] blocks : cases) {
      for (int size : new int[] {0, 1, 2, 3, 5, 8}) {
        Inspection inspection = open(Endpoint.MESSAGES);
        List<SseEvent> out = run(inspection, true, anthropicBlocks(size, blocks));
        String as = String.join("|", blocks) + " in pieces of " + size;

        assertThat(inspection.streamStopped()).as(as).isTrue();
        assertThat(texts(out, "/delta/text")).as(as).doesNotContain("RT5L").doesNotContain("Q3EG")
            .doesNotContain("绝密").doesNotContain("文件");
        assertThat(out.get(out.size() - 1).event()).as(as).isEqualTo("error");
      }
    }
  }

  @Test
  void anthropicTextBlocksWithNothingAcrossThemArriveWholeAndInOrder() throws Exception {
    for (int size : new int[] {0, 1, 3, 7}) {
      List<SseEvent> out = run(open(Endpoint.MESSAGES), true,
          anthropicBlocks(size, "the bluebird flies AKIA", "Q3EG is not", " a key of AKIA here", "好的。"));
      List<String> order = new ArrayList<>();
      for (SseEvent e : out) {
        JsonNode d = JSON.readTree(e.data());
        String type = d.path("type").asText();
        if (type.startsWith("content_block_s")) {
          order.add(type.substring("content_block_".length()) + d.path("index").asInt());
        } else if (!type.equals("content_block_delta")) {
          order.add(type);
        }
      }

      assertThat(order).as("size %d", size).containsExactly("message_start", "start0", "stop0", "start1", "stop1",
          "start2", "stop2", "start3", "stop3", "message_delta", "message_stop");
      assertThat(texts(out, "/delta/text")).as("size %d", size)
          .isEqualTo("the " + REDACTED + " flies AKIAQ3EG is not a key of AKIA here好的。");
    }
  }

  @Test
  void aValueSplitBetweenContentRefusalAndReasoningNeverReachesTheClient() throws Exception {
    String[][] cases = {{"reasoning", "the key is AKIAQ3EG", "content", "RT5LMWX2ZUTB"},
      {"reasoning_content", "想一想绝密", "content", "文件的内容"},
      {"content", "I will not share AKIAQ3EGRT5L", "refusal", "MWX2ZUTB"},
      {"reasoning", "AKIA", "content", "Q3EGRT5LMWX2ZUTB", "reasoning", " done"}};
    for (String[] fields : cases) {
      for (int size : new int[] {0, 1, 2, 5}) {
        Inspection inspection = open(Endpoint.CHAT);
        List<SseEvent> out = run(inspection, true, chatFields(size, fields));
        String as = String.join("|", fields) + " in pieces of " + size;
        String sent = texts(out, "/choices/0/delta/content") + texts(out, "/choices/0/delta/reasoning")
            + texts(out, "/choices/0/delta/reasoning_content") + texts(out, "/choices/0/delta/refusal");

        assertThat(inspection.streamStopped()).as(as).isTrue();
        assertThat(sent).as(as).doesNotContain("RT5L").doesNotContain("Q3EG").doesNotContain("MWX2")
            .doesNotContain("绝密").doesNotContain("文件");
        assertThat(out.get(out.size() - 2).data()).as(as).contains("content_policy_violation");
      }
    }
  }

  @Test
  void contentAndReasoningWithNothingAcrossThemArriveWhole() throws Exception {
    for (int size : new int[] {0, 1, 4}) {
      Inspection inspection = open(Endpoint.CHAT);
      List<SseEvent> out = run(inspection, true,
          chatFields(size, "reasoning", "think about AKIA", "content", " a bluebird 好的", "reasoning", " done"));

      assertThat(inspection.streamStopped()).isFalse();
      assertThat(texts(out, "/choices/0/delta/reasoning")).isEqualTo("think about AKIA done");
      assertThat(texts(out, "/choices/0/delta/content")).isEqualTo(" a " + REDACTED + " 好的");
    }
  }

  @Test
  void aValueSplitAtTheSecondSwitchOfInterleavedChatDeltasNeverReachesTheClient() throws Exception {
    String[][] cases = {{"content", "ok ", "reasoning", "the key AKIAQ3EG", "content", "RT5LMWX2ZUTB"},
      {"reasoning", "嗯", "content", "这是绝密", "reasoning", "文件"},
      {"reasoning", "think", "content", "the key is AKIAQ3EG", "reasoning", "RT5LMWX2ZUTB", "content", " ok"},
      {"content", "a", "refusal", "b", "content", "c", "refusal", "AKIAQ3EGRT5L", "content", "MWX2ZUTB"},
      // A text long past the joined reading's reach after a switch, then a value split at the next switch.
      {"reasoning", "hm", "content", "a long answer that goes on well past what the joined reading holds, and on and "
        + "on, 好的好的好的好的好的好的好的好的。Key AKIAQ3EG", "reasoning", "RT5LMWX2ZUTB"}};
    for (String[] fields : cases) {
      for (int size : new int[] {0, 1, 2, 5}) {
        Inspection inspection = open(Endpoint.CHAT);
        List<SseEvent> out = run(inspection, true, chatFields(size, fields));
        String as = String.join("|", fields) + " in pieces of " + size;
        String sent = texts(out, "/choices/0/delta/content") + texts(out, "/choices/0/delta/reasoning")
            + texts(out, "/choices/0/delta/refusal");

        assertThat(inspection.streamStopped()).as(as).isTrue();
        assertThat(sent).as(as).doesNotContain("RT5L").doesNotContain("Q3EG").doesNotContain("MWX2")
            .doesNotContain("绝密").doesNotContain("文件");
        assertThat(out.get(out.size() - 2).data()).as(as).contains("content_policy_violation");
      }
    }
  }

  @Test
  void interleavedChatDeltasWithNothingAcrossThemArriveWholeAndAValueInOneTextIsRewrittenAcrossTheSwitches()
      throws Exception {
    for (int size : new int[] {0, 1, 3}) {
      Inspection inspection = open(Endpoint.CHAT);
      List<SseEvent> out = run(inspection, true, chatFields(size, "content", "the key AKIAQ3EG", "reasoning", "hmm",
          "content", "RT5LMWX2ZUTB is old", "reasoning", ", a blue", "content", "", "reasoning", "bird 好的"));

      assertThat(inspection.streamStopped()).as("size %d", size).isFalse();
      assertThat(texts(out, "/choices/0/delta/content")).as("size %d", size)
          .isEqualTo("the key [REDACTED:AWS_KEY] is old");
      assertThat(texts(out, "/choices/0/delta/reasoning")).as("size %d", size).isEqualTo("hmm, a " + REDACTED + " 好的");
    }
  }

  /**
   * Returns an Anthropic stream of blocks: {@code "tool:"} starts a tool_use block whose input follows, {@code
   * "think:"} a thinking block, anything else a text block; each text cut into pieces of {@code size} (0: whole).
   */
  private static String[] anthropicMixed(int size, String... blocks) throws Exception {
    List<String> events = new ArrayList<>();
    events.add("{\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"type\":\"message\",\"role\":\"assistant\","
        + "\"content\":[],\"model\":\"m\"}}");
    for (int b = 0; b < blocks.length; b++) {
      String block = blocks[b];
      String start;
      String deltaType;
      String field;
      String text;
      if (block.startsWith("tool:")) {
        start = "{\"type\":\"tool_use\",\"id\":\"t" + b + "\",\"name\":\"lookup\",\"input\":{}}";
        deltaType = "input_json_delta";
        field = "partial_json";
        text = block.substring(5);
      } else if (block.startsWith("think:")) {
        start = "{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}";
        deltaType = "thinking_delta";
        field = "thinking";
        text = block.substring(6);
      } else {
        start = "{\"type\":\"text\",\"text\":\"\"}";
        deltaType = "text_delta";
        field = "text";
        text = block;
      }
      events.add("{\"type\":\"content_block_start\",\"index\":" + b + ",\"content_block\":" + start + "}");
      for (String piece : pieces(text, size)) {
        events.add("{\"type\":\"content_block_delta\",\"index\":" + b + ",\"delta\":{\"type\":\"" + deltaType
            + "\",\"" + field + "\":" + q(piece) + "}}");
      }
      events.add("{\"type\":\"content_block_stop\",\"index\":" + b + "}");
    }
    events.add("{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":9}}");
    events.add("{\"type\":\"message_stop\"}");
    return events.toArray(new String[0]);
  }

  @Test
  void aValueSplitAcrossAnthropicTextBlocksAroundAToolCallOrThinkingNeverReachesTheClient() throws Exception {
    String[][] cases = {{"my key is AKIAQ3EG", "tool:{\"q\":\"x\"}", "RT5LMWX2ZUTB, keep it safe"},
      {"这是绝密", "think:让我想想", "文件的内容：第一条"},
      {"密钥 AKIA", "tool:{}", "think:ok", "Q3EGRT5LMWX2ZUTB"}};
    for (String[] blocks : cases) {
      for (int size : new int[] {0, 1, 3, 5}) {
        Inspection inspection = open(Endpoint.MESSAGES);
        List<SseEvent> out = run(inspection, true, anthropicMixed(size, blocks));
        String as = String.join("|", blocks) + " in pieces of " + size;

        assertThat(inspection.streamStopped()).as(as).isTrue();
        assertThat(texts(out, "/delta/text")).as(as).doesNotContain("RT5L").doesNotContain("Q3EG")
            .doesNotContain("绝密").doesNotContain("文件");
        assertThat(out.get(out.size() - 1).event()).as(as).isEqualTo("error");
      }
    }
  }

  @Test
  void anthropicTextAroundAToolCallWithNothingAcrossArrivesWholeAndInOrder() throws Exception {
    for (int size : new int[] {0, 1, 4}) {
      Inspection inspection = open(Endpoint.MESSAGES);
      List<SseEvent> out = run(inspection, true,
          anthropicMixed(size, "Let me check AKIA", "tool:{\"q\":\"bluebird\"}", "think:fine", "Q3EG is no key. 好的。"));
      List<String> order = new ArrayList<>();
      for (SseEvent e : out) {
        JsonNode d = JSON.readTree(e.data());
        String type = d.path("type").asText();
        if (type.startsWith("content_block_s")) {
          order.add(type.substring("content_block_".length()) + d.path("index").asInt());
        } else if (!type.equals("content_block_delta")) {
          order.add(type);
        }
      }

      assertThat(inspection.streamStopped()).as("size %d", size).isFalse();
      assertThat(order).as("size %d", size).containsExactly("message_start", "start0", "stop0", "start1", "stop1",
          "start2", "stop2", "start3", "stop3", "message_delta", "message_stop");
      assertThat(texts(out, "/delta/text")).as("size %d", size).isEqualTo("Let me check AKIAQ3EG is no key. 好的。");
      assertThat(texts(out, "/delta/partial_json")).as("size %d", size).isEqualTo("{\"q\":\"" + REDACTED + "\"}");
    }
  }

  @Test
  void anAnthropicToolCallAfterTextGoesOnceTheNextTextMovedPastTheHeldEnd() throws Exception {
    Inspection inspection = open(Endpoint.MESSAGES);
    String[] events = anthropicMixed(0, "好的，我来查一下。", "tool:{\"q\":\"weather\"}", "查到了：晴。");
    List<SseEvent> out = new ArrayList<>();
    // Up to the tool call's stop: the end of the first text may still join the next text, so the stop waits.
    for (int i = 0; i < 7; i++) {
      out.addAll(inspection.streamEvent(SseEvent.of(null, events[i])));
    }
    assertThat(all(out)).doesNotContain("content_block_stop").doesNotContain("partial_json");
    // The next text's first delta decides it.
    for (int i = 7; i < 9; i++) {
      out.addAll(inspection.streamEvent(SseEvent.of(null, events[i])));
    }

    assertThat(all(out)).contains("\"content_block_stop\",\"index\":0", "\"content_block_stop\",\"index\":1");
    assertThat(texts(out, "/delta/partial_json")).isEqualTo("{\"q\":\"weather\"}");
    assertThat(texts(out, "/delta/text")).startsWith("好的，我来查一下。");
  }

  /**
   * Returns a Responses stream of texts, each {@code item}, {@code kind} ({@code output_text}, {@code refusal},
   * {@code reasoning_summary_text}, {@code function_call_arguments}) and text, cut into pieces of {@code size} (0:
   * whole), with the events of items and parts around them, every event numbered from 0.
   */
  private static String[] responsesTexts(int size, String... itemKindText) throws Exception {
    List<String> events = new ArrayList<>();
    int[] n = {0};
    java.util.function.Function<String, String> numbered = e -> e.substring(0, e.length() - 1)
        + ",\"sequence_number\":" + n[0]++ + "}";
    events.add(numbered.apply(resp("response.created", "\"response\":{\"id\":\"resp_1\",\"status\":\"in_progress\","
        + "\"output\":[]}")));
    String item = null;
    int index = 0;
    String itemType = null;
    for (int i = 0; i < itemKindText.length; i += 3) {
      String kind = itemKindText[i + 1];
      String text = itemKindText[i + 2];
      boolean summary = kind.startsWith("reasoning_summary");
      boolean call = kind.equals("function_call_arguments");
      if (!itemKindText[i].equals(item)) {
        if (item != null) {
          events.add(numbered.apply(resp("response.output_item.done", "\"item\":{\"id\":\"" + item + "\","
              + "\"type\":\"" + itemType + "\"}")));
        }
        item = itemKindText[i];
        index = 0;
        itemType = summary ? "reasoning" : call ? "function_call" : "message";
        events.add(numbered.apply(resp("response.output_item.added", "\"item\":{\"id\":\"" + item + "\",\"type\":\""
            + itemType + "\"}")));
      } else {
        index++;
      }
      String indexField = summary ? ",\"summary_index\":" + index : call ? "" : ",\"content_index\":" + index;
      String partType = summary ? "summary_text" : kind;
      String field = kind.equals("refusal") ? "refusal" : call ? "arguments" : "text";
      if (!call) {
        events.add(numbered.apply(resp(summary ? "response.reasoning_summary_part.added"
            : "response.content_part.added", "\"item_id\":\"" + item + "\"" + indexField + ",\"part\":{\"type\":\""
            + partType + "\",\"" + field + "\":\"\"}")));
      }
      for (String piece : pieces(text, size)) {
        events.add(numbered.apply(resp("response." + kind + ".delta", "\"item_id\":\"" + item + "\"" + indexField
            + ",\"delta\":" + q(piece))));
      }
      events.add(numbered.apply(resp("response." + kind + ".done", "\"item_id\":\"" + item + "\"" + indexField
          + ",\"" + field + "\":" + q(text))));
      if (!call) {
        events.add(numbered.apply(resp(summary ? "response.reasoning_summary_part.done"
            : "response.content_part.done", "\"item_id\":\"" + item + "\"" + indexField + ",\"part\":{\"type\":\""
            + partType + "\",\"" + field + "\":" + q(text) + "}")));
      }
    }
    events.add(numbered.apply(resp("response.output_item.done", "\"item\":{\"id\":\"" + item + "\",\"type\":\""
        + itemType + "\"}")));
    events.add(numbered.apply(resp("response.completed", "\"response\":{\"id\":\"resp_1\",\"status\":\"completed\","
        + "\"output\":[]}")));
    return events.toArray(new String[0]);
  }

  /** Asserts that the events carry sequence numbers 0, 1, 2, … in the order they were sent. */
  private static void assertNumbered(List<SseEvent> out, String as) throws Exception {
    for (int i = 0; i < out.size(); i++) {
      assertThat(JSON.readTree(out.get(i).data()).path("sequence_number").asLong()).as(as + " event " + i)
          .isEqualTo(i);
    }
  }

  @Test
  void aValueSplitAcrossResponsesPartsAndItemsNeverReachesTheClient() throws Exception {
    String[][] cases = {
      {"m1", "output_text", "my key is AKIAQ3EG", "m1", "output_text", "RT5LMWX2ZUTB, keep it safe"},
      {"m1", "output_text", "这是绝密", "m2", "output_text", "文件的内容"},
      {"r1", "reasoning_summary_text", "think of AKIA", "m1", "output_text", "Q3EGRT5LMWX2ZUTB"},
      {"r1", "reasoning_summary_text", "a", "r1", "reasoning_summary_text", "密钥 AKIAQ3EGRT5L", "m1", "refusal",
        "MWX2ZUTB"},
      {"m1", "output_text", "key AKIAQ3EG", "f1", "function_call_arguments", "{}", "m2", "output_text",
        "RT5LMWX2ZUTB"}};
    for (String[] texts : cases) {
      for (int size : new int[] {0, 1, 3, 5}) {
        Inspection inspection = open(Endpoint.RESPONSES);
        List<SseEvent> out = run(inspection, true, responsesTexts(size, texts));
        String as = String.join("|", texts) + " in pieces of " + size;

        assertThat(inspection.streamStopped()).as(as).isTrue();
        assertThat(all(out)).as(as).doesNotContain("RT5L").doesNotContain("Q3EG").doesNotContain("MWX2")
            .doesNotContain("绝密").doesNotContain("文件");
        assertThat(out.get(out.size() - 1).event()).as(as).isEqualTo("error");
        assertNumbered(out, as);
      }
    }
  }

  @Test
  void responsesPartsWithNothingAcrossThemArriveWholeInOrderAndNumbered() throws Exception {
    for (int size : new int[] {0, 1, 4}) {
      Inspection inspection = open(Endpoint.RESPONSES);
      String[] events = responsesTexts(size, "r1", "reasoning_summary_text", "think about AKIA", "m1", "output_text",
          "Q3EG is no key, a bluebird", "m1", "output_text", " 好的", "f1", "function_call_arguments",
          "{\"to\":\"bluebird\"}", "m2", "output_text", "done AKIA");
      List<SseEvent> out = run(inspection, true, events);
      String as = "size " + size;

      assertThat(inspection.streamStopped()).as(as).isFalse();
      List<String> types = new ArrayList<>();
      for (SseEvent e : out) {
        String type = JSON.readTree(e.data()).path("type").asText();
        if (!type.endsWith(".delta")) {
          types.add(type);
        }
      }
      List<String> upstream = new ArrayList<>();
      for (String e : events) {
        String type = JSON.readTree(e).path("type").asText();
        if (!type.endsWith(".delta")) {
          upstream.add(type);
        }
      }
      assertThat(types).as(as).isEqualTo(upstream);
      assertNumbered(out, as);
      assertThat(texts(out.stream().filter(e -> e.data().contains("output_text.delta")).toList(), "/delta")).as(as)
          .isEqualTo("Q3EG is no key, a " + REDACTED + " 好的done AKIA");
      assertThat(texts(out.stream().filter(e -> e.data().contains("summary_text.delta")).toList(), "/delta")).as(as)
          .isEqualTo("think about AKIA");
      assertThat(all(out)).as(as).contains("\"text\":\"done AKIA\"", "\"text\":\"think about AKIA\"")
          .contains("{\\\"to\\\":\\\"" + REDACTED + "\\\"}");
    }
  }

  // ---- streamed audio answers ----

  /** Returns chat chunks of an audio answer: {@code "t:"} a transcript delta, anything else an audio data chunk. */
  private static String[] audioChunks(String... pieces) throws Exception {
    List<String> chunks = new ArrayList<>();
    for (String p : pieces) {
      chunks.add(chat(p.startsWith("t:") ? "{\"audio\":{\"transcript\":" + q(p.substring(2)) + "}}"
          : "{\"audio\":{\"id\":\"audio_1\",\"data\":" + q(p) + "}}"));
    }
    chunks.add(CHAT_STOP);
    chunks.add("[DONE]");
    return chunks.toArray(new String[0]);
  }

  @Test
  void audioThatSaysWhatTheTranscriptWouldMaskNeverReachesTheClient() throws Exception {
    String[][] cases = {{"t:my key is AKIAQ3EG", "QUtJQQ==", "t:RT5LMWX2ZUTB", "UlQ1TA=="},
      {"t:about blue", "Ymx1ZQ==", "t:bird", "YmlyZA=="}, {"t:the key", "t: AKIAQ3EGRT5LMWX2ZUTB", "S0VZ"},
      {"t:这是绝密", "57ud5a+G", "t:文件", "5paH5Lu2"}};
    for (String[] pieces : cases) {
      Inspection inspection = open(Endpoint.CHAT);
      List<SseEvent> out = run(inspection, true, audioChunks(pieces));
      String as = String.join("|", pieces);

      assertThat(inspection.streamStopped()).as(as).isTrue();
      assertThat(texts(out, "/choices/0/delta/audio/data")).as(as).isEmpty();
      assertThat(texts(out, "/choices/0/delta/audio/transcript")).as(as).doesNotContain("AKIA").doesNotContain("blue")
          .doesNotContain("绝密").doesNotContain(REDACTED);
      assertThat(out.get(out.size() - 2).data()).as(as).contains("content_policy_violation");
    }
  }

  @Test
  void audioGoesOutAsFarAsItsTranscriptWasReleased() throws Exception {
    Inspection inspection = open(Endpoint.CHAT);
    String[] chunks = audioChunks("t:hello there, AKIA", "QUFB", "t:Q3EG is no key", "QkJC", "Q0ND", "t: bye");
    List<SseEvent> out = new ArrayList<>();
    out.addAll(inspection.streamEvent(SseEvent.of(null, chunks[0])));
    out.addAll(inspection.streamEvent(SseEvent.of(null, chunks[1])));
    // "AKIA" may still become a key: the audio after it waits.
    assertThat(texts(out, "/choices/0/delta/audio/data")).isEmpty();
    out.addAll(inspection.streamEvent(SseEvent.of(null, chunks[2])));
    assertThat(texts(out, "/choices/0/delta/audio/data")).isEqualTo("QUFB");
    out.addAll(inspection.streamEvent(SseEvent.of(null, chunks[3])));
    out.addAll(inspection.streamEvent(SseEvent.of(null, chunks[4])));
    // The end of "key" is still held (a word may go on): the audio after it waits for the next transcript.
    assertThat(texts(out, "/choices/0/delta/audio/data")).isEqualTo("QUFB");
    out.addAll(inspection.streamEvent(SseEvent.of(null, chunks[5])));
    assertThat(texts(out, "/choices/0/delta/audio/data")).isEqualTo("QUFBQkJCQ0ND");
    out.addAll(run(inspection, true, chunks[6], chunks[7]));

    assertThat(inspection.streamStopped()).isFalse();
    assertThat(texts(out, "/choices/0/delta/audio/transcript")).isEqualTo("hello there, AKIAQ3EG is no key bye");
    assertThat(all(out)).endsWith("[DONE]\n");
  }

  @Test
  void audioBeforeAnyHeldTranscriptIsNotHeld() throws Exception {
    Inspection inspection = open(Endpoint.CHAT);
    List<SseEvent> out = run(inspection, false, audioChunks("QUFB", "t:ok.", "QkJC"));

    assertThat(texts(out, "/choices/0/delta/audio/data")).isEqualTo("QUFBQkJC");
  }

  @Test
  void responsesAudioWaitsForItsTranscriptAndAMaskedTranscriptBlocks() throws Exception {
    String[][] cases = {{"t:my key is AKIAQ3EG", "QUtJQQ==", "t:RT5LMWX2ZUTB", "UlQ1TA=="},
      {"t:about blue", "Ymx1ZQ==", "t:bird", "YmlyZA=="}, {"t:hello there, AKIA", "QUFB", "t:Q3EG is no key.", "QkJC"}};
    for (String[] pieces : cases) {
      List<String> events = new ArrayList<>();
      StringBuilder transcript = new StringBuilder();
      for (String p : pieces) {
        if (p.startsWith("t:")) {
          transcript.append(p.substring(2));
          events.add(resp("response.audio.transcript.delta", "\"delta\":" + q(p.substring(2))));
        } else {
          events.add(resp("response.audio.delta", "\"delta\":" + q(p)));
        }
      }
      events.add(resp("response.audio.transcript.done", "\"transcript\":" + q(transcript.toString())));
      events.add(resp("response.audio.done", "\"response_id\":\"r\""));
      events.add(resp("response.completed", "\"response\":{\"id\":\"r\",\"output\":[]}"));
      Inspection inspection = open(Endpoint.RESPONSES);
      List<SseEvent> first = run(inspection, false, events.get(0), events.get(1));
      String as = String.join("|", pieces);
      // The audio came while the transcript before it still held a possible match: it waits.
      assertThat(all(first)).as(as).doesNotContain(pieces[1]);
      List<SseEvent> out = new ArrayList<>(first);
      out.addAll(run(inspection, true, events.subList(2, events.size()).toArray(new String[0])));

      if (as.contains("hello")) {
        assertThat(inspection.streamStopped()).as(as).isFalse();
        assertThat(texts(out.stream().filter(e -> e.data().contains("response.audio.delta")).toList(), "/delta"))
            .as(as).isEqualTo("QUFBQkJC");
      } else {
        assertThat(inspection.streamStopped()).as(as).isTrue();
        assertThat(all(out)).as(as).doesNotContain(pieces[1]).doesNotContain(pieces[3]).doesNotContain("RT5L")
            .doesNotContain("bird");
      }
    }
  }

  @Test
  void aHeldTextEndGoesOnceALongNextTextDecidedItNotAtTheAnswersEnd() throws Exception {
    String longText = "a long answer that goes on well past what the joined reading holds, and on and on, "
        + "好的好的好的好的好的好的好的好的好的好的好的好的好的好的。";
    for (int size : new int[] {0, 7}) {
      Inspection inspection = open(Endpoint.RESPONSES);
      String[] events = responsesTexts(size, "r1", "reasoning_summary_text", "think about AKIA", "m1", "output_text",
          longText);
      // Everything but the last item's done and response.completed.
      List<SseEvent> out = run(inspection, false, java.util.Arrays.copyOf(events, events.length - 4));
      assertThat(all(out)).as("size %d", size).contains("response.reasoning_summary_text.done",
          "response.reasoning_summary_part.done");

      inspection = open(Endpoint.MESSAGES);
      events = anthropicMixed(size, "Let me check AKIA", "tool:{}", longText);
      out = run(inspection, false, java.util.Arrays.copyOf(events, events.length - 3));
      assertThat(all(out)).as("size %d", size).contains("\"content_block_stop\",\"index\":0",
          "\"content_block_stop\",\"index\":1");
    }
  }
}
