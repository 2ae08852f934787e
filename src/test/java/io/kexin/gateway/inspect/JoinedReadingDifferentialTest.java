package io.kexin.gateway.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import io.kexin.gateway.content.Role;
import io.kexin.gateway.content.TextSegment;
import io.kexin.gateway.policy.CompiledPolicy;
import io.kexin.gateway.policy.CompiledRule;
import io.kexin.gateway.policy.Direction;
import io.kexin.gateway.policy.ShippedPolicies;
import io.kexin.gateway.text.DecodedText;
import io.kexin.gateway.text.ScanText;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks, through the shipped pack, that reading joined texts (a message's parts, the system and user turns, sibling
 * strings) only in the windows around their breaks ({@link BreakWindows}) finds exactly what reading them whole
 * finds: random English and Chinese texts of two to six parts, long and short, with values of every family the pack
 * reads planted across breaks (whole, cut at a random place, spaced, in full-width digits), near the ends and in the
 * middle of parts. Seeded, so a failure repeats.
 */
class JoinedReadingDifferentialTest {
  private static final String[] PROSE = {
    "The laptop stand arrived on Tuesday, but the books are still in transit. ", "Please list the steps. ",
    "我上周在你们的网站上下了一个订单，订单里有三件商品。", "物流信息显示包裹在上海浦东的仓库停留了四天，", "谢谢你的帮助！",
    "the invoice shows a shipping fee of 12 yuan ", "订单总额是 356 元，", "Project Phoenix ", "内部资料 ", "call me at ",
    "我的手机号是", "邮箱：", "key: ", "password=", "身份证号 ", "card ", "ok", "", " ", "\n", "2024-05-01 ", "order 1234 ",
    "张伟 ", "Zhang Wei lives at 12 Main Street, Springfield. ", "北京市朝阳区建国路88号 ", "confidential ",
  };
  private static final String[] VALUES = {
    "13800138000", "+86 138 0013 8000", "138-0013-8000", "１３８００１３８０００", "11010519491231002X",
    "zhang.wei@example.cn", "wei_zhang+test@corp-mail.com.cn", "4111 1111 1111 1111", "6222021234567890123",
    "AKIAQ3EGRT5LMWX2ZUTB", "A K I A Q 3 E G R T 5 L M W X 2 Z U T B", "ghp_AXAYxVEDGek47ZrV67xnHWph84nyQKq84ZS0",
    "sk-proj-abcdEFGH1234ijklMNOP5678qrstUVWX", "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
    "-----BEGIN RSA PRIVATE KEY-----\nyDdPEgVOx/FQ9Vn9uSfKfJKOin1o+lb0c3pWyUxHQAIQaKbKHQ2w4FW5GLCIanL6\n"
        + "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDRndVLkklx2zfF\n-----END RSA PRIVATE KEY-----",
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ"
        + ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
    "postgres://admin:S3cr3tPassw0rd@db.example.com:5432/prod", "192.168.10.24", "123-45-6789",
    "粤B12345", "Project Phoenix", "内部资料", "wxid_abcd1234efgh", "QQ 123456789",
    // folded forms of keys (full-width, percent-escaped, Cyrillic look-alikes), keys after context words, passwords
    "ＡＫＩＡＱ３ＥＧＲＴ５ＬＭＷＸ２ＺＵＴＢ", "AKIA%51%33EGRT5LMWX2ZUTB", "АKIАQ3EGRT5LMWX2ZUTB",
    "ghp_AXAY xVED Gek4 7ZrV 67xn HWph 84ny QKq8 4ZS0",
    "g-h-p-_-A-X-A-Y-x-V-E-D-G-e-k-4-7-Z-r-V-6-7-x-n-H-W-p-h-8-4-n-y-Q-K-q-8-4-Z-S-0",
    "aws secret key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY",
    "AWS 密钥是 wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY",
    "sk-ant-api03-" + "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5bC7dE9fG1hJ3kL5mN7pQ9rS1tU3vW5xY7zA9bC1dE3fG5hJ7kL9mN1pQ3rS5tU7vW9xY1zA3b"
        + "AA",
    "glpat-xYz12AbC34dEf56GhI78", "mysql -u root -pS3cr3t。Passw0rd", "密码：S3cr3t!Passw0rd", "password=Zx9$kQ2!mW7#",
    "https://deploy:Gh7。kL9x2Qw@git.example.com/repo.git",
    "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",
  };
  /** Units a part may start or end with, beside a break: Chinese stops and words, English prose. */
  private static final String[] STOPS = {"。", "，", "！", "？", "：", "、", "）", "上", "谢谢", " thanks.", "。\n", "「"};
  private static List<CompiledPolicy> pack;

