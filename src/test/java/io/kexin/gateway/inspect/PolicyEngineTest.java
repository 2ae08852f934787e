package io.kexin.gateway.inspect;

import io.kexin.gateway.content.Action;
import io.kexin.gateway.content.Replacement;
import io.kexin.gateway.content.Role;
import io.kexin.gateway.content.TextSegment;
import io.kexin.gateway.detect.Detector;
import io.kexin.gateway.policy.CompiledPolicy;
import io.kexin.gateway.policy.CompiledRule;
import io.kexin.gateway.policy.Direction;
import io.kexin.gateway.policy.Mode;
import io.kexin.gateway.policy.OnError;
import io.kexin.gateway.policy.PolicyLoader;
import io.kexin.gateway.policy.PolicySet;
import io.kexin.gateway.policy.Severity;
import io.kexin.gateway.text.ScanText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;

/** Checks how policies compose: precedence, monitor and off modes, directions and roles, failure direction. */
class PolicyEngineTest {
  @TempDir
  Path dir;

  private PolicySet set;
  private final PolicyEngine engine = new PolicyEngine();

  @BeforeEach
  void load() throws Exception {
    Files.writeString(dir.resolve("a.yaml"), LeakRules.policy("pii"));
    Files.writeString(dir.resolve("b.yaml"), """
        apiVersion: kexin.io/v1
        kind: Policy
        metadata: {name: strict}
        rules:
          - id: keyword.codename
            detector: {keyword: {terms: [凤凰计划, phoenix]}}
            action: redact
          - id: keyword.forbidden
            detector: {keyword: {terms: [绝密]}}
            appliesTo: {roles: [user]}
            action: block
            message: 不能发送绝密内容
          - id: keyword.watch
            detector: {keyword: {terms: [watchword]}}
            action: block
            mode: monitor
          - id: keyword.ignored
            detector: {keyword: {terms: [ignored]}}
            action: block
            mode: off
          - id: keyword.answers
            detector: {keyword: {terms: [answer-only]}}
            appliesTo: {directions: [response]}
            action: redact
        """);
    Files.writeString(dir.resolve("c.yaml"), """
        apiVersion: kexin.io/v1
        kind: Policy
        metadata: {name: shadow}
        mode: monitor
        rules:
          - id: keyword.all-monitored
            detector: {keyword: {terms: [phoenix]}}
            action: block
        """);
    set = new PolicyLoader().load(dir);
  }

  private Outcome run(List<String> policies, Direction direction, Role role, String text) {
    return engine.run(set.resolve(policies), direction, List.of(new TextSegment("/messages/0/content", role, text)),
        new PseudonymVault());
  }

  @Test
  void rewritesEachSegmentOnceWithEveryPolicysTreatments() {
    Outcome o = run(List.of("pii", "strict"), Direction.REQUEST, Role.USER,
        "邮箱 li.na@example.cn, 电话 13800138000, 项目 凤凰计划");

    assertThat(o.action()).isEqualTo(Action.REDACT);
    assertThat(o.replacements()).containsExactly(new Replacement("/messages/0/content",
        "邮箱 <EMAIL_1>, 电话 *******8000, 项目 [REDACTED:CODENAME]"));
  }

  @Test
  void blockWinsOverEveryOtherAction() {
    Outcome o = run(List.of("pii", "strict"), Direction.REQUEST, Role.USER, "绝密: li.na@example.cn");

    assertThat(o.action()).isEqualTo(Action.BLOCK);
    assertThat(o.block().rule().id()).isEqualTo("keyword.forbidden");
    assertThat(o.block().rule().message()).isEqualTo("不能发送绝密内容");
  }

  @Test
  void rolesAndDirectionsLimitWhereARuleLooks() {
    assertThat(run(List.of("strict"), Direction.REQUEST, Role.SYSTEM, "绝密").action()).isEqualTo(Action.ALLOW);
    assertThat(run(List.of("strict"), Direction.REQUEST, Role.USER, "answer-only").hits()).isEmpty();
    assertThat(run(List.of("strict"), Direction.RESPONSE, Role.ASSISTANT, "the answer-only part").action())
        .isEqualTo(Action.REDACT);
  }

  @Test
  void monitorRecordsWithoutChangingAnythingAndOffDoesNothing() {
    Outcome rule = run(List.of("strict"), Direction.REQUEST, Role.USER, "watchword and ignored");
    Outcome policy = run(List.of("shadow"), Direction.REQUEST, Role.USER, "Phoenix");

    assertThat(rule.hits()).singleElement().satisfies(h -> {
      assertThat(h.rule().id()).isEqualTo("keyword.watch");
      assertThat(h.enforced()).isFalse();
    });
    assertThat(rule.action()).isEqualTo(Action.ALLOW);
    assertThat(rule.wouldBe()).isEqualTo(Action.BLOCK);
    assertThat(rule.replacements()).isEmpty();
    assertThat(policy.action()).isEqualTo(Action.ALLOW);
    assertThat(policy.wouldBe()).isEqualTo(Action.BLOCK);
  }

  @Test
  void theSameValueGetsTheSamePlaceholderAcrossSegments() {
    PseudonymVault vault = new PseudonymVault();
    Outcome o = engine.run(set.resolve(List.of("pii")), Direction.REQUEST, List.of(
        new TextSegment("/messages/0/content", Role.SYSTEM, "contact a.b@example.com"),
        new TextSegment("/messages/1/content", Role.USER, "I am a.b@example.com, cc c.d@example.com")), vault);

    assertThat(o.replacements()).extracting(Replacement::text)
        .containsExactly("contact <EMAIL_1>", "I am <EMAIL_1>, cc <EMAIL_2>");
    assertThat(vault.restore("Hi <EMAIL_1>")).isEqualTo("Hi a.b@example.com");
  }

  @Test
  void aFailingDetectorFailsInThePolicysDeclaredDirection() {
    Detector broken = new Detector() {
      @Override
      public List<io.kexin.gateway.detect.Finding> scan(ScanText text) {
        throw new IllegalStateException("boom");
      }

      @Override
      public int maxMatchLength() {
        return 1;
      }
    };
    CompiledRule rule = new CompiledRule("x.broken", "p", "", broken, "X", Set.of(), Set.of(), Action.FLAG,
        Severity.LOW, null, 4, Mode.ENFORCE, List.of(), Set.of());
    List<TextSegment> segments = List.of(new TextSegment("", Role.USER, "text"));

    Outcome closed = engine.run(List.of(new CompiledPolicy("p", "", "p.yaml", Mode.ENFORCE, OnError.BLOCK,
        List.of(rule))), Direction.REQUEST, segments, new PseudonymVault());
    Outcome open = engine.run(List.of(new CompiledPolicy("p", "", "p.yaml", Mode.ENFORCE, OnError.ALLOW,
        List.of(rule))), Direction.REQUEST, segments, new PseudonymVault());

    assertThat(closed.action()).isEqualTo(Action.BLOCK);
    assertThat(closed.failed()).isEqualTo(rule);
    assertThat(open.action()).isEqualTo(Action.ALLOW);
    assertThat(open.errors()).containsExactly(rule);
  }
}
