package io.kexin.gateway.detect.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks the spellings the attacker's pass wrote values in past the PII pass: digits set apart one by one by other
 * signs or combining marks, colloquial digits, decimal tails, e-mail signs in other forms and addresses one
 * character a line; and that numbers, versions, dates, paths, sums and lists written the same way stay clean.
 */
class SetApartSpellingsTest {
  private static final String ID = "11010519491231002X";
  private static final String PHONE = "13812345678";
  private static final String CARD = "6222021234567890128";

  private static String apart(String value, String separator) {
    return String.join(separator, value.split(""));
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        // digits set apart one by one, English and Chinese
        Arguments.of("CN_ID_CARD", "ID " + apart(ID, "."), List.of(apart(ID, "."))),
        Arguments.of("CN_ID_CARD", "身份证 " + apart(ID, ","), List.of(apart(ID, ","))),
        Arguments.of("CN_ID_CARD", "身份证：" + apart(ID, "|") + "。", List.of(apart(ID, "|"))),
        Arguments.of("CN_ID_CARD", "my id " + apart(ID, "+") + " ok", List.of(apart(ID, "+"))),
        Arguments.of("CN_ID_CARD", "身份证号码" + apart(ID, "、") + "，谢谢", List.of(apart(ID, "、"))),
        Arguments.of("CN_ID_CARD", "id " + apart(ID, "*"), List.of(apart(ID, "*"))),
        Arguments.of("CN_ID_CARD", "id " + apart(ID, "-"), List.of(apart(ID, "-"))),
        Arguments.of("PHONE_CN", "手机 " + apart(PHONE, "+") + " 谢谢", List.of(apart(PHONE, "+"))),
        Arguments.of("PHONE_CN", "call " + apart(PHONE, "、"), List.of(apart(PHONE, "、"))),
        Arguments.of("PHONE_CN", "phone " + apart(PHONE, "*") + " thanks", List.of(apart(PHONE, "*"))),
        Arguments.of("PHONE_CN", "电话 " + apart(PHONE, "|") + " 好的", List.of(apart(PHONE, "|"))),
        Arguments.of("BANK_CARD", "卡号 " + apart(CARD, "."), List.of(apart(CARD, "."))),
        Arguments.of("BANK_CARD", "card " + apart(CARD, ","), List.of(apart(CARD, ","))),
        // groups of digits joined by signs of sums, dates or lists: only after a context word
        Arguments.of("PHONE_CN", "电话 138/1234/5678", List.of("138/1234/5678")),
        Arguments.of("PHONE_CN", "phone: 138+1234+5678", List.of("138+1234+5678")),
        Arguments.of("CN_ID_CARD", "身份证号 110105,19491231,002X", List.of("110105,19491231,002X")),
        Arguments.of("CN_ID_CARD", "ID card 110105、19491231、002X", List.of("110105、19491231、002X")),
        Arguments.of("PHONE_CN", "sum 138+1234+5678 = 7050, ratio 138/1234/5678", List.of()),
        Arguments.of("CN_ID_CARD", "合计 110105,19491231,002", List.of()),
        Arguments.of("PHONE_CN", "手机 13812345678,13912345678", List.of("13812345678", "13912345678")),
        Arguments.of("PHONE_CN", "phones 13812345678/13912345678", List.of("13812345678", "13912345678")),
        // combining marks after each digit
        Arguments.of("PHONE_CN", "phone " + apart(PHONE, "\u0301") + "\u0301", List.of(apart(PHONE, "\u0301") + "\u0301")),
        Arguments.of("CN_ID_CARD", "身份证 " + apart(ID, "\u20E3") + "\u20E3", List.of(apart(ID, "\u20E3") + "\u20E3")),
        Arguments.of("PHONE_CN", "手机" + apart(PHONE, "\u0336\u0336") + "\u0336\u0336好",
            List.of(apart(PHONE, "\u0336\u0336") + "\u0336\u0336")),
        // number words joined by dashes
        Arguments.of("PHONE_CN", "call one-three-eight-one-two-three-four-five-six-seven-eight",
            List.of("one-three-eight-one-two-three-four-five-six-seven-eight")),
        Arguments.of("CN_ID_CARD", "身份证 one-one-zero-one-zero-five-one-nine-four-nine-one-two-three-one-zero-zero-two-X",
            List.of("one-one-zero-one-zero-five-one-nine-four-nine-one-two-three-one-zero-zero-two-X")),
        // colloquial digits 幺 拐 洞 in a run of digits or numerals
        Arguments.of("PHONE_CN", "手机 幺三八幺二三四五六拐八", List.of("幺三八幺二三四五六拐八")),
        Arguments.of("PHONE_CN", "电话是幺三九洞洞洞拐拐拐拐拐", List.of("幺三九洞洞洞拐拐拐拐拐")),
        Arguments.of("PHONE_CN", "call 1381234567拐 now", List.of("1381234567拐")),
        // decimal tails
        Arguments.of("PHONE_CN", "my phone is " + PHONE + ".0", List.of(PHONE)),
        Arguments.of("PHONE_CN", "我的手机号" + PHONE + ".0谢谢", List.of(PHONE)),
        Arguments.of("PHONE_CN", "{\"tel\":" + PHONE + ".0}", List.of(PHONE)),
        Arguments.of("PHONE_CN", "phone 0." + PHONE, List.of(PHONE)),
        Arguments.of("PHONE_CN", "{\"电话\":0." + PHONE + "}", List.of(PHONE)),
        Arguments.of("CN_ID_CARD", "{\"x\":110105199003078510.0}", List.of("110105199003078510")),
        // e-mail signs in other forms, and one character a line
        Arguments.of("EMAIL", "mail zhang.wei\uFE6Bexample.cn", List.of("zhang.wei\uFE6Bexample.cn")),
        Arguments.of("EMAIL", "写信给 zhang.wei@example\u2024cn", List.of("zhang.wei@example\u2024cn")),
        Arguments.of("EMAIL", "邮箱 zhang\uFE52wei@example\uFE52cn", List.of("zhang\uFE52wei@example\uFE52cn")),
        Arguments.of("EMAIL", "mail zhang.wei%2540example.cn", List.of("zhang.wei%2540example.cn")),
        Arguments.of("EMAIL", "邮箱\n" + apart("zhang.wei@example.cn", "\n") + "\n谢谢",
            List.of(apart("zhang.wei@example.cn", "\n"))),
        // stay clean: numbers, versions, dates, paths, sums, lists, prose
        Arguments.of("PHONE_CN", "total 1,234,567.89 and 13,812,345,678 users", List.of()),
        Arguments.of("PHONE_CN", "version 1.2.3.4 ip 10.0.0.1 date 2024.01.02 price 13.80", List.of()),
        Arguments.of("PHONE_CN", "path a/b/c 1/3/8/2024 and 1+3+8 = 12, 1*3*8 = 24", List.of()),
        Arguments.of("PHONE_CN", "选项 1、2、3、4、5、6、7、8、9、10、11", List.of()),
        Arguments.of("PHONE_CN", "数列 1、8、1、7、4、1、4、3、3、3、7 共计", List.of()),
        Arguments.of("PHONE_CN", "1+3+8+1+2+3+4+5+6+7+8 = 48, 1*3*8*1*2*3*4*5*6*7*8", List.of()),
        Arguments.of("PHONE_CN", "| 1 | 3 | 8 |\n|1|3|8|1|2|3|4|5|6|7|8|", List.of()),
        Arguments.of("CN_ID_CARD", "序列 " + apart(ID, "、") + " 完", List.of(apart(ID, "、"))),
        Arguments.of("BANK_CARD", "numbers " + apart(CARD, "+"), List.of(apart(CARD, "+"))),
        Arguments.of("PHONE_CN", "1+1+1+1+1+1+1+1+1+1+1 = 11", List.of()),
        Arguments.of("CN_ID_CARD", "bits 1,0,1,1,0,0,1,0,1,1,0,0,1,0,1,1,0,0", List.of()),
        Arguments.of("PHONE_CN", "数据 0.1381234 以及 3.14159265358 和 13812345678.5", List.of()),
        Arguments.of("PHONE_CN", "p = 0.13812345678", List.of()),
        Arguments.of("PHONE_CN", "他拐了三个弯，走进山洞，一二三四五六七个人", List.of()),
        Arguments.of("PHONE_CN", "拐角处有七八个人在洞口等了一两个小时", List.of()),
        Arguments.of("EMAIL", "a\nb\nc\nd\ne\nf\ng\nh", List.of()));
  }

  @ParameterizedTest(name = "{0} in {1}")
  @MethodSource("cases")
  void findsTheValueAsSpelled(String entity, String text, List<String> expected) {
    assertThat(Pii.found(entity, text)).isEqualTo(expected);
  }
}
