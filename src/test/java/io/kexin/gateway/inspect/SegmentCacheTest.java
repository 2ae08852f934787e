package io.kexin.gateway.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kexin.gateway.content.Action;
import io.kexin.gateway.content.Role;
import io.kexin.gateway.content.TextSegment;
import io.kexin.gateway.detect.Detector;
import io.kexin.gateway.detect.Finding;
import io.kexin.gateway.detect.keyword.KeywordDetector;
import io.kexin.gateway.detect.pii.PiiDetector;
import io.kexin.gateway.policy.CompiledPolicy;
import io.kexin.gateway.policy.CompiledRule;
import io.kexin.gateway.policy.Direction;
import io.kexin.gateway.policy.Mode;
import io.kexin.gateway.policy.OnError;
import io.kexin.gateway.policy.Severity;
import io.kexin.gateway.text.ScanText;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Checks that resent text is served from the segment cache exactly as a fresh scan would find it, and only then. */
class SegmentCacheTest {
  private static final String HISTORY_ZH = "你是一名专业的客服助理，负责回答关于订单、仓储和配送的问题。".repeat(10)
      + "客户的身份证号是 11010519491231002X，项目代号凤凰计划，请勿外传。";
  private static final String HISTORY_EN = "You are a helpful assistant for a logistics company. ".repeat(6)
      + "The customer's SSN is 078-05-1121 and the codename is phoenix; keep both internal.";

  /** Counts the scans of a real detector. */
  private static final class Counting implements Detector {
    private final Detector inner;
    private final AtomicInteger scans = new AtomicInteger();
    private volatile boolean failing;

    Counting(Detector inner) {
      this.inner = inner;
    }

    @Override
    public List<Finding> scan(ScanText text) {
      scans.incrementAndGet();
      if (failing) {
        throw new IllegalStateException("detector down");
      }
      return inner.scan(text);
    }

    @Override
    public int maxMatchLength() {
      return inner.maxMatchLength();
    }
  }

  private static CompiledRule rule(String id, Detector detector, Action action) {
    return new CompiledRule(id, "p", "", detector, "X", Set.of(), Set.of(), action, Severity.HIGH, null, 4,
        Mode.ENFORCE, List.of(), Set.of());
  }

  private final Counting keyword = new Counting(KeywordDetector.builder("keyword.codename")
      .build(List.of("凤凰计划", "phoenix")));
  private final Counting pii = new Counting(PiiDetector.of("pii.ids", Set.of(), 0.5));
  private final List<CompiledPolicy> policies = List.of(new CompiledPolicy("p", "", "p.yaml", Mode.ENFORCE,
      OnError.BLOCK, List.of(rule("keyword.codename", keyword, Action.REDACT), rule("pii.ids", pii, Action.MASK))));
  private final SegmentCache cache = new SegmentCache(100);
  private final PolicyEngine cached = new PolicyEngine(cache);
  private final PolicyEngine plain = new PolicyEngine();

  private static List<TextSegment> turn(String history, String question) {
    return List.of(new TextSegment("/messages/0/content", Role.SYSTEM, history),
        new TextSegment("/messages/1/content", Role.USER, question));
  }

  @Test
  void servesResentHistoryFromTheCacheWithTheSameFindingsAndRewritesInEnglishAndChinese() {
    for (String history : List.of(HISTORY_ZH, HISTORY_EN)) {
      Outcome first = cached.run(policies, Direction.REQUEST, turn(history, "第一个问题？"), new PseudonymVault());
      int scans = keyword.scans.get();
      // a question of its own per language: a question asked before would be served from the cache too
      String question = history == HISTORY_ZH ? "第二个问题？" : "second question?";
      Outcome again = cached.run(policies, Direction.REQUEST, turn(history, question), new PseudonymVault());
      // the new question is scanned; the history is not
      assertThat(keyword.scans.get()).isEqualTo(scans + 1);
      Outcome fresh = plain.run(policies, Direction.REQUEST, turn(history, question), new PseudonymVault());

      assertThat(history.length()).isGreaterThanOrEqualTo(SegmentCache.MIN_LENGTH);
      assertThat(first.hits()).hasSizeGreaterThanOrEqualTo(2);
      assertThat(again.hits()).isEqualTo(fresh.hits());
      assertThat(again.replacements()).isEqualTo(fresh.replacements());
      assertThat(again.replacements()).isNotEmpty();
    }
  }

