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
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Checks that a text a stream shows beside its answer (an Anthropic citation's {@code cited_text}, a Responses
 * annotation's {@code title}), which is read in the answer's run and inspected whole in its event, has each finding
 * counted once in the stream's audit event, English and Chinese, with the same output as before.
 */
final class BesideAuditTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private List<JsonNode> hits(Endpoint endpoint, String... events) throws Exception {
    Files.writeString(dir.resolve("p.yaml"), """
        apiVersion: kexin.io/v1
        kind: Policy
        metadata: {name: p}
        rules:
          - id: keyword.codename
            detector: {keyword: {terms: [project phoenix, 凤凰计划]}}
            action: redact
            entity: CODENAME
        """);
    PolicySet set = new PolicyLoader().load(dir);
    ByteArrayOutputStream audit = new ByteArrayOutputStream();
    AuditLog log = AuditLog.writingTo(audit, 64, new GatewayMetrics(false));
    ProviderApi api = endpoint == Endpoint.MESSAGES ? ProviderApi.anthropic() : ProviderApi.openAi();
    Inspection inspection = new PolicyInspector(() -> set, log, 1 << 16).open(new ExchangeInfo("t", api, endpoint,
        "r", "t", List.of("p"), true));
    String body = endpoint == Endpoint.MESSAGES
        ? "{\"model\":\"m\",\"max_tokens\":9,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
        : "{\"model\":\"m\",\"stream\":true,\"input\":\"hi\"}";
    inspection.request((ObjectNode) JSON.readTree(body));
    List<SseEvent> out = new ArrayList<>();
    for (String d : events) {
      out.addAll(inspection.streamEvent(SseEvent.of(JSON.readTree(d).path("type").asText(), d)));
    }
    out.addAll(inspection.streamEnd());
    log.close();
    assertThat(out.toString()).doesNotContainIgnoringCase("phoenix").doesNotContain("凤凰");
    List<JsonNode> hits = new ArrayList<>();
    for (String line : audit.toString(StandardCharsets.UTF_8).split("\n")) {
      JsonNode event = line.isBlank() ? null : JSON.readTree(line);
      if (event != null && "response".equals(event.path("direction").asText())) {
        event.path("findings").forEach(hits::add);
      }
    }
    return hits;
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      the Project Phoenix plan, page 3
      合同附件：凤凰计划第 3 条
      """)
  void aCitedTextsFindingIsCountedOnce(String cited) throws Exception {
    List<JsonNode> hits = hits(Endpoint.MESSAGES,
        "{\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"type\":\"message\",\"role\":\"assistant\","
            + "\"content\":[],\"model\":\"claude\"}}",
        "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
        "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"See the plan.\"}}",
        "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"citations_delta\",\"citation\":{"
            + "\"type\":\"char_location\",\"cited_text\":" + JSON.writeValueAsString(cited) + ",\"document_index\":0,"
            + "\"document_title\":\"notes\",\"start_char_index\":0,\"end_char_index\":9}}}",
        "{\"type\":\"content_block_stop\",\"index\":0}",
        "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":3}}",
        "{\"type\":\"message_stop\"}");

    assertThat(hits).hasSize(1);
    assertThat(hits.get(0).path("rule").asText()).isEqualTo("keyword.codename");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      Project Phoenix news
      凤凰计划新闻
      """)
  void anAnnotationTitlesFindingIsCountedOnce(String title) throws Exception {
    String at = "\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0";
    List<JsonNode> hits = hits(Endpoint.RESPONSES,
        "{\"type\":\"response.created\",\"sequence_number\":0,\"response\":{\"id\":\"resp_1\",\"status\":"
            + "\"in_progress\",\"output\":[]}}",
        "{\"type\":\"response.output_item.added\",\"sequence_number\":1,\"output_index\":0,\"item\":{\"id\":\"msg_1\","
            + "\"type\":\"message\",\"role\":\"assistant\",\"content\":[]}}",
        "{\"type\":\"response.output_text.delta\",\"sequence_number\":2," + at + ",\"delta\":\"See the news.\"}",
        "{\"type\":\"response.output_text.annotation.added\",\"sequence_number\":3," + at + ",\"annotation_index\":0,"
            + "\"annotation\":{\"type\":\"url_citation\",\"title\":" + JSON.writeValueAsString(title) + ",\"url\":"
            + "\"https://news.example.cn/a\",\"start_index\":0,\"end_index\":4}}",
        "{\"type\":\"response.output_text.done\",\"sequence_number\":4," + at + ",\"text\":\"See the news.\"}",
        "{\"type\":\"response.completed\",\"sequence_number\":5,\"response\":{\"id\":\"resp_1\",\"status\":"
            + "\"completed\"}}");

    assertThat(hits).hasSize(1);
  }
}
