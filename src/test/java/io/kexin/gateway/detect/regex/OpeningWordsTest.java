package io.kexin.gateway.detect.regex;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kexin.gateway.text.ScanText;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OpeningWordsTest {
  @ParameterizedTest
  @ValueSource(strings = {"(?i:(?:address|ship to|bill to)(?:es)?[ :]{0,3})([0-9]{1,5} [A-Z][a-z]{1,9})",
      "(?i:password|pwd|密码)[a-z]{0,3}\\s?[=:]\\s?(\\S{8,16})", "(?:ab|cd)\\d{1,3}", "(?i)(?:a\\.b|c\\-d)x",
      "(?:(?:ship|shipping|ship to)\\b(?: is)?)(\\d+)"})
  void splitsPatternsOpeningWithPlainWords(String pattern) {
    assertThat(OpeningWords.of(pattern, 0)).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"(?:ab|cd)?x", "(?:(?:ab|cd)x)*y", "(?:ab|cd)x|y", "(?:(?:ab|cd)x|y)z", "(?:a.|b)x",
      "\\bsk-[a-z]{3}", "(?:a|)x", "(?:ab|cd)\\Q|\\E", "(?:ab)x", "(?:ab|c[d])x", "(?:ab|cd)x)", "((?:ab|cd)x)",
      "(?:(?:ab|cd)x"})
  void refusesEveryOtherShape(String pattern) {
    assertThat(OpeningWords.of(pattern, 0)).isNull();
  }

  @Test
  void theShippedAddressRuleIsTriedAfterItsCueAlone() throws Exception {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    for (JsonNode rule : yaml.readTree(Path.of("policies/pii.yaml").toFile()).path("rules")) {
      if (rule.path("id").asText().equals("pii.street-address")) {
        String pattern = rule.path("detector").path("regex").path("pattern").asText();
        CompiledPattern compiled = RegexDetector.Builder.compile(
            new CompiledPattern.Key(pattern, false, false, RegexDetector.DEFAULT_MAX_PROGRAM_SIZE));
        assertThat(compiled.opening()).isNotNull();
        assertThat(compiled.anchored()).isNull();
        assertThat(compiled.opening().rest().programSize()).isLessThan(compiled.pattern().programSize());
        return;
      }
    }
    throw new AssertionError("pii.street-address not in policies/pii.yaml");
  }

  /**
   * Words that are prefixes of one another, case folding (ſ, the Kelvin sign), a boundary right after the words,
   * groups after them (and the whole match reported) and a word that only a later one's rest can complete: every finding as RE2J over the whole
   * text gives it, in English and Chinese.
   */
  @Test
  void findsWhatRe2jFindsOverTheWholeText() {
    List<String> patterns = List.of(
        "(?i:(?:ship|shipping|ship to|寄到|地址)(?:[ \\t]{0,2}(?:is|:|：)){0,2}[ \\t]{0,2})([0-9]{1,4}[ \\t]{1,2}[A-Z][a-z]{1,6}(?:[ \\t][A-Z][a-z]{1,2})?)",
        "(?:sk|skip|kk)\\b([0-9]{2,3})", "(?i)(?:kelvin|k|ks)([0-9]{1,2}|x)", "(?:地址|地|寄到)(\\p{Han}{1,3}[0-9]{1,3}号?)",
        "(?i:pass|password|密码)[a-z]{0,3}\\s?[=:：]\\s?([A-Za-z0-9]{3,8})(?:$|[\\s,，])");
    String[] fragments = {"ship", "shipping", "ship to", "SHIP", "ſhip", "寄到", "地址", "地", "es", " is", ":", "：",
        " ", "\t", "12", "3 ", "Main", " St", " Rd", "路", "号", "上海", "中山", "sk", "skip", "kk", "\u212A", "K",
        "kelvin", "x", "pass", "password", "密码", "=", "abc123", ",", "，", "\n", "zz"};
    Random random = new Random(31);
    for (int i = 0; i < patterns.size() * 2; i++) {
      String p = patterns.get(i / 2);
      int group = i % 2;
      RegexDetector alone = RegexDetector.builder("r", p).group(group).build();
      RegexDetector shared = RegexDetector.sharingPrefilter(List.of(alone)).get(0);
      assertThat(RegexDetector.Builder.compile(new CompiledPattern.Key(p, false, false,
          RegexDetector.DEFAULT_MAX_PROGRAM_SIZE)).opening()).as(p).isNotNull();
      com.google.re2j.Pattern reference = com.google.re2j.Pattern.compile(p);
      for (int round = 0; round < 3000; round++) {
        StringBuilder sb = new StringBuilder();
        for (int k = random.nextInt(round < 2900 ? 12 : 400); k > 0; k--) {
          sb.append(fragments[random.nextInt(fragments.length)]);
        }
        String text = sb.toString();
        List<String> want = new ArrayList<>();
        com.google.re2j.Matcher m = reference.matcher(text);
        while (m.find()) {
          if (m.end() > m.start() && m.start(group) >= 0 && m.end(group) > m.start(group)) {
            want.add(m.start(group) + "-" + m.end(group));
          }
        }
        assertThat(alone.scan(ScanText.of(text))).as("%s on '%s'", p, text)
            .extracting(f -> f.start() + "-" + f.end()).containsExactlyElementsOf(want);
        assertThat(shared.scan(ScanText.of(text))).as("%s shared on '%s'", p, text)
            .extracting(f -> f.start() + "-" + f.end()).containsExactlyElementsOf(want);
      }
    }
  }
}
