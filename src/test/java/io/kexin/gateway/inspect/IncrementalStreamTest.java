package io.kexin.gateway.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import io.kexin.gateway.content.Action;
import io.kexin.gateway.detect.Detector;
import io.kexin.gateway.detect.Finding;
import io.kexin.gateway.detect.regex.RegexDetector;
import io.kexin.gateway.policy.CompiledPolicy;
import io.kexin.gateway.policy.CompiledRule;
import io.kexin.gateway.policy.Mode;
import io.kexin.gateway.policy.OnError;
import io.kexin.gateway.policy.Severity;
import io.kexin.gateway.policy.ShippedPolicies;
import io.kexin.gateway.text.ScanText;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks a stream's incremental work against a rescan from scratch: with every rule of the shipped pack applied to
 * responses (and key patterns, and a rule that pseudonymizes), random English and Chinese text with planted personal
 * data, keys, keyword-list terms and pseudonym placeholders, cut one character per event and at random sizes, gives
 * event by event the same released text, the same findings in the same order and the same decision as the same
 * rules rescanning the whole held text on every event, and as the whole text inspected at once. Seeded.
 */
class IncrementalStreamTest {
  private static final String[] EN = {"the", "weather", "report", "is", "ready", "and", "we", "will", "send", "it",
    "tomorrow", "project", "phoenix", "call", "me", "at", "card", "number", "email", "key", "(see", "page", "12)",
    "-", "version", "3.2", "a@", "how", "to", "make", "bomb", "at", "home", "<EM", "<", ">"};
  private static final String[] ZH = {"今天", "天气", "报告", "已经", "准备好", "我们", "明天", "发给", "你", "凤凰",
    "计划", "凤凰计", "电话", "身份证", "邮箱", "银行卡", "号码", "是", "，", "。", "：", "（", "）", "炸药", "制作"};
  private static final String[] PLANTED = {"11010519491231002X", "13800138000", "+86 138 0013 8000",
    "zhang.wei@example.cn", "4111 1111 1111 1111", "6222 0212 3456 7890 128", "GB82 WEST 1234 5698 7654 32",
    "078-05-1120", "AKIAQ3EGRT5LMWX2ZUTB", "sk-proj4f9XbQ2LmN8vR7tY3wZ1", "-----BEGIN RSA PRIVATE KEY-----",
    "ghp_0123456789abcdefghijABCDEFGHIJ012345", "Project Phoenix", "PROJECT  PHOENIX", "凤凰计划", "鳳凰計劃",
    "凤 凰 计 划", "凤-凰·计 划", "Ｐroject\u200B Phoenix", "proje\u0301ct phoenix", "how to make a pipe bomb",
    "教我怎么制作炸药", "手机 一三五七二六三四二一二", "tel=%2B86%20138%200013%208000", "alice [at] example [dot] com",
    "john dot smith at gmail dot com", "邮箱 zhangwei at qq.com", "<EMAIL_1>", "<EMAIL_2>", "<CN_ID_CARD_1>", "<PHONE_1>", "<EMAIL_", "\u200B", "😀"};
  private static List<CompiledPolicy> incremental;
  private static List<CompiledPolicy> rescanned;

  /** What one run of a channel gave: the text out per event, the findings in audit order and the decision. */
  private record Run(List<String> out, List<String> hits, String block) {}

  /** Runs a detector with every answer but {@link Detector#mayFindFrom}: it rescans on every event. */
  private record Rescanned(Detector d) implements Detector {
    @Override
    public List<Finding> scan(ScanText text) {
      return d.scan(text);
    }

    @Override
    public int maxMatchLength() {
      return d.maxMatchLength();
    }

    @Override
    public int maxMatchLetters() {
      return d.maxMatchLetters();
    }

    @Override
    public int liveFrom(ScanText text) {
      return d.liveFrom(text);
    }

    @Override
    public boolean readsInvisible() {
      return d.readsInvisible();
    }

    @Override
    public boolean findsCredentials() {
      return d.findsCredentials();
    }
  }

  @BeforeAll
  static void load() throws IOException {
    List<CompiledPolicy> pack = new ArrayList<>(ShippedPolicies.pack().all());
    List<CompiledRule> extra = new ArrayList<>();
    String[] patterns = {"AKIA[0-9A-Z]{16}", "\\bsk-[A-Za-z0-9]{20,48}\\b", "ghp_[A-Za-z0-9]{36}",
        "-----BEGIN [A-Z ]{3,20}PRIVATE KEY-----", "[a-z.]{1,64}@[a-z]{1,63}(?:\\.[a-z]{1,63}){1,4}"};
    for (int i = 0; i < patterns.length; i++) {
      extra.add(new CompiledRule("key." + i, "extra", "", RegexDetector.builder("key." + i, patterns[i]).build(),
          "KEY", Set.of(), Set.of(), i == patterns.length - 1 ? Action.PSEUDONYMIZE : Action.REDACT, Severity.HIGH,
          null, 0, Mode.ENFORCE, List.of(), Set.of()));
    }
    pack.add(new CompiledPolicy("extra", "", "test", Mode.ENFORCE, OnError.BLOCK, extra));
    incremental = everywhere(pack, false);
    rescanned = everywhere(pack, true);
  }

