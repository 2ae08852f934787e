package io.kexin.gateway.detect.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kexin.gateway.detect.Detector;
import io.kexin.gateway.detect.Finding;
import io.kexin.gateway.text.ScanText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads the repository's example plugin and plugins that break the contract, built from source into jars: the example
 * finds account numbers in English and Chinese; every failure (load, throw, bad answer, time budget, busy threads)
 * is a {@link PluginException} that names no text; a plugin sees the SPI and the JDK only.
 */
class DetectorPluginsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir
  static Path dir;
  private static DetectorPlugins plugins;

  @BeforeAll
  static void load() throws Exception {
    Path jars = Files.createDirectories(dir.resolve("plugins"));
    PluginJars.example(jars);
    MisfitPlugins.misfits(jars);
    MisfitPlugins.stubborn(jars);
    MisfitPlugins.broken(jars);
    Files.writeString(jars.resolve("notajar.jar"), "this is not a zip file");
    plugins = DetectorPlugins.load(jars, Duration.ofSeconds(2), 2);
  }

  @AfterAll
  static void close() {
    plugins.close();
  }

  private static Detector detector(String kind, String options) throws Exception {
    Map<String, JsonNode> given = new LinkedHashMap<>();
    JSON.readTree(options).fields().forEachRemaining(e -> given.put(e.getKey(), e.getValue()));
    return plugins.kind(kind).orElseThrow().detector("test.rule", "TEST", given);
  }

  @Test
  void loadsTheKindsOfGoodJarsAndRecordsTheBrokenOnes() {
    assertThat(plugins.kinds().keySet()).contains("bankAccount", "throwing", "stubborn", "peeking");
    assertThat(plugins.kind("bankAccount").orElseThrow().plugin()).isEqualTo("bank-account-plugin.jar");
    assertThat(plugins.failures()).anySatisfy(f -> assertThat(f).startsWith("broken.jar: "))
        .anySatisfy(f -> assertThat(f).startsWith("notajar.jar: "));
    assertThat(plugins.kind("accountDlp")).isEmpty();
  }

  @Test
  void theExamplePluginFindsAccountNumbersInEnglishAndChinese() throws Exception {
    Detector d = detector("bankAccount", "{\"prefixes\": [\"62\"]}");
    String en = "Please pay into account 6222 0212 3456 7890 128 today";
    List<Finding> found = d.scan(ScanText.of(en));
    assertThat(found).singleElement().satisfies(f -> {
      assertThat(en.substring(f.start(), f.end())).isEqualTo("6222 0212 3456 7890 128");
      assertThat(f.entity()).isEqualTo("BANK_ACCOUNT");
      assertThat(f.ruleId()).isEqualTo("test.rule");
      assertThat(f.explanation()).startsWith("plugin kind bankAccount: ").doesNotContain("6222");
    });
    String zh = "我的银行卡号：６２２２０２１２３４５６７８９０１２８，请转账";
    assertThat(d.scan(ScanText.of(zh))).singleElement()
        .satisfies(f -> assertThat(zh.substring(f.start(), f.end())).isEqualTo("６２２２０２１２３４５６７８９０１２８"));
    // a bad check digit, no account word, or another issuer: nothing
    assertThat(d.scan(ScanText.of("account 6222021234567890123"))).isEmpty();
    assertThat(d.scan(ScanText.of("订单号 6222021234567890128 已发货"))).isEmpty();
    assertThat(d.scan(ScanText.of("card 4111111111111111"))).isEmpty();
    assertThat(d.maxMatchLength()).isEqualTo(39);
  }

  @Test
  void optionsAreCheckedStrictlyBeforeThePluginSeesThem() {
    assertThatThrownBy(() -> detector("bankAccount", "{\"prefix\": [\"62\"]}")).isInstanceOf(OptionException.class)
        .hasMessageContaining("unknown option 'prefix' of detector kind bankAccount (expected one of: context,"
            + " maxDigits, minDigits, prefixes, requireContext)")
        .extracting(e -> ((OptionException) e).option()).isEqualTo("prefix");
    assertThatThrownBy(() -> detector("bankAccount", "{\"minDigits\": \"16\"}"))
        .hasMessage("minDigits: wrong type (expected: an integer)");
    assertThatThrownBy(() -> detector("bankAccount", "{\"prefixes\": [62]}"))
        .hasMessageContaining("prefixes: a list holding a number");
    assertThatThrownBy(() -> detector("bankAccount", "{\"minDigits\": 3}")).isInstanceOf(OptionException.class)
        .hasMessage("minDigits: 3 (expected: 8..34)").extracting(e -> ((OptionException) e).option())
        .isEqualTo("minDigits");
    assertThatThrownBy(() -> detector("refusing", "{}")).hasMessageContaining("needs option(s) limit");
    assertThatThrownBy(() -> detector("refusing", "{\"limit\": 0}")).hasMessage("limit: 0 (expected: > 0)");
  }

  @Test
  void aPluginThatThrowsFailsWithoutItsMessage() throws Exception {
    Detector d = detector("throwing", "{}");
    assertThatThrownBy(() -> d.scan(ScanText.of("机密 secret text"))).isInstanceOf(PluginException.class)
        .hasMessageContaining("rule test.rule (kind throwing): plugin misfits.jar threw java.lang.IllegalStateException")
        .hasMessageNotContaining("机密").hasMessageNotContaining("secret");
  }

  @Test
  void answersOutOfContractFailAndQuotedExplanationsAreReplaced() throws Exception {
    assertThatThrownBy(() -> detector("badSpan", "{}").scan(ScanText.of("abc")))
        .isInstanceOf(PluginException.class).hasMessageContaining("span [0, 8) in a text of 3 characters");
    assertThat(detector("quoting", "{}").scan(ScanText.of("身份证 secret")))
        .singleElement().satisfies(f -> assertThat(f.explanation()).isEqualTo("plugin kind quoting: matched"));
  }

  @Test
  void aPluginBuildingNoDetectorStandsForAFailingRule() throws Exception {
    Detector d = detector("exploding", "{}");
    assertThat(DetectorPlugins.isUnavailable(d)).isTrue();
    assertThatThrownBy(() -> d.scan(ScanText.of("x"))).isInstanceOf(PluginException.class)
        .hasMessageContaining("threw java.lang.IllegalStateException");
    assertThatThrownBy(() -> plugins.unavailable("r.x", "accountDlp").scan(ScanText.of("x")))
        .hasMessageContaining("broken.jar");
  }

  @Test
  void aPluginPastItsBudgetFailsAndOnceItsThreadsAreTakenCallsFailAtOnce() throws Exception {
    Detector d = detector("stubborn", "{}");
    // two threads: two calls run past the budget and keep their threads (the plugin ignores interrupts)
    CompletableFuture<Throwable> a = CompletableFuture.supplyAsync(() -> failure(d));
    CompletableFuture<Throwable> b = CompletableFuture.supplyAsync(() -> failure(d));
    assertThat(List.of(a.get(5, TimeUnit.SECONDS), b.get(5, TimeUnit.SECONDS))).allSatisfy(t ->
        assertThat(t).isInstanceOf(PluginException.class).hasMessageContaining("time budget of 2000 ms"));
    assertThat(failure(d)).hasMessageContaining("plugin stubborn.jar is busy (all 2 of its threads are running");
  }

  private static Throwable failure(Detector d) {
    try {
      d.scan(ScanText.of("text"));
      return null;
    } catch (RuntimeException e) {
      return e;
    }
  }

  @Test
  void aPluginSeesTheSpiAndTheJdkButNotTheGatewayOrItsLibraries() throws Exception {
    assertThat(detector("peeking", "{}").scan(ScanText.of("x"))).singleElement()
        .satisfies(f -> assertThat(f.explanation()).isEqualTo("plugin kind peeking: isolated"));
  }

  @Test
  void aMissingDirectoryHasNoPlugins() {
    try (DetectorPlugins none = DetectorPlugins.load(dir.resolve("absent"), Duration.ofMillis(50), 1)) {
      assertThat(none.kinds()).isEmpty();
      assertThat(none.failures()).isEmpty();
    }
  }
}
