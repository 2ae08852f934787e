package io.kexin.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kexin.gateway.config.ConfigException;
import io.kexin.gateway.content.Action;
import io.kexin.gateway.content.Role;
import io.kexin.gateway.text.ScanText;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Layers a site directory over a pack, Falco style: rules turned off, actions and modes changed, English and Chinese
 * word lists extended or replaced, allow lists extended, policies added; and every bad override refused with its
 * {@code file:line:col}.
 */
class SiteOverridesTest {
  @TempDir
  Path tmp;
  private Path pack;
  private Path site;

  private static final String OVERRIDE_HEADER = """
      apiVersion: kexin.io/v1
      kind: PolicyOverride
      metadata: {name: acme}
      """;

  @BeforeEach
  void writePack() throws Exception {
    pack = Files.createDirectories(tmp.resolve("pack"));
    site = Files.createDirectories(tmp.resolve("site"));
    Files.createDirectories(pack.resolve("lists"));
    Files.writeString(pack.resolve("lists/names.txt"), "Bluebird\n");
    Files.writeString(pack.resolve("base.yaml"), """
        apiVersion: kexin.io/v1
        kind: Policy
        metadata: {name: base}
        rules:
          - id: keyword.codenames
            detector: {keyword: {terms: [凤凰计划, project phoenix], wordList: lists/names.txt}}
            action: redact
            entity: CODENAME
            examples: {match: [凤凰计划], noMatch: [天气很好, nice weather]}
          - id: keyword.markers
            detector: {keyword: {terms: [绝密, top secret]}}
            action: block
          - id: regex.ticket
            detector: {regex: {pattern: 'TICKET-[0-9]{4}', maxLength: 16}}
            action: flag
        """);
  }

  private static boolean finds(CompiledRule rule, String text) {
    return !rule.detector().scan(ScanText.of(text)).isEmpty();
  }

  private static CompiledRule rule(PolicySet set, String id) {
    return set.all().stream().flatMap(p -> p.rules().stream()).filter(r -> r.id().equals(id)).findFirst()
        .orElseThrow();
  }

  @Test
  void aSiteDisablesChangesAndExtendsRulesAndAddsPolicies() throws Exception {
    Files.createDirectories(site.resolve("lists"));
    Files.writeString(site.resolve("lists/acme.txt"), "# our code names\n夜莺计划\nSilver Fox\n");
    Files.writeString(site.resolve("acme.yaml"), OVERRIDE_HEADER + """
        rules:
          - id: keyword.codenames
            terms: [青鸟项目, Project Nightingale]
            wordList: lists/acme.txt
            allow: {values: [Bluebird]}
          - id: keyword.markers
            action: flag
            mode: monitor
          - id: regex.ticket
            enabled: false
        """);
    Files.writeString(site.resolve("internal.yaml"), """
        apiVersion: kexin.io/v1
        kind: Policy
        metadata: {name: acme-internal}
        rules:
          - id: keyword.acme-hosts
            detector: {keyword: {terms: [db01.acme.internal, 内网数据库]}}
            action: block
        """);
    PolicySet alone = new PolicyLoader().load(pack);
    PolicySet set = new PolicyLoader().load(pack, site);

    CompiledRule names = rule(set, "keyword.codenames");
    for (String text : new String[] {"凤凰计划", "Project Phoenix", "Bluebird", "青鸟项目", "project nightingale",
        "夜莺计划", "SILVER FOX"}) {
      assertThat(finds(names, text)).as(text).isTrue();
    }
    assertThat(names.allow()).containsExactly("Bluebird");
    assertThat(names.action()).isEqualTo(Action.REDACT);
    assertThat(finds(rule(alone, "keyword.codenames"), "青鸟项目")).as("the pack alone is unchanged").isFalse();

    CompiledRule markers = rule(set, "keyword.markers");
    assertThat(markers.action()).isEqualTo(Action.FLAG);
    assertThat(markers.mode()).isEqualTo(Mode.MONITOR);
    assertThat(rule(set, "regex.ticket").mode()).isEqualTo(Mode.OFF);
    assertThat(rule(set, "regex.ticket").appliesTo(Direction.REQUEST, Role.USER)).isFalse();
    assertThat(rule(alone, "regex.ticket").appliesTo(Direction.REQUEST, Role.USER)).isTrue();

    assertThat(set.all()).extracting(CompiledPolicy::name).containsExactly("base", "acme-internal");
    assertThat(finds(rule(set, "keyword.acme-hosts"), "连上内网数据库")).isTrue();

    assertThat(set.overrides()).extracting(AppliedOverride::name)
        .containsExactly("keyword.codenames", "keyword.markers", "regex.ticket");
    assertThat(set.overrides().get(0).where()).isEqualTo(site.resolve("acme.yaml") + ":5:5");
    assertThat(set.overrides().get(0).changes()).containsExactly("terms: +4", "allow: +1");
    assertThat(set.overrides().get(1).changes()).containsExactly("mode: enforce -> monitor", "action: block -> flag");
    assertThat(set.overrides().get(2).changes()).containsExactly("enabled: false");

    assertThat(set.revision()).isNotEqualTo(alone.revision());
    Files.writeString(site.resolve("lists/acme.txt"), "夜莺计划\n");
    assertThat(new PolicyLoader().load(pack, site).revision()).as("a site list names the revision too")
        .isNotEqualTo(set.revision());
  }

