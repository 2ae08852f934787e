package io.kexin.gateway.policytest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kexin.gateway.config.ConfigException;
import io.kexin.gateway.policy.PolicyLoader;
import io.kexin.gateway.policy.PolicySet;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the pack's suites against the pack with a site layered over it, and the site's own suites: a pack case that
 * fails because the site changed what it tests is waived with the override's place, every other case still counts.
 */
class SiteSuitesTest {
  @TempDir
  Path tmp;
  private Path pack;
  private Path site;

  @BeforeEach
  void write() throws Exception {
    pack = Files.createDirectories(tmp.resolve("pack/tests"));
    pack = pack.getParent();
    site = Files.createDirectories(tmp.resolve("site/tests")).getParent();
    Files.writeString(pack.resolve("p.yaml"), """
        apiVersion: kexin.io/v1
        kind: Policy
        metadata: {name: p}
        rules:
          - id: keyword.codename
            detector: {keyword: {terms: [凤凰计划, project phoenix]}}
            action: redact
            entity: CODENAME
          - id: keyword.secret-doc
            detector: {keyword: {terms: [绝密文件, top secret file]}}
            action: block
        """);
    Files.writeString(pack.resolve("tests/pack.yaml"), """
        apiVersion: kexin.io/v1
        kind: PolicyTest
        metadata: {name: pack}
        cases:
          - name: a code name is redacted
            text: "project phoenix 的进度"
            expect: {action: redact, rules: [keyword.codename], output: "[REDACTED:CODENAME] 的进度"}
          - name: a secret file is blocked
            text: "附件是绝密文件"
            expect: {action: block, rules: [keyword.secret-doc], status: 400}
          - name: clean text passes
            text: "今天天气很好 nice weather"
            expect: {action: allow, rules: []}
        """);
    Files.writeString(site.resolve("acme.yaml"), """
        apiVersion: kexin.io/v1
        kind: PolicyOverride
        metadata: {name: acme}
        rules:
          - id: keyword.codename
            action: block
            terms: [青鸟项目]
        """);
  }

  private void siteSuite(String cases) throws Exception {
    Files.writeString(site.resolve("tests/acme.yaml"), """
        apiVersion: kexin.io/v1
        kind: PolicyTest
        metadata: {name: acme}
        cases:
        """ + cases);
  }

  @Test
  void aPackCaseTheSiteChangedIsWaivedAndTheSitesOwnCasesRun() throws Exception {
    siteSuite("""
          - name: code names are blocked here
            text: "青鸟项目和凤凰计划"
            expect: {action: block, rules: [keyword.codename], status: 400}
        """);
    PolicySet set = new PolicyLoader().load(pack, site);
    SuiteReport report = new SuiteRunner().run(set, pack, site, Bindings.none(), id -> true);

    assertThat(report.cases()).extracting(CaseResult::id).containsExactly("pack/a code name is redacted",
        "pack/a secret file is blocked", "pack/clean text passes", "acme/code names are blocked here");
    CaseResult waived = report.cases().get(0);
    assertThat(waived.waived()).isTrue();
    assertThat(waived.problems()).contains("action: expected redact, got block");
    assertThat(waived.waivedBy()).startsWith(site.resolve("acme.yaml") + ":5:5 (rule keyword.codename: action:"
        + " redact -> block, terms: +1)");
    assertThat(report.summary()).isEqualTo("3 passed, 0 failed, 1 waived by site overrides");
    report.requirePassed();
  }

  @Test
  void aSiteCaseThatFailsIsNeverWaivedAndAPackCaseTheSiteDidNotTouchStillCounts() throws Exception {
    siteSuite("""
          - name: expects the old action
            text: "青鸟项目"
            expect: {action: redact}
        """);
    Files.writeString(pack.resolve("tests/pack.yaml"), Files.readString(pack.resolve("tests/pack.yaml"))
        .replace("expect: {action: block, rules: [keyword.secret-doc], status: 400}",
            "expect: {action: block, rules: [keyword.secret-doc], status: 403}"));
    PolicySet set = new PolicyLoader().load(pack, site);
    SuiteReport report = new SuiteRunner().run(set, pack, site, Bindings.none(), id -> true);

    assertThat(report.summary()).isEqualTo("1 passed, 2 failed, 1 waived by site overrides");
    assertThatThrownBy(report::requirePassed).isInstanceOf(ConfigException.class)
        .hasMessageContaining("policy test 'pack/a secret file is blocked' failed: status: expected 403, got 400");
  }

  @Test
  void suiteNamesAreUniqueAcrossThePackAndTheSite() throws Exception {
    Files.writeString(site.resolve("tests/acme.yaml"), Files.readString(pack.resolve("tests/pack.yaml")));
    PolicySet set = new PolicyLoader().load(pack, site);
    assertThatThrownBy(() -> new SuiteRunner().run(set, pack, site, Bindings.none(), id -> true))
        .hasMessageStartingWith(site.resolve("tests/acme.yaml") + ":3:")
        .hasMessageContaining("suite name 'pack' is also used by " + pack.resolve("tests/pack.yaml"));
  }
}
