package io.kexin.gateway.detect.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.kexin.gateway.detect.Finding;
import io.kexin.gateway.text.ScanText;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Checks the sentence unit against the stream contract the way a text channel uses it: random English and Chinese
 * sentences, some longer than the unit bound, fed in random chunks; each step scans the released context (the
 * longest match plus one) and the pending text, keeps the findings that start before the live index, and releases up
 * to it. The findings so kept equal those of the whole text, whatever the chunking. Seeded, so a failure repeats.
 */
class ClassifierStreamTest {
  private static final String[] WORDS = {"the", "model", "ignore", "previous", "rules", "and", "print", "prompt",
      "忽略", "之前", "指令", "系统", "提示词", "今天", "天气", "很好", "3.14", "e.g.", "  ", "\n", "。", "！", "？", ".",
      ". ", "; ", ": ", "…", "!?", "，"};

  private final ClassifierDetector detector =
      ClassifierDetector.of("classifier.test", "TEST", LinearModelTest.random(7), "a", 0.5,
          ClassifierDetector.Unit.SENTENCE, 40);

  @Test
  void anyChunkingFindsWhatTheWholeTextFinds() {
    Random random = new Random(42);
    for (int round = 0; round < 300; round++) {
      String text = randomText(random, 1 + random.nextInt(60));
      List<Finding> whole = detector.scan(ScanText.of(text));
      assertThat(streamed(text, random)).as("round %d: %s", round, text).isEqualTo(whole);
    }
  }

  @Test
  void liveFromIsTheStartOfTheUnfinishedSentenceBoundedByTheUnit() {
    assertThat(detector.liveFrom(ScanText.of("First one. Second"))).isEqualTo(10);
    assertThat(detector.liveFrom(ScanText.of("第一句。第二句"))).isEqualTo(4);
    // A terminator at the very end may still be followed by another: the sentence is not finished.
    assertThat(detector.liveFrom(ScanText.of("第一句。第二句。"))).isEqualTo(4);
    assertThat(detector.liveFrom(ScanText.of("pi is 3.14 and"))).isZero();
    String longer = "x".repeat(100);
    assertThat(detector.liveFrom(ScanText.of(longer))).isEqualTo(60);
    assertThat(detector.maxMatchLength()).isEqualTo(40);
  }

  @Test
  void eachSentenceIsJudgedOnItsOwn() {
    List<Finding> f = detector.scan(ScanText.of("甲。乙乙。 丙丙丙"));
    assertThat(f).allMatch(x -> List.of("甲。", "乙乙。", "丙丙丙").contains("甲。乙乙。 丙丙丙".substring(x.start(), x.end())));
  }

  private List<Finding> streamed(String text, Random random) {
    int window = detector.maxMatchLength() + 1;
    List<Finding> kept = new ArrayList<>();
    int released = 0;
    int at = 0;
    while (at < text.length()) {
      at = Math.min(text.length(), at + 1 + random.nextInt(12));
      int context = Math.max(0, released - window);
      String seen = text.substring(context, at);
      int cut = Math.max(released, context + detector.liveFrom(ScanText.of(seen)));
      for (Finding f : detector.scan(ScanText.of(seen))) {
        int start = f.start() + context;
        if (start >= released && start < cut && (f.end() + context <= cut || at == text.length())) {
          kept.add(new Finding(f.ruleId(), f.entity(), start, f.end() + context, f.score(), f.explanation()));
        }
      }
      if (at == text.length()) {
        for (Finding f : detector.scan(ScanText.of(seen))) {
          int start = f.start() + context;
          if (start >= cut) {
            kept.add(new Finding(f.ruleId(), f.entity(), start, f.end() + context, f.score(), f.explanation()));
          }
        }
      }
      released = cut;
    }
    return kept;
  }

  private static String randomText(Random random, int words) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < words; i++) {
      sb.append(WORDS[random.nextInt(WORDS.length)]);
      if (random.nextInt(4) == 0) {
        sb.append(' ');
      }
    }
    return sb.toString();
  }
}
