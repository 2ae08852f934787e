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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/** Checks {@code gateway policy lint} and {@code gateway policy test}: exit codes, file:line:col, JSON, filters. */
@Isolated
class PolicyCommandTest {
  private final PrintStream stdout = System.out;
  private final ObjectMapper json = new ObjectMapper();

  @TempDir
  Path dir;

  /** Holds a command's exit status and what it printed. */
  private record Run(int status, String out) {}

  @AfterEach
  void restore() {
    System.setOut(stdout);
  }

  private Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    int status = Main.run(args);
    System.setOut(stdout);
    return new Run(status, out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aGoodPackLintsCleanAndItsSuitesPass() throws Exception {
    Files.writeString(dir.resolve("p.yaml"), PolicyReloadTest.policy("凤凰计划", "redact"));
    Files.createDirectories(dir.resolve("tests"));
    Files.writeString(dir.resolve("tests/s.yaml"), """
        apiVersion: kexin.io/v1
        kind: PolicyTest
        metadata: {name: s}
        cases:
          - {name: redacted, text: "凤凰计划", expect: {action: redact, output: "[REDACTED:WATCHED]"}}
        """);

    Run lint = run("policy", "lint", dir.toString());
    assertThat(lint.status()).isZero();
    assertThat(lint.out()).startsWith("ok: 1 policies (p), 1 rules, 1 test suites; revision ");
    JsonNode o = json.readTree(run("policy", "lint", "--format", "json", dir.toString()).out());
    assertThat(o.path("ok").asBoolean()).isTrue();
    assertThat(o.path("problems")).isEmpty();

    Run test = run("policy", "test", dir.toString());
    assertThat(test.status()).isZero();
    assertThat(test.out()).isEqualTo("1 passed, 0 failed\n");
  }

  @Test
  void lintReportsEveryBadFileWithFileLineColAndExitsOne() throws Exception {
    Files.writeString(dir.resolve("a.yaml"), PolicyReloadTest.policy("凤凰计划", "shred"));
    Files.writeString(dir.resolve("b.yaml"), PolicyReloadTest.policy("青鸟", "block").replace("name: p}", "name: b}")
        .replace("action: block", "action: block\n    examples: {match: [\"蓝鸟\"]}"));

    Run text = run("policy", "lint", dir.toString());
    assertThat(text.status()).isEqualTo(1);
    assertThat(text.out()).contains(dir.resolve("a.yaml") + ":7:13: rules[0].action: action: shred")
        .contains(dir.resolve("b.yaml") + ":8:24: rules[0].examples.match[0]").endsWith("2 problems\n");

    Run machine = run("policy", "lint", "--format", "json", dir.toString());
    JsonNode o = json.readTree(machine.out());
    assertThat(machine.status()).isEqualTo(1);
    assertThat(o.path("ok").asBoolean()).isFalse();
    assertThat(o.at("/problems/0/file").asText()).isEqualTo(dir.resolve("a.yaml").toString());
    assertThat(o.at("/problems/0/line").asInt()).isEqualTo(7);
    assertThat(o.at("/problems/0/column").asInt()).isEqualTo(13);
    assertThat(o.at("/problems/1/message").asText()).contains("finds nothing in this example");

    assertThat(run("policy", "lint", "--format", "yaml", dir.toString()).status()).isEqualTo(2);
  }

  @Test
  void lintChecksTheSuitesAgainstThePack() throws Exception {
    Files.writeString(dir.resolve("p.yaml"), PolicyReloadTest.policy("凤凰计划", "redact"));
    Files.createDirectories(dir.resolve("tests"));
    Files.writeString(dir.resolve("tests/s.yaml"), """
        apiVersion: kexin.io/v1
        kind: PolicyTest
        metadata: {name: s}
        cases:
          - name: names a policy that does not exist
            policies: [nope]
            text: x
            expect: {action: allow}
        """);

    Run lint = run("policy", "lint", dir.toString());
    assertThat(lint.status()).isEqualTo(1);
    assertThat(lint.out()).contains(dir.resolve("tests/s.yaml") + ":5:5: cases[0]: policy 'nope' is not loaded");
  }

  @Test
  void testPrintsFailuresWithTheirPlaceAndTheClosingLine() throws Exception {
    Files.writeString(dir.resolve("p.yaml"), PolicyReloadTest.policy("凤凰计划", "redact"));
    Files.createDirectories(dir.resolve("tests"));
    Files.writeString(dir.resolve("tests/s.yaml"), """
        apiVersion: kexin.io/v1
        kind: PolicyTest
        metadata: {name: s}
        cases:
          - name: english
            text: "project status"
            expect: {action: allow}
          - name: chinese redacted
            text: "凤凰计划进度"
            expect: {action: redact, output: "[REDACTED:WATCHED]进度"}
          - name: chinese blocked
            text: "凤凰计划进度"
            expect: {action: block}
        """);

    Run all = run("policy", "test", "-v", dir.toString());
    assertThat(all.status()).isEqualTo(1);
    assertThat(all.out()).contains("PASS s/english").contains("PASS s/chinese redacted")
        .contains("FAIL s/chinese blocked (" + dir.resolve("tests/s.yaml") + ":11:5)")
        .contains("action: expected block, got redact").endsWith("2 passed, 1 failed\n");

    Run some = run("policy", "test", "--run", "chinese red", dir.toString());
    assertThat(some.status()).isZero();
    assertThat(some.out()).isEqualTo("1 passed, 0 failed\n");

    JsonNode o = json.readTree(run("policy", "test", "--format", "json", dir.toString()).out());
    assertThat(o.path("failed").asInt()).isEqualTo(1);
    assertThat(o.at("/cases/2/id").asText()).isEqualTo("s/chinese blocked");
    assertThat(o.at("/cases/2/problems/0").asText()).isEqualTo("action: expected block, got redact");

    assertThat(run("policy", "test", "--run", "(", dir.toString()).status()).isEqualTo(2);
  }

  @Test
  void diffClassifiesTheChangeAndListsTheDecisionsThatFlipWithoutTheirText() throws Exception {
    Path before = Files.createDirectories(dir.resolve("before"));
    Path after = Files.createDirectories(dir.resolve("after"));
    Files.writeString(before.resolve("p.yaml"), PolicyReloadTest.policy("凤凰计划, Bluebird", "block"));
    Files.writeString(after.resolve("p.yaml"), PolicyReloadTest.policy("凤凰计划, Bluebird", "redact"));
    Path corpus = dir.resolve("corpus.jsonl");
    Files.writeString(corpus, """
        {"id": "a", "text": "凤凰计划的进度"}
        {"id": "b", "text": "hello world"}

        {"text": "Bluebird ships", "direction": "response"}
        """);

    Run text = run("policy", "diff", before.toString(), after.toString(), "--corpus", corpus.toString());
    assertThat(text.status()).isZero();
    assertThat(text.out()).contains("major  changed  keyword.watched").contains("action block → redact")
        .contains("change: major (1 changes)").contains("line 1 (id \"a\"): block → redact")
        .contains("line 4: block → redact").contains("corpus: 2 of 3 decisions flip")
        .doesNotContain("凤凰计划的进度").doesNotContain("Bluebird ships");

    JsonNode o = json.readTree(run("policy", "diff", "--format", "json", before.toString(), after.toString(),
        "--corpus", corpus.toString()).out());
    assertThat(o.path("level").asText()).isEqualTo("major");
    assertThat(o.at("/changes/0/rule").asText()).isEqualTo("keyword.watched");
    assertThat(o.path("texts").asInt()).isEqualTo(3);
    assertThat(o.at("/flips/1/line").asInt()).isEqualTo(4);

    assertThat(run("policy", "diff", before.toString(), before.toString()).out()).contains("change: none (0 changes)");
    assertThat(run("policy", "diff", before.toString(), dir.resolve("nope").toString()).status()).isEqualTo(2);
  }
}