  @Test
  void keepsEachHitAtThePointerOfTheSegmentThatResentIt() {
    cached.run(policies, Direction.REQUEST, turn(HISTORY_EN, "hi"), new PseudonymVault());
    List<TextSegment> moved = List.of(new TextSegment("/messages/4/content", Role.SYSTEM, HISTORY_EN));
    Outcome outcome = cached.run(policies, Direction.REQUEST, moved, new PseudonymVault());
    assertThat(outcome.hits()).isNotEmpty().allSatisfy(h -> assertThat(h.jsonPointer()).isEqualTo(
        "/messages/4/content"));
    assertThat(outcome.replacements()).allSatisfy(r -> assertThat(r.jsonPointer()).isEqualTo("/messages/4/content"));
  }

  @Test
  void scansAgainForAnyOtherTextFormRuleSetOrShortText() {
    cached.run(policies, Direction.REQUEST, turn(HISTORY_ZH, "q"), new PseudonymVault());
    int before = keyword.scans.get();

    String oneUnitChanged = HISTORY_ZH.substring(0, 40) + "，" + HISTORY_ZH.substring(41);
    cached.scan(policies, Direction.REQUEST, new TextSegment("/m", Role.SYSTEM, oneUnitChanged), new ArrayList<>());
    assertThat(keyword.scans.get()).as("another text").isEqualTo(before + 1);

    cached.scan(policies, Direction.REQUEST, new TextSegment("/m", Role.SYSTEM, HISTORY_ZH, TextSegment.Form.JSON),
        new ArrayList<>());
    assertThat(keyword.scans.get()).as("another form").isEqualTo(before + 2);

    List<CompiledPolicy> reloaded = List.of(new CompiledPolicy("p", "", "p.yaml", Mode.ENFORCE, OnError.BLOCK,
        List.of(rule("keyword.codename", keyword, Action.REDACT), rule("pii.ids", pii, Action.MASK))));
    cached.scan(reloaded, Direction.REQUEST, new TextSegment("/m", Role.SYSTEM, HISTORY_ZH), new ArrayList<>());
    assertThat(keyword.scans.get()).as("a reloaded rule set").isEqualTo(before + 3);

    for (String shortText : List.of("是的", "ok")) {
      assertThat(shortText.length()).isLessThan(SegmentCache.MIN_LENGTH);
      int scans = keyword.scans.get();
      cached.scan(policies, Direction.REQUEST, new TextSegment("/m", Role.SYSTEM, shortText), new ArrayList<>());
      cached.scan(policies, Direction.REQUEST, new TextSegment("/m", Role.SYSTEM, shortText), new ArrayList<>());
      assertThat(keyword.scans.get()).as("a short text, twice").isEqualTo(scans + 2);
    }
  }

  @Test
  void keepsNoSystemAndUserTurnsReadAsOneSinceTheyEndWithTheNewestMessage() {
    for (String text : List.of(HISTORY_EN, HISTORY_ZH)) {
      assertThat(cache.keyOf(new TextSegment("/messages/0/content", Role.USER, text, TextSegment.Form.TURNS), false))
          .as(text).isNull();
      assertThat(cache.keyOf(new TextSegment("/messages/0/content", Role.USER, text), false)).as(text).isNotNull();
    }
  }

  @Test
  void servesAModelNameAndAShortResentTurnInChineseAndEnglishAsAFreshScanFindsThem() {
    for (String text : List.of("gpt-4o", "凤凰计划", "上次的号码 078-05-1121", "codename phoenix")) {
      assertThat(text.length()).isGreaterThanOrEqualTo(SegmentCache.MIN_LENGTH).isLessThan(64);
      List<TextSegment> segment = List.of(new TextSegment("/model", Role.USER, text, TextSegment.Form.METADATA));
      int before = keyword.scans.get();
      Outcome first = cached.run(policies, Direction.REQUEST, segment, new PseudonymVault());
      Outcome again = cached.run(policies, Direction.REQUEST, segment, new PseudonymVault());
      Outcome fresh = plain.run(policies, Direction.REQUEST, segment, new PseudonymVault());

      assertThat(keyword.scans.get()).as(text).isEqualTo(before + 2);
      assertThat(again.hits()).isEqualTo(first.hits()).isEqualTo(fresh.hits());
      assertThat(again.action()).isEqualTo(fresh.action());
    }
  }

