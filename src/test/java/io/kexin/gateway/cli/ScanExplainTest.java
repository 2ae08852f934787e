package io.kexin.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/** Checks {@code gateway scan --explain}: why each finding fired and which precedence decided, in both languages. */
@Isolated
class ScanExplainTest {
  private final PrintStream stdout = System.out;
  private final ObjectMapper json = new ObjectMapper();

  @TempDir
  Path dir;

  @BeforeEach
  void policy() throws Exception {
    Files.writeString(dir.resolve("p.yaml"), """
        apiVersion: kexin.io/v1
        kind: Policy
        metadata: {name: p}
        rules:
          - id: keyword.codename
            detector: {keyword: {terms: [凤凰计划, project phoenix]}}
            action: redact
            entity: CODENAME
          - id: keyword.secret-doc
            detector: {keyword: {terms: [绝密, top secret]}}
            action: block
            mode: monitor
          - id: pii.email
            detector: {pii: {entities: [EMAIL]}}
            action: pseudonymize
        """);
  }

  @AfterEach
  void restore() {
    System.setOut(stdout);
  }

  private String run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    assertThat(Main.run(args)).isZero();
    System.setOut(stdout);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void explainsEachFindingAndTheDecisionInChinese() {
    String out = run("scan", "--policies", dir.toString(), "--explain", "给 zhang.wei@example.cn 发 凤 凰 计 划 的绝密资料");

    assertThat(out).contains("why: keyword list term #0; score 1.0; matched after normalization")
        .contains("why: address; VALID")
        .contains("decided: rule keyword.codename (redact) is the most severe enforced action of 3 finding(s);"
            + " monitored rules would make it block")
        .contains("precedence: allow < flag < strip < pseudonymize < mask < redact < block")
        .doesNotContain("zhang.wei@example.cn ");
  }

  @Test
  void explainsInJsonInEnglish() throws Exception {
    JsonNode o = json.readTree(run("scan", "--policies", dir.toString(), "--json", "--explain",
        "Project Phoenix is TOP SECRET"));

    assertThat(o.at("/decision/action").asText()).isEqualTo("redact");
    assertThat(o.at("/decision/why").asText()).startsWith("rule keyword.codename (redact)");
    assertThat(o.at("/findings/0/normalized").asBoolean()).isFalse();
    assertThat(run("scan", "--policies", dir.toString(), "--json", "hello")).doesNotContain("decision");
  }
}
