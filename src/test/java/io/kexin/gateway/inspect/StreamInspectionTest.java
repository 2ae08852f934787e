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
import io.kexin.gateway.stream.SseDecoder;
import io.kexin.gateway.stream.SseEvent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the streaming invariant: whatever the chunking of a recorded stream (down to one byte per read), the client
 * receives the same text and the same decision as when the whole response is inspected at once, and nothing a rule
 * catches ever reaches it.
 */
class StreamInspectionTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REQUEST = """
      {"model":"m","stream":true,"messages":[{"role":"user","content":"写信给 zhang.wei@example.cn 和 li.na@corp.example.com"}]}""";
  private static final String ANSWER = "好的，我会写信给 <EMAIL_1>，抄送 <EMAIL_2>。关于 Project Phoenix 和 凤凰计划："
      + "联系电话 13800138000, card 4111 1111 1111 1111. The bluebird team says hi to <EMAIL_1> again!";

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
            detector: {keyword: {terms: [project phoenix, 凤凰计划, bluebird], wholeWord: true}}
            action: redact
            entity: CODENAME
          - id: regex.phone
            detector: {regex: {pattern: '1[3-9]\\d{9}'}}
            action: mask
            keepLast: 4
          - id: regex.card
            detector: {regex: {pattern: '\\d{4}(?: ?\\d{4}){3}'}}
            action: redact
            entity: CARD
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
    String body = endpoint == Endpoint.MESSAGES ? REQUEST.replace("\"stream\":true,", "\"max_tokens\":9,")
        : endpoint == Endpoint.RESPONSES ? REQUEST.replace("\"messages\"", "\"input\"") : REQUEST;
    assertThat(inspection.request((ObjectNode) JSON.readTree(body))).isInstanceOf(Verdict.Rewrite.class);
    return inspection;
  }

  /** Returns what the buffered path gives the client for the whole answer. */
  private String whole(Endpoint endpoint, String answer) throws Exception {
    Inspection inspection = open(endpoint);
    String body = endpoint == Endpoint.MESSAGES
        ? "{\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":"
            + JSON.writeValueAsString(answer) + "}]}"
        : "{\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
            + JSON.writeValueAsString(answer) + "},\"finish_reason\":\"stop\"}]}";
    ObjectNode node = (ObjectNode) JSON.readTree(body);
    if (endpoint == Endpoint.RESPONSES) {
      node = (ObjectNode) JSON.readTree("{\"object\":\"response\",\"status\":\"completed\",\"output\":[{\"type\":"
          + "\"message\",\"id\":\"msg_1\",\"status\":\"completed\",\"role\":\"assistant\",\"content\":[{\"type\":"
          + "\"output_text\",\"text\":" + JSON.writeValueAsString(answer) + ",\"annotations\":[]}]}]}");
    }
    Verdict v = inspection.response(node);
    if (v instanceof Verdict.Reject) {
      return null;
    }
    JsonNode out = v instanceof Verdict.Rewrite r ? r.body() : node;
    return endpoint == Endpoint.MESSAGES ? out.path("content").get(0).path("text").asText()
        : endpoint == Endpoint.RESPONSES ? out.at("/output/0/content/0/text").asText()
        : out.path("choices").get(0).path("message").path("content").asText();
  }

  /** Encodes the answer as a provider stream, split into tokens of 1–6 characters. */
  private static String stream(Endpoint endpoint, String answer, Random random) throws Exception {
    return stream(endpoint, answer, random, "content");
  }

  /** Encodes the answer as a provider stream in the given chat delta field, split into tokens of 1–6 characters. */
  private static String stream(Endpoint endpoint, String answer, Random random, String field) throws Exception {
    return stream(endpoint, answer, random, field, false);
  }

  /** Values an upstream may write as an event's padding ({@code obfuscation}); the policy rewrites all but the last. */
  private static final List<String> PADDING = List.of("13800138000", "凤凰计划", "Project Phoenix", "aB3dE");

  /**
   * Encodes the answer as a provider stream in the given chat delta field, split into tokens of 1–6 characters; with
   * {@code padded}, chat chunks and Responses deltas carry an {@code obfuscation} from {@link #PADDING}.
   */
  private static String stream(Endpoint endpoint, String answer, Random random, String field, boolean padded)
      throws Exception {
    StringBuilder sb = new StringBuilder();
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < answer.length(); ) {
      int n = Math.min(answer.length() - i, 1 + random.nextInt(6));
      if (Character.isHighSurrogate(answer.charAt(i + n - 1))) {
        n++;
      }
      tokens.add(answer.substring(i, Math.min(answer.length(), i + n)));
      i += n;
    }
    if (endpoint == Endpoint.MESSAGES) {
      sb.append("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m1\"}}\n\n");
      sb.append("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
          + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");
      for (String t : tokens) {
        sb.append("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
            + "{\"type\":\"text_delta\",\"text\":").append(JSON.writeValueAsString(t)).append("}}\n\n");
      }
      sb.append("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n");
      sb.append("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
    } else if (endpoint == Endpoint.RESPONSES) {
      int n = 0;
      sb.append("event: response.created\ndata: {\"type\":\"response.created\",\"sequence_number\":").append(n++)
          .append(",\"response\":{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"in_progress\","
              + "\"output\":[]}}\n\n");
      for (String t : tokens) {
        sb.append("event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\","
            + "\"sequence_number\":").append(n++).append(",\"item_id\":\"msg_1\",\"output_index\":0,"
            + "\"content_index\":0,\"delta\":").append(JSON.writeValueAsString(t));
        if (padded) {
          sb.append(",\"obfuscation\":").append(JSON.writeValueAsString(PADDING.get(random.nextInt(PADDING.size()))));
        }
        sb.append("}\n\n");
      }
      sb.append("event: response.output_text.done\ndata: {\"type\":\"response.output_text.done\","
          + "\"sequence_number\":").append(n++).append(",\"item_id\":\"msg_1\",\"output_index\":0,"
          + "\"content_index\":0,\"text\":").append(JSON.writeValueAsString(answer)).append("}\n\n");
      sb.append("event: response.completed\ndata: {\"type\":\"response.completed\",\"sequence_number\":")
          .append(n).append(",\"response\":{\"id\":\"resp_1\",\"object\":\"response\",\"status\":"
              + "\"completed\",\"output\":[]}}\n\n");
    } else {
      for (String t : tokens) {
        sb.append("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",");
        if (padded) {
          sb.append("\"obfuscation\":").append(JSON.writeValueAsString(PADDING.get(random.nextInt(PADDING.size()))))
              .append(',');
        }
        sb.append("\"model\":\"m\",\"choices\":[{\"index\":0,"
            + "\"delta\":{\"" + field + "\":").append(JSON.writeValueAsString(t))
            .append("},\"finish_reason\":null}]}\r\n\r\n");
      }
      sb.append("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[{\"index\":0,"
          + "\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
    }
    return sb.toString();
  }

  /** Feeds the stream's bytes in random pieces through decoder and inspection; returns the client's events. */
  private static List<SseEvent> run(Inspection inspection, String stream, Random random, int maxPiece) {
    byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
    SseDecoder decoder = new SseDecoder(1 << 16);
    List<SseEvent> decoded = new ArrayList<>();
    List<SseEvent> out = new ArrayList<>();
    int i = 0;
    while (i < bytes.length && !inspection.streamStopped()) {
      int n = Math.min(bytes.length - i, 1 + random.nextInt(maxPiece));
      ByteBuf buf = Unpooled.wrappedBuffer(bytes, i, n);
      try {
        decoder.decode(buf, decoded);
      } finally {
        buf.release();
      }
      i += n;
      for (SseEvent e : decoded) {
        out.addAll(inspection.streamEvent(e));
      }
      decoded.clear();
    }
    if (!inspection.streamStopped()) {
      decoder.end(decoded);
      for (SseEvent e : decoded) {
        out.addAll(inspection.streamEvent(e));
      }
      out.addAll(inspection.streamEnd());
    }
    return out;
  }

  private static String clientText(Endpoint endpoint, List<SseEvent> events) throws Exception {
    return clientText(endpoint, events, "content");
  }

  private static String clientText(Endpoint endpoint, List<SseEvent> events, String field) throws Exception {
    StringBuilder sb = new StringBuilder();
    for (SseEvent e : events) {
      if (e.data() == null || !e.data().startsWith("{")) {
        continue;
      }
      JsonNode d = JSON.readTree(e.data());
      if (endpoint == Endpoint.MESSAGES) {
        sb.append(d.path("delta").path("text").asText(""));
      } else if (endpoint == Endpoint.RESPONSES) {
        if (d.path("type").asText().equals("response.output_text.delta")) {
          sb.append(d.path("delta").asText(""));
        }
      } else {
        sb.append(d.path("choices").path(0).path("delta").path(field).asText(""));
      }
    }
    return sb.toString();
  }

  @Test
  void anyChunkingGivesTheClientWhatTheBufferedPathGives() throws Exception {
    Random random = new Random(20261129);
    for (Endpoint endpoint : List.of(Endpoint.CHAT, Endpoint.MESSAGES, Endpoint.RESPONSES)) {
      String expected = whole(endpoint, ANSWER);
      assertThat(expected).contains("zhang.wei@example.cn", "li.na@corp.example.com", "[REDACTED:CODENAME]",
          "*******8000", "[REDACTED:CARD]").doesNotContain("Phoenix", "凤凰计划", "bluebird", "<EMAIL_");
      for (int trial = 0; trial < 60; trial++) {
        int maxPiece = trial % 3 == 0 ? 1 : 1 + random.nextInt(40);
        String client = clientText(endpoint, run(open(endpoint), stream(endpoint, ANSWER, random), random, maxPiece));
        assertThat(client).as("%s trial %d", endpoint, trial).isEqualTo(expected);
      }
    }
  }

  @Test
  void anyChunkingOfRefusalAndReasoningDeltasGivesWhatTheBufferedPathGives() throws Exception {
    Random random = new Random(20261201);
    String expected = whole(Endpoint.CHAT, ANSWER);
    for (String field : List.of("refusal", "reasoning", "reasoning_content")) {
      for (int trial = 0; trial < 20; trial++) {
        int maxPiece = trial % 3 == 0 ? 1 : 1 + random.nextInt(40);
        String client = clientText(Endpoint.CHAT,
            run(open(Endpoint.CHAT), stream(Endpoint.CHAT, ANSWER, random, field), random, maxPiece), field);
        assertThat(client).as("%s trial %d", field, trial).isEqualTo(expected);
      }
    }
  }

  /** Lines an upstream may add that are no event data: each carries what the policy rewrites in the answer. */
  private static final List<String> PLANTED = List.of(": 凤凰计划 keep-alive", ":Project Phoenix", "id: 凤凰计划",
      "id: 13800138000", "retry: 13800138000", "x-note: Project Phoenix", "凤凰计划", "event: Project Phoenix",
      "event: 凤凰计划", "\uFEFFdata: {\"note\":\"Project Phoenix\"}");

  /** Returns {@code stream} with planted lines among its lines, its line ends written as {@code eol}. */
  private static String planted(String stream, Random random, String eol) {
    StringBuilder sb = new StringBuilder(random.nextBoolean() ? "\uFEFF" : "");
    for (String line : stream.replace("\r\n", "\n").split("\n", -1)) {
      if (!line.isEmpty() && random.nextInt(4) == 0) {
        String plant = PLANTED.get(random.nextInt(PLANTED.size()));
        if (sb.isEmpty() && plant.startsWith("\uFEFF")) {
          sb.append('\uFEFF'); // else it is the stream's own BOM, and the data line after it counts
        }
        sb.append(plant).append(eol);
      }
      sb.append(line).append(eol);
    }
    return sb.toString();
  }

  @Test
  void anyChunkingWithPlantedUpstreamLinesGivesWhatTheBufferedPathGivesAndNothingElse() throws Exception {
    Random random = new Random(20261207);
    for (Endpoint endpoint : List.of(Endpoint.CHAT, Endpoint.MESSAGES, Endpoint.RESPONSES)) {
      String expected = whole(endpoint, ANSWER);
      for (int trial = 0; trial < 60; trial++) {
        String eol = List.of("\n", "\r\n", "\r").get(trial % 3);
        int maxPiece = trial % 4 == 0 ? 1 : 1 + random.nextInt(40);
        // Half the streams also carry padding holding what the policy rewrites: it never reaches the client either.
        List<SseEvent> events = run(open(endpoint), planted(stream(endpoint, ANSWER, random, "content",
            trial % 2 == 1), random, eol), random, maxPiece);

        assertThat(clientText(endpoint, events)).as("%s trial %d", endpoint, trial).isEqualTo(expected);
        StringBuilder bytes = new StringBuilder();
        for (SseEvent e : events) {
          bytes.append(new String(e.encode(), StandardCharsets.UTF_8));
        }
        assertThat(bytes.toString()).as("%s trial %d", endpoint, trial).doesNotContain("凤凰计划", "Phoenix",
            "13800138000", "\uFEFF", "\r", "id:", "retry:", "x-note");
      }
    }
  }

  @Test
  void aBlockedStreamEndsWithTheProvidersErrorAndNothingAfterTheHit() throws Exception {
    Random random = new Random(7);
    String answer = "这份材料很普通。但是下面是绝密文件的内容：第一条……";
    for (Endpoint endpoint : List.of(Endpoint.CHAT, Endpoint.MESSAGES)) {
      assertThat(whole(endpoint, answer)).isNull();
      for (int trial = 0; trial < 20; trial++) {
        Inspection inspection = open(endpoint);
        List<SseEvent> events = run(inspection, stream(endpoint, answer, random), random, 1 + random.nextInt(20));

        assertThat(inspection.streamStopped()).isTrue();
        String client = clientText(endpoint, events);
        assertThat(client).doesNotContain("绝密").doesNotContain("第一条");
        assertThat("这份材料很普通。但是下面是").startsWith(client);
        SseEvent last = events.get(events.size() - 1);
        if (endpoint == Endpoint.MESSAGES) {
          assertThat(last.event()).isEqualTo("error");
          assertThat(last.data()).contains("keyword.secret-doc").contains("no secret documents");
        } else {
          assertThat(last.data()).isEqualTo("[DONE]");
          assertThat(events.get(events.size() - 2).data()).contains("\"code\":\"content_policy_violation\"")
              .contains("keyword.secret-doc");
        }
      }
    }
  }

  @Test
  void placeholdersSplitAcrossManyChunksAreRestored() throws Exception {
    Inspection inspection = open(Endpoint.CHAT);
    List<SseEvent> out = new ArrayList<>();
    for (String piece : new String[] {"Hi <", "EM", "AIL", "_", "1", "> and <EMAIL_2", ">!"}) {
      out.addAll(inspection.streamEvent(SseEvent.of(null, "{\"choices\":[{\"index\":0,\"delta\":{\"content\":"
          + JSON.writeValueAsString(piece) + "}}]}")));
    }
    out.addAll(inspection.streamEvent(SseEvent.of(null, "[DONE]")));

    assertThat(clientText(Endpoint.CHAT, out)).isEqualTo("Hi zhang.wei@example.cn and li.na@corp.example.com!");
  }

  @Test
  void choicesAndToolCallArgumentsAreSeparateTexts() throws Exception {
    Inspection inspection = open(Endpoint.CHAT);
    List<SseEvent> out = new ArrayList<>();
    String[] chunks = {
      "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"A: Proj\"}},{\"index\":1,\"delta\":{\"content\":\"B: blue\"}}]}",
      "{\"choices\":[{\"index\":1,\"delta\":{\"content\":\"bird ok\"}},{\"index\":0,\"delta\":{\"content\":\"ect Phoenix\"}}]}",
      "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"to\\\":\\\"<EMA\"}}]}}]}",
      "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"IL_1>\\\"}\"}}]}}]}",
      "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"},{\"index\":1,\"delta\":{},\"finish_reason\":\"stop\"}]}"
    };
    for (String c : chunks) {
      out.addAll(inspection.streamEvent(SseEvent.of(null, c)));
    }
    out.addAll(inspection.streamEvent(SseEvent.of(null, "[DONE]")));

    StringBuilder c0 = new StringBuilder();
    StringBuilder c1 = new StringBuilder();
    StringBuilder args = new StringBuilder();
    for (SseEvent e : out) {
      if (e.data().startsWith("{")) {
        for (JsonNode choice : JSON.readTree(e.data()).path("choices")) {
          (choice.path("index").asInt() == 0 ? c0 : c1).append(choice.path("delta").path("content").asText(""));
          for (JsonNode call : choice.path("delta").path("tool_calls")) {
            args.append(call.path("function").path("arguments").asText(""));
          }
        }
      }
    }
    assertThat(c0.toString()).isEqualTo("A: [REDACTED:CODENAME]");
    assertThat(c1.toString()).isEqualTo("B: [REDACTED:CODENAME] ok");
    assertThat(args.toString()).isEqualTo("{\"to\":\"zhang.wei@example.cn\"}");
  }
}