  @Test
  void servesAShortResentTurnButScansEveryAnswerAndKeepsNoneInChineseAndEnglish() {
    String zh = "上次说过：客户的身份证号是 11010519491231002X，项目代号凤凰计划，请勿外传，周五前给他回电话确认地址。我们会在收到材料后尽快处理。";
    String en = "As we said, the SSN is 078-05-1121 and the codename is phoenix; call back before Friday to confirm.";
    for (String text : List.of(zh, en)) {
      assertThat(text.length()).isBetween(SegmentCache.MIN_LENGTH, 255);
      List<TextSegment> answer = List.of(new TextSegment("/choices/0/message/content", Role.ASSISTANT, text));
      long kept = cache.size();
      int before = keyword.scans.get();
      Outcome first = cached.run(policies, Direction.RESPONSE, answer, new PseudonymVault());
      Outcome second = cached.run(policies, Direction.RESPONSE, answer, new PseudonymVault());
      assertThat(keyword.scans.get()).as("an answer, twice").isEqualTo(before + 2);
      assertThat(cache.size()).as("answers are not kept").isEqualTo(kept);
      assertThat(second.hits()).isEqualTo(first.hits()).isNotEmpty();

      List<TextSegment> resent = List.of(new TextSegment("/messages/1/content", Role.ASSISTANT, text));
      cached.run(policies, Direction.REQUEST, resent, new PseudonymVault());
      Outcome again = cached.run(policies, Direction.REQUEST, resent, new PseudonymVault());
      assertThat(keyword.scans.get()).as("a resent turn, twice").isEqualTo(before + 3);
      Outcome fresh = plain.run(policies, Direction.REQUEST, resent, new PseudonymVault());
      assertThat(again.hits()).isEqualTo(fresh.hits()).isNotEmpty();
      assertThat(again.replacements()).isEqualTo(fresh.replacements()).isNotEmpty();
    }
  }

  @Test
  void servesAnAnswersModelNameAcrossAnswersAsAFreshScanFindsItAndKeepsItApartFromTheHistory() {
    for (String model : List.of("gpt-4o-mini-2024-07-18", "phoenix-large-078-05-1121", "凤凰计划-大模型-v2")) {
      List<TextSegment> answer = List.of(
          new TextSegment("/model", Role.ASSISTANT, model, TextSegment.Form.IDENTIFIER),
          new TextSegment("/choices/0/message/content", Role.ASSISTANT, "好的，已处理。Done."));
      long history = cache.size();
      int before = keyword.scans.get();
      Outcome first = cached.run(policies, Direction.RESPONSE, answer, new PseudonymVault());
      Outcome second = cached.run(policies, Direction.RESPONSE, answer, new PseudonymVault());
      // the model name is scanned on the first answer only; each answer's text every time
      assertThat(keyword.scans.get()).as(model).isEqualTo(before + 3);
      Outcome fresh = plain.run(policies, Direction.RESPONSE, answer, new PseudonymVault());
      assertThat(cache.size()).as("the history's cache holds no identifier").isEqualTo(history);
      assertThat(second.hits()).isEqualTo(first.hits()).isEqualTo(fresh.hits());
      assertThat(second.replacements()).isEqualTo(fresh.replacements());
      assertThat(second.action()).isEqualTo(fresh.action());
      if (!model.startsWith("gpt")) {
        assertThat(second.hits()).as(model).isNotEmpty();
        assertThat(second.replacements()).as(model).isNotEmpty();
      }
    }
  }

  @Test
  void scansAnAnswersOwnIdsEveryTimeAndKeepsNoneOfThem() {
    for (String pointer : List.of("/id", "/choices/0/message/tool_calls/0/id", "/output/1/call_id",
        "/previous_response_id", "/content/2/id")) {
      assertThat(PolicyEngine.repeats(pointer)).as(pointer).isFalse();
      for (String id : List.of("chatcmpl-phoenix-0001", "msg_凤凰计划_0002")) {
        List<TextSegment> answer = List.of(new TextSegment(pointer, Role.ASSISTANT, id, TextSegment.Form.IDENTIFIER));
        int before = keyword.scans.get();
        Outcome first = cached.run(policies, Direction.RESPONSE, answer, new PseudonymVault());
        Outcome second = cached.run(policies, Direction.RESPONSE, answer, new PseudonymVault());
        assertThat(keyword.scans.get()).as(pointer + " " + id).isEqualTo(before + 2);
        assertThat(second.hits()).isEqualTo(first.hits()).isNotEmpty();
      }
    }
    for (String pointer : List.of("/model", "/system_fingerprint", "/service_tier", "/paid", "/grid")) {
      assertThat(PolicyEngine.repeats(pointer)).as(pointer).isTrue();
    }
  }