  @Test
  void aReplacedWordListDropsThePacksTermsAndAPolicyModeAppliesToItsRules() throws Exception {
    Files.writeString(site.resolve("acme.yaml"), OVERRIDE_HEADER + """
        policies:
          - {name: base, mode: monitor, onError: allow}
        rules:
          - id: keyword.markers
            terms: [机密, confidential]
            override: {terms: replace}
        """);
    PolicySet set = new PolicyLoader().load(pack, site);
    CompiledRule markers = rule(set, "keyword.markers");
    assertThat(finds(markers, "这是机密")).isTrue();
    assertThat(finds(markers, "Confidential memo")).isTrue();
    assertThat(finds(markers, "绝密")).as("the pack's terms are replaced").isFalse();
    assertThat(finds(markers, "top secret")).isFalse();
    assertThat(set.get("base").orElseThrow().mode()).isEqualTo(Mode.MONITOR);
    assertThat(set.get("base").orElseThrow().onError()).isEqualTo(OnError.ALLOW);
    assertThat(rule(set, "keyword.codenames").mode()).isEqualTo(Mode.MONITOR);
    assertThat(set.overrides().get(0).target()).isEqualTo(AppliedOverride.Target.POLICY);
    assertThat(set.overrides().get(1).changes()).containsExactly("terms: replaced by 2");
  }

  @Test
  void anOverrideNamingARuleThatDoesNotExistFailsAtItsLine() throws Exception {
    Files.writeString(site.resolve("acme.yaml"), OVERRIDE_HEADER + """
        rules:
          - id: keyword.markers
            action: flag
          - id: keyword.code-names
            enabled: false
        """);
    assertThatThrownBy(() -> new PolicyLoader().load(pack, site))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(site.resolve("acme.yaml") + ":7:9: rules[1].id: no rule 'keyword.code-names' in the"
            + " pack")
        .hasMessageContaining("keyword.codenames");
    assertThat(new PolicyLoader().lint(pack, site)).singleElement()
        .satisfies(e -> assertThat(e.line()).isEqualTo(7));
  }

  @Test
  void everyBadOverrideIsRefusedWithItsPlace() throws Exception {
    String file = site.resolve("acme.yaml").toString();
    String[][] cases = {
        {"policies:\n  - {name: nope, mode: monitor}\n", ":5:12: policies[0].name: no policy 'nope' in the pack"},
        {"rules:\n  - id: regex.ticket\n    terms: [x]\n", ":6:12: rules[0].terms: rule regex.ticket has no keyword"},
        {"rules:\n  - id: keyword.markers\n    enabled: false\n    action: flag\n", "enabled: false with other"},
        {"rules:\n  - id: keyword.markers\n    actoin: flag\n", ":6:5: unknown key 'actoin'"},
        {"rules:\n  - id: keyword.markers\n    action: shred\n", ":6:13: rules[0].action: action: shred"},
        {"rules:\n  - id: keyword.markers\n    wordList: ../pack/lists/names.txt\n", "outside the policy directory"},
        {"rules:\n  - id: keyword.markers\n    override: {terms: replace}\n", "override.terms: given without terms"},
        {"rules:\n  - id: keyword.markers\n", "nothing to change"},
    };
    for (String[] c : cases) {
      Files.writeString(site.resolve("acme.yaml"), OVERRIDE_HEADER + c[0]);
      assertThatThrownBy(() -> new PolicyLoader().load(pack, site)).as(c[0])
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith(file + ":")
          .hasMessageContaining(c[1]);
    }
  }

  @Test
  void anExtensionThatBreaksAShippedExampleFailsAtTheOverride() throws Exception {
    Files.writeString(site.resolve("acme.yaml"), OVERRIDE_HEADER + """
        rules:
          - id: keyword.codenames
            terms: [天气]
        """);
    assertThatThrownBy(() -> new PolicyLoader().load(pack, site))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(site.resolve("acme.yaml") + ":5:5: rule keyword.codenames as overridden here fails: "
            + pack.resolve("base.yaml") + ":")
        .hasMessageContaining("examples.noMatch[0]");
  }

  @Test
  void aSitePolicyMayNotReuseARuleIdOfThePackAndAMissingSiteIsAnError() throws Exception {
    Files.writeString(site.resolve("mine.yaml"), """
        apiVersion: kexin.io/v1
        kind: Policy
        metadata: {name: mine}
        rules:
          - id: keyword.markers
            detector: {keyword: {terms: [x]}}
            action: flag
        """);
    assertThatThrownBy(() -> new PolicyLoader().load(pack, site))
        .hasMessageStartingWith(site.resolve("mine.yaml") + ":5:9: rules[0].id: rule id 'keyword.markers' is also"
            + " used in " + pack.resolve("base.yaml"));
    assertThatThrownBy(() -> new PolicyLoader().load(pack, tmp.resolve("missing")))
        .hasMessageContaining("not a directory (expected: a site directory");
  }

  @Test
  void theShippedPackTakesAChineseAndEnglishCodenameList() throws Exception {
    Files.createDirectories(site.resolve("lists"));
    Files.writeString(site.resolve("lists/codenames.txt"), "青鸟项目\nProject Kestrel\n");
    Files.writeString(site.resolve("acme.yaml"), OVERRIDE_HEADER + """
        rules:
          - id: keyword.project-codenames
            wordList: lists/codenames.txt
        """);
    PolicySet set = new PolicyLoader().load(Path.of("policies"), site);
    CompiledRule names = rule(set, "keyword.project-codenames");
    assertThat(finds(names, "青鸟项目的预算")).isTrue();
    assertThat(finds(names, "status of project kestrel")).isTrue();
    assertThat(finds(names, "project phoenix")).as("the shipped list still applies").isTrue();
  }
}
