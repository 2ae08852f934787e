package io.kexin.gateway.detect.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks the forms personal data takes beyond the development sets: Chinese numerals, percent-escapes, markdown
 * table cells, addresses beside an {@code @}, URL logins, the IBAN registry and numbering plans; and that the
 * look-alikes of each stay clean.
 */
class GeneralizedFormsTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        // Chinese numerals, alone, financial and mixed with digits
        Arguments.of("PHONE_CN", "手机 一三八一二三四五六七八", List.of("一三八一二三四五六七八")),
        Arguments.of("PHONE_CN", "电话 壹叁捌壹贰叁肆伍陆柒捌", List.of("壹叁捌壹贰叁肆伍陆柒捌")),
        Arguments.of("PHONE_CN", "号码138一二三四五六七八", List.of("138一二三四五六七八")),
        Arguments.of("PHONE_CN", "手机号：幺三八 幺二三四 五六七八", List.of("幺三八 幺二三四 五六七八")),
        Arguments.of("CN_ID_CARD", "身份证 一一〇一〇五一九四九一二三一〇〇二X", List.of("一一〇一〇五一九四九一二三一〇〇二X")),
        Arguments.of("PHONE_CN", "三十五个人参加了一二九运动纪念活动", List.of()),
        Arguments.of("PHONE_CN", "一二三四五六七八九十", List.of()),
        Arguments.of("PHONE_CN", "联系人张三13812345678", List.of("13812345678")),
        // groups written apart by underscores, as identifiers and file names write them
        Arguments.of("PHONE_CN", "call 138_1234_5678 or 139-8765_4321", List.of("138_1234_5678", "139-8765_4321")),
        Arguments.of("PHONE", "callback=415_555_2671", List.of("415_555_2671")),
        Arguments.of("CN_ID_CARD", "身份证号 110105_19491231_002X", List.of("110105_19491231_002X")),
        Arguments.of("BANK_CARD", "卡号 6222_0212_3456_7890_128", List.of("6222_0212_3456_7890_128")),
        Arguments.of("PHONE_CN", "v1_2_3_4 file_2023_12_05_1234.log id_2024_0001", List.of()),
        Arguments.of("PHONE_CN", "号码是13812345678一直打不通", List.of("13812345678")),
        Arguments.of("PHONE_CN", "王五 138一二三四五六七八", List.of("138一二三四五六七八")),
        // percent-escapes
        Arguments.of("EMAIL", "mail zhang.wei%40example.cn", List.of("zhang.wei%40example.cn")),
        Arguments.of("EMAIL", "to=li.na%40corp.example.com&x=1", List.of("li.na%40corp.example.com")),
        Arguments.of("PHONE_CN", "tel=%2B8613812345678", List.of("%2B8613812345678")),
        Arguments.of("EMAIL", "progress 50%40 done", List.of()),
        // markdown table cells: a value over cells needs a context word
        Arguments.of("PHONE_CN", "| 手机 | 138 | 1234 | 5678 |", List.of("138 | 1234 | 5678")),
        Arguments.of("PHONE_CN", "| 数量 | 138 | 1234 | 5678 |", List.of()),
        Arguments.of("PHONE_CN", "| 王芳 | 13812345678 |", List.of("13812345678")),
        // IPv4 beside an @, and before mobile shapes
        Arguments.of("IP_ADDRESS", "ssh root@10.20.30.40 -p 22", List.of("10.20.30.40")),
        Arguments.of("IP_ADDRESS", "ping 10.0.0.8@eth0", List.of("10.0.0.8")),
        Arguments.of("IP_ADDRESS", "服务器 183.232.231.17 上线了", List.of("183.232.231.17")),
        Arguments.of("PHONE_CN", "服务器 183.232.231.17 上线了", List.of()),
        Arguments.of("IP_ADDRESS", "user@10.1.2.300", List.of()),
        // URL logins are not addresses
        Arguments.of("EMAIL", "git clone https://deploy:s3cr3tPass@gitlab.example.com/a.git", List.of()),
        Arguments.of("EMAIL", "mongodb+srv://admin:Xk9mQ2vLp7zA@cluster0.ab1cd.mongodb.net/prod", List.of()),
        Arguments.of("EMAIL", "ssh://git@gitlab.example.com/acme/app.git", List.of()),
        Arguments.of("EMAIL", "mailto:zhang.wei@example.cn", List.of("zhang.wei@example.cn")),
        // IBAN registry: newer countries, dashes, a last group of letters
        Arguments.of("IBAN", "IBAN BY13 NBRB 3600 9000 0000 2Z00 AB00", List.of("BY13 NBRB 3600 9000 0000 2Z00 AB00")),
        Arguments.of("IBAN", "IBAN LY83002048000020100120361", List.of("LY83002048000020100120361")),
        Arguments.of("IBAN", "账户 DE89-3704-0044-0532-0130-00", List.of("DE89-3704-0044-0532-0130-00")),
        Arguments.of("PHONE_CN", "账户 DE89-3704-0044-0532-0130-00", List.of()),
        Arguments.of("IBAN", "IBAN DE89-3704-0044-0532-0130-01", List.of()),
        // international numbers from the numbering plans
        Arguments.of("PHONE", "WhatsApp +33 6 12 34 56 78", List.of("+33 6 12 34 56 78")),
        Arguments.of("PHONE", "reach me at +81 90-1234-5678", List.of("+81 90-1234-5678")),
        Arguments.of("PHONE", "mobile +61 412 345 678", List.of("+61 412 345 678")),
        Arguments.of("PHONE", "ref +999 1234 5678", List.of()),
        // landlines and SSN forms
        Arguments.of("PHONE_CN", "座机：010-12345678", List.of("010-12345678")),
        Arguments.of("US_SSN", "SSN: 536.22.1234", List.of("536.22.1234")),
        // a checksum-valid ID after 订单号 is still an ID
        Arguments.of("CN_ID_CARD", "订单号 11010519491231002X", List.of("11010519491231002X")));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("cases")
  void findsExactlyTheExpectedSpans(String entity, String text, List<String> expected) {
    assertThat(Pii.found(entity, text)).containsExactlyElementsOf(expected);
  }

  @Test
  void percentDecodingMapsEveryUnitBackToItsEscape() {
    Undisguised d = Undisguised.of("a%40b%2Bc", false, false);
    assertThat(d.text()).isEqualTo("a@b+c");
    assertThat(d.originalStart(1)).isEqualTo(1);
    assertThat(d.originalEnd(2)).isEqualTo(4);
    assertThat(d.originalStart(4)).isEqualTo(8);
    assertThat(Undisguised.of("100% sure", false, false)).isNull();
    assertThat(Undisguised.of("no escapes", false, false)).isNull();
    assertThat(Undisguised.of("%0A control only", false, false)).isNull();
  }

  @Test
  void aNumberInNumeralsIsFoundOrNotWhateverTextIsFarFromIt() {
    // Whether a number read through numerals counts depends on its own span: a chain of seven digits and numerals.
    String far = "，另外订单备注：一二三四五六七八九号楼";
    for (String text : List.of("手机 一三八  一二三四  五六七八", "手机 一三八 一二三四 五六七八", "电话 138一二三四五六七八",
        "共 一二 三四 人")) {
      assertThat(Pii.found("PHONE_CN", text + far)).as(text).isEqualTo(Pii.found("PHONE_CN", text));
      assertThat(Pii.found("PHONE_CN", far + text)).as(text).isEqualTo(Pii.found("PHONE_CN", text));
    }
    assertThat(Pii.found("PHONE_CN", "手机 一三八  一二三四  五六七八")).isEmpty();
    assertThat(Pii.found("PHONE_CN", "手机 一三八 一二三四 五六七八")).containsExactly("一三八 一二三四 五六七八");
  }

  @Test
  void numeralChainsNeedSevenUnitsWithANumeral() {
    char[] u = "电话 138-一二三四 五 x 1234567".toCharArray();
    assertThat(Pass.numeralChain(u, 0, u.length)).isTrue();
    assertThat(Pass.numeralChain(u, 0, "电话 138-一二".length())).isFalse();
    char[] digits = "1234567 一二".toCharArray();
    assertThat(Pass.numeralChain(digits, 0, 7)).isFalse();
    assertThat(Pass.numeralChain(digits, 0, digits.length)).isTrue();
    char[] spaced = "一二  三四五六七".toCharArray();
    assertThat(Pass.numeralChain(spaced, 0, spaced.length)).isFalse();
  }

  @Test
  void decodingStaysLinearOnALongRunOfEscapes() {
    String text = "%41".repeat(100_000) + "%4013812345678";
    assertThat(Pii.scan(text)).isNotNull();
  }
}
