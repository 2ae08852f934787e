package io.kexin.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kexin.gateway.config.ConfigException;
import io.kexin.gateway.policy.PolicySet;
import io.kexin.gateway.policy.ShippedPolicies;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks what lets a security team correlate audit lines without the values: the keyed hash of each matched value
 * (equal for the same value, however spaced; different for another value or another key; absent without a key), and
 * the W3C traceparent the upstream received, continued from the client's or started by the gateway.
 */
class AuditCorrelationTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CLIENT_TRACE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  private static PolicySet pack;

  @TempDir Path dir;

  @BeforeAll
  static void loadPack() {
    pack = ShippedPolicies.pack();
  }

  @Test
  void theSameValueHasTheSameKeyedHashAndTheTraceReachesTheUpstreamAndTheAudit() throws Exception {
    List<String> heads = new CopyOnWriteArrayList<>();
    Path file = dir.resolve("audit.jsonl");
    try (ScriptedUpstream up = upstream(heads)) {
      try (TestGateway gateway = gateway(up, file, "k3xin-audit-hash-key-0001")) {
        send(gateway, "请联系 zhang.wei@example.cn", "traceparent", CLIENT_TRACE);
        send(gateway, "mail ZHANG.WEI@example.cn again");
        send(gateway, "或者 zhang.wei@example.cn 吧");
        send(gateway, "and li.na@example.cn");
      }
      List<JsonNode> lines = decisions(file);
      assertThat(lines).hasSize(4);
      List<String> hashes = new ArrayList<>();
      for (JsonNode line : lines) {
        hashes.add(line.at("/findings/0/valueHash").asText());
      }
      assertThat(hashes).allSatisfy(h -> assertThat(h).matches("hmac-sha256:[0-9a-f]{32}"));
      assertThat(hashes.get(2)).as("the same value").isEqualTo(hashes.get(0));
      assertThat(hashes.get(1)).as("another spelling is another value").isNotEqualTo(hashes.get(0));
      assertThat(hashes.get(3)).isNotEqualTo(hashes.get(0));
      String text = Files.readString(file, StandardCharsets.UTF_8);
      assertThat(text.toLowerCase(Locale.ROOT)).doesNotContain("zhang.wei", "li.na", "请联系");

      // The client's trace continues upstream with the gateway's own span; the audit line names what was sent.
      String sent = header(heads.get(0), "traceparent");
      assertThat(sent).startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-").endsWith("-01")
          .isNotEqualTo(CLIENT_TRACE);
      assertThat(lines.get(0).path("traceparent").asText()).isEqualTo(sent);
      // Without one from the client, the gateway starts a trace.
      String started = header(heads.get(1), "traceparent");
      assertThat(started).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01").doesNotContain("4bf92f3577b34da6");
      assertThat(lines.get(1).path("traceparent").asText()).isEqualTo(started);
    }
  }

  @Test
  void anotherKeyGivesAnotherHashAndNoKeyNoHash() throws Exception {
    Path first = dir.resolve("a.jsonl");
    Path second = dir.resolve("b.jsonl");
    Path none = dir.resolve("c.jsonl");
    try (ScriptedUpstream up = upstream(new CopyOnWriteArrayList<>())) {
      try (TestGateway gateway = gateway(up, first, "k3xin-audit-hash-key-0001")) {
        send(gateway, "请联系 zhang.wei@example.cn");
      }
      try (TestGateway gateway = gateway(up, second, "another-key-of-24-chars!")) {
        send(gateway, "请联系 zhang.wei@example.cn");
      }
      try (TestGateway gateway = gateway(up, none, null)) {
        send(gateway, "请联系 zhang.wei@example.cn");
      }
    }
    String a = decisions(first).get(0).at("/findings/0/valueHash").asText();
    String b = decisions(second).get(0).at("/findings/0/valueHash").asText();
    assertThat(a).startsWith("hmac-sha256:");
    assertThat(b).startsWith("hmac-sha256:").isNotEqualTo(a);
    assertThat(decisions(none).get(0).at("/findings/0").has("valueHash")).isFalse();
  }

  @Test
  void aShortOrDoubleKeyStopsStartWithAClearMessage() {
    assertThatThrownBy(() -> TestGateway.config("openai", "http://127.0.0.1:9", "audit: {hashKey: short}", "[]"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("hashKey: 5 characters (expected: at least 16)")
        .hasMessageNotContaining("short");
    assertThatThrownBy(() -> TestGateway.config("openai", "http://127.0.0.1:9",
        "audit: {hashKey: 'a-key-long-enough-1234', hashKeyFile: key.txt}", "[]"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("hashKey and hashKeyFile: both set");
  }

  private static ScriptedUpstream upstream(List<String> heads) throws Exception {
    return new ScriptedUpstream((h, b, out) -> {
      heads.add(h);
      ScriptedUpstream.json(out, 200, "{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
          + "\"message\":{\"role\":\"assistant\",\"content\":\"好的 ok\"},\"finish_reason\":\"stop\"}]}");
    });
  }

  private static TestGateway gateway(ScriptedUpstream up, Path audit, String key) throws Exception {
    String hashKey = key == null ? "" : ", hashKey: '" + key + "'";
    return new TestGateway(TestGateway.config("openai", up.baseUrl(),
        "audit: {sink: file, path: '" + audit + "'" + hashKey + "}", "[pii]"), pack);
  }

  private static void send(TestGateway gateway, String content, String... headers) throws Exception {
    List<String> all = new ArrayList<>(List.of("authorization", "Bearer " + TestGateway.CLIENT_KEY));
    all.addAll(List.of(headers));
    int status = gateway.post("/v1/chat/completions", "{\"model\":\"m\",\"messages\":[{\"role\":\"user\","
        + "\"content\":\"" + content + "\"}]}", all.toArray(String[]::new)).statusCode();
    assertThat(status).isEqualTo(200);
  }

  /** Returns the request-direction decision lines of an audit file, in order. */
  private static List<JsonNode> decisions(Path file) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      JsonNode n = JSON.readTree(line);
      if (n.path("event").asText().equals("decision") && n.path("direction").asText().equals("request")) {
        out.add(n);
      }
    }
    return out;
  }

  private static String header(String head, String name) {
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
        return line.substring(colon + 1).strip();
      }
    }
    throw new AssertionError("no " + name + " in " + head);
  }
}
