package io.kexin.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.kexin.gateway.detect.Finding;
import io.kexin.gateway.text.ScanText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Checks that the shipped pack finds exactly the same with its detectors sharing one prefilter and one keyword
 * index as with every rule compiled alone: on the pack's own examples and on random texts made of its keywords,
 * example fragments, separators, Chinese and random units.
 */
class SharedPrefilterDifferentialTest {
  private static final Path POLICIES = Path.of("policies");
  private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"|'([^']*)'");

  @Test
  void sharingChangesNoFinding() throws IOException {
    PolicyLoader loader = new PolicyLoader();
    List<CompiledRule> alone = new ArrayList<>();
    List<String> pieces = new ArrayList<>();
    try (Stream<Path> files = Files.list(POLICIES)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        String text = Files.readString(file);
        alone.addAll(loader.compile(file, text).rules());
        Matcher m = QUOTED.matcher(text);
        while (m.find()) {
          pieces.add(m.group(1) != null ? m.group(1).replace("\\\"", "\"").replace("\\\\", "\\") : m.group(2));
        }
      }
    }
    List<CompiledRule> shared = new ArrayList<>();
    for (CompiledPolicy p : loader.load(POLICIES).all()) {
      shared.addAll(p.rules());
    }
    assertThat(shared).extracting(CompiledRule::id).containsExactlyElementsOf(alone.stream()
        .map(CompiledRule::id).toList());

    List<String> texts = new ArrayList<>(pieces);
    texts.add(String.join(" ", pieces));
    texts.add(String.join("", pieces));
    texts.add("password token secret api_key pwd passwd 密码 ".repeat(40) + "password = \"lhXRBeskXyCwZJO3\"");
    Random random = new Random(20240611);
    String[] glue = {" ", "", "=", ": ", "：", "\n", "\"", "，", "sk-", "-", "_", "@", ".", "密码", "PASSWORD", "Token"};
    for (int i = 0; i < 400; i++) {
      StringBuilder b = new StringBuilder();
      int parts = 1 + random.nextInt(12);
      for (int j = 0; j < parts; j++) {
        switch (random.nextInt(4)) {
          case 0 -> b.append(glue[random.nextInt(glue.length)]);
          case 1 -> {
            String p = pieces.get(random.nextInt(pieces.size()));
            int from = random.nextInt(p.length() + 1);
            b.append(p, from, from + random.nextInt(p.length() - from + 1));
          }
          case 2 -> b.append(pieces.get(random.nextInt(pieces.size())));
          default -> {
            for (int k = random.nextInt(40); k > 0; k--) {
              b.append(random.nextInt(3) == 0 ? (char) ('一' + random.nextInt(200))
                  : (char) (' ' + random.nextInt(95)));
            }
          }
        }
      }
      texts.add(b.toString());
    }

    for (String text : texts) {
      ScanText sharedText = ScanText.of(text);
      for (int r = 0; r < alone.size(); r++) {
        List<Finding> expected = alone.get(r).detector().scan(ScanText.of(text));
        assertThat(shared.get(r).detector().scan(sharedText))
            .as("rule %s on %s", alone.get(r).id(), text).isEqualTo(expected);
      }
    }
  }

  @Test
  void keywordDetectorsShareAGatePerPolicySoTheShippedPackKeepsItsAnchors() throws IOException {
    // With content safety's lists loaded beside it, the default policy's two keyword rules still share a gate of
    // their own nine terms, small enough to rule texts out by anchors; the category lists share theirs.
    PolicySet set = new PolicyLoader().load(POLICIES);
    List<String> gates = set.get("default").orElseThrow().rules().stream()
        .filter(r -> r.id().startsWith("keyword.")).map(r -> r.detector().toString()).toList();
    assertThat(gates).hasSize(2).allSatisfy(
        g -> assertThat(g).containsPattern("gate=KeywordGate\\[detectors=2, terms=\\d+, anchored]"));
    List<String> categories = set.get("content-safety").orElseThrow().rules().stream()
        .filter(r -> r.id().startsWith("harm.") && r.detector().toString().contains("gate="))
        .map(r -> r.detector().toString().replaceAll(".*gate=(KeywordGate\\[[^]]*]).*", "$1")).distinct().toList();
    assertThat(categories).hasSize(1);
    assertThat(categories.get(0)).doesNotContain("detectors=2,").isNotEqualTo(gates.get(0));
  }
}
