package io.kexin.gateway.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.kexin.gateway.detect.classifier.Cues;
import io.kexin.gateway.detect.harm.HarmDetector;
import io.kexin.gateway.detect.injection.InjectionDetector;
import io.kexin.gateway.detect.keyword.WordList;
import io.kexin.gateway.text.ScanText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A rule reading a shared pass reports exactly what its own detector reports: the injection and harm heuristics of
 * the shipped pack over our own English and Chinese cases and eval files, and the rounding tie that falls back to
 * the own detector.
 */
class SharedFindingsTest {
  private static final Path HARM = Path.of("policies/lists/content-safety/harm");

  private static HarmDetector harm(String ruleId, double minScore) {
    HarmDetector.Builder b = HarmDetector.builder(ruleId).minScore(minScore).window(Cues.HARM_WINDOW);
    for (String name : Cues.HARM_LISTS) {
      b.list(name, list(name));
    }
    return b.build();
  }

  private static List<String> list(String name) {
    Path f = HARM.resolve(name + ".txt");
    try {
      return WordList.of(f, Files.readString(f)).terms();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void injectionRuleReadsTheSharedPassExactly() {
    Detector own = InjectionDetector.of("injection.prompt-attack", 0.7, Set.of());
    SharedScan pass = SharedScan.of(InjectionDetector.of("shared", Cues.MIN_INJECTION, Set.of()));
    Detector view = SharedFindings.of("injection.prompt-attack", pass, Cues.MIN_INJECTION, own, 0.7);
    int found = 0;
    for (String text : CaseTexts.all()) {
      List<Finding> expected = own.scan(ScanText.of(text));
      assertThat(view.scan(ScanText.of(text))).as(text).isEqualTo(expected);
      found += expected.isEmpty() ? 0 : 1;
    }
    assertThat(found).as("texts with findings: the comparison covers them").isGreaterThan(300);
  }

  @Test
  void harmRuleReadsTheSharedPassExactly() {
    Detector own = harm("harm.requests", 0.75);
    SharedScan pass = SharedScan.of(harm("shared", Cues.MIN_HARM));
    Detector view = SharedFindings.of("harm.requests", pass, Cues.MIN_HARM, own, 0.75);
    int found = 0;
    for (String text : CaseTexts.all()) {
      ScanText scan = ScanText.of(text);
      List<Finding> expected = own.scan(scan);
      assertThat(view.scan(scan)).as(text).isEqualTo(expected);
      found += expected.isEmpty() ? 0 : 1;
    }
    assertThat(found).as("texts with findings: the comparison covers them").isGreaterThan(200);
  }

  @Test
  void passRunsOncePerTextForEveryReader() {
    int[] runs = {0};
    Detector counted = new Detector() {
      @Override
      public List<Finding> scan(ScanText text) {
        runs[0]++;
        return List.of(new Finding("shared", "E", 0, 3, 0.9, "test"), new Finding("shared", "E", 4, 6, 0.4, "x"));
      }

      @Override
      public int maxMatchLength() {
        return 10;
      }
    };
    SharedScan pass = SharedScan.of(counted);
    Detector a = SharedFindings.of("rule.a", pass, 0.1, counted, 0.5);
    Detector b = SharedFindings.of("rule.b", pass, 0.1, counted, 0.3);
    ScanText text = ScanText.of("abc de");
    assertThat(a.scan(text)).extracting(Finding::ruleId, Finding::start).containsExactly(
        tuple("rule.a", 0));
    assertThat(b.scan(text)).extracting(Finding::ruleId).containsExactly("rule.b", "rule.b");
    assertThat(pass.findings(text)).hasSize(2);
    assertThat(runs[0]).isEqualTo(1);
  }

  @Test
  void scoreWithinRoundingOfTheMinimumAsksTheOwnDetector() {
    Detector shared = fixed(new Finding("shared", "E", 0, 3, 0.7, "rounded up from 0.6996"));
    Detector own = fixed();
    Detector view = SharedFindings.of("rule", SharedScan.of(shared), 0.5, own, 0.7);
    assertThat(view.scan(ScanText.of("abc"))).as("the own detector decides a tie").isEmpty();
    Detector above = SharedFindings.of("rule", SharedScan.of(fixed(new Finding("s", "E", 0, 3, 0.701, "w"))), 0.5,
        own, 0.7);
    assertThat(above.scan(ScanText.of("abc"))).extracting(Finding::ruleId, Finding::score)
        .containsExactly(tuple("rule", 0.701));
  }

  @Test
  void refusesAMinimumThePassCannotTellApart() {
    Detector d = fixed();
    assertThat(SharedFindings.canRead(0.5, 0.5)).isTrue();
    assertThat(SharedFindings.canRead(0.5, 0.7)).isTrue();
    assertThat(SharedFindings.canRead(0.5, 0.5003)).isFalse();
    assertThat(SharedFindings.canRead(0.5, 0.4)).isFalse();
    assertThatThrownBy(() -> SharedFindings.of("rule", SharedScan.of(d), 0.5, d, 0.4))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minScore: 0.4");
  }

  private static Detector fixed(Finding... findings) {
    return new Detector() {
      @Override
      public List<Finding> scan(ScanText text) {
        return List.of(findings);
      }

      @Override
      public int maxMatchLength() {
        return 10;
      }
    };
  }
}
