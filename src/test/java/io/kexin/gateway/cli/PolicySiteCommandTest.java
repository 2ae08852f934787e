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

/**
 * Checks {@code gateway policy lint --site DIR --effective} and {@code gateway policy test --site DIR}: the merged
 * pack with each override's place, a bad override's file:line:col, the site's suites and the waived pack cases.
 */
@Isolated
class PolicySiteCommandTest {
  private final PrintStream stdout = System.out;
  private final ObjectMapper json = new ObjectMapper();

  @TempDir
  Path tmp;

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

  private Path pack() throws Exception {
    Path pack = Files.createDirectories(tmp.resolve("pack/tests")).getParent();
    Files.writeString(pack.resolve("p.yaml"), PolicyReloadTest.policy("凤凰计划", "redact"));
    Files.writeString(pack.resolve("tests/p.yaml"), """
        apiVersion: kexin.io/v1
        kind: PolicyTest
        metadata: {name: p}
        cases:
          - {name: redacted, text: "凤凰计划", expect: {action: redact, output: "[REDACTED:WATCHED]"}}
        """);
    return pack;
  }

  private Path site(String rules) throws Exception {
    Path site = Files.createDirectories(tmp.resolve("site/tests")).getParent();
    Files.writeString(site.resolve("acme.yaml"), """
        apiVersion: kexin.io/v1
        kind: PolicyOverride
        metadata: {name: acme}
        rules:
        """ + rules);
    Files.writeString(site.resolve("tests/acme.yaml"), """
        apiVersion: kexin.io/v1
        kind: PolicyTest
        metadata: {name: acme}
        cases:
          - {name: bluebird blocked, text: "Project Bluebird 上线", expect: {action: block, status: 400}}
        """);
    return site;
  }

  /** Returns a pack directory {@code name} whose rule keyword.watched redacts {@code terms}. */
  private Path redacting(String name, String terms) throws Exception {
    Path pack = Files.createDirectories(tmp.resolve(name));
    Files.writeString(pack.resolve("p.yaml"), PolicyReloadTest.policy(terms, "redact"));
    return pack;
  }

  @Test
  void lintShowsTheEffectivePackAndTestRunsBothSuites() throws Exception {
    Path pack = pack();
    Path site = site("""
          - id: keyword.watched
            action: block
            terms: [project bluebird, 青鸟项目]
        """);
    Run lint = run("policy", "lint", pack.toString(), "--site", site.toString(), "--effective");
    assertThat(lint.status()).as(lint.out()).isZero();
    assertThat(lint.out()).contains("policy p (" + pack.resolve("p.yaml") + "): mode enforce, onError block")
        .containsPattern("keyword\\.watched +block +enforce +medium +request,response")
        .contains("    ^ action: redact -> block, terms: +2  [" + site.resolve("acme.yaml") + ":5:5]")
        .contains("2 test suites, 1 site overrides; revision ");

    JsonNode o = json.readTree(run("policy", "lint", pack.toString(), "--site", site.toString(), "--effective",
        "--format", "json").out());
    JsonNode rule = o.at("/effective/policies/0/rules/0");
    assertThat(rule.path("action").asText()).isEqualTo("block");
    assertThat(rule.at("/overrides/0/where").asText()).isEqualTo(site.resolve("acme.yaml") + ":5:5");

    Run test = run("policy", "test", pack.toString(), "--site", site.toString());
    assertThat(test.status()).as(test.out()).isZero();
    assertThat(test.out()).contains("WAIVED p/redacted (" + pack.resolve("tests/p.yaml") + ":5:5): changed by the"
        + " site override at " + site.resolve("acme.yaml") + ":5:5")
        .endsWith("1 passed, 0 failed, 1 waived by site overrides\n");
  }