  @BeforeAll
  static void loadPack() {
    pack = ShippedPolicies.pack().all();
  }

  @Test
  void windowsFindWhatTheWholeReadingFinds() {
    Random random = new Random(20261207L);
    PolicyEngine windowed = new PolicyEngine(null, BreakWindows.Use.WHEN_SHORTER);
    PolicyEngine always = new PolicyEngine(null, BreakWindows.Use.ALWAYS);
    PolicyEngine whole = new PolicyEngine(null, BreakWindows.Use.NEVER);
    TextSegment.Form[] forms = {TextSegment.Form.TURNS, TextSegment.Form.JOINED, TextSegment.Form.SIBLINGS};
    int crossing = 0;
    for (int t = 0; t < 100; t++) {
      String text = joined(random);
      for (TextSegment.Form form : forms) {
        TextSegment segment = new TextSegment("/messages/0/content#joined", Role.USER, text, form);
        List<CompiledRule> errors = new ArrayList<>();
        List<String> expected = shown(whole.scan(pack, Direction.REQUEST, segment, errors));
        assertThat(errors).as("whole %s reading of case %d", form, t).isEmpty();
        for (PolicyEngine engine : new PolicyEngine[] {windowed, always}) {
          List<String> actual = shown(engine.scan(pack, Direction.REQUEST, segment, errors));
          assertThat(errors).as("windowed %s reading of case %d", form, t).isEmpty();
          assertThat(actual).as("%s reading of case %d", form, t).isEqualTo(expected);
        }
        crossing += expected.size();
      }
    }
    // the planted values do cross breaks: the comparison is not one of empty lists
    assertThat(crossing).isGreaterThan(200);
  }

  @Test
  void findsAValueAcrossABreakFarFromEitherEndOfLongTextsInEnglishAndChinese() {
    PolicyEngine windowed = new PolicyEngine(null, BreakWindows.Use.WHEN_SHORTER);
    // each part well beyond the windows of the longest bound (about 3,900 units, a service-account key in base64), so that
    // windows are read
    String english = "The laptop stand arrived on Tuesday. ".repeat(800);
    String chinese = "物流信息显示包裹在上海浦东的仓库停留了四天，".repeat(1400);
    for (String prose : new String[] {english, chinese}) {
      String text = prose + "call 138" + TextSegment.PART_BREAK + "0013 8000 " + prose + "AKIAQ3EGRT"
          + TextSegment.PART_BREAK + "5LMWX2ZUTB " + prose;
      List<String> hits = shown(windowed.scan(pack, Direction.REQUEST,
          new TextSegment("/messages/0/content#joined", Role.USER, text, TextSegment.Form.TURNS), new ArrayList<>()));
      assertThat(hits).anyMatch(h -> h.startsWith("pii.phone-cn")).anyMatch(h -> h.startsWith("secret.aws-access-key"));
      assertThat(windowsOf(text)).as("a long reading is read in windows").isNotNull();
    }
    // a reading as short as the benchmark's (system prompt, two user turns) is read whole: windows would cost more
    String shortText = "You are a helpful assistant. 你是一名客服助理。".repeat(8) + TextSegment.PART_BREAK
        + "我问过仓库地址的问题。" + TextSegment.PART_BREAK + "The laptop stand arrived on Tuesday. ".repeat(20);
    assertThat(windowsOf(shortText)).isNull();
  }

