package io.kexin.gateway.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kexin.gateway.inspect.TextScanner;
import io.kexin.gateway.policy.Direction;
import io.kexin.gateway.policy.PolicyLoader;
import io.kexin.gateway.policy.PolicySet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks the evaluator's counts, ratios, label universe and masked misses on a hand-written set. */
class EvaluatorTest {
  private static final String POLICY = """
      apiVersion: kexin.io/v1
      kind: Policy
      metadata:
        name: eval-test
      mode: enforce
      rules:
        - id: pii.email
          detector:
            regex:
              pattern: '[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\\.[A-Za-z0-9-]{1,63}){0,8}\\.[A-Za-z]{2,24}'
          action: redact
          entity: EMAIL
        - id: secret.test-token
          detector:
            regex:
              pattern: 'tok_[A-Za-z0-9]{12}'
          action: block
          entity: SECRET
        - id: keyword.codename
          detector:
            keyword:
              terms: [phoenix]
          action: redact
          entity: CODENAME
      """;

  // email: TP en-1 zh-1 en-5; FP zh-3; FN zh-2            -> P 3/4, R 3/4
  // secret: TP en-2 zh-3; FP zh-4; FN en-4                 -> P 2/3, R 2/3
  // keyword:CODENAME is predicted for en-6 but is no gold label, so it is not scored
  private static final String DATA = """
      {"id": "en-1", "text": "mail bob@example.com now", "labels": ["pii:EMAIL"]}
      {"id": "zh-1", "text": "请联系 li.na@corp.example.cn 谢谢", "labels": ["pii:EMAIL"]}
      {"id": "zh-2", "text": "邮箱是 zhang 在 example 点 com，身份证 110101199003077475", "labels": ["pii:EMAIL"]}
      {"id": "en-2", "text": "token tok_AbC123dEf456 here", "labels": ["secret"]}
      {"id": "zh-3", "text": "令牌 tok_9f8e7d6c5b4a 已泄露，联系 a@b.io", "labels": ["secret"]}

      {"id": "en-3", "text": "order 1234567890 for tok_ value", "labels": []}
      {"id": "zh-4", "text": "示例令牌 tok_EXAMPLE00000 不是真的", "labels": []}
      {"id": "en-4", "text": "key sk-live-9999 and card 4111 1111 1111 1111, SSN 460-89-9847", "labels": ["secret"]}
      {"id": "en-5", "text": "cc: carol.w@example.org, ID 110101199003077475", "labels": ["pii:EMAIL"]}
      {"id": 6, "text": "project phoenix", "labels": []}
      """;

  @TempDir
  Path dir;

  private Evaluator evaluator;
  private List<LabelledText> texts;

  @BeforeEach
  void setUp() throws IOException {
    Path policies = Files.createDirectories(dir.resolve("policies"));
    Files.writeString(policies.resolve("test.yaml"), POLICY);
    PolicySet set = new PolicyLoader().load(policies);
    evaluator = new Evaluator(new TextScanner(() -> set), Direction.REQUEST, null);
    Path data = dir.resolve("data.jsonl");
    Files.writeString(data, DATA);
    texts = new LabelledTextFile().read(data);
  }

  @Test
  void countsEachLabelAtTextLevel() {
    Report r = evaluator.evaluate(texts, List.of(), 5);

    assertThat(r.texts()).isEqualTo(10);
    assertThat(r.scores()).extracting(Score::label).containsExactly("pii:EMAIL", "secret");
    Score email = r.scores().get(0);
    assertThat(List.of(email.tp(), email.fp(), email.fn(), email.support())).containsExactly(3, 1, 1, 4);
    assertThat(email.precision()).isCloseTo(0.75, within(1e-9));
    assertThat(email.recall()).isCloseTo(0.75, within(1e-9));
    assertThat(email.f1()).isCloseTo(0.75, within(1e-9));
    Score secret = r.scores().get(1);
    assertThat(List.of(secret.tp(), secret.fp(), secret.fn(), secret.support())).containsExactly(2, 1, 1, 3);
    assertThat(secret.precision()).isCloseTo(2.0 / 3, within(1e-9));
    assertThat(secret.recall()).isCloseTo(2.0 / 3, within(1e-9));
    assertThat(List.of(r.micro().tp(), r.micro().fp(), r.micro().fn())).containsExactly(5, 2, 2);
  }

