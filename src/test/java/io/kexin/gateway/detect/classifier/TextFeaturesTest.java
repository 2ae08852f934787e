package io.kexin.gateway.detect.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Checks feature extraction: folding, the features of English and Chinese text, and the bounds of the hash. */
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
  void englishGivesTrigramsWordsAndWordPairs() {
    // "ab cd": 5 trigrams, then the words ab and cd each with its pair.
    assertThat(of("ab cd")).hasSize(5 + 4);
  }

  @Test
  void chineseGivesUnigramsBigramsAndTrigramsWithoutASegmenter() {
    assertThat(of("忽略指令")).hasSize(4 * 3);
    assertThat(of("忽略指令")).isNotEqualTo(of("忽略规则"));
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
