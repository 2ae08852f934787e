package io.kexin.gateway.policytest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kexin.gateway.config.ConfigException;
import io.kexin.gateway.policy.PolicyLoader;
import io.kexin.gateway.policy.PolicySet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks the golden suite runner: what passes, what fails and where, bindings, and bad suites. */
class SuiteRunnerTest {
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
            detector: {keyword: {terms: [凤凰计划, project phoenix], wholeWord: true}}
            action: redact
            entity: CODENAME
          - id: keyword.secret-doc
            detector: {keyword: {terms: [绝密文件, top secret file]}}
            action: block
        """);
    Files.createDirectories(dir.resolve("tests"));
  }

  private SuiteReport run(String cases) throws Exception {
    Files.writeString(dir.resolve("tests/s.yaml"), """
        apiVersion: kexin.io/v1
        kind: PolicyTest
        metadata: {name: s}
        cases:
        """ + cases);
    PolicySet set = new PolicyLoader().load(dir);
    return new SuiteRunner().run(set, dir, new Bindings(Map.of("chat", List.of("p"), "open", List.of()),
        Map.of()), id -> true);
  }

  @Test
  void passingCasesInEnglishAndChinese() throws Exception {
    SuiteReport report = run("""
          - name: english
            text: "status of project phoenix?"
            expect: {action: redact, rules: [keyword.codename], output: "status of [REDACTED:CODENAME]?"}
          - name: chinese
            text: "这是绝密文件"
            expect: {action: block, rules: [keyword.secret-doc], status: 400}
          - name: a route without policies lets it pass
            route: open
            text: "这是绝密文件"
            expect: {action: allow, rules: []}
          - name: a route with the policy blocks
            route: chat
            request: {model: m, messages: [{role: user, content: "top secret file attached"}]}
            expect: {action: block, rulesInclude: [keyword.secret-doc], contains: [content_policy_violation]}
        """);

    assertThat(report.cases()).extracting(CaseResult::problems).allSatisfy(p -> assertThat(p).isEmpty());
    assertThat(report.summary()).isEqualTo("4 passed, 0 failed");
  }

  @Test
  void aFailingCaseSaysWhatDifferedAndWhereWithoutTheTextInItsProblems() throws Exception {
    SuiteReport report = run("""
          - name: ok
            text: "hello"
            expect: {action: allow}
          - name: wrong
            text: "凤凰计划的进度"
            expect: {action: block, rules: [keyword.secret-doc], output: "进度"}
        """);

    CaseResult wrong = report.cases().get(1);
    assertThat(report.summary()).isEqualTo("1 passed, 1 failed");
    assertThat(wrong.where()).isEqualTo(dir.resolve("tests/s.yaml") + ":8:5");
    assertThat(wrong.problems()).containsExactly("action: expected block, got redact",
        "rules: expected [keyword.secret-doc], got [keyword.codename]", "output differs");
    assertThat(String.join(" ", wrong.problems())).doesNotContain("凤凰");
    assertThat(wrong.details()).anyMatch(d -> d.contains("[REDACTED:CODENAME]的进度"));
    assertThatThrownBy(report::requirePassed).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(dir.resolve("tests/s.yaml") + ":8:5: policy test 's/wrong' failed: action:");
  }

  @Test
  void aResponseRestoresWhatTheRequestPseudonymized() throws Exception {
    Files.writeString(dir.resolve("q.yaml"), """
        apiVersion: kexin.io/v1
        kind: Policy
        metadata: {name: q}
        rules:
          - id: pii.email
            detector: {pii: {entities: [EMAIL]}}
            appliesTo: {directions: [request]}
            action: pseudonymize
        """);
    SuiteReport report = run("""
          - name: round trip
            policies: [q]
            api: anthropic
            request: {model: m, max_tokens: 10, messages: [{role: user, content: "mail a@example.com"}]}
            response: {id: x, type: message, role: assistant, model: m, content: [{type: text, text: "sent to <EMAIL_1>"}]}
            expectRequest: {action: pseudonymize, contains: ["<EMAIL_1>"], excludes: ["a@example.com"]}
            expect: {action: allow, contains: ["sent to a@example.com"]}
        """);

    assertThat(report.cases().get(0).problems()).isEmpty();
  }

  @Test
  void anUnknownRouteOrPolicyFailsTheCaseByName() throws Exception {
    SuiteReport report = run("""
          - name: route
            route: nope
            text: "x"
            expect: {action: allow}
          - name: policy
            policies: [nope]
            text: "x"
            expect: {action: allow}
        """);

    assertThat(report.cases().get(0).problems()).singleElement().asString()
        .startsWith("route 'nope' is not in the gateway config");
    assertThat(report.cases().get(1).problems()).singleElement().asString()
        .startsWith("policy 'nope' is not loaded");
  }

  @Test
  void aBadSuiteStopsWithFileLineCol() throws Exception {
    assertThatThrownBy(() -> run("""
          - name: typo
            text: "x"
            expect: {action: allow, rule: []}
        """)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("s.yaml:7:29: unknown key 'rule' in cases[0].expect (expected one of: action, body,");
    assertThatThrownBy(() -> run("""
          - name: twice
            text: "x"
            expect: {action: allow}
          - name: twice
            text: "y"
            expect: {action: allow}
        """)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("cases[1].name: case name 'twice' is used twice");
  }
}
