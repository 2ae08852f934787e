package io.kexin.gateway.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import io.kexin.gateway.content.Role;
import io.kexin.gateway.content.TextSegment;
import io.kexin.gateway.detect.Finding;
import io.kexin.gateway.policy.CompiledPolicy;
import io.kexin.gateway.policy.CompiledRule;
import io.kexin.gateway.policy.Direction;
import io.kexin.gateway.policy.ShippedPolicies;
import io.kexin.gateway.text.ScanText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks, through the shipped pack, that skipping the rules a text does not open ({@link OpenRules}) changes nothing:
 * random English and Chinese texts with credentials, their keywords in other cases (exact-case keywords in their
 * case and not), and prose holding keywords inside other words; every hit of the engine equal to a scan of every
 * rule, and every rule said closed finding nothing on its own. Seeded, so a failure repeats.
 */
class OpenRulesTest {
  private static final String[] PROSE = {
    "The laptop stand arrived on Tuesday, but the books are still in transit. ", "Please list the steps. ",
    "我上周在你们的网站上下了一个订单，订单里有三件商品。", "物流信息显示包裹在上海浦东的仓库停留了四天，", "谢谢你的帮助！",
    "What are the risks of this task? ", "I asked about the storage basket. ", "登录后台查看订单 ", "call me at ",
    "我的手机号是13800138000，", "the token ring network ", "The secretary's login was fine. ", "", " ", "\n",
  };
  private static final String[] KEYWORDS = {
    "password", "passwd", "pwd=", "api_key", "apikey", "access_key", "secret", "token", "bearer", "AKIA", "ghp_",
    "sk-", "sk-proj-", "SK", "xoxb-", "glpat-", "hf_", "AIza", "jdbc:", "mysql", "://", "eyJ", "密码", "密钥", "口令",
    "阿里云", "腾讯", "钉钉", "飞书", "LTAI", "AKID", "dashscope", "PRIVATE KEY", "SG.", "npm_", "whsec_", "sk_live_",
  };
  private static final String[] VALUES = {
    "AKIAQ3EGRT5LMWX2ZUTB", "A K I A Q 3 E G R T 5 L M W X 2 Z U T B", "ghp_AXAYxVEDGek47ZrV67xnHWph84nyQKq84ZS0",
    "sk-proj-abcdEFGH1234ijklMNOP5678qrstUVWX", "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
    "SK0123456789abcdef0123456789abcdef", "sk-ant-api03-Xk93mZq71LpQ2rS8tU4vW6yA0bC3dE5fG7hJ9kL1mN",
    "postgres://admin:S3cr3tPassw0rd@db.example.com:5432/prod", "LTAI5tQ9rX2mZ7kP3vW8yB4n",
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
    "password=Xy7kq93LmZ!pw", "api_key: 'a8F3kL9mN2pQ7rS1tU5v'", "密码：Kx93mZq71Lw", "ｇｈｐ＿AXAYxVEDGek47ZrV67xnHWph84nyQKq84ZS0",
  };
  private static List<CompiledPolicy> pack;

  @BeforeAll
  static void loadPack() {
    pack = ShippedPolicies.pack().all();
  }

  @Test
  void skippingClosedRulesFindsWhatEveryRuleFinds() {
    Random random = new Random(20261207L);
    PolicyEngine engine = new PolicyEngine();
    List<CompiledRule> rules = engine.rules(pack, Direction.REQUEST, Role.USER);
    OpenRules open = OpenRules.of(rules);
    assertThat(open).isNotNull();
    TextSegment.Form[] forms = {TextSegment.Form.TEXT, TextSegment.Form.JSON};
    int hits = 0;
    int closedSeen = 0;
    for (int t = 0; t < 600; t++) {
      String text = text(random);
      for (TextSegment.Form form : forms) {
        TextSegment segment = new TextSegment("/messages/0/content", Role.USER, text, form);
        List<CompiledRule> errors = new ArrayList<>();
        ScanText original = ScanText.of(text);
        List<String> expected = shown(engine.scan(rules, segment, original, PolicyEngine.decoded(segment, original),
            errors));
        List<String> actual = shown(engine.scan(pack, Direction.REQUEST, segment, errors));
        assertThat(errors).as("case %d", t).isEmpty();
        assertThat(actual).as("%s case %d: %s", form, t, text).isEqualTo(expected);
        hits += expected.size();
      }
      // every rule said closed finds nothing on the text it would read
      ScanText seen = ScanText.of(text);
      long[] opened = open.in(seen);
      for (int r = 0; r < rules.size(); r++) {
        if ((opened[r >>> 6] & 1L << r) == 0) {
          closedSeen++;
          List<Finding> found = rules.get(r).detector().scan(seen);
          assertThat(found).as("closed rule %s on case %d", rules.get(r).id(), t).isEmpty();
        }
      }
    }
    // values were found, and rules were closed: the comparison is not one of empty lists or of an open gate
    assertThat(hits).isGreaterThan(300);
    assertThat(closedSeen).isGreaterThan(600 * 40);
  }

