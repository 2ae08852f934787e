package io.kexin.gateway.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks the converters on tiny inputs in each source format, and once on the shared data when it is there. */
class DatasetConverterTest {
  private static final Path SHARED = Path.of("../shared/data");

  @TempDir
  Path dir;

  private final DatasetConverter converter = new DatasetConverter();

  private Map<String, List<String>> convert(String set, Map<String, String> files) throws IOException {
    Path setDir = Files.createDirectories(dir.resolve("data").resolve(set));
    for (Map.Entry<String, String> f : files.entrySet()) {
      Files.writeString(setDir.resolve(f.getKey()), f.getValue());
    }
    DatasetConverter.Converted c = converter.convert(set, dir.resolve("data"), dir.resolve("out"));
    assertThat(c.file()).isEqualTo(dir.resolve("out").resolve(set + ".jsonl"));
    List<LabelledText> reread = new LabelledTextFile().read(c.file());
    assertThat(reread).isEqualTo(c.texts());
    return reread.stream().collect(Collectors.toMap(LabelledText::id, LabelledText::labels));
  }

  @Test
  void convertsZhPiiFixtures() throws IOException {
    Map<String, List<String>> labels = convert("zh-pii-fixtures", Map.of(
        "neednlab_texts.jsonl", """
            {"text": "我的手机号是13812345678", "entity_type": "CN_PHONE_NUMBER", "expected_count": 1, "label": 1}
            {"text": "这是普通文本没有身份证", "entity_type": "CN_ID_CARD", "expected_count": 0, "label": 0}
            {"text": "两个银行卡 4111111111111111 和 6222 0000 0000 0000", "entity_type": "CN_BANK_CARD", "label": 1}
            {"text": "统一社会信用代码91310000552936878J", "entity_type": "CN_BANK_CARD", "expected_count": 0, "label": 0}
            {"text": "编号A4111111111111111", "entity_type": "CN_BANK_CARD", "expected_count": 0, "label": 0}
            """,
        "neednlab_values.jsonl", """
            {"value": "5500000000000004", "entity_type": "CN_BANK_CARD", "valid": true}
            {"value": "test@example..com", "entity_type": "CN_EMAIL", "valid": false}
            {"value": "E12345678", "entity_type": "CN_PASSPORT", "valid": true}
            """,
        "stdnum_cn_values.jsonl", """
            {"value": "360426199101010071", "entity_type": "CN_RIC_ID_CARD", "valid": true, "reason": "ok"}
            {"value": "91110000600037341L", "entity_type": "CN_USCC", "valid": true, "reason": "ok"}
            {"value": "36042619910102009X", "entity_type": "CN_RIC_ID_CARD", "valid": false, "reason": "InvalidChecksum"}
            """));

    assertThat(labels).hasSize(11).containsAllEntriesOf(Map.of(
        "neednlab_texts.jsonl:1/CN_PHONE_NUMBER", List.of("pii:PHONE_CN"),
        "neednlab_texts.jsonl:2/CN_ID_CARD", List.of(),
        "neednlab_texts.jsonl:3/CN_BANK_CARD", List.of("pii:BANK_CARD", "pii:CREDIT_CARD"),
        "neednlab_texts.jsonl:4/CN_BANK_CARD", List.of("pii:CN_USCC"),
        "neednlab_texts.jsonl:5/CN_BANK_CARD", List.of(),
        "neednlab_values.jsonl:1/CN_BANK_CARD/valid", List.of("pii:CREDIT_CARD"),
        "neednlab_values.jsonl:2/CN_EMAIL/invalid", List.of(),
        "neednlab_values.jsonl:3/CN_PASSPORT/valid", List.of("pii:CN_PASSPORT"),
        "stdnum_cn_values.jsonl:1/CN_RIC_ID_CARD/valid", List.of("pii:CN_ID_CARD"),
        "stdnum_cn_values.jsonl:2/CN_USCC/valid", List.of("pii:CN_USCC")));
    assertThat(labels).containsEntry("stdnum_cn_values.jsonl:3/CN_RIC_ID_CARD/invalid", List.of());
  }

