package io.kexin.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/** Checks {@code gateway scan} and the admin {@code POST /scan} with the shipped policies. */
@Isolated
class ScanTest {
  private final PrintStream stdout = System.out;
  private final InputStream stdin = System.in;
  private final ObjectMapper json = new ObjectMapper();

  @AfterEach
  void restore() {
    System.setOut(stdout);
    System.setIn(stdin);
  }

  private String run(String input, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
    String[] full = new String[args.length + 1];
    full[0] = "scan";
    System.arraycopy(args, 0, full, 1, args.length);
    assertThat(Main.run(full)).isZero();
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void printsFindingsWithMaskedPreviewsAndTheOutput() {
    String out = run("", "给 zhang.wei@example.cn 发 Project Phoenix");

    assertThat(out).contains("action: redact")
        .contains("pii.email").contains("[2,22)").contains("z******************n")
        .contains("output: 给 <EMAIL_1> 发 [REDACTED:CODENAME]")
        .doesNotContain(" zhang.wei@example.cn ");
  }

  @Test
  void aSiteDirectoryChangesWhatTheShippedPackDoes(@TempDir Path site) throws Exception {
    Files.writeString(site.resolve("acme.yaml"), """
        apiVersion: kexin.io/v1
        kind: PolicyOverride
        metadata: {name: acme}
        rules:
          - id: keyword.project-codenames
            action: block
            terms: [银狐计划]
        """);
    String out = run("", "--site", site.toString(), "银狐计划和 Project Phoenix 的进度");

    assertThat(out).contains("action: block").contains("keyword.project-codenames");
    assertThat(run("", "银狐计划的进度")).contains("action: allow");
  }

  @Test
  void aRuleLetsItsAllowedValuesPass() throws Exception {
    JsonNode sample = json.readTree(run("", "--json", "firebase 示例 apiKey: AIzaSyAnLA7NfeLquW1tJFpx_eQCxoX-oo6YyIs"));
    JsonNode other = json.readTree(run("", "--json", "firebase apiKey: AIzaSyC3kQ9vXw2LmT7pR4nB8zY1hJ6dF0sG5aE"));

    assertThat(sample.path("action").asText()).isEqualTo("allow");
    assertThat(sample.path("findings")).isEmpty();
    assertThat(other.path("action").asText()).isEqualTo("block");
    assertThat(other.path("findings").get(0).path("rule").asText()).isEqualTo("secret.google-api-key");
  }

  @Test
  void jsonOffsetsAreUtf16UnitsOfTheInput() throws Exception {
    JsonNode r = json.readTree(run("", "--json", "😀 a@example.com"));

    assertThat(r.path("action").asText()).isEqualTo("pseudonymize");
    assertThat(r.path("findings").get(0).path("start").asInt()).isEqualTo(3);
    assertThat(r.path("findings").get(0).path("end").asInt()).isEqualTo(16);
    assertThat(r.path("output").asText()).isEqualTo("😀 <EMAIL_1>");
  }

  @Test
  void jsonlKeepsIdsAndReadsStdin() throws Exception {
    String out = run("{\"id\":\"a\",\"text\":\"Bluebird\"}\n{\"id\":2,\"text\":\"nothing\"}\n",
        "--jsonl", "--direction", "response", "--policy", "default");

    String[] lines = out.strip().split("\n");
    assertThat(lines).hasSize(2);
    assertThat(json.readTree(lines[0]).path("id").asText()).isEqualTo("a");
    assertThat(json.readTree(lines[0]).path("output").asText()).isEqualTo("[REDACTED:CODENAME]");
    assertThat(json.readTree(lines[1]).path("id").asInt()).isEqualTo(2);
    assertThat(json.readTree(lines[1]).path("action").asText()).isEqualTo("allow");
  }

  @Test
  void anUnknownPolicyIsAnError() {
    System.setIn(new ByteArrayInputStream(new byte[0]));
    assertThat(Main.run(new String[] {"scan", "--policy", "nope", "x"})).isEqualTo(2);
  }

  @Test
  void theAdminListenerScansToo() throws Exception {
    try (ScriptedUpstream up = new ScriptedUpstream((h, b, out) -> ScriptedUpstream.json(out, 200, "{}"));
        TestGateway gateway = TestGateway.withShippedPolicy("openai", up.baseUrl())) {
      HttpResponse<String> ok = gateway.http.send(HttpRequest.newBuilder(URI.create(gateway.adminUrl("/scan")))
          .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"凤凰计划 -----BEGIN EC PRIVATE KEY-----\\nMHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5oN\"}"))
          .build(), HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> bad = gateway.http.send(HttpRequest.newBuilder(URI.create(gateway.adminUrl("/scan")))
          .POST(HttpRequest.BodyPublishers.ofString("{\"txt\":1}")).build(), HttpResponse.BodyHandlers.ofString());

      assertThat(ok.statusCode()).isEqualTo(200);
      JsonNode r = json.readTree(ok.body());
      assertThat(r.path("action").asText()).isEqualTo("block");
      assertThat(r.path("blockedBy").asText()).isEqualTo("secret.private-key");
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(bad.body()).contains("missing 'text'");
    }
  }
}
