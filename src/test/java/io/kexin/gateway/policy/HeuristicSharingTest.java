package io.kexin.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.kexin.gateway.detect.Finding;
import io.kexin.gateway.detect.SharedFindings;
import io.kexin.gateway.detect.CaseTexts;
import io.kexin.gateway.detect.classifier.ClassifierDetector;
import io.kexin.gateway.detect.harm.HarmDetector;
import io.kexin.gateway.detect.injection.InjectionDetector;
import io.kexin.gateway.text.ScanText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stacked classifier beside the shipped pack reads the pack's injection and harm findings instead of running the
 * heuristics again, and decides exactly as it does alone; the pack's rules report exactly what they report without
 * it. English and Chinese texts (our cases and eval files), rules run in pack order and in reverse order.
 */
class HeuristicSharingTest {
  @TempDir
  static Path site;
  static PolicySet both;
  static PolicySet stackedAlone;
  static PolicySet packAlone;

  @BeforeAll
  static void load() throws Exception {
    Files.writeString(site.resolve("stacked.yaml"), """
        apiVersion: kexin.io/v1
        kind: Policy
        metadata: {name: stacked}
        rules:
          - id: stacked.injection
            detector: {classifier: {category: injection, model: "builtin:stacked", threshold: 0.001}}
            appliesTo: {directions: [request]}
            action: flag
          - id: stacked.harmful-request
            detector: {classifier: {category: harmful-request, model: "builtin:stacked", threshold: 0.001}}
            appliesTo: {directions: [request]}
            action: flag
        """);
    both = new PolicyLoader().load(Path.of("policies"), site);
    stackedAlone = new PolicyLoader().load(site);
    packAlone = ShippedPolicies.pack();
  }

  private static CompiledRule rule(PolicySet set, String id) {
    for (CompiledPolicy p : set.all()) {
      for (CompiledRule r : p.rules()) {
        if (r.id().equals(id)) {
          return r;
        }
      }
    }
    throw new AssertionError("no rule " + id);
  }

  @Test
  void thePacksRulesAndTheClassifierShareOnePassPerHeuristic() {
    ClassifierDetector stacked = (ClassifierDetector) rule(both, "stacked.injection").detector();
    ClassifierDetector harmful = (ClassifierDetector) rule(both, "stacked.harmful-request").detector();
    SharedFindings injection = (SharedFindings) rule(both, "injection.prompt-attack").detector();
    SharedFindings toolResults = (SharedFindings) rule(both, "injection.tool-result").detector();
    SharedFindings harm = (SharedFindings) rule(both, "harm.requests").detector();

    assertThat(stacked.cues().injectionScan()).isSameAs(injection.shared()).isSameAs(toolResults.shared())
        .isSameAs(harmful.cues().injectionScan());
    // The shipped model carries the pack's harm lists (retrained after they grew), so the harm rule shares its pass.
    assertThat(stacked.cues().harmScan()).isSameAs(harm.shared()).isSameAs(harmful.cues().harmScan());
    assertThat(injection.own()).isInstanceOf(InjectionDetector.class);
    assertThat(harm.own()).isInstanceOf(HarmDetector.class);
    assertThat(stacked.scores()).as("one set of scores per text for every rule of the model")
        .isSameAs(harmful.scores());
    // Without a stacked classifier the pack runs its own detectors, as before.
    assertThat(rule(packAlone, "injection.prompt-attack").detector()).isInstanceOf(InjectionDetector.class);
    assertThat(rule(packAlone, "harm.requests").detector()).isInstanceOf(HarmDetector.class);
    // Alone, the classifier runs its own passes.
    ClassifierDetector alone = (ClassifierDetector) rule(stackedAlone, "stacked.injection").detector();
    assertThat(alone.scores()).isSameAs(alone.model().wholeText());
  }

  @Test
  void decisionsAreTheSameWithAndWithoutThePacksRules() {
    List<String> texts = CaseTexts.all();
    int sharedInjection = 0;
    int sharedHarm = 0;
    for (int i = 0; i < texts.size(); i++) {
      String text = texts.get(i);
      Map<String, List<Finding>> together = scanAll(both, text, i % 2 == 1);
      Map<String, List<Finding>> stacked = scanAll(stackedAlone, text, false);
      Map<String, List<Finding>> pack = scanAll(packAlone, text, false);
      for (String id : stacked.keySet()) {
        assertThat(together.get(id)).as(id + " on " + text).isEqualTo(stacked.get(id));
      }
      for (String id : pack.keySet()) {
        assertThat(together.get(id)).as(id + " on " + text).isEqualTo(pack.get(id));
      }
      sharedInjection += pack.get("injection.prompt-attack").isEmpty() ? 0 : 1;
      sharedHarm += pack.get("harm.requests").isEmpty() ? 0 : 1;
    }
    assertThat(sharedInjection).as("texts the injection rule flags").isGreaterThan(300);
    assertThat(sharedHarm).as("texts the harm rule flags").isGreaterThan(100);
  }

  /** Returns what each rule of {@code set} finds in one scan text shared by all, run in order or reversed. */
  private static Map<String, List<Finding>> scanAll(PolicySet set, String text, boolean reversed) {
    List<CompiledRule> rules = new ArrayList<>();
    for (CompiledPolicy p : set.all()) {
      rules.addAll(p.rules());
    }
    if (reversed) {
      Collections.reverse(rules);
    }
    ScanText scan = ScanText.of(text);
    Map<String, List<Finding>> out = new LinkedHashMap<>();
    for (CompiledRule r : rules) {
      out.put(r.id(), r.detector().scan(scan));
    }
    return out;
  }
}