  @Test
  void rejectsAnUnknownEntityTypeWithFileAndLine() throws IOException {
    Path set = Files.createDirectories(dir.resolve("data/zh-pii-fixtures"));
    Files.writeString(set.resolve("neednlab_texts.jsonl"),
        "\n{\"text\": \"x\", \"entity_type\": \"CN_CAR_PLATE\", \"label\": 1}\n");

    assertThatThrownBy(() -> converter.convert("zh-pii-fixtures", dir.resolve("data"), dir.resolve("out")))
        .isInstanceOf(DatasetException.class)
        .hasMessageStartingWith(set.resolve("neednlab_texts.jsonl") + ":2: entity_type: CN_CAR_PLATE (expected:");
  }

  @Test
  void convertsPresidioSpans() throws IOException {
    Map<String, List<String>> labels = convert("presidio-research", Map.of("synth_dataset_v2.json", """
        [
          {"full_text": "Mail a@b.com or call 555-0100", "template_id": 7, "spans": [
            {"entity_type": "EMAIL_ADDRESS", "entity_value": "a@b.com", "start_position": 5, "end_position": 12},
            {"entity_type": "PHONE_NUMBER", "entity_value": "555-0100", "start_position": 21, "end_position": 29}]},
          {"full_text": "Cards 4111 1111 1111 1111 and 5018-0000-0000-0009", "template_id": 8, "spans": [
            {"entity_type": "CREDIT_CARD", "entity_value": "4111 1111 1111 1111"},
            {"entity_type": "CREDIT_CARD", "entity_value": "5018-0000-0000-0009"}]},
          {"full_text": "IBAN GB56HXDO88167774656119, SSN 460-89-9847, IP 10.0.0.1", "spans": [
            {"entity_type": "IBAN_CODE"}, {"entity_type": "US_SSN"}, {"entity_type": "IP_ADDRESS"}]},
          {"full_text": "Ann lives at 1 Main St", "template_id": 9, "spans": [
            {"entity_type": "PERSON"}, {"entity_type": "STREET_ADDRESS"}]},
          {"full_text": "What are my options?", "spans": []}
        ]
        """));

    assertThat(labels).containsExactlyInAnyOrderEntriesOf(Map.of(
        "synth_dataset_v2.json#0/template-7", List.of("pii:EMAIL", "pii:PHONE"),
        "synth_dataset_v2.json#1/template-8", List.of("pii:BANK_CARD", "pii:CREDIT_CARD"),
        "synth_dataset_v2.json#2", List.of("pii:IBAN", "pii:IP_ADDRESS", "pii:US_SSN"),
        "synth_dataset_v2.json#3/template-9", List.of("pii:PERSON", "pii:STREET_ADDRESS"),
        "synth_dataset_v2.json#4", List.of()));
  }

  @Test
  void convertsWeiboNerNamedPersonsOnly() throws IOException {
    Map<String, List<String>> labels = convert("weibo-ner", Map.of(
        "weiboNER_2nd_train.jsonl", """
            {"id": "train-0", "text": "许坚你始终都是", "spans": [{"entity_type": "PER.NAM", "start": 0, "end": 2}]}

            {"id": "train-1", "text": "老百姓话说新乡天气", "spans": [{"entity_type": "PER.NOM", "start": 0, "end": 3}, {"entity_type": "GPE.NAM", "start": 5, "end": 7}]}
            """,
        "weiboNER_2nd_dev.jsonl", """
            {"id": "dev-0", "text": "总要相信付出会有回报。", "spans": []}
            """));

    assertThat(labels).containsExactlyInAnyOrderEntriesOf(Map.of(
        "weiboNER_2nd_train.jsonl:1", List.of("pii:PERSON"),
        "weiboNER_2nd_train.jsonl:3", List.of(),
        "weiboNER_2nd_dev.jsonl:1", List.of()));
  }