  @Test
  void anOverrideOfARuleThatDoesNotExistFailsLintWithItsPlace() throws Exception {
    Path pack = pack();
    Path site = site("""
          - id: keyword.wathced
            enabled: false
        """);
    Run lint = run("policy", "lint", pack.toString(), "--site", site.toString());
    assertThat(lint.status()).isEqualTo(1);
    assertThat(lint.out()).startsWith(site.resolve("acme.yaml") + ":5:9: rules[0].id: no rule 'keyword.wathced'"
        + " in the pack").contains("1 problem");
    JsonNode o = json.readTree(run("policy", "lint", pack.toString(), "--site", site.toString(), "--format", "json")
        .out());
    assertThat(o.at("/problems/0/line").asInt()).isEqualTo(5);
    assertThat(o.at("/problems/0/file").asText()).isEqualTo(site.resolve("acme.yaml").toString());
    Run test = run("policy", "test", pack.toString(), "--site", site.toString());
    assertThat(test.status()).isEqualTo(1);
    assertThat(test.out()).endsWith("0 passed, 0 failed (the policies or suites do not load)\n");
  }

  @Test
  void diffWithASiteComparesThePacksAsTheSiteRunsThemInChineseAndEnglish() throws Exception {
    Path before = redacting("before", "凤凰计划");
    Path after = redacting("after", "凤凰计划, Project Falcon");
    Path corpus = tmp.resolve("corpus.jsonl");
    Files.writeString(corpus, """
        {"id": "en", "text": "Project Falcon launches"}
        {"id": "zh", "text": "青鸟项目 上线"}
        {"id": "zh2", "text": "凤凰计划的进度"}
        """);
    Run plain = run("policy", "diff", before.toString(), after.toString(), "--corpus", corpus.toString());
    assertThat(plain.out()).contains("minor  changed  keyword.watched").contains("line 1 (id \"en\"): allow → redact")
        .contains("corpus: 1 of 3 decisions flip");

    Path site = site("""
          - id: keyword.watched
            action: block
            terms: [青鸟项目]
        """);
    Run layered = run("policy", "diff", before.toString(), after.toString(), "--site", site.toString(),
        "--corpus", corpus.toString());
    assertThat(layered.status()).as(layered.out()).isZero();
    assertThat(layered.out()).contains("minor  changed  keyword.watched").contains("detector")
        .doesNotContain("action").contains("line 1 (id \"en\"): allow → block")
        .contains("corpus: 1 of 3 decisions flip").doesNotContain("青鸟项目 上线").doesNotContain("Project Falcon");

    Path replacing = Files.createDirectories(tmp.resolve("replacing"));
    Files.writeString(replacing.resolve("acme.yaml"), """
        apiVersion: kexin.io/v1
        kind: PolicyOverride
        metadata: {name: acme}
        rules:
          - {id: keyword.watched, terms: [青鸟项目, Project Bluebird], override: {terms: replace}}
        """);
    JsonNode o = json.readTree(run("policy", "diff", "--format", "json", before.toString(), after.toString(),
        "--site", replacing.toString(), "--corpus", corpus.toString()).out());
    assertThat(o.path("level").asText()).as("the site's terms replace the pack's on both sides").isEqualTo("none");
    assertThat(o.path("flips")).isEmpty();
    assertThat(o.path("texts").asInt()).isEqualTo(3);
  }

  @Test
  void diffWithASiteRefusesANewPackThatDropsARuleTheSiteOverrides() throws Exception {
    Path before = redacting("before", "凤凰计划");
    Path after = redacting("after", "凤凰计划");
    Files.writeString(after.resolve("p.yaml"), Files.readString(after.resolve("p.yaml"))
        .replace("keyword.watched", "keyword.codenames"));
    Path site = site("""
          - id: keyword.watched
            enabled: false
        """);
    PrintStream stderr = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    Run diff;
    try {
      diff = run("policy", "diff", before.toString(), after.toString(), "--site", site.toString());
    } finally {
      System.setErr(stderr);
    }
    assertThat(diff.status()).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains(site.resolve("acme.yaml") + ":5:9: rules[0].id: no rule"
        + " 'keyword.watched' in the pack");
    assertThat(run("policy", "diff", before.toString(), after.toString()).out())
        .contains("major  removed  keyword.watched").contains("minor  added    keyword.codenames");
  }
}
