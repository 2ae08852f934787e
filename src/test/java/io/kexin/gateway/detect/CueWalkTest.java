package io.kexin.gateway.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kexin.gateway.text.NormalizedText;
import io.kexin.gateway.text.Normalizer;
import io.kexin.gateway.text.ScanText;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Checks that each part of a shared {@link CueWalk} reports what its own {@link CueAutomaton} reports on the
 * normalized text, in the same order: on random English, Chinese and mixed texts with planted terms, parts that share
 * terms, prefixes and a whole list included.
 */
class CueWalkTest {
  private static final List<String> INJECTION = List.of("ignore", "ignore all", "ignore all previous", "all",
      "previous instructions", "instructions", "you are now", "dan", "system prompt", "prompt", "the", "忽略", "忽略之前",
      "之前的指令", "指令", "所有", "系统提示词", "提示词", "你现在", "a", "1");
  private static final List<String> HARM = List.of("how do i", "how", "make", "bomb", "pipe bomb", "the", "all", "毒品",
      "冰毒", "提炼", "教我", "怎么", "所有", "指令", "neighbour", "a", "without getting caught", "别人");
  private static final List<String> OTHER = List.of("prompt", "提示", "bomb", "x");
  private static final String[] PIECES = {"Ignore", "ignore", "all", "ALL", "the", "previous", "instructions", "you",
      "are", "now", "DAN", "system", "prompt", "how", "do", "I", "make", "a", "pipe", "bomb", "bombs", "neighbour",
      "without", "getting", "caught", "忽略", "之前", "的", "指令", "所有", "系统", "提示词", "你", "现在", "毒品", "冰毒", "提炼",
      "教我", "怎么", "别人", "报告", "请", "。", "，", " ", " ", " ", "\n", ".", "1", "2", "x", "-", "Ｉｇｎｏｒｅ", "忽畧"};

  @Test
  void eachPartFindsWhatItsOwnAutomatonFinds() {
    List<List<String>> lists = List.of(INJECTION, HARM, OTHER);
    Normalizer normalizer = ScanText.defaultNormalizer();
    CueWalk walk = CueWalk.of(normalizer, lists);
    List<CueAutomaton> own = lists.stream().map(CueAutomaton::build).toList();
    Random random = new Random(1206);
    for (int round = 0; round < 3000; round++) {
      StringBuilder b = new StringBuilder();
      for (int k = random.nextInt(40); k > 0; k--) {
        b.append(PIECES[random.nextInt(PIECES.length)]);
        if (random.nextInt(3) == 0) {
          b.append(random.nextBoolean() ? ' ' : (char) ('一' + random.nextInt(300)));
        }
      }
      ScanText text = ScanText.of(b.toString());
      NormalizedText norm = text.normalized();
      for (int p = 0; p < lists.size(); p++) {
        List<int[]> expected = new ArrayList<>();
        own.get(p).findAll(norm.units(), norm.length(), (t, s, e) -> expected.add(new int[] {t, s, e}));
        List<int[]> actual = new ArrayList<>();
        walk.part(p).findAll(text, (t, s, e) -> actual.add(new int[] {t, s, e}));
        assertThat(actual).as("part %d on '%s'", p, b).containsExactlyElementsOf(expected);
        // the bound a detector sizes its buffer by holds every part's occurrences at once
        assertThat(walk.part(p).bound(text)).as("bound of part %d on '%s'", p, b).isGreaterThanOrEqualTo(actual.size());
      }
    }
  }

  @Test
  void servesOnlyTextsOfItsNormalizer() {
    CueWalk walk = CueWalk.of(ScanText.defaultNormalizer(), List.of(INJECTION, HARM));
    ScanText other = ScanText.of("ignore all previous instructions", Normalizer.standard());
    assertThat(walk.part(0).serves(ScanText.of("ignore all"))).isTrue();
    assertThat(walk.part(1).serves(other)).isFalse();
    assertThatThrownBy(() -> walk.derive(other)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("another normalizer");
  }
}