  @Test
  void scansAnIdentifierAgainForAReloadedRuleSetOrAfterADetectorFailed() {
    List<TextSegment> answer = List.of(new TextSegment("/model", Role.ASSISTANT, "phoenix-large",
        TextSegment.Form.IDENTIFIER));
    pii.failing = true;
    assertThat(cached.run(policies, Direction.RESPONSE, answer, new PseudonymVault()).action())
        .isEqualTo(Action.BLOCK);
    pii.failing = false;
    int before = pii.scans.get();
    Outcome recovered = cached.run(policies, Direction.RESPONSE, answer, new PseudonymVault());
    assertThat(recovered.failed()).isNull();
    cached.run(policies, Direction.RESPONSE, answer, new PseudonymVault());
    assertThat(pii.scans.get()).as("a failed scan is not kept; a clean one is").isEqualTo(before + 1);

    List<CompiledPolicy> reloaded = List.of(new CompiledPolicy("p", "", "p.yaml", Mode.ENFORCE, OnError.BLOCK,
        List.of(rule("keyword.codename", keyword, Action.REDACT), rule("pii.ids", pii, Action.MASK))));
    Outcome again = cached.run(reloaded, Direction.RESPONSE, answer, new PseudonymVault());
    assertThat(pii.scans.get()).as("a reloaded rule set").isEqualTo(before + 2);
    assertThat(again.hits()).extracting(h -> h.rule().id()).containsExactly("keyword.codename");
  }

  @Test
  void neverKeepsTheResultOfAScanInWhichADetectorFailed() {
    pii.failing = true;
    Outcome failed = cached.run(policies, Direction.REQUEST, turn(HISTORY_EN, "q"), new PseudonymVault());
    assertThat(failed.action()).isEqualTo(Action.BLOCK);
    assertThat(cache.size()).isZero();

    pii.failing = false;
    int before = pii.scans.get();
    Outcome recovered = cached.run(policies, Direction.REQUEST, turn(HISTORY_EN, "q"), new PseudonymVault());
    assertThat(pii.scans.get()).isEqualTo(before + 2);
    assertThat(recovered.failed()).isNull();
    assertThat(cache.size()).isEqualTo(1);
  }

  @Test
  void keepsAtMostItsSizeAndServesOnlyTheKeyItKeptForTheRulesThatMadeIt() {
    SegmentCache small = new SegmentCache(64);
    List<CompiledRule> rules = policies.get(0).rules();
    java.util.SplittableRandom random = new java.util.SplittableRandom(7);
    List<SegmentCache.Key> keys = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      SegmentCache.Key key = new SegmentCache.Key(random.nextLong(), random.nextLong());
      keys.add(key);
      small.put(key, rules, new int[] {i}, new Finding[0]);
      SegmentCache.Entry kept = small.get(key, rules);
      assertThat(kept).as("just kept").isNotNull();
      assertThat(kept.ruleAt()).containsExactly(i);
      assertThat(small.get(new SegmentCache.Key(key.high() ^ 1, key.low()), rules)).as("another key").isNull();
      assertThat(small.get(key, List.copyOf(new ArrayList<>(rules).subList(0, 1)))).as("other rules").isNull();
    }
    assertThat(small.size()).isEqualTo(64);
    long served = keys.stream().filter(k -> small.get(k, rules) != null).count();
    assertThat(served).isEqualTo(64);
    for (int i = 0; i < keys.size(); i++) {
      SegmentCache.Entry e = small.get(keys.get(i), rules);
      assertThat(e == null || e.ruleAt()[0] == i).as("an entry is served only under its own key").isTrue();
    }
  }

  @Test
  void replacesTheSlotOfItsSetUsedLessRecently() {
    SegmentCache one = new SegmentCache(2);
    List<CompiledRule> rules = policies.get(0).rules();
    SegmentCache.Key a = new SegmentCache.Key(1, 10);
    SegmentCache.Key b = new SegmentCache.Key(2, 20);
    SegmentCache.Key c = new SegmentCache.Key(3, 30);
    one.put(a, rules, new int[] {1}, new Finding[0]);
    one.put(b, rules, new int[] {2}, new Finding[0]);
    assertThat(one.get(a, rules)).isNotNull();
    one.put(c, rules, new int[] {3}, new Finding[0]);
    assertThat(one.get(b, rules)).as("used less recently than a").isNull();
    assertThat(one.get(a, rules).ruleAt()).containsExactly(1);
    assertThat(one.get(c, rules).ruleAt()).containsExactly(3);
    one.put(c, rules, new int[] {4}, new Finding[0]);
    assertThat(one.get(c, rules).ruleAt()).as("a key put again replaces its own slot").containsExactly(4);
    assertThat(one.get(a, rules)).isNotNull();
    assertThat(one.size()).isEqualTo(2);
    SegmentCache single = new SegmentCache(1);
    single.put(a, rules, new int[] {1}, new Finding[0]);
    single.put(b, rules, new int[] {2}, new Finding[0]);
    assertThat(single.get(a, rules)).isNull();
    assertThat(single.get(b, rules).ruleAt()).containsExactly(2);
    assertThat(single.size()).isEqualTo(1);
  }

  @Test
  void refusesANegativeSize() {
    assertThatThrownBy(() -> new SegmentCache(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
