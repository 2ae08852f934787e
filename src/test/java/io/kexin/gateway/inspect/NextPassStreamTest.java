package io.kexin.gateway.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kexin.gateway.audit.AuditLog;
import io.kexin.gateway.metrics.GatewayMetrics;
import io.kexin.gateway.policy.PolicySet;
import io.kexin.gateway.policy.ShippedPolicies;
import io.kexin.gateway.provider.Endpoint;
import io.kexin.gateway.provider.ProviderApi;
import io.kexin.gateway.stream.SseEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Streams the next attacker passes' spellings of an ID number — Chinese numerals in groups joined by list signs,
 * digits set apart by bars, number words mixed with Chinese numerals, glued after {@code ID} — in every kind of
 * delta an answer carries (chat content, refusal and tool-call argument deltas, Anthropic text,
 * {@code input_json_delta} and {@code thinking} deltas, Responses text deltas), one character an event, through the
 * shipped pack: the ID the model writes on its own is masked, so what it is written as never reaches the client past
 * its last four characters.
 */
class NextPassStreamTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static PolicyInspector inspector;

  @BeforeAll
  static void load() throws Exception {
    PolicySet set = ShippedPolicies.pack();
    inspector = new PolicyInspector(() -> set, new AuditLog(new GatewayMetrics(false)), 1 << 16);
  }

  private static Inspection open(Endpoint endpoint) throws Exception {
    ProviderApi api = endpoint == Endpoint.MESSAGES ? ProviderApi.anthropic() : ProviderApi.openAi();
    Inspection inspection = inspector.open(new ExchangeInfo("t", api, endpoint, "r", "t",
        List.of("default", "pii", "secrets", "content-safety"), true));
    String body = switch (endpoint) {
      case MESSAGES -> "{\"model\":\"m\",\"max_tokens\":9,\"stream\":true,\"messages\":[{\"role\":\"user\","
          + "\"content\":\"hi\"}]}";
      case RESPONSES -> "{\"model\":\"m\",\"stream\":true,\"input\":\"hi\"}";
      default -> "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    };
    inspection.request((ObjectNode) JSON.readTree(body));
    return inspection;
  }

  private static String q(String s) throws Exception {
    return JSON.writeValueAsString(s);
  }

  private static String chat(String delta) {
    return "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[{\"index\":0,"
        + "\"delta\":" + delta + ",\"finish_reason\":null}]}";
  }

  /** Returns the events of {@code kind} streaming {@code text} one character an event. */
  private static String[] events(String kind, String text) throws Exception {
    List<String> e = new ArrayList<>();
    String[] chars = text.codePoints().mapToObj(Character::toString).toArray(String[]::new);
    switch (kind) {
      case "chat content", "chat refusal" -> {
        String field = kind.endsWith("content") ? "content" : "refusal";
        for (String c : chars) {
          e.add(chat("{" + q(field) + ":" + q(c) + "}"));
        }
      }
      case "chat tool arguments" -> {
        e.add(chat("{\"tool_calls\":[{\"index\":0,\"id\":\"c\",\"type\":\"function\",\"function\":{\"name\":\"f\","
            + "\"arguments\":\"\"}}]}"));
        String args = "{\"note\":" + q(text) + "}";
        for (String c : args.codePoints().mapToObj(Character::toString).toList()) {
          e.add(chat("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":" + q(c) + "}}]}"));
        }
      }
      case "responses text" -> {
        for (String c : chars) {
          e.add("{\"type\":\"response.output_text.delta\",\"item_id\":\"m1\",\"output_index\":0,\"content_index\":0,"
              + "\"delta\":" + q(c) + "}");
        }
        e.add("{\"type\":\"response.output_text.done\",\"item_id\":\"m1\",\"output_index\":0,\"content_index\":0,"
            + "\"text\":" + q(text) + "}");
      }
      default -> {
        String block = kind.equals("anthropic text") ? "{\"type\":\"text\",\"text\":\"\"}"
            : kind.equals("anthropic thinking") ? "{\"type\":\"thinking\",\"thinking\":\"\"}"
            : "{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"f\",\"input\":{}}";
        e.add("{\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"type\":\"message\",\"role\":\"assistant\","
            + "\"content\":[],\"model\":\"m\"}}");
        e.add("{\"type\":\"content_block_start\",\"index\":0,\"content_block\":" + block + "}");
        String[] pieces = kind.equals("anthropic tool input")
            ? ("{\"note\":" + q(text) + "}").codePoints().mapToObj(Character::toString).toArray(String[]::new) : chars;
        for (String c : pieces) {
          String delta = kind.equals("anthropic text") ? "{\"type\":\"text_delta\",\"text\":" + q(c) + "}"
              : kind.equals("anthropic thinking") ? "{\"type\":\"thinking_delta\",\"thinking\":" + q(c) + "}"
              : "{\"type\":\"input_json_delta\",\"partial_json\":" + q(c) + "}";
          e.add("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":" + delta + "}");
        }
        e.add("{\"type\":\"content_block_stop\",\"index\":0}");
        e.add("{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":9}}");
        e.add("{\"type\":\"message_stop\"}");
        return e.toArray(new String[0]);
      }
    }
    if (!kind.startsWith("responses")) {
      e.add("{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},"
          + "\"finish_reason\":\"stop\"}]}");
      e.add("[DONE]");
    } else {
      e.add("{\"type\":\"response.completed\",\"response\":{\"id\":\"r\",\"status\":\"completed\",\"output\":[]}}");
    }
    return e.toArray(new String[0]);
  }

  static Stream<Arguments> rows() {
    List<Arguments> rows = new ArrayList<>();
    String[][] values = {
      {"身份证：一一零一零五，一九四九一二三一，零零二X。", "一一零一零五，一九四九一二三一"},
      {"身份证号 一一零一零五、一九四九一二三一、零零二X 已核对", "一一零一零五、一九四九一二三一"},
      {"your ID card: 一一零一零五 | 一九四九一二三一 | 零零二X, checked", "一一零一零五 | 一九四九一二三一"},
      {"ID 1|1|0|1|0|5|1|9|4|9|1|2|3|1|0|0|2|X ok", "1|1|0|1|0|5|1|9|4|9|1|2|3"},
      // found by the sixth pass: number words and Chinese numerals mixed in one chain
      {"my ID: one one 〇 one 〇 five 一九四九一二三一〇〇二X, checked", "one one 〇 one 〇 five 一九四九一二"},
      {"身份证 one one 〇一〇五一九四九一二三一〇〇二X，已核对", "one one 〇一〇五一九四九一二"},
      // found by the sixth pass: an ID glued after the word that names it
      {"your ID11010519491231002X is on file", "11010519491231"},
      {"身份证ID11010519491231002X已登记", "11010519491231"}};
    for (String kind : List.of("chat content", "chat refusal", "chat tool arguments", "responses text",
        "anthropic text", "anthropic thinking", "anthropic tool input")) {
      for (String[] v : values) {
        rows.add(Arguments.of(kind, v[0], v[1]));
      }
    }
    return rows.stream();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("rows")
  void anIdSpelledSoIsMaskedInEveryDelta(String kind, String text, String head) throws Exception {
    Endpoint endpoint = kind.startsWith("anthropic") ? Endpoint.MESSAGES
        : kind.startsWith("responses") ? Endpoint.RESPONSES : Endpoint.CHAT;
    Inspection inspection = open(endpoint);
    List<SseEvent> out = new ArrayList<>();
    for (String d : events(kind, text)) {
      String type = d.startsWith("{") ? JSON.readTree(d).path("type").asText(null) : null;
      out.addAll(inspection.streamEvent(SseEvent.of(type, d)));
      if (inspection.streamStopped()) {
        break;
      }
    }
    if (!inspection.streamStopped()) {
      out.addAll(inspection.streamEnd());
    }
    StringBuilder raw = new StringBuilder();
    StringBuilder joined = new StringBuilder();
    for (SseEvent e : out) {
      raw.append(e.data());
      if (e.data() != null && e.data().startsWith("{")) {
        var tree = JSON.readTree(e.data());
        for (String f : List.of("content", "refusal", "arguments", "delta", "text", "thinking", "partial_json")) {
          for (var n : tree.findValues(f)) {
            joined.append(n.isTextual() ? n.asText() : "");
          }
        }
      }
    }
    // as written in the events, and as a client joining the deltas reads it
    assertThat(raw.toString()).as(kind).doesNotContain(head);
    assertThat(joined.toString()).as(kind).doesNotContain(head);
    assertThat(joined.toString()).as(kind).isNotEmpty();
  }
}