  @Test
  void rulesWorkedOutPerFormFindWhatEachRuleAskedFinds() {
    Random random = new Random(20261208L);
    PolicyEngine engine = new PolicyEngine();
    List<CompiledRule> rules = engine.rules(pack, Direction.REQUEST, Role.USER);
    // forms whose segments some rules do not read: credential fields, readings of joined texts, ids, keys, headers
    TextSegment.Form[] forms = {TextSegment.Form.CREDENTIAL, TextSegment.Form.JOINED, TextSegment.Form.TURNS,
        TextSegment.Form.SIBLINGS, TextSegment.Form.IDENTIFIER, TextSegment.Form.KEY, TextSegment.Form.METADATA};
    int[] hits = new int[forms.length];
    for (int f = 0; f < forms.length; f++) {
      long[] reads = PolicyEngine.readable(rules, forms[f]);
      int reading = 0;
      for (long w : reads) {
        reading += Long.bitCount(w);
      }
      // credential fields and readings of joined texts leave rules out, which a wrong bit would let in or keep out;
      // ids, keys and headers only rules that ask a remote service, of which the shipped pack has none
      if (forms[f] == TextSegment.Form.IDENTIFIER || forms[f] == TextSegment.Form.KEY
          || forms[f] == TextSegment.Form.METADATA) {
        assertThat(reading).as("%s", forms[f]).isEqualTo(rules.size());
      } else {
        assertThat(reading).as("%s", forms[f]).isGreaterThan(0).isLessThan(rules.size());
      }
    }
    for (int t = 0; t < 300; t++) {
      // two parts, a break between them, values planted in each and across (an invisible unit: the break)
      String text = text(random) + TextSegment.PART_BREAK + VALUES[random.nextInt(VALUES.length)].substring(0, 6)
          + TextSegment.PART_BREAK + text(random);
      for (int f = 0; f < forms.length; f++) {
        TextSegment segment = new TextSegment("/messages/0/content", Role.USER, text, forms[f]);
        List<CompiledRule> errors = new ArrayList<>();
        ScanText original = ScanText.of(text);
        List<String> expected = shown(engine.scan(rules, segment, original, PolicyEngine.decoded(segment, original),
            errors));
        List<String> actual = shown(engine.scan(pack, Direction.REQUEST, segment, errors));
        assertThat(errors).as("case %d", t).isEmpty();
        assertThat(actual).as("%s case %d: %s", forms[f], t, text).isEqualTo(expected);
        hits[f] += expected.size();
      }
    }
    // every form found values (readings of joined texts only those across a break): no comparison of empty lists
    int[] least = {200, 20, 20, 20, 600, 600, 600};
    for (int f = 0; f < forms.length; f++) {
      assertThat(hits[f]).as("%s", forms[f]).isGreaterThan(least[f]);
    }
  }

  @Test
  void proseInEnglishAndChineseOpensFewCredentialRules() {
    List<CompiledRule> rules = new PolicyEngine().rules(pack, Direction.REQUEST, Role.USER);
    OpenRules open = OpenRules.of(rules);
    int credential = 0;
    for (CompiledRule r : rules) {
      credential += r.detector().opening() != null ? 1 : 0;
    }
    assertThat(credential).isGreaterThan(50);
    for (String prose : new String[] {"The laptop stand arrived on Tuesday, but the books are still in transit. ",
        "物流信息显示包裹在上海浦东的仓库停留了四天，订单总额是 356 元。"}) {
      long[] opened = open.in(ScanText.of(prose.repeat(5)));
      int count = 0;
      for (int r = 0; r < rules.size(); r++) {
        count += (opened[r >>> 6] & 1L << r) != 0 ? 1 : 0;
      }
      assertThat(count).as(prose).isLessThanOrEqualTo(rules.size() - credential);
    }
    // a keyword opens the rules it gates, in any case
    long[] opened = open.in(ScanText.of("my PassWord is here"));
    boolean any = false;
    for (int r = 0; r < rules.size(); r++) {
      any |= rules.get(r).detector().opening() != null && (opened[r >>> 6] & 1L << r) != 0;
    }
    assertThat(any).isTrue();
  }

  @Test
  void nextWalksTheSetBitsInOrder() {
    long[] bits = {1L | 1L << 63, 1L << 5};
    assertThat(OpenRules.next(bits, 0, 128)).isEqualTo(0);
    assertThat(OpenRules.next(bits, 1, 128)).isEqualTo(63);
    assertThat(OpenRules.next(bits, 64, 128)).isEqualTo(69);
    assertThat(OpenRules.next(bits, 70, 128)).isEqualTo(128);
    assertThat(OpenRules.next(bits, 64, 66)).isEqualTo(66);
    assertThat(OpenRules.next(bits, 200, 128)).isEqualTo(128);
  }

  /** Returns prose in English and Chinese with keywords in random cases and credentials planted at random. */
  private static String text(Random random) {
    StringBuilder b = new StringBuilder();
    int pieces = 1 + random.nextInt(12);
    for (int i = 0; i < pieces; i++) {
      switch (random.nextInt(6)) {
        case 0 -> b.append(VALUES[random.nextInt(VALUES.length)]).append(random.nextBoolean() ? " " : "，");
        case 1 -> {
          String k = KEYWORDS[random.nextInt(KEYWORDS.length)];
          k = switch (random.nextInt(3)) {
            case 0 -> k.toLowerCase(Locale.ROOT);
            case 1 -> k.toUpperCase(Locale.ROOT);
            default -> k;
          };
          b.append(k).append(random.nextBoolean() ? ": " : "").append(secret(random)).append(' ');
        }
        default -> b.append(PROSE[random.nextInt(PROSE.length)]);
      }
    }
    return b.toString();
  }

  /** Returns a random token of letters and digits, 8 to 40 long. */
  private static String secret(Random random) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    int n = 8 + random.nextInt(33);
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      b.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return b.toString();
  }

  private static List<String> shown(List<Hit> hits) {
    List<String> out = new ArrayList<>();
    for (Hit h : hits) {
      Finding f = h.finding();
      out.add(h.rule().id() + " " + f.start() + "-" + f.end() + " " + f.score() + " " + f.explanation());
    }
    return out;
  }
}
