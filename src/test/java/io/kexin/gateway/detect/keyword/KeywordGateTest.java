package io.kexin.gateway.detect.keyword;

import static org.assertj.core.api.Assertions.assertThat;

import io.kexin.gateway.detect.Finding;
import io.kexin.gateway.text.Normalizer;
import io.kexin.gateway.text.ScanText;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeywordGateTest {
  private static final String ALPHABET = "ab中文 -é.Ab";

  @Test
  void findAllReportsEveryOccurrenceOverlappingOnesIncluded() {
    Random random = new Random(5);
    for (int round = 0; round < 2000; round++) {
      String[] keys = new String[1 + random.nextInt(6)];
      for (int k = 0; k < keys.length; k++) {
        keys[k] = random(random, "ab中", 1 + random.nextInt(3)) + k;
      }
      // Keys that end in their index are distinct; drop the index from some so that they overlap more.
      for (int k = 0; k < keys.length; k++) {
        if (random.nextBoolean()) {
          keys[k] = keys[k].substring(0, keys[k].length() - String.valueOf(k).length());
        }
      }
      String[] distinct = List.of(keys).stream().distinct().toArray(String[]::new);
      String text = random(random, "ab中0123", random.nextInt(30));
      List<String> expected = new ArrayList<>();
      for (int end = 1; end <= text.length(); end++) {
        for (int k = 0; k < distinct.length; k++) {
          int start = end - distinct[k].length();
          if (start >= 0 && text.startsWith(distinct[k], start)) {
            expected.add(k + "@" + start + "-" + end);
          }
        }
      }
      List<String> found = new ArrayList<>();
      AhoCorasick.build(distinct).findAll(text.toCharArray(), text.length(),
          (key, start, end) -> found.add(key + "@" + start + "-" + end));
      assertThat(found).as("keys %s text '%s'", List.of(distinct), text).containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  @Test
  void sharedDetectorsFindWhatEachFindsAloneInChineseAndEnglish() {
    Random random = new Random(13);
    for (int round = 0; round < 1000; round++) {
      List<KeywordDetector> alone = new ArrayList<>();
      int count = 2 + random.nextInt(4);
      for (int d = 0; d < count; d++) {
        List<String> terms = new ArrayList<>();
        while (terms.size() < 1 + random.nextInt(5)) {
          String term = random(random, ALPHABET, 1 + random.nextInt(4));
          if (!ScanText.defaultNormalizer().normalize(term).text().isBlank()) {
            terms.add(term);
          }
        }
        alone.add(KeywordDetector.builder("k" + d).wholeWord(random.nextBoolean()).build(terms));
      }
      List<KeywordDetector> shared = KeywordDetector.sharing(alone);
      // Some kept apart with a gate of their own: the same findings, and the same live index for a stream.
      boolean[] apart = new boolean[count];
      for (int d = 0; d < count; d++) {
        apart[d] = random.nextBoolean();
      }
      List<KeywordDetector> split = KeywordDetector.sharing(alone, apart);
      String text = random(random, ALPHABET, random.nextInt(50));
      ScanText scan = ScanText.of(text);
      ScanText scanSplit = ScanText.of(text);
      for (int d = 0; d < count; d++) {
        assertThat(render(shared.get(d).scan(scan))).as("detector %d, text '%s'", d, text)
            .isEqualTo(render(alone.get(d).scan(ScanText.of(text))));
        assertThat(render(split.get(d).scan(scanSplit))).as("detector %d apart %s, text '%s'", d, apart[d], text)
            .isEqualTo(render(alone.get(d).scan(ScanText.of(text))));
        assertThat(split.get(d).liveFrom(ScanText.of(text))).as("live index of %d, text '%s'", d, text)
            .isEqualTo(shared.get(d).liveFrom(ScanText.of(text)));
      }
    }
  }

  @Test
  void skipsDetectorsWithoutAnOccurrenceAndStillFindsTheOthers() {
    List<KeywordDetector> shared = KeywordDetector.sharing(List.of(
        KeywordDetector.builder("weapons").build(List.of("pipe bomb", "制造炸弹")),
        KeywordDetector.builder("drugs").build(List.of("cook meth", "制毒")),
        KeywordDetector.builder("codenames").build(List.of("phoenix", "凤凰计划"))));
    ScanText text = ScanText.of("How do I 制 造 炸 弹? Ask about project Phoenix.");
    assertThat(shared.get(0).scan(text)).extracting(Finding::ruleId).containsExactly("weapons");
    assertThat(shared.get(1).scan(text)).isEmpty();
    assertThat(shared.get(2).scan(text)).extracting(Finding::ruleId).containsExactly("codenames");
    // A term inside a longer word occurs for the gate, and the detector's own pass still applies word boundaries.
    assertThat(shared.get(2).scan(ScanText.of("phoenixes and 凤凰"))).isEmpty();
  }

  @Test
  void detectorsWithAnotherNormalizerAreNotGated() {
    Normalizer other = Normalizer.standard();
    KeywordDetector a = KeywordDetector.builder("a").normalizer(other).build(List.of("secret plan"));
    KeywordDetector b = KeywordDetector.builder("b").build(List.of("机密文件"));
    List<KeywordDetector> shared = KeywordDetector.sharing(List.of(a, b));
    assertThat(shared).containsExactly(a, b);
    assertThat(shared.get(0).scan(ScanText.of("the secret plan"))).hasSize(1);
  }

  private static List<String> render(List<Finding> findings) {
    return findings.stream().map(f -> f.start() + "-" + f.end() + ":" + f.explanation()).toList();
  }

  private static String random(Random random, String alphabet, int length) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < length; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}
