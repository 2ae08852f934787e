package io.kexin.gateway.detect.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CnIdCardRecognizerTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        // positives
        Arguments.of("我的身份证号是11010519491231002X", List.of("11010519491231002X")),
        Arguments.of("lower-case x 44011320141005001x", List.of("44011320141005001x")),
        Arguments.of("scan_11010519491231002X.pdf", List.of("11010519491231002X")),
        Arguments.of("身份证扫描件 11010519491231002X_正面.jpg", List.of("11010519491231002X")),
        Arguments.of("身份证号 1101 0119 9001 0112 37", List.of("1101 0119 9001 0112 37")),
        // field names of code and dumps count as the context a 15-digit number needs
        Arguments.of("id_card: '440305720311052'  # 15 位旧证", List.of("440305720311052")),
        Arguments.of("{\"idcard\": \"370212680514173\"}", List.of("370212680514173")),
        Arguments.of("order_id: '440305720311052'", List.of()),
        Arguments.of("证件号码：1101-0119-9003-0774-75", List.of("1101-0119-9003-0774-75")),
        Arguments.of("全角：１１０１０１１９９００１０１１２３７。", List.of("１１０１０１１９９００１０１１２３７")),
        Arguments.of("ID number: 110101199001011237, thanks", List.of("110101199001011237")),
        Arguments.of("在括号里（11010519491231002X）", List.of("11010519491231002X")),
        Arguments.of("after a long run 1 2 3 4 5 6 7 8 9 10 1101 0119 9001 0112 37", List.of("1101 0119 9001 0112 37")),
        Arguments.of("两个身份证110101199001011237和110101199003077475",
            List.of("110101199001011237", "110101199003077475")),
        Arguments.of("旧身份证 110105491231002", List.of("110105491231002")),
        // negatives
        Arguments.of("订单号 110105194912310021", List.of()),
        Arguments.of("110101199001011234 wrong check digit", List.of()),
        Arguments.of("month 13: 110101199013011234", List.of()),
        Arguments.of("province 00: 000101199001011234", List.of()),
        Arguments.of("province 99: 990426199112010074", List.of()),
        Arguments.of("born in the future 110101203001011236", List.of()),
        Arguments.of("legacy 15 digits without context 110105491231002", List.of()),
        Arguments.of("glued A110101199001011237", List.of()),
        Arguments.of("glued 1101011990010112370", List.of()),
        Arguments.of("underscored 110101199001011237_x", List.of("110101199001011237")),
        Arguments.of("split by a newline 1101 0119\n9001 0112 37", List.of()),
        // GB/T 2260 area codes: abolished codes are kept for holders born while they were in force
        Arguments.of("商水县（周口地区，2000 年撤）412723198503192639", List.of("412723198503192639")),
        Arguments.of("born in Xuanwu district 11010419750624081X", List.of("11010419750624081X")),
        Arguments.of("台湾居民居住证 830000199006030178", List.of("830000199006030178")),
        Arguments.of("宣武区 2010 年已撤，2015 年出生者的身份证 110104201501082743", List.of()),
        Arguments.of("ID card 110104201501082743 (district gone before the birth year)", List.of()),
        Arguments.of("身份证号 110199200503112266（县代码不存在）", List.of()),
        Arguments.of("identity number 329912200111221644, invented prefecture", List.of()),
        Arguments.of("legacy 15 digits, invented county, born 1999: 身份证 110199990101123", List.of()),
        // codes the shipped revisions (1998-2023) cannot tell: only with a context word
        Arguments.of("编号 110297198803153329", List.of()),
        Arguments.of("身份证 110297198803153329", List.of("110297198803153329")),
        Arguments.of("record 512323197004153341", List.of()),
        Arguments.of("ID number 512323197004153341 (Nanchuan county, abolished 1994)", List.of("512323197004153341")),
        Arguments.of("身份证号 110199202503012264", List.of("110199202503012264"))
    );
  }

  static Stream<String> provinces() {
    return Stream.of("13010219910304112X", "140105198307122454", "210102197702193185", "220102200001014275",
        "320102199510085360", "34010219880523641X", "350102200306147537", "360102196909308646",
        "37010219940417975X", "410102198608081867", "420102201102112976", "430102197912253087",
        "450102199211164199", "520102200704275210", "610102198107036328", "630102199705187431",
        "640104200409098549", "650102197611030286", "540102198904073158", "460105198511307274");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("provinces")
  void findsCurrentCountiesOfEveryProvinceInChineseAndEnglish(String id) {
    assertThat(Pii.found("CN_ID_CARD", "联系人证件号码：" + id + "，请核实")).containsExactly(id);
    assertThat(Pii.found("CN_ID_CARD", "Customer " + id + " called at noon")).containsExactly(id);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void findsExactlyTheExpectedSpans(String text, List<String> expected) {
    assertThat(Pii.found("CN_ID_CARD", text)).containsExactlyElementsOf(expected);
  }

  @org.junit.jupiter.api.Test
  void scoresValidatedNumbersHighAndContextHigher() {
    assertThat(Pii.score("CN_ID_CARD", "号码 11010519491231002X")).isEqualTo(0.9);
    assertThat(Pii.score("CN_ID_CARD", "身份证 11010519491231002X")).isEqualTo(1.0);
    assertThat(Pii.score("CN_ID_CARD", "身份证 110105491231002")).isEqualTo(0.9);
  }

  @org.junit.jupiter.api.Test
  void scoresAreaCodesTheRevisionsCannotTellLowerEvenWithContext() {
    assertThat(Pii.score("CN_ID_CARD", "身份证 110297198803153329")).isEqualTo(0.85);
    assertThat(Pii.score("CN_ID_CARD", "identity card 512323197004153341")).isEqualTo(0.85);
    assertThat(Pii.score("CN_ID_CARD", "老身份证 512323700415334")).isEqualTo(0.85);
    assertThat(Pii.score("CN_ID_CARD", "身份证 412723198503192639")).isEqualTo(1.0);
  }

  @org.junit.jupiter.api.Test
  void computesTheGb11643CheckDigit() {
    assertThat(CnIdCardRecognizer.checkDigit("11010519491231002")).isEqualTo('X');
    assertThat(CnIdCardRecognizer.checkDigit("36042619910101007")).isEqualTo('1');
  }

  static Stream<Arguments> studentNumbers() {
    return Stream.of(
        Arguments.of("学籍号：G510107201402260229", List.of("G510107201402260229")),
        Arguments.of("Student number G510107201402260229 (national registry)", List.of("G510107201402260229")),
        Arguments.of("批次 G510107201402260228", List.of()),
        Arguments.of("order A510107201402260229", List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("studentNumbers")
  void readsAPupilsStudentNumberAsItsResidentId(String text, List<String> expected) {
    assertThat(Pii.found("CN_ID_CARD", text)).containsExactlyElementsOf(expected);
  }
}
