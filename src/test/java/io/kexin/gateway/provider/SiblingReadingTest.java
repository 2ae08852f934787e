package io.kexin.gateway.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.kexin.gateway.content.Role;
import io.kexin.gateway.content.TextSegment;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class SiblingReadingTest {
  private static final String B = String.valueOf(TextSegment.PART_BREAK);

  private static TextSegment text(Role role, String text) {
    return new TextSegment("/x", role, text);
  }

  private static String read(TextSegment... segments) {
    TextSegment s = SiblingReading.of(List.of(segments));
    return s == null ? null : s.text();
  }

  static Stream<Arguments> joins() {
    return Stream.of(
        Arguments.of("digits meet digits glued", List.of("1381234", "5678"), "1381234" + B + "5678", "1381234" + B + "5678"),
        Arguments.of("a word then a number: set apart", List.of("hi", "1381234", "5678"),
            "hi" + B + " 1381234" + B + "5678",
            "hi" + B + " 1381234" + B + "5678"),
        Arguments.of("spaced pieces keep their spaces", List.of("138 ", "1234 ", "5678"),
            "138 " + B + "1234 " + B + "5678",
            "138 " + B + "1234 " + B + "5678"),
        Arguments.of("letters meet digits apart", List.of("AKIAQ3EGRT", "5YB2MZXW7P"),
            "AKIAQ3EGRT" + B + " 5YB2MZXW7P", "AKIAQ3EGRT" + B + " 5YB2MZXW7P"),
        Arguments.of("an e-mail's signs glue", List.of("zhang.wei", "@example.cn"), "zhang.wei" + B + "@example.cn",
            "zhang.wei" + B + " @example.cn"),
        Arguments.of("Chinese text before an ID", List.of("身份证号 1101051949", "1231002X 的主人"),
            "身份证号 1101051949" + B + "1231002X 的主人",
            "身份证号 1101051949" + B + "1231002X 的主人"),
        Arguments.of("prose ending in punctuation does not join", List.of("Hello.", "How are you?"), null, null),
        Arguments.of("Chinese sentences ending in 。 do not join", List.of("你好。", "谢谢。"), null, null),
        Arguments.of("words of prose meet apart", List.of("curl -u user:token1", "curl -u x"),
            "curl -u user:token1" + B + " curl -u x", "curl -u user:token1" + B + " curl -u x"),
        Arguments.of("words without a digit or @ near the join do not join", List.of("Vanessa", "Mrs. Schwarz"),
            null, null),
        Arguments.of("a key's pieces meet glued", List.of("key AKIAQ3EG", "RT5YB2MZXW7P"),
            "key AKIAQ3EG" + B + "RT5YB2MZXW7P", "key AKIAQ3EG" + B + " RT5YB2MZXW7P"),
        Arguments.of("Han characters do not join", List.of("她自己都不知道是哪的", "挺方，易老"), null, null),
        Arguments.of("Chinese numerals meet glued", List.of("一三八", "一二三四五六七八"), "一三八" + B + "一二三四五六七八",
            "一三八" + B + "一二三四五六七八"),
        Arguments.of("full-width digits meet Chinese numerals glued", List.of("１３８", "一二三四", "五六七八"),
            "１３８" + B + "一二三四" + B + "五六七八", "１３８" + B + "一二三四" + B + "五六七八"),
        Arguments.of("a word then Chinese numerals: set apart", List.of("call", "一三八"), "call" + B + " 一三八",
            "call" + B + " 一三八"),
        Arguments.of("prose ending in a numeral does not join Han text", List.of("这是第一", "个问题 3"), null, null),
        Arguments.of("numerals of magnitude do not join", List.of("三十", "百万"), null, null),
        Arguments.of("an address whose domain is cut past 16 characters after its @",
            List.of("zhang.wei@examplecompanygroup", ".com"), "zhang.wei@examplecompanygroup" + B + ".com",
            "zhang.wei@examplecompanygroup" + B + " .com"),
        Arguments.of("an @ in an earlier word of the string does not join", List.of("mail @alice about the examplecompany",
            ".com"), null, null),
        Arguments.of("one string has nothing to join", List.of("13812345678"), null, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("joins")
  void readsWhatCouldHoldASplitValue(String name, List<String> texts, String expected, String spaced) {
    List<TextSegment> segments = new ArrayList<>();
    texts.forEach(t -> segments.add(text(Role.USER, t)));
    TextSegment s = SiblingReading.of(segments);
    if (expected == null) {
      assertThat(s).isNull();
    } else {
      // Set apart, a run that reads as it does glued is not read twice.
      assertThat(s.text()).isEqualTo(spaced.equals(expected) ? expected : expected + TextSegment.RUN_BREAK + spaced);
      assertThat(s.form()).isEqualTo(TextSegment.Form.SIBLINGS);
      assertThat(s.form().rewritable()).isFalse();
    }
  }

  @Test
  void readsToolNamesThenToolDefinitionsAndSystemTextsFirst() {
    assertThat(read(text(Role.USER, "5678"), new TextSegment("/tools/0/function/description", Role.SYSTEM, "x 1381234"),
        new TextSegment("/tools/0/function/name", Role.SYSTEM, "lookup")))
        .startsWith("lookup" + B + "x 1381234" + B + "5678" + TextSegment.RUN_BREAK);
  }

  @Test
  void readsToolDefinitionsAndSystemTextsFirst() {
    assertThat(read(text(Role.USER, "5678 是后四位"), text(Role.SYSTEM, "客服电话 1381234")))
        .isEqualTo("客服电话 1381234" + B + "5678 是后四位");
  }

  @Test
  void readsTheStringValuesOfToolArgumentsNotTheirKeys() {
    TextSegment args = new TextSegment("/a", Role.ASSISTANT, "{\"a\":\"1381234\",\"b\":\"\\u0035678\",\"n\":9}",
        TextSegment.Form.JSON);
    assertThat(read(args)).isEqualTo("1381234" + B + "5678" + B + "9");
  }

  @Test
  void readsOnlyTheWindowsNextToTheJoinsOfALongString() {
    String longText = "a".repeat(300) + " middle " + "b".repeat(300) + " 1381234";
    String read = read(text(Role.USER, longText), text(Role.USER, "5678"));
    String tail = longText.substring(longText.length() - SiblingReading.WINDOW);
    assertThat(read).isEqualTo(tail + B + "5678");

    String twoRuns = read(text(Role.USER, "1381234"), text(Role.USER, "5678 " + "x".repeat(400) + " 1391234"),
        text(Role.USER, "5678"));
    assertThat(twoRuns).contains(TextSegment.RUN_BREAK).hasSizeLessThan(8 * SiblingReading.WINDOW + 40);
  }

  @Test
  void readsAWholeTokenLongerThanTheWindowNextToAJoin() {
    String header = "eyJhbGciOiJSUzI1NiIsIng1YyI6WyJNSUlD" + "QWdJSkFLVzJkN0ZqOXhRMU1BMEdDU3FHU0liM0RRRUJD".repeat(5);
    String english = "here is the first half of the token: " + header;
    String read = read(text(Role.USER, "The quick brown fox jumps over the lazy dog. ".repeat(4) + english),
        text(Role.USER, ".eyJzdWIiOiIxMjM0NTY3ODkwIn0." + "x".repeat(300)));
    assertThat(read).startsWith(english.substring(english.length() - header.length() - SiblingReading.NEAR) + B
        + ".eyJzdWIiOiIxMjM0NTY3ODkwIn0.x").doesNotContain("lazy dog");

    // Han text ends the run: past it, only the window is read.
    String second = header.substring(0, 40) + "在这里" + "后半段".repeat(200);
    String chinese = read(text(Role.USER, "令牌的前半段是：" + header), text(Role.USER, second));
    assertThat(chinese.substring(0, chinese.indexOf(TextSegment.RUN_BREAK)))
        .isEqualTo("令牌的前半段是：" + header + B + second.substring(0, SiblingReading.WINDOW));
  }

  @Test
  void readsAnEncryptedKeysArmourWholeNextToAJoinInItsBody() {
    String armour = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nComment: \"build server key, rotated in "
        + "2024, do not share\"\nDEK-Info: AES-256-CBC,6A2B3C4D5E6F708192A3B4C5D6E7F801\n\n";
    String body = "MIIEpAIBAAKCAQEA3Tz2mr7SyDdPEgVOx/FQ9Vn9uSfKfJKOin1o+lb0c3pWyUxHQAIQaKbKHQ2w4FW5GLCIanL6\n"
        + "-----END RSA PRIVATE KEY-----";
    assertThat(armour.length()).isGreaterThan(SiblingReading.WINDOW);
    for (String before : List.of("The quick brown fox jumps over the lazy dog. ".repeat(4) + "Keep this key:\n",
        "请帮我保存这个私钥，千万不要告诉任何人，谢谢你了。".repeat(6) + "\n")) {
      String read = read(text(Role.USER, before + armour), text(Role.USER, body));
      assertThat(read).as(before).contains(armour + B + body).doesNotContain("lazy dog").doesNotContain("谢谢你了。请帮我");
    }

    // the same armour cut after its first line: the second piece's window reads on through the headers to the body
    String boundary = "-----BEGIN RSA PRIVATE KEY-----";
    String cut = read(text(Role.USER, "key:\n" + boundary), text(Role.USER, armour.substring(boundary.length() + 1)
        + body));
    assertThat(cut).contains(boundary + B + armour.substring(boundary.length() + 1) + body.substring(0, 16));
  }

  @Test
  void readsProseLinesWrittenLikeHeadersOnlyToTheWindow() {
    String longText = "a".repeat(300) + "\nNote: please call me later about the new phone, " + "b".repeat(100)
        + " it is\n1381234";
    String read = read(text(Role.USER, longText), text(Role.USER, "5678"));
    assertThat(read).isEqualTo(longText.substring(longText.length() - SiblingReading.WINDOW) + B + "5678");

    String chinese = "备注：" + "请稍后回电话".repeat(40) + "\nName: 张三 李四 王五 赵六 孙七 周八 吴九 郑十 " + "c".repeat(100)
        + " 号码\n1381234";
    assertThat(read(text(Role.USER, chinese), text(Role.USER, "5678")))
        .isEqualTo(chinese.substring(chinese.length() - SiblingReading.WINDOW) + B + "5678");
  }

  @Test
  void leavesOutKeysNumbersAndDerivedReadings() {
    assertThat(read(new TextSegment("#keys", Role.USER, "1381234", TextSegment.Form.KEY),
        new TextSegment("/x#joined", Role.USER, "5678", TextSegment.Form.JOINED), text(Role.USER, "5678"))).isNull();
  }

  @Test
  void givesJsonStringValuesDecodedAndTextWhole() {
    List<String> out = new ArrayList<>();
    JsonStrings.each("{\"k\":[\"a\\\"b\",{\"电话\":\"\\u4e00\"}],\"n\":-1.5e3,\"t\":true}", out::add);
    assertThat(out).containsExactly("a\"b", "一", "-1.5e3");
    out.clear();
    JsonStrings.each("not json 138", out::add);
    assertThat(out).containsExactly("not json 138");
    out.clear();
    JsonStrings.each("{\"a\":\"unterminated", out::add);
    assertThat(out).isEmpty();
  }
}
