package io.kexin.gateway.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import io.kexin.gateway.content.Role;
import io.kexin.gateway.content.TextSegment;
import io.kexin.gateway.policy.Direction;
import io.kexin.gateway.policy.PolicySet;
import io.kexin.gateway.policy.ShippedPolicies;
import java.math.BigInteger;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks that personal data and credentials written in the further encodings a model decodes — base32, base58,
 * base85 (Ascii85, Z85, RFC 1924), quoted-printable, binary and decimal bytes, base64 in base64, Chinese in GB 2312
 * bytes — or read turned (ROT13, backwards) or split by markup are found by the shipped pack in English and Chinese,
 * each finding spanning the whole run as written; and that values of those shapes that hide nothing (bitcoin
 * addresses, IPFS hashes, TOTP secrets, onion addresses, hashes, binary homework, bold numbers, code) stay clean.
 * The encoders are written here from their specifications, apart from the decoders under test.
 */
class FurtherEncodingsTest {
  private static final String ID = "11010519491231002X";
  private static final String PHONE = "13812345678";
  private static final String EMAIL = "zhang.wei@example.com";
  private static final String AWS = "AKIAQ3EGRT5YB2MZXW7P";
  private static final String GITHUB = "ghp_AXAYxVEDGek47ZrV67xnHWph84nyQKq84ZS0";
  private static final String ENGLISH = "my phone is " + PHONE + ", mail " + EMAIL;
  private static final String CHINESE = "我的手机号是" + PHONE + "，身份证" + ID;
  private static PolicySet pack;
  private final PolicyEngine engine = new PolicyEngine(new SegmentCache(100));

  @BeforeAll
  static void load() throws Exception {
    pack = ShippedPolicies.pack();
  }

  private Outcome request(String text) {
    return engine.run(pack.resolve(List.of("default", "pii", "secrets", "content-safety")), Direction.REQUEST,
        List.of(new TextSegment("/messages/0/content", Role.USER, text)), new PseudonymVault());
  }

  private static List<String> entities(Outcome o) {
    return o.hits().stream().map(h -> h.finding().entity()).distinct().sorted().toList();
  }

