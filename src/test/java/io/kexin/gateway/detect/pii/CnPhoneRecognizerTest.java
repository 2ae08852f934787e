package io.kexin.gateway.detect.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CnPhoneRecognizerTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("我的手机号是13812345678", List.of("13812345678")),
        Arguments.of("联系电话：+8613812345678", List.of("+8613812345678")),
        Arguments.of("手机号是+86 138-1234-5678", List.of("+86 138-1234-5678")),
        Arguments.of("call 0086 138 1234 5678 today", List.of("0086 138 1234 5678")),
        Arguments.of("电话：138.1234.5678", List.of("138.1234.5678")),
        Arguments.of("全角 １３８－１２３４－５６７８", List.of("１３８－１２３４－５６７８")),
        Arguments.of("手机 138·1234·5678 或 139・8765・4321", List.of("138·1234·5678", "139・8765・4321")),
        Arguments.of("mobile 138•1234•5678", List.of("138•1234•5678")),
        Arguments.of("两个手机号13812345678和13987654321", List.of("13812345678", "13987654321")),
        Arguments.of("space separated 13812345678 13987654321", List.of("13812345678", "13987654321")),
        Arguments.of("座机 010-62345678", List.of("010-62345678")),
        Arguments.of("Office: (0755) 8765 4321", List.of("(0755) 8765 4321")),
        Arguments.of("+86 10 6552 9988", List.of("+86 10 6552 9988")),
        Arguments.of("电话01062345678", List.of("01062345678")),
        Arguments.of("spaced out 1 3 8 1 2 3 4 5 6 7 8", List.of("1 3 8 1 2 3 4 5 6 7 8")),
        Arguments.of("after a cut run 1 2 3 4 5 6 7 8 9 10 11 138 1234 5678", List.of("138 1234 5678")),
        // the country code without its sign, as chat apps write it: its own group, or a context word
        Arguments.of("WhatsApp 8613812345678", List.of("8613812345678")),
        Arguments.of("https://wa.me/8613812345678", List.of("8613812345678")),
        Arguments.of("电话 8613812345678", List.of("8613812345678")),
        Arguments.of("加我 86 138 1234 5678 谢谢", List.of("86 138 1234 5678")),
        Arguments.of("reach me on 86-139-8765-4321", List.of("86-139-8765-4321")),
        Arguments.of("order 8613812345678 shipped", List.of()),
        Arguments.of("订单 8612812345678 编号", List.of()),
        // negatives
        Arguments.of("数字12345678901不是手机号", List.of()),
        Arguments.of("prefix 12: 12812345678", List.of()),
        Arguments.of("prefix 140: 14012345678", List.of()),
        Arguments.of("ten digits 1381234567", List.of()),
        Arguments.of("twelve digits 138123456789", List.of()),
        Arguments.of("order SN13812345678", List.of()),
        Arguments.of("glued 13812345678x", List.of()),
        // an underscore or a file name's extension separates, as identifiers and file names write them
        Arguments.of("user_13812345678", List.of("13812345678")),
        Arguments.of("13812345678_backup", List.of("13812345678")),
        Arguments.of("附件 13812345678.txt", List.of("13812345678")),
        Arguments.of("张伟_13812345678.docx", List.of("13812345678")),
        Arguments.of("compact landline without context 01062345678", List.of()),
        Arguments.of("座机：010-12345678", List.of("010-12345678")),
        Arguments.of("subscriber starting 0: 010-02345678", List.of()),
        // a dashed extension after the subscriber belongs to the number
        Arguments.of("在线表单：联系方式 0571-87654321-203", List.of("0571-87654321-203")),
        Arguments.of("Office 010-62345678-8021, ask for the desk", List.of("010-62345678-8021")),
        Arguments.of("not an extension: 0571-87654321-20345", List.of()),
        Arguments.of("date-like 2026-12-03-01", List.of())
    );
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void findsExactlyTheExpectedSpans(String text, List<String> expected) {
    assertThat(Pii.found("PHONE_CN", text)).containsExactlyElementsOf(expected);
  }

  @Test
  void scoresWithAndWithoutContext() {
    assertThat(Pii.score("PHONE_CN", "编号 13812345678")).isEqualTo(0.75);
    assertThat(Pii.score("PHONE_CN", "手机 13812345678")).isEqualTo(0.95);
    assertThat(Pii.score("PHONE_CN", "编号 +86 13812345678")).isEqualTo(0.85);
    assertThat(Pii.score("PHONE_CN", "编号 010-62345678")).isEqualTo(0.6);
    assertThat(Pii.score("PHONE_CN", "电话 010-62345678")).isEqualTo(0.9);
  }

  static Stream<Arguments> northAmericanLayout() {
    return Stream.of(
        Arguments.of("Poison control: 1-800-222-1222", List.of()),
        Arguments.of("美国中毒求助热线 1-800-222-1222（免费）", List.of()),
        Arguments.of("手机 180-0222-1222", List.of("180-0222-1222")),
        Arguments.of("mobile 18002221222", List.of("18002221222")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("northAmericanLayout")
  void readsNorthAmericanLayoutAsNoMainlandMobile(String text, List<String> expected) {
    assertThat(Pii.found("PHONE_CN", text)).containsExactlyElementsOf(expected);
  }

  static Stream<Arguments> samplesAndWaybills() {
    return Stream.of(
        // the demo mobiles after a word saying a sample or test is meant are no one's
        Arguments.of("接口文档示例请求：{\"mobile\": \"13800138000\", \"code\": \"123456\"}", List.of()),
        Arguments.of("测试数据：手机号 13800138000、13900139000", List.of()),
        Arguments.of("Example from the SMS API docs: send to 13800138000 (a placeholder)", List.of()),
        Arguments.of("unit test fixture: {phone: '+86 138 0013 8000'}", List.of()),
        // without such a word they are read, and other numbers after such a word too
        Arguments.of("我的手机 13800138000", List.of("13800138000")),
        Arguments.of("Call me at 13800138000 tonight", List.of("13800138000")),
        Arguments.of("客户张伟的邮箱是 zhang.wei@example.cn，手机 13800138000", List.of("13800138000")),
        // a sample word inside an identifier is no word about the value (a key's name is as easy to write)
        Arguments.of("{\"chat_template_kwargs\": {\"手机\": \"13800138000\"}}", List.of("13800138000")),
        Arguments.of("latest contest winner, call 13800138000", List.of("13800138000")),
        Arguments.of("测试负责人手机 13912345678", List.of("13912345678")),
        // an airline's prefix and an eight-digit serial after a waybill word is an air waybill
        Arguments.of("AWB 176-44182093 departed DXB 07 Dec 02:14", List.of()),
        Arguments.of("空运主单 AWB 176-12345675，起运港 PEK", List.of()),
        Arguments.of("国际空运单 176 44182093 已出库", List.of()),
        Arguments.of("AWB 784-21188204，收货人电话 176-4418-2093", List.of("176-4418-2093")),
        Arguments.of("phone 176-44182093", List.of("176-44182093")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samplesAndWaybills")
  void readsDemoMobilesInSamplesAndAirWaybillsAsNoPhone(String text, List<String> expected) {
    assertThat(Pii.found("PHONE_CN", text)).containsExactlyElementsOf(expected);
  }
}