  /**
   * Readings shaped like a chat's (a system prompt, a short first turn, a long new turn), read through the
   * data-leakage pack alone, with windows forced and as the engine chooses them: every hit equals the whole reading's,
   * with values and credential keywords planted across the breaks and far from them (a keyword that opens a
   * credential rule in the whole reading, not in a window), in English and Chinese. A third have a system prompt long
   * enough (20,000–26,000 units) that the engine reads windows by itself.
   */
  @Test
  void chatShapedReadingsReadInWindowsFindWhatTheWholeReadingFinds() {
    List<CompiledPolicy> leak = pack.stream().filter(p -> List.of("default", "pii", "secrets").contains(p.name()))
        .toList();
    assertThat(leak).hasSize(3);
    Random random = new Random(20261207_14L);
    PolicyEngine windowed = new PolicyEngine(null, BreakWindows.Use.WHEN_SHORTER);
    PolicyEngine always = new PolicyEngine(null, BreakWindows.Use.ALWAYS);
    PolicyEngine whole = new PolicyEngine(null, BreakWindows.Use.NEVER);
    int crossing = 0;
    int windowedReadings = 0;
    for (int t = 0; t < 240; t++) {
      String text = chatShaped(random, t % 3 == 0 ? 20_000 + random.nextInt(6_000) : 150 + random.nextInt(300));
      TextSegment segment = new TextSegment("/messages/0/content#joined", Role.USER, text, TextSegment.Form.TURNS);
      List<CompiledRule> errors = new ArrayList<>();
      List<String> expected = shown(whole.scan(leak, Direction.REQUEST, segment, errors));
      assertThat(errors).as("whole reading of case %d", t).isEmpty();
      for (PolicyEngine engine : new PolicyEngine[] {windowed, always}) {
        List<String> actual = shown(engine.scan(leak, Direction.REQUEST, segment, errors));
        assertThat(errors).as("windowed reading of case %d", t).isEmpty();
        assertThat(actual).as("reading of case %d: %s", t, text).isEqualTo(expected);
      }
      crossing += expected.size();
      windowedReadings += windowsOf(text) != null ? 1 : 0;
    }
    assertThat(crossing).as("findings across breaks").isGreaterThan(120);
    assertThat(windowedReadings).as("readings with some rules in windows").isGreaterThan(60);
  }

  @Test
  void theBenchmarkReadingIsReadWholeAndALongSystemPromptInWindows() throws Exception {
    List<CompiledPolicy> leak = pack.stream().filter(p -> List.of("default", "pii", "secrets").contains(p.name()))
        .toList();
    com.fasterxml.jackson.databind.JsonNode body = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(java.nio.file.Files.readAllBytes(Path.of("bench/chat-request.json")));
    List<String> parts = new ArrayList<>();
    for (com.fasterxml.jackson.databind.JsonNode m : body.get("messages")) {
      if (!m.get("role").asText().equals("assistant")) {
        parts.add(m.get("content").asText());
      }
    }
    String text = String.join(String.valueOf(TextSegment.PART_BREAK), parts);
    PolicyEngine engine = new PolicyEngine(null, BreakWindows.Use.WHEN_SHORTER);
    List<CompiledRule> rules = engine.rules(leak, Direction.REQUEST, Role.USER);
    // the windows of its longest bound (3,028 units, a JWT) would read most of it
    assertThat(windowsOf(rules, text)).isNull();
    // with a long system prompt the rules read windows, and find what the whole reading finds
    String longer = "你是一名专业的客服助理，负责回答关于订单、仓储和配送的问题。Answer concisely. ".repeat(500) + text
        + "AKIAQ3EGRT" + TextSegment.PART_BREAK + "5LMWX2ZUTB";
    assertThat(windowsOf(rules, longer)).isNotNull();
    TextSegment segment = new TextSegment("/messages/0/content#joined", Role.USER, longer, TextSegment.Form.TURNS);
    List<String> whole = shown(new PolicyEngine(null, BreakWindows.Use.NEVER).scan(leak, Direction.REQUEST, segment,
        new ArrayList<>()));
    assertThat(whole).anyMatch(h -> h.startsWith("secret.aws-access-key"));
    assertThat(shown(engine.scan(leak, Direction.REQUEST, segment, new ArrayList<>()))).isEqualTo(whole);
  }

  /** Returns a system prompt, a short first turn and a long new turn, joined, with values across and beside breaks. */
  private static String chatShaped(Random random, int systemLength) {
    StringBuilder system = new StringBuilder();
    while (system.length() < systemLength) {
      system.append(piece(random));
    }
    StringBuilder first = new StringBuilder();
    while (first.length() < 10 + random.nextInt(60)) {
      first.append(piece(random));
    }
    StringBuilder last = new StringBuilder();
    while (last.length() < 400 + random.nextInt(900)) {
      last.append(piece(random));
    }
    List<StringBuilder> texts = List.of(system, first, last);
    for (int p = 0; p < 2; p++) {
      if (random.nextInt(4) == 0) {
        continue;
      }
      String value = VALUES[random.nextInt(VALUES.length)];
      int cut = 1 + random.nextInt(Math.max(1, value.length() - 1));
      texts.get(p).append(PROSE[random.nextInt(PROSE.length)]).append(value, 0, Math.min(cut, value.length()));
      texts.get(p + 1).insert(0, value.substring(Math.min(cut, value.length())) + (random.nextBoolean() ? " " : "，"));
    }
    return system + String.valueOf(TextSegment.PART_BREAK) + first + TextSegment.PART_BREAK + last;
  }