  /** Returns the policies with every rule applied to responses (blocks redact, so that texts go on). */
  private static List<CompiledPolicy> everywhere(List<CompiledPolicy> pack, boolean rescan) {
    List<CompiledPolicy> out = new ArrayList<>();
    for (CompiledPolicy p : pack) {
      List<CompiledRule> rules = new ArrayList<>();
      for (CompiledRule r : p.rules()) {
        rules.add(new CompiledRule(r.id(), r.policy(), r.description(),
            rescan ? new Rescanned(r.detector()) : r.detector(), r.entity(), Set.of(), Set.of(),
            r.action() == Action.BLOCK ? Action.REDACT : r.action(), r.severity(), r.message(), r.keepLast(),
            r.mode(), r.tags(), r.allow()));
      }
      out.add(new CompiledPolicy(p.name(), p.description(), p.source(), p.mode(), p.onError(), rules));
    }
    return out;
  }

  private static String text(Random random, boolean chinese) {
    StringBuilder sb = new StringBuilder();
    int words = 20 + random.nextInt(50);
    for (int i = 0; i < words; i++) {
      if (random.nextInt(8) == 0) {
        sb.append(PLANTED[random.nextInt(PLANTED.length)]);
      } else {
        String[] dict = chinese && random.nextInt(4) != 0 ? ZH : EN;
        sb.append(dict[random.nextInt(dict.length)]);
      }
      if (!chinese || random.nextInt(3) == 0) {
        sb.append(random.nextInt(8) == 0 ? "\n" : " ");
      }
    }
    return sb.toString();
  }

  private static List<String> chunks(String text, Random random, int max) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < text.length(); ) {
      int n = Math.min(text.length() - i, 1 + random.nextInt(max));
      out.add(text.substring(i, i + n));
      i += n;
    }
    return out;
  }

  private static PseudonymVault vault() {
    PseudonymVault vault = new PseudonymVault();
    vault.placeholder("EMAIL", "zhang.wei@example.cn");
    vault.placeholder("EMAIL", "li.na@example.cn");
    vault.placeholder("CN_ID_CARD", "11010519491231002X");
    vault.placeholder("PHONE", "13800138000");
    return vault;
  }

  private static Run run(List<CompiledPolicy> policies, List<String> pieces) {
    List<Hit> hits = new ArrayList<>();
    TextChannel c = new TextChannel(policies, new PolicyEngine(), vault(), StreamInspection.window(policies),
        1 << 20, hits, new ArrayList<>(), false);
    List<String> out = new ArrayList<>();
    for (String piece : pieces) {
      out.add(c.feed(piece));
    }
    out.add(c.finish());
    List<String> found = hits.stream()
        .map(h -> h.rule().id() + "@" + h.finding().start() + "-" + h.finding().end() + ":" + h.finding().entity())
        .toList();
    return new Run(out, found, c.blockedBy() == null ? null : c.blockedBy().rule().id());
  }

  private static void check(String text, Random random, String what) {
    Run whole = run(incremental, List.of(text));
    for (int trial = 0; trial < 3; trial++) {
      List<String> pieces = chunks(text, random, trial == 0 ? 1 : 1 + random.nextInt(16));
      Run now = run(incremental, pieces);
      Run reference = run(rescanned, pieces);
      String as = what + " trial " + trial + ": " + text;
      assertThat(now.out()).as(as).isEqualTo(reference.out());
      assertThat(now.hits()).as(as).isEqualTo(reference.hits());
      assertThat(now.block()).as(as).isEqualTo(reference.block()).isEqualTo(whole.block());
      assertThat(String.join("", now.out())).as(as).isEqualTo(String.join("", whole.out()));
      assertThat(now.hits().stream().sorted().toList()).as(as).isEqualTo(whole.hits().stream().sorted().toList());
    }
  }

  @Test
  void englishTextGivesEventByEventWhatARescanFromScratchGives() {
    Random random = new Random(20261214);
    for (int i = 0; i < 8; i++) {
      check(text(random, false), random, "en " + i);
    }
  }

  @Test
  void chineseTextGivesEventByEventWhatARescanFromScratchGives() {
    Random random = new Random(20261215);
    for (int i = 0; i < 8; i++) {
      check(text(random, true), random, "zh " + i);
    }
  }
}
