package io.kexin.gateway.detect.pii;

import static org.assertj.core.api.Assertions.assertThat;

import io.kexin.gateway.text.ScanText;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks that personal data written with digits of other scripts or with mathematical, circled (dingbat ones too),
 * bracketed, superscript or Suzhou look-alikes, which a model reads as plain digits and letters, is found where it
 * was written, in English and Chinese text; and that numbers in those forms that are no personal data stay clean.
 */
class LookAlikeCharactersTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("PHONE_CN", "my phone is ١٣٨١٢٣٤٥٦٧٨ call me", List.of("١٣٨١٢٣٤٥٦٧٨")),
        Arguments.of("PHONE_CN", "我的手机号是۱۳۸۱۲۳۴۵۶۷۸，请回电", List.of("۱۳۸۱۲۳۴۵۶۷۸")),
        Arguments.of("PHONE_CN", "phone: 𝟏𝟑𝟖𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖", List.of("𝟏𝟑𝟖𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖")),
        Arguments.of("PHONE_CN", "电话 ①③⑧①②③④⑤⑥⑦⑧", List.of("①③⑧①②③④⑤⑥⑦⑧")),
        Arguments.of("PHONE_CN", "手机：१३८-१२३४-५६७८", List.of("१३८-१२३४-५६७८")),
        Arguments.of("PHONE_CN", "手机 138١٢٣٤٥٦٧٨", List.of("138١٢٣٤٥٦٧٨")),
        Arguments.of("US_SSN", "SSN: ٥٣٦-٢٢-٨٤٧١", List.of("٥٣٦-٢٢-٨٤٧١")),
        Arguments.of("CN_ID_CARD", "身份证号 ۱۱۰۱۰۵۱۹۴۹۱۲۳۱۰۰۲X", List.of("۱۱۰۱۰۵۱۹۴۹۱۲۳۱۰۰۲X")),
        Arguments.of("CN_ID_CARD", "ID card 𝟭𝟭𝟬𝟭𝟬𝟱𝟭𝟵𝟰𝟵𝟭𝟮𝟯𝟭𝟬𝟬𝟮𝗫 on file", List.of("𝟭𝟭𝟬𝟭𝟬𝟱𝟭𝟵𝟰𝟵𝟭𝟮𝟯𝟭𝟬𝟬𝟮𝗫")),
        Arguments.of("CREDIT_CARD", "card ๔๑๑๑ ๑๑๑๑ ๑๑๑๑ ๑๑๑๑ exp 12/28", List.of("๔๑๑๑ ๑๑๑๑ ๑๑๑๑ ๑๑๑๑")),
        Arguments.of("EMAIL", "write to 𝐚𝐥𝐢𝐜𝐞@example.com today", List.of("𝐚𝐥𝐢𝐜𝐞@example.com")),
        Arguments.of("EMAIL", "邮箱 ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｎ", List.of("ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｎ")),
        // digits in brackets, before a full stop, in dingbat circles and Suzhou numerals: no compatibility form
        // gives them the digit, yet a model reads each as one
        Arguments.of("PHONE_CN", "电话 ⑴⑶⑻⑴⑵⑶⑷⑸⑹⑺⑻", List.of("⑴⑶⑻⑴⑵⑶⑷⑸⑹⑺⑻")),
        Arguments.of("PHONE_CN", "call ⒈⒊⒏⒈⒉⒊⒋⒌⒍⒎⒏ today", List.of("⒈⒊⒏⒈⒉⒊⒋⒌⒍⒎⒏")),
        Arguments.of("PHONE_CN", "my phone is ❶❸❽❶❷❸❹❺❻❼❽", List.of("❶❸❽❶❷❸❹❺❻❼❽")),
        Arguments.of("PHONE_CN", "手机 ➀➂➇➀➁➂➃➄➅➆➇", List.of("➀➂➇➀➁➂➃➄➅➆➇")),
        Arguments.of("PHONE_CN", "手机号 〡〣〨〡〢〣〤〥〦〧〨", List.of("〡〣〨〡〢〣〤〥〦〧〨")),
        Arguments.of("CN_ID_CARD", "身份证 ➀➀⓿➀⓿➄➀➈➃➈➀➁➂➀⓿⓿➁X", List.of("➀➀⓿➀⓿➄➀➈➃➈➀➁➂➀⓿⓿➁X")),
        Arguments.of("CN_ID_CARD", "ID ❶❶⓿❶⓿❺❶❾❹❾❶❷❸❶⓿⓿❷X on file", List.of("❶❶⓿❶⓿❺❶❾❹❾❶❷❸❶⓿⓿❷X")),
        // Cyrillic and Greek letters that look like Latin ones, in a word with ASCII in it
        Arguments.of("EMAIL", "写信给 zhаng.wei@example.cn 吧", List.of("zhаng.wei@example.cn")),
        Arguments.of("EMAIL", "mail zhang.wei@exаmple.cο today", List.of("zhang.wei@exаmple.cο")),
        // digit groups set apart by thin, hair, en or em spaces read like groups set apart by spaces
        Arguments.of("PHONE_CN", "电话 138\u20091234\u20095678 找我", List.of("138\u20091234\u20095678")),
        Arguments.of("PHONE_CN", "call 138\u20031234\u20035678 now", List.of("138\u20031234\u20035678")),
        Arguments.of("CN_ID_CARD", "身份证 110105\u200A19491231\u200A002X", List.of("110105\u200A19491231\u200A002X")),
        Arguments.of("PHONE_CN", "population 3\u2009000\u2009000 in 2024, 共 12\u2009500 人", List.of()),
        // clean: Russian and Greek prose, whose letters are read as written
        Arguments.of("EMAIL", "Напишите мне, пожалуйста, в Telegram: ОК?", List.of()),
        Arguments.of("PHONE_CN", "Ο αριθμός ΑΚΙΑ είναι 138 μέτρα", List.of()),
        // clean: years, counts and list markers in other scripts
        Arguments.of("PHONE_CN", "في عام ٢٠٢٤ زار ١٥٠ شخصًا المعرض", List.of()),
        Arguments.of("PHONE_CN", "步骤 ①②③ 完成后重启，共 ⑤ 项", List.of()),
        Arguments.of("PHONE_CN", "⑴ 准备 ⑵ 安装 ⑶ 配置 ⑷ 测试 ⑸ 上线", List.of()),
        Arguments.of("PHONE_CN", "Steps: ❶ plan ❷ build ❸ test ❹ ship, then ⒈ review ⒉ retro", List.of()),
        Arguments.of("PHONE_CN", "พ.ศ. ๒๕๖๗ มีผู้เข้าร่วม ๓๕ คน", List.of()),
        Arguments.of("CREDIT_CARD", "E = mc² and x³ + 𝟐𝐱 = 𝟒", List.of()));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("cases")
  void findsExactlyTheExpectedSpans(String entity, String text, List<String> expected) {
    assertThat(Pii.found(entity, text)).containsExactlyElementsOf(expected);
  }

  @Test
  void readingMapsEveryCharacterBackToItsUnits() {
    Undisguised d = Undisguised.of(ScanText.of("a𝟏b١c%40"));
    assertThat(d.text()).isEqualTo("a1b1c@");
    assertThat(d.originalStart(1)).isEqualTo(1);
    assertThat(d.originalEnd(2)).isEqualTo(3);
    assertThat(d.originalStart(3)).isEqualTo(4);
    assertThat(d.originalEnd(6)).isEqualTo(9);
    assertThat(Undisguised.of(ScanText.of("全角１３８和普通文字"))).as("full-width forms are read by the pass itself")
        .isNull();
    assertThat(Undisguised.of(ScanText.of("plain text 普通文本"))).isNull();
  }
}