  /** Returns prose, now and then a value or a credential keyword far from any break ("risks" holds Twilio's SK). */
  private static String piece(Random random) {
    int k = random.nextInt(16);
    if (k == 0) {
      return VALUES[random.nextInt(VALUES.length)] + " ";
    }
    if (k == 1) {
      return KEYWORDS[random.nextInt(KEYWORDS.length)];
    }
    return PROSE[random.nextInt(PROSE.length)];
  }

  /** Credential keywords and words holding one, which open credential rules in the whole reading. */
  private static final String[] KEYWORDS = {
    "the risks are low. ", "it was marked as shipped. ", "SK ", "AKIA ", "ghp_ ", "token ", "api_key ", "密钥 ",
    "password ", "secret ", "xoxb- ", "sk-ant- ", "eyJ ", "-----BEGIN ", "glpat- ", "SG. ", "jdbc: ",
  };

  /** Returns the windows {@code rules} read in a system-and-user reading of {@code text}, or null. */
  private static BreakWindows windowsOf(List<CompiledRule> rules, String text) {
    int[] bounds = BreakWindows.bounds();
    for (CompiledRule r : rules) {
      if (!r.detector().readsInvisible() && !r.detector().judgesText() && !r.detector().blocks()) {
        BreakWindows.note(bounds, r.detector());
      }
    }
    ScanText original = ScanText.of(text);
    DecodedText decoded = DecodedText.of(original, false);
    ScanText seen = decoded.identity() ? original : ScanText.of(decoded.text());
    return BreakWindows.of(text, decoded, seen, bounds, BreakWindows.Use.WHEN_SHORTER);
  }

  /** Returns the windows the pack's rules would read in a system-and-user reading of {@code text}, or null. */
  private static BreakWindows windowsOf(String text) {
    List<CompiledRule> rules = new ArrayList<>();
    for (CompiledPolicy p : pack) {
      rules.addAll(p.rules());
    }
    return windowsOf(rules, text);
  }

  /** Returns two to six parts joined by breaks, with values planted across some of the breaks. */
  private static String joined(Random random) {
    int parts = 2 + random.nextInt(5);
    List<StringBuilder> texts = new ArrayList<>();
    for (int p = 0; p < parts; p++) {
      StringBuilder b = new StringBuilder();
      // short parts and parts longer than every rule's window
      int pieces = random.nextInt(4) == 0 ? 30 + random.nextInt(50) : random.nextInt(8);
      for (int i = 0; i < pieces; i++) {
        b.append(random.nextInt(12) == 0 ? VALUES[random.nextInt(VALUES.length)] + " "
            : PROSE[random.nextInt(PROSE.length)]);
      }
      if (random.nextInt(3) == 0) {
        b.insert(0, STOPS[random.nextInt(STOPS.length)]);
      }
      if (random.nextInt(3) == 0) {
        b.append(STOPS[random.nextInt(STOPS.length)]);
      }
      texts.add(b);
    }
    for (int p = 0; p + 1 < parts; p++) {
      if (random.nextInt(3) == 0) {
        continue;
      }
      String value = VALUES[random.nextInt(VALUES.length)];
      int cut = 1 + random.nextInt(Math.max(1, value.length() - 1));
      String context = PROSE[random.nextInt(PROSE.length)];
      texts.get(p).append(context).append(value, 0, Math.min(cut, value.length()));
      texts.get(p + 1).insert(0, value.substring(Math.min(cut, value.length())) + (random.nextBoolean() ? " " : "，"));
    }
    StringBuilder out = new StringBuilder();
    for (int p = 0; p < parts; p++) {
      if (p > 0) {
        out.append(TextSegment.PART_BREAK);
      }
      out.append(texts.get(p));
    }
    return out.toString();
  }

  private static List<String> shown(List<Hit> hits) {
    List<String> out = new ArrayList<>(hits.size());
    for (Hit h : hits) {
      out.add(h.rule().id() + " " + h.finding().entity() + " " + h.finding().start() + "-" + h.finding().end() + " "
          + h.finding().score() + " " + h.finding().explanation() + " " + h.enforced());
    }
    return out;
  }
}