  @Test
  void convertsGitleaksCasesKeepingTheRuleId() throws IOException {
    Map<String, List<String>> labels = convert("gitleaks-rule-cases", Map.of("cases.jsonl", """
        {"rule_id": "aws-access-token", "label": 1, "text": "key = AKIAQYLPMN5HHHFPZAM2", "tp_for_other_rules": []}
        {"rule_id": "aws-access-token", "label": 0, "text": "key = AKIAIOSFODNN7EXAMPLE", "tp_for_other_rules": []}
        {"rule_id": "anthropic-admin-api-key", "label": 0, "text": "sk-ant-api03-x", "tp_for_other_rules": ["anthropic-api-key"]}
        {"rule_id": "x", "label": 1, "text": "filler so that the reviewed row sits on line 15"}
        {"rule_id": "x", "label": 1, "text": "5"}
        {"rule_id": "x", "label": 1, "text": "6"}
        {"rule_id": "x", "label": 1, "text": "7"}
        {"rule_id": "x", "label": 1, "text": "8"}
        {"rule_id": "x", "label": 1, "text": "9"}
        {"rule_id": "x", "label": 1, "text": "10"}
        {"rule_id": "x", "label": 1, "text": "11"}
        {"rule_id": "x", "label": 1, "text": "12"}
        {"rule_id": "x", "label": 1, "text": "13"}
        {"rule_id": "x", "label": 1, "text": "14"}
        {"rule_id": "anthropic-api-key", "label": 0, "text": "sk-ant-admin01-...AA", "tp_for_other_rules": []}
        """));

    assertThat(labels).containsAllEntriesOf(Map.of(
        "aws-access-token/tp/L1", List.of("secret"),
        "aws-access-token/fp/L2", List.of(),
        "anthropic-admin-api-key/fp/L3", List.of("secret"),
        "anthropic-api-key/fp/L15", List.of("secret")));
    assertThat(GitleaksCases.REVIEWED).containsKey("anthropic-api-key/fp/L15");
  }

  @Test
  void convertsOnlyTheSupportedGitleaksRulesIntoTheirOwnSet() throws IOException {
    Path setDir = Files.createDirectories(dir.resolve("data").resolve("gitleaks-rule-cases"));
    Files.writeString(setDir.resolve("cases.jsonl"), """
        {"rule_id": "aws-access-token", "label": 1, "text": "key = AKIAQYLPMN5HHHFPZAM2", "tp_for_other_rules": []}
        {"rule_id": "aws-access-token", "label": 0, "text": "key = AKIAIOSFODNN7EXAMPLE", "tp_for_other_rules": []}
        {"rule_id": "adafruit-api-key", "label": 1, "text": "adafruit_key = abcdefghijklmnopqrstuvwxyz012345"}
        """);

    DatasetConverter.Converted c = converter.convert("gitleaks-supported", dir.resolve("data"), dir.resolve("out"));

    assertThat(c.file()).isEqualTo(dir.resolve("out").resolve("gitleaks-supported.jsonl"));
    assertThat(new LabelledTextFile().read(c.file())).extracting(LabelledText::id)
        .containsExactly("aws-access-token/tp/L1", "aws-access-token/fp/L2");
    assertThat(converter.folder("gitleaks-supported")).isEqualTo("gitleaks-rule-cases");
  }

  @Test
  void saysWhichSetFolderIsMissing() {
    assertThatThrownBy(() -> converter.convert("presidio-research", dir, dir.resolve("out")))
        .isInstanceOf(DatasetException.class).hasMessageContaining("presidio-research: not found");
  }

  @Test
  void convertsTheSharedDataWhenPresent() {
    Assumptions.assumeTrue(Files.isDirectory(SHARED), "skipped: no shared data at "
        + SHARED.toAbsolutePath().normalize() + " (the converter is covered by the synthetic tests above)");
    for (String set : converter.sets()) {
      DatasetConverter.Converted c = converter.convert(set, SHARED, dir.resolve("out"));
      assertThat(c.texts()).as(set).isNotEmpty();
      if (set.startsWith("cs-")) {
        // Content-safety sets are all positives, all benign, or both; their labels are the risk classes.
        assertThat(c.labelCounts().keySet()).as(set)
            .isSubsetOf("injection", "jailbreak", "harmful-request", "offensive");
        continue;
      }
      assertThat(c.labelCounts()).as(set).isNotEmpty();
      assertThat(c.unlabelled()).as(set).isPositive();
    }
  }
}
