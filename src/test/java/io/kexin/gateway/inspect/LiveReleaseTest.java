package io.kexin.gateway.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.kexin.gateway.content.Action;
import io.kexin.gateway.detect.invisible.InvisibleDetector;
import io.kexin.gateway.detect.keyword.KeywordDetector;
import io.kexin.gateway.detect.pii.PiiDetector;
import io.kexin.gateway.detect.regex.RegexDetector;
import io.kexin.gateway.policy.CompiledPolicy;
import io.kexin.gateway.policy.CompiledRule;
import io.kexin.gateway.policy.Mode;
import io.kexin.gateway.policy.OnError;
import io.kexin.gateway.policy.Severity;
import io.kexin.gateway.policy.ShippedPolicies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks the live release point of streamed text against the whole text and against the old fixed window: with every
 * rule of the shipped pack applied to responses, random English and Chinese text with planted values of every rule's
 * examples, chunked at random (plain, and as escaped JSON text cut inside escapes), gives the same output, findings
 * and decision as the whole text at once and as the fixed window, and after every chunk has released at least as
 * much as the fixed window. Seeded, so a failure repeats.
 */
class LiveReleaseTest {
  private static final String[] EN = {"the", "weather", "report", "is", "ready", "and", "we", "will", "send",
      "it", "to", "you", "tomorrow", "project", "phoenix", "rises", "call", "me", "at", "card", "number", "email",
      "key", "token", "id", "note:", "(see", "page", "12)", "-", "—", "version", "3.2", "on", "2026-12-05", "a@"};
  private static final String[] ZH = {"今天", "天气", "报告", "已经", "准备好", "我们", "明天", "发给", "你", "凤凰",
      "计划", "凤凰计", "电话", "身份证", "邮箱", "银行卡", "号码", "是", "，", "。", "：", "（", "）", "请", "联系"};
  private static final String[] INVISIBLE = {"\u200B", "\u200D", "\u202E", "\uDB40\uDC41"};
  private static List<CompiledPolicy> live;
  private static List<CompiledPolicy> fixed;
  /** Only the rules whose detectors compute their own live index, so that no default hides theirs. */
  private static List<CompiledPolicy> liveOwn;
  private static List<CompiledPolicy> fixedOwn;
  private static List<String> values;
  /** The rules that bound their matches in letters (keyword lists, the harm detector) and the PII rules beside them. */
  private static List<CompiledPolicy> byLetters;


  /** What one run of a channel gave: the text out, the findings, the decision and the units released per chunk. */
  private record Run(String text, List<String> hits, String block, List<Integer> released) {}

