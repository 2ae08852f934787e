package io.kexin.gateway.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.kexin.gateway.inspect.TextScanner;
import io.kexin.gateway.policy.Direction;
import io.kexin.gateway.policy.PolicyLoader;
import io.kexin.gateway.policy.PolicySet;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scores the shipped pack on the project's own labelled cases (src/test/resources/eval): every credential provider
 * the pack claims, every personal-data family, the evasions and clean look-alikes, Chinese and English. Each group
 * must keep its recall and every clean group must stay clean.
 */
class GeneralizationCasesTest {
  private static final Path CASES = Path.of("src/test/resources/eval/generalization.jsonl");
  private static final Path HOLDOUT = Path.of("src/test/resources/eval/generalization-holdout.jsonl");
  private static final Path UNSEEN = Path.of("src/test/resources/eval/generalization-unseen.jsonl");
  private static final Path UNSEEN2 = Path.of("src/test/resources/eval/generalization-unseen2.jsonl");
  private static final Path UNSEEN3 = Path.of("src/test/resources/eval/generalization-unseen3.jsonl");
  private static Evaluator evaluator;

  @BeforeAll
  static void load() {
    PolicySet set = new PolicyLoader().load(Path.of("policies"));
    evaluator = new Evaluator(new TextScanner(() -> set), Direction.REQUEST, null);
  }

  @Test
  void everyProviderAndFamilyIsFoundAndNothingCleanIs() {
    List<LabelledText> texts = new LabelledTextFile().read(CASES);
    GroupScores groups = GroupScores.of(evaluator, texts, List.of());

    assertThat(groups.groups()).hasSizeGreaterThanOrEqualTo(50);
    assertThat(groups.groups()).allSatisfy(s -> {
      assertThat(s.fp()).as(s.label() + " false positives").isZero();
      assertThat(s.fn()).as(s.label() + " misses").isZero();
    });
    assertThat(groups.groups()).filteredOn(s -> s.label().startsWith("cred/")).extracting(Score::label)
        .contains("cred/aliyun", "cred/tencent", "cred/huawei", "cred/baidu", "cred/volcengine", "cred/aws",
            "cred/gcp", "cred/azure", "cred/openai", "cred/anthropic", "cred/deepseek", "cred/moonshot",
            "cred/zhipu", "cred/dashscope", "cred/baichuan", "cred/minimax", "cred/siliconflow", "cred/github",
            "cred/gitlab", "cred/gitee", "cred/npm", "cred/pypi", "cred/dockerhub", "cred/slack", "cred/feishu",
            "cred/dingtalk", "cred/wecom", "cred/stripe", "cred/twilio", "cred/sendgrid", "cred/jwt");
  }

  @Test
  void casesWrittenAfterTheRulesStayWithinFivePointsAndClean() {
    Report report = evaluator.evaluate(new LabelledTextFile().read(HOLDOUT), List.of(), 0);

    assertThat(report.micro().recall()).as("held-out recall").isGreaterThanOrEqualTo(0.95);
    assertThat(report.micro().precision()).as("held-out precision").isGreaterThanOrEqualTo(0.95);
  }

  @Test
  void casesWrittenBeforeTheGroupedKeyRulesStayWithinFivePointsAndTheirCleanTextsClean() {
    List<LabelledText> texts = new LabelledTextFile().read(UNSEEN);
    Report report = evaluator.evaluate(texts, List.of(), 0);
    GroupScores groups = GroupScores.of(evaluator, texts, List.of());

    assertThat(report.micro().recall()).as("unseen recall").isGreaterThanOrEqualTo(0.95);
    assertThat(report.micro().precision()).as("unseen precision").isGreaterThanOrEqualTo(0.95);
    assertThat(groups.groups()).filteredOn(s -> s.label().startsWith("clean"))
        .allSatisfy(s -> assertThat(s.fp()).as(s.label()).isZero());
  }

  @Test
  void casesWrittenBeforeTheCountyTableAndUnequalGroupsKeepEveryIdAndTheirCleanTextsClean() {
    List<LabelledText> texts = new LabelledTextFile().read(UNSEEN2);
    Report report = evaluator.evaluate(texts, List.of(), 0);
    GroupScores groups = GroupScores.of(evaluator, texts, List.of());

    // First run, before the GB/T 2260 table and unequal groups: precision 0.774, recall 0.750 (README).
    assertThat(report.micro().precision()).as("unseen 2 precision").isEqualTo(1.0);
    assertThat(report.micro().recall()).as("unseen 2 recall").isGreaterThanOrEqualTo(0.93);
    assertThat(groups.groups()).filteredOn(s -> s.label().startsWith("id/"))
        .hasSize(3).allSatisfy(s -> assertThat(s.fn()).as(s.label()).isZero());
    assertThat(groups.groups()).filteredOn(s -> s.label().startsWith("clean"))
        .hasSize(3).allSatisfy(s -> assertThat(s.fp()).as(s.label()).isZero());
  }

  @Test
  void casesWrittenBeforeTheThirdRoundFindEveryCredentialAndKeepTheirLookAlikesClean() {
    List<LabelledText> texts = new LabelledTextFile().read(UNSEEN3);
    Report report = evaluator.evaluate(texts, List.of(), 0);
    GroupScores groups = GroupScores.of(evaluator, texts, List.of());

    // First run, before the round's rules: precision 0.988, recall 0.923; credentials 87 of 95 (README).
    assertThat(report.micro().precision()).as("unseen 3 precision").isGreaterThanOrEqualTo(0.99);
    assertThat(report.micro().recall()).as("unseen 3 recall").isGreaterThanOrEqualTo(0.98);
    assertThat(groups.groups()).filteredOn(s -> s.label().startsWith("cred/"))
        .hasSizeGreaterThanOrEqualTo(36).allSatisfy(s -> {
          assertThat(s.fn()).as(s.label() + " misses").isZero();
          assertThat(s.fp()).as(s.label() + " false positives").isZero();
        });
    assertThat(groups.groups()).filteredOn(s -> s.label().startsWith("pii/") && !s.label().equals("pii/phone-intl"))
        .hasSizeGreaterThanOrEqualTo(10).allSatisfy(s -> assertThat(s.fn()).as(s.label() + " misses").isZero());
    assertThat(groups.groups()).filteredOn(s -> s.label().startsWith("clean"))
        .hasSize(2).allSatisfy(s -> assertThat(s.fp()).as(s.label()).isZero());
  }

  @Test
  void groupIsTheIdUpToItsLastSlash() {
    assertThat(GroupScores.group("cred/aliyun/3")).isEqualTo("cred/aliyun");
    assertThat(GroupScores.group("plain")).isEqualTo("plain");
  }
}