  @Test
  void listsMissesWithExpectedAndPredictedLabels() {
    Report r = evaluator.evaluate(texts, List.of(), 5);

    assertThat(r.misses()).extracting(m -> m.label() + " " + m.kind() + " " + m.id())
        .containsExactly("pii:EMAIL FN zh-2", "pii:EMAIL FP zh-3", "secret FN en-4", "secret FP zh-4");
    Miss fp = r.misses().get(1);
    assertThat(fp.expected()).containsExactly("secret");
    assertThat(fp.predicted()).containsExactly("pii:EMAIL", "secret");
    assertThat(evaluator.evaluate(texts, List.of(), 0).misses()).isEmpty();
  }

  @Test
  void printsNoDigitRunInTheClear() {
    String table = evaluator.evaluate(texts, List.of(), 5).table();

    assertThat(table).doesNotContain("110101199003077475").doesNotContain("9f8e7d6c5b4a")
        .doesNotContain("EXAMPLE00000").doesNotContain("9999").doesNotContain("4111")
        .contains("1****************5").contains("tok_9**********a").contains("sk-live-****")
        .contains("**** **** **** ****").contains("SSN ***-**-****").contains("邮箱是 zhang 在 example 点 com，身份证");
    assertThat(Pattern.compile("[0-9]{4,}|[0-9]{2,}-[0-9]").matcher(table).find()).isFalse();
  }

  @Test
  void scoresOnlyTheGivenLabelsWhenAsked() {
    Report r = evaluator.evaluate(texts, List.of("secret", "pii:PHONE"), 5);

    assertThat(r.scores()).extracting(Score::label).containsExactly("pii:PHONE", "secret");
    Score phone = r.scores().get(0);
    assertThat(List.of(phone.tp(), phone.fp(), phone.fn())).containsExactly(0, 0, 0);
    assertThat(phone.precision()).isNaN();
    assertThat(phone.f1()).isNaN();
    assertThat(r.misses()).extracting(Miss::label).containsOnly("secret");
    assertThat(r.misses().get(1).predicted()).containsExactly("secret");
    assertThat(r.table()).contains("pii:PHONE").doesNotContain("pii:EMAIL");
  }

  @Test
  void writesJsonWithNullForUndefinedRatios() {
    ObjectMapper json = new ObjectMapper();
    JsonNode o = evaluator.evaluate(texts, List.of("pii:PHONE", "pii:EMAIL"), 1).toJson(json);

    assertThat(o.path("texts").asInt()).isEqualTo(10);
    assertThat(o.path("labels").get(0).path("label").asText()).isEqualTo("pii:EMAIL");
    assertThat(o.path("labels").get(0).path("precision").asDouble()).isEqualTo(0.75);
    assertThat(o.path("labels").get(1).path("precision").isNull()).isTrue();
    assertThat(o.path("misses")).hasSize(2);
    assertThat(o.toString()).doesNotContain("110101199003077475");
  }

  @Test
  void mapsRuleFamiliesToLabels() {
    assertThat(Evaluator.label("secret.aws-access-key", "SECRET")).isEqualTo("secret");
    assertThat(Evaluator.label("secret.github-token", "GITHUB_TOKEN")).isEqualTo("secret");
    assertThat(Evaluator.label("pii.email-address", "EMAIL")).isEqualTo("pii:EMAIL");
    assertThat(Evaluator.label("keyword.project-codenames", "CODENAME")).isEqualTo("keyword:CODENAME");
  }

  @Test
  void namesTheFileAndLineOfABadLine() throws IOException {
    Path bad = dir.resolve("bad.jsonl");
    Files.writeString(bad, "{\"id\": \"a\", \"text\": \"x\", \"labels\": []}\n{\"id\": \"b\", \"text\": \"y\"}\n");
    assertThatThrownBy(() -> new LabelledTextFile().read(bad)).isInstanceOf(DatasetException.class)
        .hasMessage(bad + ":2: labels: null (expected: an array of strings, may be empty)");

    Files.writeString(bad, "\n\nnot json\n");
    assertThatThrownBy(() -> new LabelledTextFile().read(bad)).hasMessageStartingWith(bad + ":3: not JSON");

    Files.writeString(bad, "{\"id\": \"a\", \"text\": \"x\", \"labels\": [\"pii EMAIL\"]}\n");
    assertThatThrownBy(() -> new LabelledTextFile().read(bad)).hasMessageStartingWith(bad + ":1: label: \"pii EMAIL\"");
  }
}
