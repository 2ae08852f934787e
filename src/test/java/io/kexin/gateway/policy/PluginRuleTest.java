package io.kexin.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kexin.gateway.config.ConfigException;
import io.kexin.gateway.detect.Finding;
import io.kexin.gateway.detect.plugin.DetectorPlugins;
import io.kexin.gateway.detect.plugin.MisfitPlugins;
import io.kexin.gateway.detect.plugin.PluginException;
import io.kexin.gateway.detect.plugin.PluginJars;
import io.kexin.gateway.text.ScanText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Checks plugin kinds in policy files: the example project's policy loads with its examples checked; options are
 * strict with file:line:col; an unknown kind is an error unless a plugin failed to load, when the rule stands for a
 * failing detector; a plugin cannot take a built-in kind's name.
 */
class PluginRuleTest {
  @TempDir
  static Path jars;
  @TempDir
  Path dir;
  private static DetectorPlugins good;
  private static DetectorPlugins withBroken;

  @BeforeAll
  static void build() throws Exception {
    Path goodDir = Files.createDirectories(jars.resolve("good"));
    PluginJars.example(goodDir);
    Path brokenDir = Files.createDirectories(jars.resolve("broken"));
    Files.copy(goodDir.resolve("bank-account-plugin.jar"), brokenDir.resolve("bank-account-plugin.jar"));
    MisfitPlugins.broken(brokenDir);
    good = DetectorPlugins.load(goodDir, Duration.ofSeconds(2), 2);
    withBroken = DetectorPlugins.load(brokenDir, Duration.ofSeconds(2), 2);
  }

  @AfterAll
  static void close() {
    good.close();
    withBroken.close();
  }

  private PolicySet load(DetectorPlugins plugins, String rules) throws Exception {
    Files.writeString(dir.resolve("p.yaml"), """
        apiVersion: kexin.io/v1
        kind: Policy
        metadata: {name: test}
        onError: block
        rules:
        """ + rules);
    return new PolicyLoader(plugins).load(dir);
  }

  @Test
  void theExampleProjectsPolicyLoadsWithItsEnglishAndChineseExamplesChecked() throws Exception {
    Files.copy(PluginJars.EXAMPLE.resolve("policy.yaml"), dir.resolve("bank.yaml"));
    PolicySet set = new PolicyLoader(good).load(dir);
    CompiledRule rule = set.get("bank").orElseThrow().rules().get(0);
    assertThat(rule.id()).isEqualTo("bank.account-number");
    String zh = "请把钱转到我的账户 6222021234567890128 谢谢";
    List<Finding> found = rule.detector().scan(ScanText.of(zh));
    assertThat(found).singleElement()
        .satisfies(f -> assertThat(zh.substring(f.start(), f.end())).isEqualTo("6222021234567890128"));
    // without the plugins the kind is unknown, at its file:line:col
    assertThatThrownBy(() -> new PolicyLoader().load(dir)).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(dir.resolve("bank.yaml") + ":12:7: rules[0].detector.bankAccount: unknown"
            + " detector kind 'bankAccount'")
        .hasMessageContaining("no plugin is loaded");
  }

  @Test
  void anExampleThePluginDoesNotMatchStopsTheLoad() {
    assertThatThrownBy(() -> load(good, """
          - id: bank.account
            detector: {bankAccount: {prefixes: ['62']}}
            action: block
            examples:
              match: ['account 6222021234567890123']
        """)).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(dir.resolve("p.yaml") + ":10:")
        .hasMessageContaining("rules[0].examples.match[0]: rule bank.account finds nothing in this example");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      unknown option | {prefix: ['62']}              | 7:30 | rules[0].detector.bankAccount.prefix: unknown option 'prefix' of detector kind bankAccount (expected one of: context, maxDigits, minDigits, prefixes, requireContext)
      wrong type     | {minDigits: sixteen}          | 7:41 | rules[0].detector.bankAccount.minDigits: minDigits: wrong type (expected: an integer)
      refused value  | {minDigits: 3}                | 7:41 | rules[0].detector.bankAccount.minDigits: minDigits: 3 (expected: 8..34)
      not a mapping  | [62]                          | 7:29 | rules[0].detector.bankAccount: wrong type (expected: a mapping of the kind's options)
      """)
  void optionErrorsPointAtTheOption(String name, String options, String at, String message) {
    assertThatThrownBy(() -> load(good, "  - id: bank.x\n    detector: {bankAccount: " + options + "}\n"
        + "    action: block\n")).isInstanceOf(ConfigException.class)
        .hasMessage(dir.resolve("p.yaml") + ":" + at + ": " + message);
  }

  @Test
  void anUnknownKindIsAnErrorThatListsThePluginKinds() {
    assertThatThrownBy(() -> load(good, "  - id: bank.x\n    detector: {bankAcount: {}}\n    action: block\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rules[0].detector.bankAcount: unknown detector kind 'bankAcount' (expected one of:"
            + " keyword, regex, secret, pii, person, invisible, injection, harm, classifier, guardModel, http, or a plugin kind:"
            + " bankAccount)");
    assertThatThrownBy(() -> load(good, "  - id: bank.x\n    detector: {bankAccount: {}, regex: {pattern: x}}\n"
        + "    action: block\n")).hasMessageContaining("2 detectors given (expected: exactly one of");
  }

  @Test
  void aKindOfAPluginThatFailedToLoadLeavesARuleThatFailsEveryScan() throws Exception {
    PolicySet set = load(withBroken, """
          - id: dlp.account
            detector: {accountDlp: {}}
            action: block
            examples:
              match: ['never checked: the plugin did not load']
        """);
    CompiledRule rule = set.get("test").orElseThrow().rules().get(0);
    assertThat(DetectorPlugins.isUnavailable(rule.detector())).isTrue();
    assertThatThrownBy(() -> rule.detector().scan(ScanText.of("账号 6222021234567890128")))
        .isInstanceOf(PluginException.class).hasMessageContaining("broken.jar").hasMessageNotContaining("6222");
  }

  @Test
  void aPluginCannotTakeABuiltInKindsName() throws Exception {
    Path clash = Files.createDirectories(jars.resolve("clash"));
    PluginJars.build(clash, "clash.jar", Map.of("Regex", """
        import io.kexin.gateway.plugin.*;
        import java.util.List;
        public final class Regex implements DetectorKind {
          public String name() { return "regex"; }
          public List<OptionSpec> options() { return List.of(); }
          public PluginDetector create(Options o) { return null; }
        }
        """), List.of("Regex"));
    try (DetectorPlugins plugins = DetectorPlugins.load(clash, Duration.ofSeconds(2), 1)) {
      assertThatThrownBy(() -> new PolicyLoader(plugins)).isInstanceOf(ConfigException.class)
          .hasMessageContaining("plugin clash.jar provides kind regex, a built-in detector kind");
    }
  }
}
