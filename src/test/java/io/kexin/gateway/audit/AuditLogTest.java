package io.kexin.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kexin.gateway.config.AuditConfig;
import io.kexin.gateway.config.AuditSink;
import io.kexin.gateway.config.ConfigException;
import io.kexin.gateway.inspect.ExchangeInfo;
import io.kexin.gateway.inspect.Inspection;
import io.kexin.gateway.inspect.PolicyInspector;
import io.kexin.gateway.metrics.GatewayMetrics;
import io.kexin.gateway.policy.Direction;
import io.kexin.gateway.policy.PolicyLoader;
import io.kexin.gateway.policy.PolicySet;
import io.kexin.gateway.provider.Endpoint;
import io.kexin.gateway.provider.ProviderApi;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the audit log: one JSON line per decision with a time and never the inspected text, written off the
 * caller's thread; a full queue drops and counts instead of waiting; close writes and flushes what is queued.
 */
class AuditLogTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-29T08:30:05.042Z"), ZoneOffset.UTC);
  private static final ExchangeInfo EXCHANGE = new ExchangeInfo("req-7", ProviderApi.openAi(), Endpoint.CHAT,
      "main", "研发部", List.of("p"), false);
  /** Protected values of the request below: none of them, nor a piece of one, may reach an audit line. */
  private static final List<String> VALUES = List.of("zhang.wei@example.cn", "zhang", "example.cn",
      "13800138000", "8000", "凤凰计划", "凤凰", "Project Phoenix", "phoenix", "Phoenix", "绝密", "top secret");

  @TempDir
  Path dir;
  private final GatewayMetrics metrics = new GatewayMetrics(false);

  private PolicyInspector inspector(AuditLog audit) throws IOException {
    Files.writeString(dir.resolve("p.yaml"), """
        apiVersion: kexin.io/v1
        kind: Policy
        metadata: {name: p}
        rules:
          - id: pii.email
            detector: {regex: {pattern: '[a-z.]{1,64}@[a-z]{1,63}(?:\\.[a-z]{1,63}){1,4}'}}
            action: pseudonymize
            entity: EMAIL
          - id: keyword.codename
            detector: {keyword: {terms: [project phoenix, 凤凰计划], wholeWord: true}}
            action: redact
            entity: CODENAME
          - id: regex.phone
            detector: {regex: {pattern: '1[3-9]\\d{9}'}}
            action: mask
            keepLast: 4
          - id: keyword.secret
            detector: {keyword: {terms: [绝密, top secret]}}
            action: block
            mode: monitor
        """);
    PolicySet set = new PolicyLoader().load(dir);
    return new PolicyInspector(() -> set, audit, 1 << 16);
  }

  private static List<JsonNode> lines(String out) throws IOException {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : out.split("\n", -1)) {
      if (!line.isEmpty()) {
        lines.add(JSON.readTree(line));
      }
    }
    assertThat(out).endsWith("\n");
    return lines;
  }

  private String scrape() {
    return new String(metrics.scrape(), StandardCharsets.UTF_8);
  }

  @Test
  void protectedValuesUsedAsObjectKeysNeverReachAnAuditLine() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    AuditLog audit = new AuditLog(metrics, new AuditWriter(out, false, 64, metrics), CLOCK);
    PolicyInspector inspector = inspector(audit);

    inspector.open(EXCHANGE).request((ObjectNode) JSON.readTree("""
        {"model":"m","messages":[{"role":"user","content":"hi"}],
         "metadata":{"zhang.wei@example.cn":{"13800138000":"凤凰计划"}},
         "tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object",
           "properties":{"Project Phoenix":{"type":"string","description":"top secret"}}}}}]}"""));
    inspector.open(EXCHANGE).request((ObjectNode) JSON.readTree("""
        {"model":"m","messages":[{"role":"user","content":"hi"}],"绝密":{"zhang.wei@example.cn":[1]}}"""));
    audit.close();

    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(lines(text)).isNotEmpty();
    assertThat(text).contains("/metadata/*/*").contains("#keys");
    for (String value : VALUES) {
      assertThat(text).doesNotContainIgnoringCase(value);
    }
  }

  @Test
  void writesOneJsonLinePerDecisionWithTimeAndFieldsButNeverTheText() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    AuditLog audit = new AuditLog(metrics, new AuditWriter(out, false, 64, metrics), CLOCK);
    PolicyInspector inspector = inspector(audit);

    inspector.open(EXCHANGE).request((ObjectNode) JSON.readTree("""
        {"model":"m","messages":[{"role":"user","content":"给 zhang.wei@example.cn 发凤凰计划的绝密资料，电话 13800138000。\
        Send Project Phoenix, top secret."}]}"""));
    inspector.open(EXCHANGE).request((ObjectNode) JSON.readTree("""
        {"model":"m","messages":[{"role":"user","content":"你好, nothing to see here"}]}"""));
    audit.close();

    String text = out.toString(StandardCharsets.UTF_8);
    List<JsonNode> lines = lines(text);
    assertThat(lines).hasSize(1);
    JsonNode line = lines.get(0);
    assertThat(line.get("time").asText()).isEqualTo("2026-11-29T08:30:05.042Z");
    assertThat(line.get("event").asText()).isEqualTo("decision");
    assertThat(line.get("requestId").asText()).isEqualTo("req-7");
    assertThat(line.get("route").asText()).isEqualTo("main");
    assertThat(line.get("tenant").asText()).isEqualTo("研发部");
    assertThat(line.get("direction").asText()).isEqualTo("request");
    assertThat(line.get("action").asText()).isEqualTo("redact");
    assertThat(line.get("wouldBe").asText()).isEqualTo("block");
    assertThat(line.has("policyRevision")).isTrue();
    List<String> rules = new ArrayList<>();
    for (JsonNode f : line.get("findings")) {
      rules.add(f.get("rule").asText());
      assertThat(f.get("at").asText()).isEqualTo("/messages/0/content");
      assertThat(f.get("end").asInt()).isGreaterThan(f.get("start").asInt());
      assertThat(f.get("mode").asText()).isIn("enforce", "monitor");
    }
    assertThat(rules).contains("pii.email", "keyword.codename", "regex.phone", "keyword.secret");
    for (String value : VALUES) {
      assertThat(text).doesNotContainIgnoringCase(value);
    }
    assertThat(scrape()).contains("kexin_audit_lines_total 1.0")
        .contains("kexin_policy_findings_total{action=\"pseudonymize\",direction=\"request\",mode=\"enforce\","
            + "policy=\"p\",rule=\"pii.email\"} 1.0");
  }

  @Test
  void anUninspectedBodyIsAJsonLineWhateverTheReason() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    AuditLog audit = new AuditLog(metrics, new AuditWriter(out, false, 64, metrics), CLOCK);

    audit.uninspected(EXCHANGE, Direction.RESPONSE, "unknown shape at \"/x\\y\"\n（未知结构）", true);
    audit.close();

    JsonNode line = lines(out.toString(StandardCharsets.UTF_8)).get(0);
    assertThat(line.get("time").asText()).isEqualTo("2026-11-29T08:30:05.042Z");
    assertThat(line.get("event").asText()).isEqualTo("uninspected");
    assertThat(line.get("tenant").asText()).isEqualTo("研发部");
    assertThat(line.get("direction").asText()).isEqualTo("response");
    assertThat(line.get("refused").asBoolean()).isTrue();
    assertThat(line.get("reason").asText()).isEqualTo("unknown shape at \"/x\\y\"\n（未知结构）");
  }

  /** Blocks the writer thread in its first write until released, so a test can fill the queue. */
  private static final class GatedStream extends OutputStream {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final ByteArrayOutputStream written = new ByteArrayOutputStream();

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      entered.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        throw new IOException(e);
      }
      written.write(b, off, len);
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS) // guards against a hang, not a speed assertion
  void aFullQueueDropsAndCountsInsteadOfWaiting() throws Exception {
    GatedStream sink = new GatedStream();
    AuditLog audit = new AuditLog(metrics, new AuditWriter(sink, false, 2, metrics), CLOCK);

    audit.uninspected(EXCHANGE, Direction.REQUEST, "first", false);
    sink.entered.await(); // the writer holds the first line and is stuck writing it
    for (int i = 0; i < 5; i++) {
      audit.uninspected(EXCHANGE, Direction.REQUEST, "queued or dropped " + i, false); // returns: never waits
    }

    assertThat(scrape()).contains("kexin_audit_dropped_total{reason=\"queue_full\"} 3.0")
        .contains("kexin_audit_lines_total 0.0");
    sink.release.countDown();
    audit.close();
    List<JsonNode> lines = lines(sink.written.toString(StandardCharsets.UTF_8));
    assertThat(lines).extracting(l -> l.get("reason").asText())
        .containsExactly("first", "queued or dropped 0", "queued or dropped 1");
    assertThat(scrape()).contains("kexin_audit_lines_total 3.0")
        .contains("kexin_audit_dropped_total{reason=\"queue_full\"} 3.0");
  }

  @Test
  void closeWritesAndFlushesEverythingQueued() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    // Lines reach `bytes` only when the writer flushes: the buffer is larger than everything written.
    AuditLog audit = new AuditLog(metrics, new AuditWriter(new BufferedOutputStream(bytes, 1 << 24), false, 10_000,
        metrics), CLOCK);

    for (int i = 0; i < 5000; i++) {
      audit.uninspected(EXCHANGE, i % 2 == 0 ? Direction.REQUEST : Direction.RESPONSE, "reason " + i, false);
    }
    audit.close();

    List<JsonNode> lines = lines(bytes.toString(StandardCharsets.UTF_8));
    assertThat(lines).hasSize(5000);
    assertThat(lines.get(4999).get("reason").asText()).isEqualTo("reason 4999");
    assertThat(scrape()).contains("kexin_audit_lines_total 5000.0")
        .contains("kexin_audit_dropped_total{reason=\"queue_full\"} 0.0");
  }

  /** Fails its first write, then works. */
  private static final class FailingOnceStream extends OutputStream {
    final CountDownLatch failed = new CountDownLatch(1);
    final ByteArrayOutputStream written = new ByteArrayOutputStream();

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (failed.getCount() > 0) {
        failed.countDown();
        throw new IOException("disk full");
      }
      written.write(b, off, len);
    }
  }

  @Test
  void aFailedWriteIsCountedAndTheWriterCarriesOn() throws Exception {
    FailingOnceStream sink = new FailingOnceStream();
    AuditLog audit = new AuditLog(metrics, new AuditWriter(sink, false, 16, metrics), CLOCK);

    audit.uninspected(EXCHANGE, Direction.REQUEST, "lost", false);
    sink.failed.await();
    audit.uninspected(EXCHANGE, Direction.REQUEST, "kept", false);
    audit.close();

    assertThat(lines(sink.written.toString(StandardCharsets.UTF_8))).extracting(l -> l.get("reason").asText())
        .containsExactly("kept");
    assertThat(scrape()).contains("kexin_audit_dropped_total{reason=\"write_error\"} 1.0")
        .contains("kexin_audit_lines_total 1.0");
  }

  @Test
  void linesAStandardStreamCouldNotWriteAreCountedAsLost() throws Exception {
    OutputStream closedPipe = new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        throw new IOException("Broken pipe");
      }
    };
    AuditLog audit = new AuditLog(metrics, new AuditWriter(new java.io.PrintStream(closedPipe), false, 16, metrics),
        CLOCK);

    audit.uninspected(EXCHANGE, Direction.REQUEST, "to a closed pipe", false);
    audit.close();

    assertThat(scrape()).contains("kexin_audit_dropped_total{reason=\"write_error\"} 1.0")
        .contains("kexin_audit_lines_total 0.0");
  }

  @Test
  void theFileSinkAppendsToAFileItCreatesIfMissing() throws Exception {
    Path file = dir.resolve("audit.jsonl");
    for (int run = 0; run < 2; run++) {
      AuditLog audit = AuditLog.open(new AuditConfig(AuditSink.FILE, file, 8), metrics);
      audit.uninspected(EXCHANGE, Direction.REQUEST, "run " + run, false);
      audit.close();
    }

    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertThat(lines).hasSize(2);
    assertThat(JSON.readTree(lines.get(0)).get("reason").asText()).isEqualTo("run 0");
    assertThat(JSON.readTree(lines.get(1)).get("reason").asText()).isEqualTo("run 1");
  }

  @Test
  void aFileThatCannotBeOpenedIsAConfigError() {
    assertThatThrownBy(() -> AuditLog.open(new AuditConfig(AuditSink.FILE, dir, 8), metrics))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("audit.path: " + dir + ": cannot open for appending");
  }

  @Test
  void theOffSinkWritesNothingButStillCounts() throws Exception {
    AuditLog audit = AuditLog.open(new AuditConfig(AuditSink.OFF, null, null), metrics);
    Inspection inspection = inspector(audit).open(EXCHANGE);

    inspection.request((ObjectNode) JSON.readTree("""
        {"model":"m","messages":[{"role":"user","content":"mail zhang.wei@example.cn"}]}"""));
    audit.close();

    assertThat(scrape()).contains("rule=\"pii.email\"} 1.0").contains("kexin_audit_lines_total 0.0");
  }
}
