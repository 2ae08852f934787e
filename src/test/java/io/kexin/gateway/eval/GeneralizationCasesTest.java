package io.kexin.gateway.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.kexin.gateway.inspect.TextScanner;
import io.kexin.gateway.policy.Direction;
import io.kexin.gateway.policy.PolicySet;
import io.kexin.gateway.policy.ShippedPolicies;
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
  private static final Path UNSEEN4 = Path.of("src/test/resources/eval/generalization-unseen4.jsonl");
  private static final Path UNSEEN5 = Path.of("src/test/resources/eval/generalization-unseen5.jsonl");
  private static final Path UNSEEN6 = Path.of("src/test/resources/eval/generalization-unseen6.jsonl");
  private static final Path UNSEEN7 = Path.of("src/test/resources/eval/generalization-unseen7.jsonl");
  private static final Path UNSEEN8 = Path.of("src/test/resources/eval/generalization-unseen8.jsonl");
  private static final Path UNSEEN9 = Path.of("src/test/resources/eval/generalization-unseen9.jsonl");
  private static final Path UNSEEN10 = Path.of("src/test/resources/eval/generalization-unseen10.jsonl");
  private static final Path UNSEEN11 = Path.of("src/test/resources/eval/generalization-unseen11.jsonl");
  private static final Path UNSEEN14 = Path.of("src/test/resources/eval/generalization-unseen14.jsonl");
  private static final Path UNSEEN15 = Path.of("src/test/resources/eval/generalization-unseen15.jsonl");
  private static Evaluator evaluator;

  @BeforeAll
  static void load() {
    PolicySet set = ShippedPolicies.pack();
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
  void casesWrittenBeforeTheFourthRoundKeepItsFiguresAndItsLookAlikes() {
    List<LabelledText> texts = new LabelledTextFile().read(UNSEEN4);
    Report report = evaluator.evaluate(texts, List.of(), 0);
    GroupScores groups = GroupScores.of(evaluator, texts, List.of());

    // First run, before the round's rules: precision 0.962, recall 0.900 (225 / 9 / 25); credentials 56 of 60, 6 of
    // 90 look-alikes flagged. After: 0.983, 0.924 (231 / 4 / 19); credentials 59 of 60, 3 look-alikes (README).
    assertThat(report.micro().precision()).as("unseen 4 precision").isGreaterThanOrEqualTo(0.98);
    assertThat(report.micro().recall()).as("unseen 4 recall").isGreaterThanOrEqualTo(0.92);
    assertThat(score(report, "secret").tp()).as("unseen 4 credentials").isGreaterThanOrEqualTo(59);
    assertThat(score(report, "secret").fp()).as("unseen 4 credential false positives").isZero();
    assertThat(groups.groups()).filteredOn(s -> s.label().startsWith("cred/") && !s.label().equals("cred/generic"))
        .hasSizeGreaterThanOrEqualTo(19).allSatisfy(s -> assertThat(s.fn()).as(s.label() + " misses").isZero());
    for (String family : List.of("pii/phone", "pii/cn-id", "pii/chat", "pii/crm", "pii/dump", "pii/bank-card")) {
      assertThat(groups.groups()).filteredOn(s -> s.label().equals(family)).singleElement()
          .satisfies(s -> assertThat(s.fn() + s.fp()).as(family).isZero());
    }
    // 2 since the sixth round: 内核版本 5.15.0.107 is a version, no IPv4; 0 since the twelfth: a release bot's
    // mailbox and j***@g***.com are no one's address.
    assertThat(groups.groups()).filteredOn(s -> s.label().startsWith("clean")).extracting(Score::fp)
        .as("look-alikes flagged").containsExactlyInAnyOrder(0, 0);
  }

  @Test
  void casesWrittenForTheFourthRoundsFamiliesKeepTheirFigures() {
    List<LabelledText> texts = new LabelledTextFile().read(UNSEEN5);
    Report report = evaluator.evaluate(texts, List.of(), 0);
    GroupScores groups = GroupScores.of(evaluator, texts, List.of());

    // First run: precision 0.948, recall 0.948 (55 / 3 / 3), with name and street rules since dropped for their
    // cost; without them 0.936, 0.759 (44 / 3 / 14); 3 of 34 look-alikes flagged either way (README).
    assertThat(report.micro().precision()).as("unseen 5 precision").isGreaterThanOrEqualTo(0.93);
    assertThat(report.micro().recall()).as("unseen 5 recall").isGreaterThanOrEqualTo(0.75);
    for (String family : List.of("cred/dsn", "cred/login", "pii/phone", "clean/name", "clean/address",
        "clean/zh")) {
      assertThat(groups.groups()).filteredOn(s -> s.label().equals(family)).singleElement()
          .satisfies(s -> assertThat(s.fn() + s.fp()).as(family).isZero());
    }
  }

  @Test
  void casesWrittenBeforeTheFifthRoundKeepTheirFigures() {
    List<LabelledText> texts = new LabelledTextFile().read(UNSEEN6);
    Report report = evaluator.evaluate(texts, List.of(), 0);
    GroupScores groups = GroupScores.of(evaluator, texts, List.of());

    // First run, before the round's rules: precision 0.936, recall 0.774 (147 / 10 / 43); 0.943, 0.775 (148 / 9 /
    // 43) once school/record/6, an address labelled clean by mistake, carries its label; credentials 31 of 44.
    // After: 0.951, 0.911 (174 / 9 / 17); credentials 38 of 44 (README).
    assertThat(report.micro().precision()).as("unseen 6 precision").isGreaterThanOrEqualTo(0.95);
    assertThat(report.micro().recall()).as("unseen 6 recall").isGreaterThanOrEqualTo(0.91);
    assertThat(score(report, "secret").tp()).as("unseen 6 credentials").isGreaterThanOrEqualTo(38);
    for (String family : List.of("pii/addr/eu", "pii/form/field", "pii/fhir", "pii/addr/tw", "legal/contract",
        "sheet/paste", "sql/migration", "cred/k8s")) {
      assertThat(groups.groups()).filteredOn(s -> s.label().equals(family)).singleElement()
          .satisfies(s -> assertThat(s.fn() + s.fp()).as(family).isZero());
    }
  }

  @Test
  void casesWrittenAfterTheFifthRoundsRulesKeepTheirFirstRun() {
    List<LabelledText> texts = new LabelledTextFile().read(UNSEEN7);
    Report report = evaluator.evaluate(texts, List.of(), 0);
    GroupScores groups = GroupScores.of(evaluator, texts, List.of());

    // First run, written for the changed families before running them: precision 0.875, recall 0.875 (42 / 6 / 6),
    // 6 of 36 look-alikes flagged (names in capitals after a field: REQUIRED FIELD, THE COMPANY). After capitals
    // need a middle initial, FHIR names a given after the family, Bot API URLs are read: 0.956, 0.896 (43 / 2 / 5).
    assertThat(report.micro().precision()).as("unseen 7 precision").isGreaterThanOrEqualTo(0.95);
    assertThat(report.micro().recall()).as("unseen 7 recall").isGreaterThanOrEqualTo(0.89);
    for (String family : List.of("name/fhir", "name/zh-hant", "addr/zh-hant", "cred/openrouter", "cred/telegram",
        "clean/addr")) {
      assertThat(groups.groups()).filteredOn(s -> s.label().equals(family)).singleElement()
          .satisfies(s -> assertThat(s.fn() + s.fp()).as(family).isZero());
    }
  }

  @Test
  void casesOfDocumentKindsNoOtherFileUsesKeepTheirFigures() {
    List<LabelledText> texts = new LabelledTextFile().read(UNSEEN8);
    Report report = evaluator.evaluate(texts, List.of(), 0);
    GroupScores groups = GroupScores.of(evaluator, texts, List.of());

    // First run, written and committed before it: precision 0.900, recall 0.887 (180 / 20 / 23). After passports
    // in DOCS lines and after 護照, names in capitals and quoted in logs, 繁體 name cues, version strings, Git remotes
    // and weak passwords: 0.943, 0.985 (200 / 12 / 3); the false positives left are example.com addresses, masked
    // addresses read through markdown, a Message-ID, loopback addresses and "Prepared by: Finance Team" (README).
    assertThat(report.micro().precision()).as("unseen 8 precision").isGreaterThanOrEqualTo(0.94);
    assertThat(report.micro().recall()).as("unseen 8 recall").isGreaterThanOrEqualTo(0.98);
    for (String family : List.of("visa/apply", "caps/field", "log/name", "mixed/hk", "mixed/tw", "docker/env",
        "config/toml", "clean/ci", "clean/docker", "clean/pg", "clean/caps", "clean/log")) {
      assertThat(groups.groups()).filteredOn(s -> s.label().equals(family)).singleElement()
          .satisfies(s -> assertThat(s.fp()).as(family).isZero());
    }
    for (String family : List.of("caps/field", "log/name", "mixed/hk", "mixed/tw", "docker/env", "config/toml",
        "bank/stmt", "payroll", "order/export")) {
      assertThat(groups.groups()).filteredOn(s -> s.label().equals(family)).singleElement()
          .satisfies(s -> assertThat(s.fn()).as(family).isZero());
    }
  }

  @Test
  void casesOfTheSeventhRoundsDocumentKindsKeepTheirFigures() {
    List<LabelledText> texts = new LabelledTextFile().read(UNSEEN9);
    Report report = evaluator.evaluate(texts, List.of(), 0);
    GroupScores groups = GroupScores.of(evaluator, texts, List.of());

    // First run, written and committed before it: precision 0.901, recall 0.847 (183 / 20 / 33); credentials 36 of
    // 41, 10 look-alike IPs (loopback, 0.0.0.0, public resolvers, version chains), 2 message ids. After: 0.966, 0.917
    // (198 / 7 / 18); credentials 41 of 41. Left: test card numbers, a docs address, "Prepared by: Finance Team",
    // 张三（示例）, service numbers and a meeting id read as phones; names with no cue, HK/Macau addresses (README).
    assertThat(report.micro().precision()).as("unseen 9 precision").isGreaterThanOrEqualTo(0.96);
    assertThat(report.micro().recall()).as("unseen 9 recall").isGreaterThanOrEqualTo(0.91);
    assertThat(score(report, "secret").fn()).as("unseen 9 credentials missed").isZero();
    assertThat(score(report, "secret").fp()).as("unseen 9 credential false positives").isZero();
    assertThat(score(report, "pii:IP_ADDRESS").fp()).as("unseen 9 look-alike IPs").isZero();
    for (String family : List.of("clean/ansible", "clean/config", "clean/issue", "clean/har", "clean/ticket",
        "clean/logcat", "clean/alert", "clean/sentry", "clean/social", "clean/tax", "clean/air")) {
      assertThat(groups.groups()).filteredOn(s -> s.label().equals(family)).singleElement()
          .satisfies(s -> assertThat(s.fp()).as(family).isZero());
    }
    for (String family : List.of("cred/new", "redis/monitor", "telecom/bill", "lease/tw", "ticket/cn", "ticket/tw",
        "tax/w2", "air/eticket", "open/docs", "open/mysql", "social/gjj", "med/discharge")) {
      assertThat(groups.groups()).filteredOn(s -> s.label().equals(family)).singleElement()
          .satisfies(s -> assertThat(s.fn()).as(family).isZero());
    }
  }

  @Test
  void casesOfTheEighthRoundsDocumentKindsKeepTheirFigures() {
    List<LabelledText> texts = new LabelledTextFile().read(UNSEEN10);
    Report report = evaluator.evaluate(texts, List.of(), 0);
    GroupScores groups = GroupScores.of(evaluator, texts, List.of());

    // First run, written and committed before it: precision 0.889, recall 0.811 (184 / 23 / 43); credentials 36 of
    // 37; 17 of 82 look-alikes flagged (test cards, docs addresses, service numbers, a CIDR network, John Doe, 王叔).
    // After: 0.967, 0.894 (203 / 7 / 24), 6 look-alikes flagged. Left: fixture addresses at example.com, the ISO
    // example IBAN, names no cue announces, letter-spaced OCR, QQ numbers in an export (README).
    assertThat(report.micro().precision()).as("unseen 10 precision").isGreaterThanOrEqualTo(0.96);
    assertThat(report.micro().recall()).as("unseen 10 recall").isGreaterThanOrEqualTo(0.89);
    assertThat(score(report, "secret").fn()).as("unseen 10 credentials missed").isZero();
    assertThat(score(report, "secret").fp()).as("unseen 10 credential false positives").isZero();
    assertThat(score(report, "pii:CREDIT_CARD").fp()).as("unseen 10 test cards").isZero();
    assertThat(score(report, "pii:IP_ADDRESS").fp()).as("unseen 10 networks").isZero();
    for (String family : List.of("pay/test", "court/cn", "court/tw", "court/en", "svc/phone", "docs/email",
        "chat/wechat", "tf/state")) {
      assertThat(groups.groups()).filteredOn(s -> s.label().equals(family)).singleElement()
          .satisfies(s -> assertThat(s.fp()).as(family).isLessThanOrEqualTo(family.equals("tf/state") ? 1 : 0));
    }
    for (String family : List.of("addr/hk", "addr/mo", "addr/sg", "npmrc", "vehicle/tw", "hr/onboard",
        "customs/hk", "claim/cn", "csv/export", "sql/dump")) {
      assertThat(groups.groups()).filteredOn(s -> s.label().equals(family)).singleElement()
          .satisfies(s -> assertThat(s.fn()).as(family).isZero());
    }
  }

  @Test
  void casesOfTheNinthRoundKeepTheirFiguresAndTheKnownMissesStayFixed() {
    List<LabelledText> texts = new LabelledTextFile().read(UNSEEN11);
    Report report = evaluator.evaluate(texts, List.of(), 0);
    GroupScores groups = GroupScores.of(evaluator, texts, List.of());

    // First run, written and committed before it: precision 0.879, recall 0.813 (182 / 25 / 42); credentials 28 of
    // 31; 19 of 102 look-alikes flagged (the demo mobile 13800138000, fixture addresses at example.com, AWB numbers,
    // the ISO example IBAN, Stripe's documentation key). After: 0.955, 0.955 (214 / 10 / 10), 8 look-alikes flagged.
    assertThat(report.micro().precision()).as("unseen 11 precision").isGreaterThanOrEqualTo(0.95);
    assertThat(report.micro().recall()).as("unseen 11 recall").isGreaterThanOrEqualTo(0.95);
    assertThat(score(report, "pii:QQ_NUMBER").fn()).as("unseen 11 QQ numbers in exports").isZero();
    assertThat(score(report, "pii:IBAN").fp()).as("unseen 11 ISO example IBAN").isZero();
    for (String family : List.of("clean/sample", "clean/iban", "clean/awb", "clean/express", "clean/cv", "clean/webhook",
        "clean/dotenv", "clean/props", "clean/qqnick", "clean/name", "clean/mt103")) {
      assertThat(groups.groups()).filteredOn(s -> s.label().equals(family)).singleElement()
          .satisfies(s -> assertThat(s.fp()).as(family).isLessThanOrEqualTo(family.equals("clean/cv") ? 1 : 0));
    }
    for (String family : List.of("qqnick", "imexport/qq", "nocue/mt103", "nocue/lastfirst", "webhook/discord",
        "webhook/teams", "police/cn", "police/tw", "realty/cn", "telco/cn", "rx/tw", "cv/tw")) {
      assertThat(groups.groups()).filteredOn(s -> s.label().equals(family)).singleElement()
          .satisfies(s -> assertThat(s.fn()).as(family).isZero());
    }
  }

  @Test
  void casesOfTheTwelfthRoundKeepTheirFiguresAndTheKnownMissesStayFixed() {
    List<LabelledText> texts = new LabelledTextFile().read(UNSEEN14);
    Report report = evaluator.evaluate(texts, List.of(), 0);
    GroupScores groups = GroupScores.of(evaluator, texts, List.of());

    // First run, written and committed before it: precision 0.942, recall 0.870 (180 / 11 / 27); credentials 21 of
    // 28; 10 of 98 look-alikes flagged. After: 0.969, 0.903 (187 / 6 / 20), credentials 24 of 28, 6 look-alikes.
    assertThat(report.micro().precision()).as("unseen 14 precision").isGreaterThanOrEqualTo(0.96);
    assertThat(report.micro().recall()).as("unseen 14 recall").isGreaterThanOrEqualTo(0.90);
    assertThat(score(report, "secret").tp()).as("unseen 14 credentials").isGreaterThanOrEqualTo(24);
    for (String family : List.of("clean2/plate", "clean2/email", "clean2/ip", "clean2/git", "clean2/name")) {
      assertThat(groups.groups()).filteredOn(s -> s.label().equals(family)).singleElement()
          .satisfies(s -> assertThat(s.fp()).as(family).isZero());
    }
    for (String family : List.of("chat2/discord", "git2/diff", "har2", "crm2/hs", "bank2/cn", "ins2/cn", "usc2/cn")) {
      assertThat(groups.groups()).filteredOn(s -> s.label().equals(family)).singleElement()
          .satisfies(s -> assertThat(s.fn()).as(family).isZero());
    }
  }

  @Test
  void casesOfTheThirteenthRoundKeepTheirFiguresAndTheKnownMissesStayFixed() {
    List<LabelledText> texts = new LabelledTextFile().read(UNSEEN15);
    Report report = evaluator.evaluate(texts, List.of(), 0);
    GroupScores groups = GroupScores.of(evaluator, texts, List.of());

    // First run, written and committed before it: precision 0.888, recall 0.786 (191 / 24 / 52); credentials 26 of
    // 29; 13 of 113 look-alikes flagged. Six labels corrected after it (base 0.916 / 0.801). After: 0.947, 0.939
    // (231 / 13 / 15), credentials 28 of 29, 9 look-alikes.
    assertThat(report.micro().precision()).as("unseen 15 precision").isGreaterThanOrEqualTo(0.94);
    assertThat(report.micro().recall()).as("unseen 15 recall").isGreaterThanOrEqualTo(0.93);
    assertThat(score(report, "secret").tp()).as("unseen 15 credentials").isGreaterThanOrEqualTo(28);
    assertThat(score(report, "pii:CN_ADDRESS").fn()).as("unseen 15 addresses with spaced numbers").isZero();
    for (String family : List.of("clean3/key", "clean3/code", "clean3/ssh", "clean3/isbn", "clean3/hash", "clean3/uuid",
        "known3/en")) {
      assertThat(groups.groups()).filteredOn(s -> s.label().equals(family)).singleElement()
          .satisfies(s -> assertThat(s.fp()).as(family).isZero());
    }
    for (String family : List.of("rent3/cn", "ship3/cn", "shop3/tb", "code3/twilio", "code3/mailgun", "known3/en")) {
      assertThat(groups.groups()).filteredOn(s -> s.label().equals(family)).singleElement()
          .satisfies(s -> assertThat(s.fn()).as(family).isZero());
    }
  }

  private static Score score(Report report, String label) {
    return report.scores().stream().filter(s -> s.label().equals(label)).findFirst().orElseThrow();
  }

  @Test
  void groupIsTheIdUpToItsLastSlash() {
    assertThat(GroupScores.group("cred/aliyun/3")).isEqualTo("cred/aliyun");
    assertThat(GroupScores.group("plain")).isEqualTo("plain");
  }
}
