package io.kexin.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks the classification of policy changes: what weakens protection is major, what adds is minor, text patch. */
class PolicyDiffTest {
  @TempDir
  Path dir;

  private static final String BASE = """
      apiVersion: kexin.io/v1
      kind: Policy
      metadata: {name: p}
      rules:
        - id: keyword.codename
          description: 代号
          detector: {keyword: {wordList: lists/names.txt}}
          appliesTo: {directions: [request, response]}
          action: redact
        - id: keyword.secret-doc
          detector: {keyword: {terms: [绝密文件]}}
          action: block
          mode: monitor
      """;

  private PolicyDiff.Result diff(String after, String afterList) throws Exception {
    Path a = Files.createDirectories(dir.resolve("a/lists"));
    Path b = Files.createDirectories(dir.resolve("b/lists"));
    Files.writeString(a.resolve("names.txt"), "凤凰计划\nBluebird\n");
    Files.writeString(b.resolve("names.txt"), afterList);
    Files.writeString(dir.resolve("a/p.yaml"), BASE);
    Files.writeString(dir.resolve("b/p.yaml"), after);
    return new PolicyDiff().compare(dir.resolve("a"), dir.resolve("b"));
  }

  @Test
  void identicalDirectoriesHaveNoChange() throws Exception {
    assertThat(diff(BASE, "凤凰计划\nBluebird\n").changes()).isEmpty();
    assertThat(diff(BASE, "凤凰计划\nBluebird\n").level()).isNull();
  }

  @Test
  void weakerActionNarrowerScopeAndARemovedRuleAreMajor() throws Exception {
    PolicyDiff.Result r = diff(BASE.substring(0, BASE.indexOf("  - id: keyword.secret-doc"))
        .replace("action: redact", "action: flag")
        .replace("directions: [request, response]", "directions: [request]"), "凤凰计划\nBluebird\n");

    assertThat(r.changes()).extracting(c -> c.rule() + ": " + c.what() + " = " + c.level().label()).containsExactly(
        "keyword.codename: action redact → flag = major",
        "keyword.codename: directions [request, response] → [request] = major",
        "keyword.secret-doc: rule removed (was block) = major");
    assertThat(r.level()).isEqualTo(PolicyDiff.Level.MAJOR);
  }

  @Test
  void enforcingAMonitoredRuleAndAWordListEntryAreMinorAndADescriptionIsPatch() throws Exception {
    PolicyDiff.Result r = diff(BASE.replace("    mode: monitor\n", "").replace("description: 代号",
        "description: 项目代号"), "凤凰计划\nBluebird\n青鸟项目\n");

    assertThat(r.changes()).extracting(c -> c.rule() + ": " + c.what() + " = " + c.level().label()).containsExactly(
        "keyword.codename: word list lists/names.txt: +1 −0 entries = minor",
        "keyword.codename: description = patch",
        "keyword.secret-doc: mode monitor → enforce = minor");
    assertThat(r.level()).isEqualTo(PolicyDiff.Level.MINOR);
  }

  @Test
  void failingOpenIsMajor() throws Exception {
    PolicyDiff.Result r = diff(BASE.replace("metadata: {name: p}", "metadata: {name: p}\nonError: allow"),
        "凤凰计划\nBluebird\n");

    assertThat(r.changes()).singleElement().satisfies(c -> {
      assertThat(c.what()).isEqualTo("onError block → allow");
      assertThat(c.level()).isEqualTo(PolicyDiff.Level.MAJOR);
    });
  }
}
