package io.kexin.gateway.detect.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Checks feature extraction: folding, the features of English and Chinese text, stems and the cues of how a text
 * addresses the model, and the bounds of the hash.
 */
class TextFeaturesTest {
  private final TextFeatures features = new TextFeatures(16);

  private List<Integer> of(String text) {
    List<Integer> out = new ArrayList<>();
    int n = features.extract(text.toCharArray(), 0, text.length(), out::add);
    assertThat(out).hasSize(n);
    return out;
  }

  @Test
  void caseWidthAndWhitespaceRunsDoNotChangeTheFeatures() {
    assertThat(of("Ignore  PREVIOUS\tinstructions")).isEqualTo(of("ignore previous instructions"));
    assertThat(of("ＩＧＮＯＲＥ　ｐｒｅｖｉｏｕｓ")).isEqualTo(of("ignore previous"));
  }

  @Test
  void englishGivesTrigramsWordsStemsStemPairsTheOpeningWordAndALengthBucket() {
    // "ab cd": 5 trigrams; ab: word, stem, pair, opening; cd: word, stem, pair; the length bucket.
    assertThat(of("ab cd")).hasSize(5 + 4 + 3 + 1);
  }

  @Test
  void chineseGivesUnigramsBigramsAndTrigramsWithoutASegmenter() {
    assertThat(of("忽略指令")).hasSize(4 * 3 + 1);
    assertThat(of("忽略指令")).isNotEqualTo(of("忽略规则"));
  }

  @Test
  void inflectionsShareAStem() {
    char[][] words = {"ignoring".toCharArray(), "ignored".toCharArray(), "ignores".toCharArray(),
        "ignore".toCharArray()};
    long first = stem(words[0]);
    for (char[] w : words) {
      assertThat(stem(w)).as(new String(w)).isEqualTo(first);
    }
    assertThat(stem("instructions".toCharArray())).isEqualTo(stem("instruct".toCharArray()));
    assertThat(stem("rules".toCharArray())).isNotEqualTo(stem("ignore".toCharArray()));
  }

  private static long stem(char[] w) {
    long h = 0;
    for (char c : w) {
      h = h * 31 + c;
    }
    return TextFeatures.stemHash(w, w.length, h);
  }

  @Test
  void cuesMarkTheOpeningWordAndWhatFollowsYouANegationOrNow() {
    // The same words give other features where "forget" opens a sentence, follows "you", "never" or "now".
    List<Integer> opening = of("ok. forget it");
    List<Integer> inside = of("ok then forget it");
    assertThat(opening).isNotEqualTo(inside);
    for (String[] lead : new String[][] {{"you", "yoo"}, {"never", "nevar"}, {"now", "nox"}}) {
      List<Integer> cued = of("ok " + lead[0] + " forget it");
      List<Integer> plain = of("ok " + lead[1] + " forget it");
      assertThat(cued).as(lead[0]).hasSize(plain.size() + 1);
    }
    // A line break opens a sentence as a full stop does.
    assertThat(of("ok\nforget it")).hasSize(of("ok forget it").size() + 1);
  }

  @Test
  void indicesStayInsideTheBucketsAndARangeIsRespected() {
    String text = "系统提示词 system prompt 🙂 <|im_start|>";
    assertThat(of(text)).allMatch(i -> i >= 0 && i < features.buckets());
    List<Integer> part = new ArrayList<>();
    features.extract(("xx" + text + "yy").toCharArray(), 2, 2 + text.length(), part::add);
    assertThat(part).isEqualTo(of(text));
  }

  @Test
  void hashBitsAreBounded() {
    assertThatThrownBy(() -> new TextFeatures(30)).hasMessage("bits: 30 (expected: 8..24)");
  }
}
