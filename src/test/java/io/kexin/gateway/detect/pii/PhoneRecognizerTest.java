package io.kexin.gateway.detect.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PhoneRecognizerTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("London office +44 20 7946 0958", List.of("+44 20 7946 0958")),
        Arguments.of("Call me at (555) 234-5678.", List.of("(555) 234-5678")),
        Arguments.of("US: 415-555-2671 or 415.555.2671", List.of("415-555-2671", "415.555.2671")),
        Arguments.of("US: 415·555·2671, 美国电话 415•555•2671", List.of("415·555·2671", "415•555•2671")),
        Arguments.of("E.164 +14155552671", List.of("+14155552671")),
        Arguments.of("日本の番号 +81 3-1234-5678", List.of("+81 3-1234-5678")),
        Arguments.of("香港电话 +852 2123 4567", List.of("+852 2123 4567")),
        // a country calling code in parentheses instead of after a +, checked against that country's plan
        Arguments.of("澳门 (853) 6612 3456", List.of("(853) 6612 3456")),
        Arguments.of("香港 (852) 9123 4567 找我", List.of("(852) 9123 4567")),
        Arguments.of("Taipei office (886) 912 345 678", List.of("(886) 912 345 678")),
        Arguments.of("table (3) 1234 5678 and (86) 2024 1231", List.of()),
        Arguments.of("phone 4155552671", List.of("4155552671")),
        // negatives
        Arguments.of("ten bare digits 4155552671", List.of()),
        Arguments.of("+44 12 too short", List.of()),
        Arguments.of("too long +442079460958123", List.of()),
        Arguments.of("exchange 1: (555) 123-4567", List.of()),
        Arguments.of("mainland numbers are PHONE_CN +86 13812345678", List.of()),
        Arguments.of("version 1.2.3", List.of()),
        Arguments.of("date 2024-01-15", List.of())
    );
  }

  /** National numbers of no checked plan: reported only after a phone context word, Chinese or English. */
  static Stream<Arguments> national() {
    return Stream.of(
        Arguments.of("Phone: 0612 34 56 78", List.of("0612 34 56 78")),
        Arguments.of("Personal Info:\nPhone:\n(08) 1234 5678\n", List.of("(08) 1234 5678")),
        Arguments.of("Can someone call me on 123 4567?", List.of("123 4567")),
        Arguments.of("Phone: (37) 123-456", List.of("(37) 123-456")),
        Arguments.of("call me at 12.34.56.78.90 tonight", List.of("12.34.56.78.90")),
        Arguments.of("Mobile: 1234 567890", List.of("1234 567890")),
        Arguments.of("I would like to stop receiving messages to 60-56-85-91", List.of("60-56-85-91")),
        Arguments.of("They're not answering at 079 2718 1155", List.of("079 2718 1155")),
        Arguments.of("no message on my registered 024 971 50 30.", List.of("024 971 50 30")),
        Arguments.of("Fax: 21 284 698 2548", List.of("21 284 698 2548")),
        Arguments.of("请拨打 0612 34 56 78 联系我", List.of("0612 34 56 78")),
        Arguments.of("他的电话是 99 668472", List.of("99 668472")),
        Arguments.of("致电（08）1234 5678", List.of("（08）1234 5678")),
        Arguments.of("desk +41 (0)69 979 80 58-Fax", List.of("+41 (0)69 979 80 58")),
        Arguments.of("Office\\,+447700 208 815-Fax", List.of("+447700 208 815")),
        // negatives: no context word, a word that only contains one, or the shape of another entity
        Arguments.of("reference 0612 34 56 78", List.of()),
        Arguments.of("the hotel 0612 34 56 78", List.of()),
        Arguments.of("in this context 123 4567", List.of()),
        Arguments.of("phone on 2024-01-05", List.of()),
        Arguments.of("Phone: later. Date: 1978-04-13 12:20:39", List.of()),
        Arguments.of("call me, SSN 123-45-6781", List.of()),
        Arguments.of("phone ZIP 12345-6789", List.of()),
        Arguments.of("call server 192.168.10.20", List.of()),
        Arguments.of("call about card 3782 822463 10005", List.of()),
        Arguments.of("phone IBAN DE89 3704 0044 0532 0130 00", List.of()),
        Arguments.of("电话 138 1234 5678", List.of()),
        Arguments.of("电话 0755 8765 4321", List.of()),
        Arguments.of("手机号码 110105 19491231 002X", List.of()),
        Arguments.of("phone 12 3 45 6", List.of()),
        Arguments.of("phone 123 456", List.of()),
        Arguments.of("phone 0612-34-56-78x", List.of()),
        Arguments.of("phone 0612-34-56-78_1", List.of()),
        Arguments.of("phone A0612 34 56 78", List.of()),
        Arguments.of("call 0612-34.56 78", List.of()),
        // 号码 alone names any number (发票号码, 中奖号码): only a phone's own words count
        Arguments.of("我的号码 0612 34 56 78", List.of("0612 34 56 78")),
        Arguments.of("Bitte ruf mich an: 0151 2345 6789", List.of("0151 2345 6789")),
        Arguments.of("Llámame al móvil 612 48 93 07", List.of("612 48 93 07")),
        Arguments.of("本次抽奖中奖号码：07 12 19 23 28 33 + 05", List.of()),
        Arguments.of("发票号码：12345678 校验码：12345 67890 12345 67890", List.of()),
        Arguments.of("winning numbers 07 12 19 23 28 33", List.of()),
        // 400-xxx-xxxx is a mainland service line, not a North American number (NANP leaves 400 unassigned)
        Arguments.of("客服热线 95588，企业服务专线 400-820-8820", List.of()),
        Arguments.of("support line 400-820-8820", List.of())
    );
  }

  /**
   * Numbers dialled from abroad, with an extension, after North America's trunk 1, or national numbers with a trunk
   * 0 grouped as their plan writes them: found without a context word; look-alikes of the same digits are not.
   */
  static Stream<Arguments> dialledAndNational() {
    return Stream.of(
        Arguments.of("Bitte rufen Sie 0049 89 21802233 an", List.of("0049 89 21802233")),
        Arguments.of("Contact: 011 44 20 7946 0321", List.of("011 44 20 7946 0321")),
        Arguments.of("billing 001-646-872-3391x204 today", List.of("001-646-872-3391")),
        Arguments.of("desk 646-872-3391x2041, ask for Sam", List.of("646-872-3391")),
        Arguments.of("(646)872-3391x20411.", List.of("(646)872-3391")),
        Arguments.of("1-212-867-5309", List.of("1-212-867-5309")),
        Arguments.of("Manchester desk 0161 496 0018", List.of("0161 496 0018")),
        Arguments.of("Paris : 01 42 68 53 00", List.of("01 42 68 53 00")),
        Arguments.of("東京 03-6812-4400", List.of("03-6812-4400")),
        Arguments.of("+33 (0)1 42 68 53 00", List.of("+33 (0)1 42 68 53 00")),
        Arguments.of("ring 212 867 5309 tonight", List.of("212 867 5309")),
        Arguments.of("order 0123 4567 89", List.of()),
        Arguments.of("ref 07700900123", List.of()),
        Arguments.of("page 123 456 7890", List.of()),
        Arguments.of("reference 0612 34 56 78", List.of()),
        Arguments.of("resolution 1920x1080 pixels", List.of()),
        Arguments.of("ref 646-872-3391x204abc", List.of()),
        Arguments.of("batch 0049 0000 1111", List.of()),
        Arguments.of("the meeting is 05 12 2026 at 10", List.of())
    );
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dialledAndNational")
  void findsDialledNumbersExtensionsAndPlannedNationalNumbers(String text, List<String> expected) {
    assertThat(Pii.found("PHONE", text)).containsExactlyElementsOf(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("national")
  void findsNationalNumbersOnlyAfterAContextWord(String text, List<String> expected) {
    assertThat(Pii.found("PHONE", text)).containsExactlyElementsOf(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void findsExactlyTheExpectedSpans(String text, List<String> expected) {
    assertThat(Pii.found("PHONE", text)).containsExactlyElementsOf(expected);
  }

  @Test
  void scoresWithAndWithoutContext() {
    assertThat(Pii.score("PHONE", "+44 20 7946 0958")).isEqualTo(0.7);
    assertThat(Pii.score("PHONE", "tel +44 20 7946 0958")).isEqualTo(0.95);
    assertThat(Pii.score("PHONE", "at 415-555-2671")).isEqualTo(0.6);
    assertThat(Pii.score("PHONE", "电话 415-555-2671")).isEqualTo(0.9);
    assertThat(Pii.score("PHONE", "phone 0612 34 56 78")).isEqualTo(0.9);
    assertThat(Pii.score("PHONE", "hotel +44 20 7946 0958")).isEqualTo(0.7);
  }

  static Stream<Arguments> serviceNumbers() {
    return Stream.of(
        Arguments.of("如遇问题请拨打中国移动客服 +86 10086 或 +86 95588", List.of()),
        Arguments.of("Dial-in: +1 555 0100, conference ID 884 221 903#", List.of()),
        Arguments.of("Poison control: call 1-800-222-1222 or 888-222-1222", List.of()),
        Arguments.of("美国免费热线：+1 888 222 1222", List.of()),
        Arguments.of("call me at +1 646 782 0193", List.of("+1 646 782 0193")),
        // 繁體 phone words
        Arguments.of("收件人：麥家樂 電話 9123 8846", List.of("9123 8846")),
        Arguments.of("聯絡人：何嘉欣（6688 1427）", List.of("6688 1427")),
        Arguments.of("Contact: phone 9123 8846", List.of("9123 8846")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("serviceNumbers")
  void readsServiceNumbersAsNoSubscriberAndTraditionalPhoneWordsAsContext(String text, List<String> expected) {
    assertThat(Pii.found("PHONE", text)).containsExactlyElementsOf(expected);
  }

  static Stream<Arguments> compactTrunkMobiles() {
    return Stream.of(
        Arguments.of("聯絡電話：0933581207", List.of("0933581207")),
        Arguments.of("手機號碼：0912345678，7-11 取貨", List.of("0912345678")),
        Arguments.of("mobile 0612345678 (France)", List.of("0612345678")),
        // without a phone word a run of ten digits is any number
        Arguments.of("訂單編號 0933581207", List.of()),
        Arguments.of("invoice 0612345678 paid", List.of()),
        // a landline's digits in one run are left to the grouped forms
        Arguments.of("電話 0227208889", List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("compactTrunkMobiles")
  void findsCompactTrunkMobilesAfterAPhoneWord(String text, List<String> expected) {
    assertThat(Pii.found("PHONE", text)).containsExactlyElementsOf(expected);
  }

  static Stream<Arguments> northAmericanCodes() {
    return Stream.of(
        Arguments.of("Phone field placeholder: +1 (555) 010-0000, replace it before sending", List.of()),
        Arguments.of("电话号码格式示例：+1 (555) 010-0000 或 (555) 010-0199", List.of()),
        Arguments.of("fax (123) 045-6789 is no number of the plan", List.of()),
        // an exchange of 1xx, as generated test data write them, is still read
        Arguments.of("Desk: +1-903-140-4508", List.of("+1-903-140-4508")),
        // codes that begin with 2 to 9 stay numbers, written either way
        Arguments.of("If the driver is lost, ring +1 (415) 867-2291", List.of("+1 (415) 867-2291")),
        Arguments.of("紧急联系人在美国，电话 +1 (646) 283-7719", List.of("+1 (646) 283-7719")),
        Arguments.of("callback (312) 904-6628", List.of("(312) 904-6628")),
        // Twilio's magic numbers are no one's after a word saying tests are meant
        Arguments.of("Twilio test credentials: send to the magic number +15005550006", List.of()),
        Arguments.of("短信联调（测试账号）：收件号码填 +15005550006 即可模拟成功", List.of()),
        Arguments.of("text the driver at +15005550006", List.of("+15005550006")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("northAmericanCodes")
  void readsAreaCodesBeginningWithZeroOrOneAndExchangesWithZeroAsNoNumber(String text, List<String> expected) {
    assertThat(Pii.found("PHONE", text)).containsExactlyElementsOf(expected);
  }

  static Stream<Arguments> identifiers() {
    return Stream.of(
        Arguments.of("UPS tracking 1Z 4E2 V71 03 9482 1730 — out for delivery", List.of()),
        Arguments.of("UPS 运单号 1Z 8F7 W22 03 9482 1730，预计周三送达", List.of()),
        Arguments.of("TELEGRAM_BOT_TOKEN=7712983340:AAHq8Zm2xLp9VbT4nRc8WsHd1Ya6Ge3Fu0K", List.of()),
        Arguments.of("机器人令牌 6123456789:AAF3kq9ZxLp2VbT4nRc8WsHd1Ya6Ge3Fu0K 已失效", List.of()),
        // the same digits after a phone word and no 1Z, or before a colon and a time, are a phone
        Arguments.of("Melbourne office: +61 3 9482 1730", List.of("+61 3 9482 1730")),
        Arguments.of("墨尔本办公室电话 +61 3 9482 1730", List.of("+61 3 9482 1730")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("identifiers")
  void readsNoPhoneInsideATrackingNumberOrABotToken(String text, List<String> expected) {
    assertThat(Pii.found("PHONE", text)).containsExactlyElementsOf(expected);
  }
}