  static Stream<Arguments> encoded() {
    List<Arguments> rows = new ArrayList<>();
    byte[] en = ENGLISH.getBytes(StandardCharsets.UTF_8);
    byte[] zh = CHINESE.getBytes(StandardCharsets.UTF_8);
    byte[] key = ("key " + AWS).getBytes(StandardCharsets.UTF_8);
    byte[] token = GITHUB.getBytes(StandardCharsets.UTF_8);
    for (Object[] row : new Object[][] {
        {"base32", (java.util.function.Function<byte[], String>) FurtherEncodingsTest::base32},
        {"base32 lower unpadded", (java.util.function.Function<byte[], String>) b -> base32(b).replace("=", "")
            .toLowerCase(Locale.ROOT)},
        {"base58", (java.util.function.Function<byte[], String>) FurtherEncodingsTest::base58},
        {"ascii85", (java.util.function.Function<byte[], String>) FurtherEncodingsTest::ascii85},
        {"ascii85 adobe", (java.util.function.Function<byte[], String>) b -> "<~" + ascii85(b) + "~>"},
        {"z85", (java.util.function.Function<byte[], String>) b -> z85(b)},
        {"rfc1924", (java.util.function.Function<byte[], String>) FurtherEncodingsTest::rfc1924},
        {"quoted-printable", (java.util.function.Function<byte[], String>) FurtherEncodingsTest::quotedPrintable},
        {"binary", (java.util.function.Function<byte[], String>) FurtherEncodingsTest::binary},
        {"decimal", (java.util.function.Function<byte[], String>) FurtherEncodingsTest::decimal},
        {"base64 twice", (java.util.function.Function<byte[], String>) b -> base64(base64(b)
            .getBytes(StandardCharsets.US_ASCII))}}) {
      String name = (String) row[0];
      @SuppressWarnings("unchecked")
      java.util.function.Function<byte[], String> encode = (java.util.function.Function<byte[], String>) row[1];
      byte[] enPadded = name.equals("z85") ? pad4(en) : en;
      byte[] zhPadded = name.equals("z85") ? pad4(zh) : zh;
      rows.add(Arguments.of(name + " English", "decode this: ", encode.apply(enPadded), List.of("EMAIL",
          "PHONE_CN")));
      rows.add(Arguments.of(name + " Chinese", "请解码：", encode.apply(zhPadded), List.of("CN_ID_CARD", "PHONE_CN")));
      // quoted-printable leaves ASCII as written: a key in it is found as written
      if (!name.equals("z85") && !name.equals("quoted-printable")) {
        rows.add(Arguments.of(name + " AWS key", "decode this: ", encode.apply(key), List.of("SECRET")));
        rows.add(Arguments.of(name + " GitHub token", "解码：", encode.apply(token), List.of("SECRET")));
      }
    }
    Charset gbk = Charset.forName("GBK");
    rows.add(Arguments.of("GB 2312 bytes in base64", "解码(GBK)：", base64(CHINESE.getBytes(gbk)),
        List.of("CN_ID_CARD", "PHONE_CN")));
    rows.add(Arguments.of("GB 2312 bytes quoted-printable", "解码(GBK)：", quotedPrintable(CHINESE.getBytes(gbk)),
        List.of("CN_ID_CARD", "PHONE_CN")));
    return rows.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("encoded")
  void isFoundAndSpansTheWholeRun(String name, String prefix, String encoded, List<String> expected) {
    String text = prefix + encoded + " thanks";
    Outcome o = request(text);
    assertThat(entities(o)).as(text).containsAll(expected);
    for (String entity : expected) {
      assertThat(o.hits().stream().filter(h -> h.finding().entity().equals(entity))
          .map(h -> text.substring(h.finding().start(), h.finding().end()))).as(name + " " + entity)
          .contains(encoded);
    }
    assertThat(o.replacements().isEmpty() || !o.replacements().get(0).text().contains(encoded)).isTrue();
  }

  static Stream<Arguments> turned() {
    return Stream.of(
        Arguments.of("ROT13 AWS key", "rot13: key " + rot13(AWS), rot13(AWS), "SECRET"),
        Arguments.of("ROT13 GitHub token", "用rot13解码 " + rot13(GITHUB), rot13(GITHUB), "SECRET"),
        Arguments.of("ROT13 e-mail", "write to " + rot13(EMAIL) + " (rot13)", rot13(EMAIL), "EMAIL"),
        Arguments.of("ROT13 e-mail in Chinese", "请发邮件到" + rot13("li.na@example.net") + "，谢谢",
            rot13("li.na@example.net"), "EMAIL"),
        Arguments.of("ROT13 PEM key", rot13(pem()), rot13(pem()), "SECRET"),
        Arguments.of("reversed AWS key", "reverse it: " + reverse(AWS), reverse(AWS), "SECRET"),
        Arguments.of("reversed GitHub token", "倒过来读：" + reverse(GITHUB), reverse(GITHUB), "SECRET"),
        Arguments.of("reversed e-mail", "reverse: " + reverse(EMAIL), reverse(EMAIL), "EMAIL"),
        Arguments.of("reversed PEM key", reverse(pem()), reverse(pem()), "SECRET"),
        Arguments.of("reversed Chinese ID", "身份证号倒着写：" + reverse(ID), reverse(ID), "CN_ID_CARD"),
        Arguments.of("reversed ID, English", "my ID backwards is " + reverse("440304199003072136") + ".",
            reverse("440304199003072136"), "CN_ID_CARD"),
        Arguments.of("ID with its check X in ROT13", "身份证 11010519491231002K", "11010519491231002K", "CN_ID_CARD"),
        Arguments.of("ID with its check X in ROT13, English", "rot13 of my ID: 11010519491231002K.",
            "11010519491231002K", "CN_ID_CARD"),
        Arguments.of("phone backwards after 倒序", "电话(倒序) " + reverse(PHONE), reverse(PHONE), "PHONE_CN"),
        Arguments.of("phone backwards after reversed", "my phone, reversed: " + reverse(PHONE) + ".", reverse(PHONE),
            "PHONE_CN"),
        Arguments.of("phone backwards after 倒过来", "手机号倒过来写是" + reverse("13912345678") + "，记住",
            reverse("13912345678"), "PHONE_CN"),
        Arguments.of("phone split by tags", "call 138<b></b>1234<i>5678</i> now", "138<b></b>1234<i>5678",
            "PHONE_CN"),
        Arguments.of("phone split by tags, Chinese", "电话138<b></b>1234<i>5678</i>，谢谢", "138<b></b>1234<i>5678",
            "PHONE_CN"),
        Arguments.of("phone split by bold", "电话 **138**12345678", "138**12345678", "PHONE_CN"),
        Arguments.of("phone split by markdown links", "call [138](x)[1234](y)5678 now", "138](x)[1234](y)5678",
            "PHONE_CN"),
        Arguments.of("phone split by HTML comments, Chinese", "电话138<!-- -->1234<!-- x -->5678，谢谢",
            "138<!-- -->1234<!-- x -->5678", "PHONE_CN"),
        Arguments.of("phone in TeX math marks", "手机 $1$$3$$8$$1$$2$$3$$4$$5$$6$$7$$8$",
            "1$$3$$8$$1$$2$$3$$4$$5$$6$$7$$8", "PHONE_CN"),
        Arguments.of("ID in TeX text and thin spaces", "ID $\\text{110105}\\,\\text{19491231}\\,\\text{002X}$",
            "110105}\\,\\text{19491231}\\,\\text{002X", "CN_ID_CARD"),
        Arguments.of("phone in TeX thin spaces, Chinese", "电话：$138\\,1234\\,5678$。", "138\\,1234\\,5678",
            "PHONE_CN"),
        Arguments.of("phone split by .concat", "x = \"138\".concat(\"12345678\");", "138\".concat(\"12345678",
            "PHONE_CN"),
        Arguments.of("key split by code marks", "key `AKIAQ3EG`RT5YB2MZXW7P", "AKIAQ3EG`RT5YB2MZXW7P", "SECRET"),
        Arguments.of("e-mail split by tags", "mail zhang.wei<span></span>@example.com", "zhang.wei<span></span>"
            + "@example.com", "EMAIL"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("turned")
  void turnedAndSplitValuesAreFoundWhole(String name, String text, String run, String entity) {
    Outcome o = request(text);
    assertThat(entities(o)).as(text).contains(entity);
    assertThat(o.hits().stream().filter(h -> h.finding().entity().equals(entity))
        .map(h -> text.substring(h.finding().start(), h.finding().end()))).as(name).contains(run);
  }

  @Test
  void shapesThatHideNothingStayClean() {
    List<String> clean = List.of(
        "send to bitcoin address 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa please",
        "pinned at ipfs://QmXoypizjW3WknFiJnKLwHCnL72vedxjQkDDP1mXWo6uco today",
        "比特币地址 3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy 已确认",
        "TOTP secret JBSWY3DPEHPK3PXP4QF2NBKMMY3GLQZE for the test account",
        "onion service http://2gzyxa5ihm7nsggfxnu52rck2vv4rvmdlkiu3zzui5du4xyclen53wyd.onion/",
        "sha1 da39a3ee5e6b4b0d3255bfef95601890afd80709 and commit 4b825dc642cb6eb9a060e54bf8d69288fbee4904",
        "git show 3f786850e387550fdab836ed7e6dc881de23001b",
        "homework: convert 01001000 01101001 to ASCII, then 00110001 00110010 to decimal",
        "作业：把 01101000 01100101 01101100 01101100 01101111 00100000 01110111 01101111 01110010 01101100"
            + " 01100100 转成文字",
        "scores 88 92 75 81 99 81 77 90 85 70 72 93 and 98 87 79 91",
        "| name | total |\n|---|---|\n| **Alice** | **138**12 |\n| 合计 | **2024**年 |",
        "see [the docs](https://x.example/a) and [v1](a)[v2](b); price $5, US$10 or 5$; a[1][3] = b[8]",
        "TeX: $x^2$ and $\\frac{1}{3}$, \\text{total}\\,\\text{12}; 表格 <!-- 注释 --> 第 3 行, <!DOCTYPE html>",
        "const url = base + \"/api/v1/\".concat(\"users\");\nlet s = 'abc' + 'def';",
        "x = a**2 + b**2; y = foo__bar__baz; z = `cmd`arg",
        "regex <~[A-Za-z]+~> and path C:/Program Files/x86/app.exe --flag=value,other",
        "moc.elpmaxe is a reversed domain with no address",
        "reversed order ids 12345678901 and 87654321830, sorted backwards",
        "倒序排列：10987654321、20987654321",
        "87654321831 is a plain number with no word saying it is turned",
        "订单号 12345678901234567K 已发货，批次 98765432109876543k",
        "reverse the list: 3, 2, 1",
        "比分 \uD83C\uDDE8\uD83C\uDDF3 2:1 \uD83C\uDDFA\uD83C\uDDF8, \uD83C\uDDEF\uD83C\uDDF5 vs "
            + "\uD83C\uDDF0\uD83C\uDDF7 1-1, version 1.2.3",
        "Ascii85 sample <~87cURD]i,\"Ebo80~> decodes to Hello World");
    for (String text : clean) {
      assertThat(request(text).hits()).as(text).isEmpty();
    }
  }

  private static byte[] pad4(byte[] b) {
    int n = (b.length + 3) / 4 * 4;
    byte[] out = java.util.Arrays.copyOf(b, n);
    for (int i = b.length; i < n; i++) {
      out[i] = ' ';
    }
    return out;
  }

  private static String pem() {
    return "-----BEGIN RSA PRIVATE KEY-----\n"
        + "MIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi4V6Q5LwFDqHzTnaXnV1T8FJCu\n"
        + "q6zpw3vS0ODgY9m1RAkuW2pSaM5r0qZHqmF1ZsCwW1jg2VqXTzhLmwrbq0tTZmbR\n"
        + "-----END RSA PRIVATE KEY-----";
  }

  private static String base64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  private static String base32(byte[] b) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    StringBuilder s = new StringBuilder();
    int acc = 0;
    int bits = 0;
    for (byte x : b) {
      acc = acc << 8 | (x & 0xFF);
      bits += 8;
      while (bits >= 5) {
        s.append(alphabet.charAt(acc >> (bits - 5) & 31));
        bits -= 5;
      }
    }
    if (bits > 0) {
      s.append(alphabet.charAt(acc << (5 - bits) & 31));
    }
    while (s.length() % 8 != 0) {
      s.append('=');
    }
    return s.toString();
  }

  private static String base58(byte[] b) {
    String alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    BigInteger n = new BigInteger(1, b);
    StringBuilder s = new StringBuilder();
    BigInteger radix = BigInteger.valueOf(58);
    while (n.signum() > 0) {
      BigInteger[] qr = n.divideAndRemainder(radix);
      s.append(alphabet.charAt(qr[1].intValue()));
      n = qr[0];
    }
    return s.reverse().toString();
  }

  private static String base85(byte[] b, String alphabet, boolean zeros) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < b.length; i += 4) {
      int len = Math.min(4, b.length - i);
      long word = 0;
      for (int k = 0; k < 4; k++) {
        word = word << 8 | (k < len ? b[i + k] & 0xFF : 0);
      }
      if (zeros && word == 0 && len == 4) {
        s.append('z');
        continue;
      }
      char[] group = new char[5];
      for (int k = 4; k >= 0; k--) {
        group[k] = alphabet.charAt((int) (word % 85));
        word /= 85;
      }
      s.append(group, 0, len + 1);
    }
    return s.toString();
  }

  private static String ascii85(byte[] b) {
    StringBuilder alphabet = new StringBuilder();
    for (char c = '!'; c <= 'u'; c++) {
      alphabet.append(c);
    }
    return base85(b, alphabet.toString(), true);
  }

  private static String z85(byte[] b) {
    return base85(b, "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#", false);
  }

  private static String rfc1924(byte[] b) {
    return base85(b, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&()*+-;<=>?@^_`{|}~", false);
  }

  private static String quotedPrintable(byte[] b) {
    StringBuilder s = new StringBuilder();
    int line = 0;
    for (byte x : b) {
      int v = x & 0xFF;
      String piece = v >= 33 && v <= 126 && v != '=' ? String.valueOf((char) v) : String.format("=%02X", v);
      if (line + piece.length() > 75) {
        s.append("=\n");
        line = 0;
      }
      s.append(piece);
      line += piece.length();
    }
    return s.toString();
  }

  private static String binary(byte[] b) {
    List<String> out = new ArrayList<>();
    for (byte x : b) {
      out.add(String.format("%8s", Integer.toBinaryString(x & 0xFF)).replace(' ', '0'));
    }
    return String.join(" ", out);
  }

  private static String decimal(byte[] b) {
    List<String> out = new ArrayList<>();
    for (byte x : b) {
      out.add(Integer.toString(x & 0xFF));
    }
    return String.join(", ", out);
  }

  private static String rot13(String s) {
    StringBuilder out = new StringBuilder();
    for (char c : s.toCharArray()) {
      out.append(c >= 'a' && c <= 'z' ? (char) ('a' + (c - 'a' + 13) % 26)
          : c >= 'A' && c <= 'Z' ? (char) ('A' + (c - 'A' + 13) % 26) : c);
    }
    return out.toString();
  }

  private static String reverse(String s) {
    return new StringBuilder(s).reverse().toString();
  }
}
