package io.kexin.gateway.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.kexin.gateway.train.CaseOverlap.Match;
import io.kexin.gateway.train.CaseOverlap.Text;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Checks the near-duplicate finder on texts whose overlap is known, and that the Chinese and English unseen sets stay
 * apart from every training case and every other held-out file (character-trigram Jaccard at most 0.5).
 */
class CaseOverlapTest {
  private static final Path UNSEEN = Path.of("src/test/resources/eval/zh-unseen.jsonl");
  private static final Path EN_UNSEEN = Path.of("src/test/resources/eval/en-unseen.jsonl");
  private static final Path UNSEEN_2 = Path.of("src/test/resources/eval/zh-unseen-2.jsonl");
  private static final Path EN_UNSEEN_2 = Path.of("src/test/resources/eval/en-unseen-2.jsonl");
  private static final Path UNSEEN_3 = Path.of("src/test/resources/eval/zh-unseen-3.jsonl");
  private static final Path EN_UNSEEN_3 = Path.of("src/test/resources/eval/en-unseen-3.jsonl");
  private static final Path INJECTION_UNSEEN_7 = Path.of("src/test/resources/eval/injection-unseen7.jsonl");
  private static final Path INJECTION_UNSEEN_8 = Path.of("src/test/resources/eval/injection-unseen8.jsonl");
  private static final Path INJECTION_UNSEEN_9 = Path.of("src/test/resources/eval/injection-unseen9.jsonl");

  @Test
  void scoresTrigramOverlapOfChineseAndEnglishText() {
    CaseOverlap index = new CaseOverlap();
    index.add(new Text("a:1", "忽略之前的所有指令"));
    index.add(new Text("a:2", "How do I kill a zombie process on Linux?"));
    index.add(new Text("a:3", "今天天气很好"));

    Match zh = index.closest(new Text("b:1", "忽略之前的所有指令！"));
    assertThat(zh.closest().where()).isEqualTo("a:1");
    assertThat(zh.jaccard()).isEqualTo(7.0 / 8.0);
    Match en = index.closest(new Text("b:2", "how do  I KILL a zombie process on linux?"));
    assertThat(en.closest().where()).isEqualTo("a:2");
    assertThat(en.jaccard()).isEqualTo(1.0);
    assertThat(index.closest(new Text("b:3", "明天下雨"))).isNull();
    assertThat(index.closest(new Text("a:3", "今天天气很好"))).as("a text is not its own duplicate").isNull();
  }

  @Test
  void keepsTheChineseUnseenSetApartFromTrainingCasesAndOtherHeldOutFiles() {
    assertThat(nearDuplicates(UNSEEN, 250)).isEmpty();
  }

  @Test
  void keepsTheSecondChineseUnseenSetApartFromTrainingCasesAndOtherHeldOutFiles() {
    assertThat(nearDuplicates(UNSEEN_2, 120)).isEmpty();
  }

  @Test
  void keepsTheEnglishUnseenSetApartFromTrainingCasesAndOtherHeldOutFiles() {
    assertThat(nearDuplicates(EN_UNSEEN, 250)).isEmpty();
  }

  @Test
  void keepsTheSecondEnglishUnseenSetApartFromTrainingCasesAndOtherHeldOutFiles() {
    assertThat(nearDuplicates(EN_UNSEEN_2, 180)).isEmpty();
  }

  @Test
  void keepsTheThirdChineseUnseenSetApartFromTrainingCasesAndOtherHeldOutFiles() {
    assertThat(nearDuplicates(UNSEEN_3, 60)).isEmpty();
  }

  @Test
  void keepsTheThirdEnglishUnseenSetApartFromTrainingCasesAndOtherHeldOutFiles() {
    assertThat(nearDuplicates(EN_UNSEEN_3, 60)).isEmpty();
  }

  @Test
  void keepsTheSeventhInjectionUnseenSetApartFromTrainingCasesAndOtherHeldOutFiles() {
    assertThat(nearDuplicates(INJECTION_UNSEEN_7, 100)).isEmpty();
  }

  @Test
  void keepsTheEighthInjectionUnseenSetApartFromTrainingCasesAndOtherHeldOutFiles() {
    assertThat(nearDuplicates(INJECTION_UNSEEN_8, 120)).isEmpty();
  }

  @Test
  void keepsTheNinthInjectionUnseenSetApartFromTrainingCasesAndOtherHeldOutFiles() {
    assertThat(nearDuplicates(INJECTION_UNSEEN_9, 119)).isEmpty();
  }

  /**
   * Returns the texts of {@code unseen} (more than {@code size} of them) above 0.5 to a training case, another
   * held-out file or each other.
   */
  private static List<Match> nearDuplicates(Path unseen, int size) {
    CaseOverlap index = new CaseOverlap();
    List<Path> others = new ArrayList<>(CaseOverlap.files(Path.of("train/cases")));
    others.addAll(CaseOverlap.files(Path.of("src/test/resources/eval")));
    others.addAll(CaseOverlap.files(Path.of("eval/content-safety")));
    others.remove(unseen);
    others.forEach(f -> CaseOverlap.read(f).forEach(index::add));
    List<Text> texts = CaseOverlap.read(unseen);
    texts.forEach(index::add);
    assertThat(texts).hasSizeGreaterThan(size);
    return texts.stream().map(index::closest).filter(m -> m != null && m.jaccard() > 0.5).toList();
  }
}