  @BeforeAll
  static void load() throws IOException {
    List<CompiledPolicy> pack = new ArrayList<>(ShippedPolicies.pack().all());
    List<CompiledRule> regexes = new ArrayList<>();
    String[] patterns = {"AKIA[0-9A-Z]{16}", "\\bsk-[A-Za-z0-9]{20,48}\\b",
        "-----BEGIN [A-Z ]{3,20}PRIVATE KEY-----", "1[3-9]\\d{9}", "[a-z.]{1,64}@[a-z]{1,63}(?:\\.[a-z]{1,63}){1,4}",
        "(?i)project\\s+phoenix\\b", "凤凰计划", "\\d{4}(?: ?\\d{4}){3}$", "ghp_[A-Za-z0-9]{36}"};
    for (int i = 0; i < patterns.length; i++) {
      regexes.add(new CompiledRule("regex." + i, "regexes", "", RegexDetector.builder("regex." + i, patterns[i]).build(),
          "REGEX", Set.of(), Set.of(), Action.REDACT, Severity.HIGH, null, 0, Mode.ENFORCE, List.of(), Set.of()));
    }
    pack.add(new CompiledPolicy("regexes", "", "test", Mode.ENFORCE, OnError.BLOCK, regexes));
    live = everywhere(pack, false, false);
    fixed = everywhere(pack, true, false);
    liveOwn = everywhere(pack, false, true);
    fixedOwn = everywhere(pack, true, true);
    byLetters = new ArrayList<>();
    for (CompiledPolicy p : everywhere(pack, false, false)) {
      byLetters.add(new CompiledPolicy(p.name(), p.description(), p.source(), p.mode(), p.onError(),
          p.rules().stream().filter(r -> r.detector().maxMatchLetters() >= 0 || r.detector() instanceof PiiDetector)
              .toList()));
    }
    values = new ArrayList<>();
    YAMLMapper yaml = new YAMLMapper();
    try (Stream<Path> files = Files.list(Path.of("policies"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        for (JsonNode rule : yaml.readTree(f.toFile()).path("rules")) {
          for (JsonNode m : rule.path("examples").path("match")) {
            values.add(m.asText());
          }
        }
      }
    }
    values.addAll(List.of("11010519491231002X", "13800138000", "+86 138 0013 8000", "zhang.wei@example.cn",
        "4111 1111 1111 1111", "6222 0212 3456 7890 128", "GB82 WEST 1234 5698 7654 32", "078-05-1120",
        "AKIAQ3EGRT5LMWX2ZUTB", "sk-proj4f9XbQ2LmN8vR7tY3wZ1", "-----BEGIN RSA PRIVATE KEY-----",
        "ghp_0123456789abcdefghijABCDEFGHIJ012345", "pаypal", "凤凰计划", "鳳凰計劃", "凤 凰 计 划", "凤-凰·计 划",
        "ＰＲＯＪＥＣＴ ＰＨＯＥＮＩＸ", "proje\u0301ct phoenix", "ﬁne ㎏ ①", "Ｐroject\u200B Phoenix", "Project Phoenix", "PROJECT  PHOENIX",
        // Numbers in Chinese numerals, whole or mixed with digits, and values in percent-escapes, read by the PII
        // detector's second passes; keys written in groups after their prefix.
        "手机 一三五七二六三四二一二", "电话：幺三九九二五幺二幺零幺", "138一二三四五六七八", "一八六 一二三四 五六七八",
        "壹捌陆玖柒叁伍贰玖零伍", "身份证 一一零一零五一九七四零七二七三零二二", "一二三", "共 一二三四五 人",
        "zhang.wei%40example.cn", "tel=%2B86%20138%200013%208000", "%31%33%38%30%30%31%33%38%30%30%30",
        "mail=li%2Ena%40corp.example.com", "100%25", "%E4%B8%AD", "%4", "AKIA 2Z5X C46I EECK YESV", "AKIA-JMHD-VH7J-YHMI-TF43",
        "ghp_goMCCs\nFZBbqJUJLh\nQuqDNpwBxP\nzCzUC1Qc1J", "alice [at] example [dot] com", "li.na(at)corp(dot)example(dot)cn",
        "ALICE AT EXAMPLE DOT COM", "zhangwei 艾特 163点com", "wang艾特qq.com", "meet (at) noon", "Plan A", "sk-proj- wC1j Pilb Ecu7 QX6S fnGG noDw FQs5 NvFW 59rI 6mG4",
        // Values respelled: digits set apart or marked, dashed words, colloquial digits, decimal tails, groups joined
        // by signs, other e-mail signs, escapes escaped twice, one character a line, respelled key prefixes.
        "1.1.0.1.0.5.1.9.4.9.1.2.3.1.0.0.2.X", "1、3、8、1、2、3、4、5、6、7、8", "1+3+8+1+2+3+4+5+6+7+8",
        "1\u03013\u03018\u03011\u03012\u03013\u03014\u03015\u03016\u03017\u03018\u0301",
        "one-three-eight-one-two-three-four-five-six-seven-eight", "幺三八幺二三四五六拐八", "13812345678.0",
        "phone 0.13812345678", "电话 138/1234/5678", "zhang.wei\uFE6Bexample.cn", "zhang.wei%2540example.cn",
        "z\nh\na\nn\ng\n@\nq\nq\n.\nc\no\nm", "ghp-AXAYxVEDGek47ZrV67xnHWph84nyQKq84ZS0",
        "AKIA:Q3EGRT5YB2MZXW7P", "-----begin rsa private key-----",
        // Values of the next pass: numerals in groups joined by signs, Chinese local parts after a boundary, regional
        // indicator letters, a phone backwards after a word saying so, an ID whose check X ROT13 turned.
        "电话：一三八，一二三四，五六七八", "phone: 一三八 | 一二三四 | 五六七八", "邮箱：小明@example.cn",
        "email: 客服部@example.cn", "“小明@example.cn”", "小明@example.cn",
        "\uD83C\uDDE6\uD83C\uDDF0\uD83C\uDDEE\uD83C\uDDE6Q3EGRT5YB2MZXW7P", "电话(倒序) 87654321831",
        "身份证 11010519491231002K"));
  }

  /** Returns the policies with every rule applied to responses (blocks redact, so that texts go on). */
  private static List<CompiledPolicy> everywhere(List<CompiledPolicy> pack, boolean fixedWindow, boolean own) {
    List<CompiledPolicy> out = new ArrayList<>();
    for (CompiledPolicy p : pack) {
      List<CompiledRule> rules = new ArrayList<>();
      for (CompiledRule r : p.rules()) {
        if (own && !(r.detector() instanceof KeywordDetector || r.detector() instanceof PiiDetector
            || r.detector() instanceof InvisibleDetector || r.detector() instanceof RegexDetector)) {
          continue;
        }
        rules.add(new CompiledRule(r.id(), r.policy(), r.description(),
            fixedWindow ? new FixedWindow(r.detector()) : r.detector(), r.entity(), Set.of(), Set.of(),
            r.action() == Action.BLOCK ? Action.REDACT : r.action(), r.severity(), r.message(), r.keepLast(),
            r.mode(), r.tags(), r.allow()));
      }
      out.add(new CompiledPolicy(p.name(), p.description(), p.source(), p.mode(), p.onError(), rules));
    }
    return out;
  }

  private static String text(Random random, boolean chinese) {
    StringBuilder sb = new StringBuilder();
    int words = 20 + random.nextInt(60);
    for (int i = 0; i < words; i++) {
      int k = random.nextInt(12);
      if (k == 0) {
        sb.append(values.get(random.nextInt(values.size())));
      } else if (k == 1) {
        // Invisible characters between words and inside them; a look-alike letter inside a word.
        String[] dict = chinese ? ZH : EN;
        sb.append(dict[random.nextInt(dict.length)]).append(INVISIBLE[random.nextInt(INVISIBLE.length)])
            .append(random.nextBoolean() ? " " : random.nextBoolean() ? "а" : "")
            .append(dict[random.nextInt(dict.length)]);
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

  /** Returns the text cut into pieces of 1 to {@code max} units (never inside a surrogate pair when asked). */
  private static List<String> chunks(String text, Random random, int max) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < text.length(); ) {
      int n = Math.min(text.length() - i, 1 + random.nextInt(max));
      out.add(text.substring(i, i + n));
      i += n;
    }
    return out;
  }

  private static Run run(List<CompiledPolicy> policies, List<String> pieces, boolean json) {
    List<Hit> hits = new ArrayList<>();
    TextChannel c = new TextChannel(policies, new PolicyEngine(), new PseudonymVault(), StreamInspection.window(policies),
        1 << 20, hits, new ArrayList<>(), json);
    StringBuilder out = new StringBuilder();
    List<Integer> released = new ArrayList<>();
    for (String piece : pieces) {
      out.append(c.feed(piece));
      released.add(c.released());
    }
    out.append(c.finish());
    // The audit order of findings of one chunk follows the rules; compared as a set of spans.
    List<String> found = hits.stream().map(h -> h.rule().id() + "@" + h.finding().start() + "-" + h.finding().end())
        .sorted().toList();
    String block = c.blockedBy() == null ? null : c.blockedBy().rule().id();
    return new Run(out.toString(), found, block, released);
  }

  private static void check(String text, boolean json, Random random, String what) {
    check(live, fixed, text, json, random, what + " all rules");
    check(liveOwn, fixedOwn, text, json, random, what + " keyword and pii rules");
  }

  private static void check(List<CompiledPolicy> live, List<CompiledPolicy> fixed, String text, boolean json,
      Random random, String what) {
    Run whole = run(live, List.of(text), json);
    for (int trial = 0; trial < 3; trial++) {
      List<String> pieces = chunks(text, random, trial == 0 ? 1 : 1 + random.nextInt(12));
      Run now = run(live, pieces, json);
      Run old = run(fixed, pieces, json);
      String as = what + " trial " + trial + ": " + text;
      assertThat(now.text()).as(as).isEqualTo(whole.text()).isEqualTo(old.text());
      assertThat(now.hits()).as(as).isEqualTo(whole.hits()).isEqualTo(old.hits());
      assertThat(now.block()).as(as).isEqualTo(whole.block()).isEqualTo(old.block());
      for (int i = 0; i < pieces.size(); i++) {
        assertThat(now.released().get(i)).as(as + " after piece " + i).isGreaterThanOrEqualTo(old.released().get(i));
      }
    }
  }

  @Test
  void englishTextReleasesNoLaterAndGivesWhatTheWholeTextAndTheFixedWindowGive() {
    Random random = new Random(20261205);
    for (int i = 0; i < 20; i++) {
      check(text(random, false), false, random, "en " + i);
    }
  }

  @Test
  void chineseTextReleasesNoLaterAndGivesWhatTheWholeTextAndTheFixedWindowGive() {
    Random random = new Random(20261206);
    for (int i = 0; i < 20; i++) {
      check(text(random, true), false, random, "zh " + i);
    }
  }

  @Test
  void numbersInNumeralsAndValuesInPercentEscapesGiveWhatTheWholeTextGives() {
    // The PII detector's numeral, percent-decoded and number-word passes, planted in every text, cut everywhere.
    String[] planted = {"手机 一三五七二六三四二一二", "电话：幺三九九二五幺二幺零幺", "联系 138一二三四五六七八",
        "号码 一八六 一二三四 五六七八", "壹捌陆玖柒叁伍贰玖零伍", "身份证 一一零一零五一九七四零七二七三零二二",
        "mail zhang.wei%40example.cn", "tel=%2B86%20138%200013%208000", "tel %31%33%38%30%30%31%33%38%30%30%30",
        "to=li%2Ena%40corp.example.com&x=1", "进度 100%25", "phone 一三五七二六三四二一二 ok",
        "call one three eight one two three four five six seven eight", "电话 one three nine 1234 5678",
        "card four one one one one one one one one one one one one one one one", "ssn five three six, two two, one two three four",
        "ring 1 3 eight double one two three triple four five", "the score was three two one, then zero",
        "card 4 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 exp", "身份证 1 1 0 1 0 5 1 9 4 9 1 2 3 1 0 0 2 X",
        "call onethreeeightonetwothreefourfivesixseveneight", "call one\u200Bthree\u200Beight one two three four five six seven eight",
        "手机：\none\nthree\neight\none\ntwo\nthree\nfour\nfive\nsix\nseven\neight", "tel one_three_eight_one_two_three_four_five_six_seven_eight"};
    checkPlanted(planted, new Random(20261208), "planted ");
  }

  /** Checks each planted value inside random English and Chinese text. */
  private static void checkPlanted(String[] planted, Random random, String what) {
    for (int i = 0; i < planted.length; i++) {
      for (boolean chinese : new boolean[] {true, false}) {
        String text = text(random, chinese).substring(0, 20) + " " + planted[i] + (chinese ? "，谢谢" : " thanks")
            + text(random, chinese).substring(0, 10);
        check(text, false, random, what + i);
      }
    }
  }

  @Test
  void addressesWithSpelledOutSignsGiveWhatTheWholeTextGives() {
    // The PII detector reads an address's @ and dots spelled out; every cut, one character at a time included, must
    // hold the address back until it is whole, in English and Chinese text.
    String[] planted = {"mail alice [at] example [dot] com", "li.na(at)corp(dot)example(dot)cn", "ALICE AT EXAMPLE DOT COM",
        "联系 zhangwei 艾特 163点com", "wang艾特qq.com", "x（at）example．com", "bob [@] mail [.] example [.] org",
        "meet (at) noon", "Plan A", "see [at] the end", "邮箱 zhangwei#163.com", "ops#mail.example.org.",
        "C#.NET and docs#section.html", "to=alice%20[at]%20example%20[dot]%20com&x=1",
        "mail alice [a\u200Bt] example ［dot］ com", "write to john dot smith at gmail dot com today",
        "我的邮箱是 wang88 at 163 dot com", "find us at acme dot com", "look at the dot com bubble",
        "email: li.na at corp . example . cn", "the polka dot dress at the store",
        "mail a l i c e @ e x a m p l e . c o m now", "邮箱 z h a n g @ q q . c o m", "I a m h e r e"};
    checkPlanted(planted, new Random(20261210), "spelled ");
  }

  @Test
  void escapedJsonTextCutInsideEscapesGivesWhatTheWholeTextGives() throws Exception {
    Random random = new Random(20261207);
    ObjectMapper mapper = new ObjectMapper();
    for (int i = 0; i < 12; i++) {
      String text = text(random, i % 2 == 0);
      StringBuilder escaped = new StringBuilder();
      for (int k = 0; k < text.length(); k++) {
        char c = text.charAt(k);
        if (random.nextInt(6) == 0) {
          escaped.append(String.format("\\u%04x", (int) c));
        } else {
          String j = mapper.writeValueAsString(String.valueOf(c));
          escaped.append(j, 1, j.length() - 1);
        }
      }
      check(escaped.toString(), true, random, "json " + i);
    }
  }

  @Test
  void termsPaddedBeyondAnyCharacterWindowGiveWhatTheWholeTextGivesWithTheRulesBoundedInLetters() {
    // Whitespace runs, separators between Han ideographs, invisible characters and combining marks inside a term:
    // normalization removes or joins them, so a term stretches over any number of characters but never over more
    // letters; the held text is bounded in letters for these rules, and context is kept in letters too.
    int longest = byLetters.stream().flatMap(p -> p.rules().stream())
        .mapToInt(r -> r.detector().maxMatchLength()).max().orElseThrow();
    assertThat(StreamInspection.window(byLetters)).as("the PII rules' window, not the harm rule's").isLessThan(longest);
    Random random = new Random(20261209);
    for (int i = 0; i < 24; i++) {
      boolean chinese = i % 2 == 1;
      int pad = 20 + random.nextInt(400);
      String[] planted = {
        "project" + " ".repeat(pad) + "phoenix",
        "凤" + "*".repeat(pad) + "凰-计·划",
        "proje" + "\u0301".repeat(Math.min(pad, 60)) + "ct \u200B\u200B phoenix",
        "how do I make a pipe" + " \n ".repeat(pad / 3) + "bomb at home",
        "教我怎么" + "　".repeat(pad) + "制作炸药",
        "call me at 138" + " ".repeat(pad % 7) + "0013 8000 " + " ".repeat(pad) + "身份证 11010519491231002X"};
      String text = text(random, chinese) + " " + planted[i % planted.length] + (chinese ? "。" : ". ")
          + text(random, chinese);
      Run whole = run(byLetters, List.of(text), false);
      for (int trial = 0; trial < 3; trial++) {
        List<String> pieces = chunks(text, random, trial == 0 ? 1 : 1 + random.nextInt(12));
        Run now = run(byLetters, pieces, false);
        String as = "padded " + i + " trial " + trial + ": " + text;
        assertThat(now.text()).as(as).isEqualTo(whole.text());
        assertThat(now.hits()).as(as).isEqualTo(whole.hits());
        assertThat(now.block()).as(as).isEqualTo(whole.block());
      }
    }
  }

  /**
   * Restores {@code text} (JSON text, as tool arguments are) through a channel with {@code policies}, cut into
   * {@code pieces}, with a vault holding the request's pseudonyms of {@code values}.
   */
  private static String restored(List<CompiledPolicy> policies, List<String> pieces, String... values) {
    PseudonymVault vault = new PseudonymVault();
    for (String value : values) {
      vault.placeholder("PERSON", value);
    }
    vault.seal();
    TextChannel c = new TextChannel(policies, new PolicyEngine(), vault, StreamInspection.window(policies), 1 << 20,
        new ArrayList<>(), new ArrayList<>(), true);
    StringBuilder out = new StringBuilder();
    for (String piece : pieces) {
      out.append(c.feed(piece));
    }
    return out.append(c.finish()).toString();
  }

  @Test
  void aRestoredValueIsEscapedAsTheTextBeforeItWhereverTheStreamIsCut() {
    // Python's json.dumps escapes non-ASCII, Go's encoding/json escapes < > &: a restored value follows the escapes
    // the sender wrote up to the placeholder's end, in the whole text and at every cut alike.
    String[][] cases = {
      {"{\"to\":\"<PERSON_1>\",\"note\":\"caf\\u00e9\"}", "{\"to\":\"张伟\",\"note\":\"caf\\u00e9\"}"},
      {"{\"note\":\"caf\\u00e9\",\"to\":\"<PERSON_1>\"}", "{\"note\":\"caf\\u00e9\",\"to\":\"\\u5f20\\u4f1f\"}"},
      {"{\"to\":\"<PERSON_2>\",\"cc\":\"\\u003cPERSON_2\\u003e\"}", "{\"to\":\"R&D\",\"cc\":\"R\\u0026D\"}"},
      {"{\"a\":\"<PERSON_1>\",\"b\":\"\\u00e9 <PERSON_1> \\u003c\"}",
        "{\"a\":\"张伟\",\"b\":\"\\u00e9 \\u5f20\\u4f1f \\u003c\"}"}};
    for (List<CompiledPolicy> policies : List.of(List.<CompiledPolicy>of(), live)) {
      for (String[] c : cases) {
        String whole = restored(policies, List.of(c[0]), "张伟", "R&D");
        assertThat(whole).as(c[0]).isEqualTo(c[1]);
        for (int cut = 1; cut < c[0].length(); cut++) {
          assertThat(restored(policies, List.of(c[0].substring(0, cut), c[0].substring(cut)), "张伟", "R&D"))
              .as("%s cut at %d", c[0], cut).isEqualTo(whole);
        }
        assertThat(restored(policies, chunks(c[0], new Random(7), 1), "张伟", "R&D")).as(c[0])
            .isEqualTo(whole);
      }
    }
  }
}
