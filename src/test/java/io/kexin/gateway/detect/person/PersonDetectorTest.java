package io.kexin.gateway.detect.person;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kexin.gateway.detect.Finding;
import io.kexin.gateway.text.ScanText;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PersonDetectorTest {
  private static final PersonDetector DETECTOR = PersonDetector.of("pii.person-name-prose", 0.7);

  static Stream<Arguments> english() {
    return Stream.of(
        Arguments.of("Zhang Wei called yesterday about the invoice.", List.of("Zhang Wei")),
        Arguments.of("cc: Priya Raman, Tom Becker", List.of("Priya Raman", "Tom Becker")),
        Arguments.of("Thanks,\nMichael Turner\nSenior Analyst", List.of("Michael Turner")),
        Arguments.of("I had lunch with Daniel Okafor and he agreed.", List.of("Daniel Okafor")),
        Arguments.of("Please forward the contract to Laura Jimenez before Friday.", List.of("Laura Jimenez")),
        Arguments.of("Will Smith and Grace Hopper were on the slide.", List.of("Will Smith", "Grace Hopper")),
        Arguments.of("Angela Merkel's speech was long.", List.of("Angela Merkel")),
        Arguments.of("The film was directed by Faina D. Yefremova last year.", List.of("Faina D. Yefremova")),
        Arguments.of("They had three: Romi, Erik and Amy.", List.of("Erik", "Amy")),
        Arguments.of("Don't go to town, Nicholas!", List.of("Nicholas")),
        Arguments.of("Ask Jürgen Müller-Lüdenscheidt about it", List.of("Jürgen Müller-Lüdenscheidt")),
        // look-alikes
        Arguments.of("Will you review the May release?", List.of()),
        Arguments.of("We flew from Paris to Sydney on Monday.", List.of()),
        Arguments.of("Grace period ends in June.", List.of()),
        Arguments.of("Microsoft Teams meeting at Lincoln Center", List.of()),
        Arguments.of("Morgan Stanley and Goldman Sachs reported earnings.", List.of()),
        Arguments.of("He lives on the north side of Joaquin Suarez 2906.", List.of()),
        Arguments.of("The bus stops at Alexander Flat and Victoria Station.", List.of()),
        Arguments.of("call getUserName() on JohnSmithService", List.of()),
        Arguments.of("Dear Sir or Madam, Dear Customer,", List.of()),
        Arguments.of("Hello World, Hi Team!", List.of()),
        // signatures under a letter's closing, given names no list holds
        Arguments.of("Thanks, see below.\n\n-- \nBest regards,\nJanelle Dorsey-Whitcombe\nHead of Treasury",
            List.of("Janelle Dorsey-Whitcombe")),
        Arguments.of("Cheers,\nLeopold Fairweather\nVP Engineering\nTel: +1 646 839 2271", List.of("Leopold Fairweather")),
        Arguments.of("Kind regards,\nCustomer Success\nreach us in the app", List.of()),
        Arguments.of("Best regards,\nThe Accounts Payable Team", List.of()),
        Arguments.of("Regards,\nKexin Gateway Release Bot", List.of()),
        Arguments.of("The plan, in short:\nLeopold Fairweather\nwill lead it", List.of()),
        Arguments.of("Hong Kong Island and Kowloon; Queen's Road Central is a major street.", List.of())
    );
  }

  static Stream<Arguments> chinese() {
    return Stream.of(
        Arguments.of("请把合同发给王建国", List.of("王建国")),
        Arguments.of("张伟说明天开会", List.of("张伟")),
        Arguments.of("李娜老师下午到", List.of("李娜")),
        Arguments.of("参会人员：刘洋、陈静、欧阳明轩", List.of("刘洋", "陈静", "欧阳明轩")),
        Arguments.of("麻烦通知赵丽颖明早九点到", List.of("赵丽颖")),
        // look-alikes: words that begin or end with a surname character
        Arguments.of("他很高兴周末去黄山", List.of()),
        // 付 begins 付定金, 付现 and 付息 as a verb, not a surname
        Arguments.of("请用这张卡付定金：4179-5555-9431-4916，有效期 03/29", List.of()),
        Arguments.of("到店付现或者付息都行", List.of()),
        Arguments.of("付晓东说明天付定金", List.of("付晓东")),
        Arguments.of("王国的历史很长", List.of()),
        Arguments.of("对于这个问题，关于那件事", List.of()),
        Arguments.of("我们要提高金融安全意识", List.of()),
        Arguments.of("千万豪礼等你拿", List.of()),
        Arguments.of("阴天。心情不好", List.of()),
        // signatures: under 此致 / 敬礼, before 敬上, and traditional surnames
        Arguments.of("附件为对账单，请查收。\n\n此致\n敬礼！\n单雨萱\n财务部", List.of("单雨萱")),
        Arguments.of("以上，麻煩您了。\n\n敬祝 商祺\n溫子晴 敬上\n業務部 經理", List.of("溫子晴")),
        Arguments.of("此致\n敬禮\n鄭家豪", List.of("鄭家豪")),
        Arguments.of("此致\n敬礼\n人力资源部", List.of()),
        Arguments.of("敬上的意思是恭敬地呈上", List.of())
    );
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("english")
  void findsEnglishNamesInProse(String text, List<String> expected) {
    assertThat(found(text)).containsExactlyElementsOf(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("chinese")
  void findsChineseNamesInProse(String text, List<String> expected) {
    assertThat(found(text)).containsExactlyElementsOf(expected);
  }

  @Test
  void leavesNamesAfterAContextWordToTheContextRules() {
    assertThat(found("My name is John Smith.")).isEmpty();
    assertThat(found("Dear Mr. Henderson Smith,")).isEmpty();
    assertThat(found("你好，我叫王小明，今年三十岁")).isEmpty();
    assertThat(found("紧急联系人：母亲 李秀英")).isEmpty();
  }

  @Test
  void reportsEntityScoreAndAnExplanationWithoutTheName() {
    List<Finding> findings = DETECTOR.scan(ScanText.of("请把合同发给王建国"));
    assertThat(findings).hasSize(1);
    Finding f = findings.get(0);
    assertThat(f.entity()).isEqualTo("PERSON");
    assertThat(f.ruleId()).isEqualTo("pii.person-name-prose");
    assertThat(f.score()).isBetween(0.7, 1.0);
    assertThat(f.explanation()).doesNotContain("王建国").contains("surname");
  }

  @Test
  void aLowerThresholdFindsMoreAndAHigherOneLess() {
    String text = "Sandra lives on the hill.";
    assertThat(PersonDetector.of("r", 0.5).scan(ScanText.of(text))).hasSize(1);
    assertThat(PersonDetector.of("r", 0.95).scan(ScanText.of(text))).isEmpty();
  }

  @Test
  void findsANameThatEndsTheTextWithASpaceAfterIt() {
    // the word after the name was read past the text's end: the rule threw, and its policy failed closed
    assertThat(found("Please write to Zhang Wei ")).containsExactly("Zhang Wei");
    assertThat(found("请转告 Zhang Wei ")).containsExactly("Zhang Wei");
    assertThat(found("Thanks, John Smith, ")).containsExactly("John Smith");
  }

  @Test
  void textWithoutCapitalsOrHanIsSkipped() {
    assertThat(DETECTOR.scan(ScanText.of("no names here, only lower case words and 42 digits"))).isEmpty();
    assertThat(DETECTOR.scan(ScanText.of(""))).isEmpty();
  }

  @Test
  void rejectsAThresholdOutOfRange() {
    assertThatThrownBy(() -> PersonDetector.of("r", 0)).hasMessageContaining("minScore");
    assertThatThrownBy(() -> PersonDetector.of("r", 1.5)).hasMessageContaining("minScore");
  }

  @Test
  void tokenSetProbesRangesOfAnArray() {
    TokenSet set = new TokenSet(List.of("Anna", "Wei", "张伟"));
    char[] units = "xxAnnaxWeiy".toCharArray();
    assertThat(set.contains(units, 2, 6)).isTrue();
    assertThat(set.contains(units, 7, 10)).isTrue();
    assertThat(set.contains(units, 2, 5)).isFalse();
    assertThat(set.contains("张伟")).isTrue();
    assertThat(set.size()).isEqualTo(3);
  }

  private static List<String> found(String text) {
    return DETECTOR.scan(ScanText.of(text)).stream().map(f -> text.substring(f.start(), f.end())).toList();
  }

  static Stream<Arguments> kinshipWords() {
    return Stream.of(
        Arguments.of("群聊\n王叔（1502）：快递放门口了\n李伯说明天来修水管", List.of()),
        Arguments.of("王叔平说明天到", List.of("王叔平")),
        Arguments.of("Uncle Wang said the parcel is at the door", List.of()),
        Arguments.of("Zhang Wei said the parcel is at the door", List.of("Zhang Wei")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinshipWords")
  void readsASurnameAndAKinshipWordAsNoName(String text, List<String> expected) {
    assertThat(found(text)).containsExactlyElementsOf(expected);
  }

  static Stream<Arguments> tableColumns() {
    return Stream.of(
        Arguments.of("first_name,last_name,email\nLucía,Betancourt-Ramos,lucia.b@telefonica.net\nKwabena,Asante-Holm,k@x.io",
            List.of("Lucía", "Betancourt-Ramos", "Kwabena", "Asante-Holm")),
        Arguments.of("\"Id\",\"FirstName\",\"LastName\",\"Email\"\n\"0035g00000XkT2AAAV\",\"Lucía\",\"Ramos\",\"l@t.net\"",
            List.of("Lucía", "Ramos")),
        Arguments.of("Export:\nName\tEmail\nRosalind Featherstone\tr.f@proton.me", List.of("Rosalind Featherstone")),
        Arguments.of("客户编号,联系人,手机\nC1104,蒲晓燕,15108274316\nC1105,郗子墨,13530671892", List.of("蒲晓燕", "郗子墨")),
        Arguments.of("姓名\t城市\n司徒嘉怡\t广州", List.of("司徒嘉怡")),
        Arguments.of("交易时间,摘要,对方户名,对方账号\n2026-11-20 09:12,跨行转出,仲夏然,6217003810029374456",
            List.of("仲夏然")),
        Arguments.of("交易日期,摘要,对方户名,对方账号\n2026-11-02,转账,郦晓楠,6228484234851265711", List.of("郦晓楠")),
        Arguments.of("Name,Email,Billing Name,Billing City\n#1047,g.obi@outlook.com,Genevieve Obi,Toronto",
            List.of("Genevieve Obi")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tableColumns")
  void findsNamesInAColumnItsHeaderNames(String text, List<String> expected) {
    assertThat(found(text)).containsExactlyElementsOf(expected);
  }

  static Stream<Arguments> tablesWithoutNames() {
    return Stream.of(
        Arguments.of("name,version,license\nnetty,4.1.115,Apache-2.0\nAcme,2.0,MIT"),
        Arguments.of("Sample CSV header: first_name,last_name,email,phone — fill one row per contact"),
        Arguments.of("The same, however, came later, and the game, named Tetris, was fun."),
        Arguments.of("联系人,手机\n（待补充）,—\n客服部,400-820-8820"),
        Arguments.of("客户名称,行业\n成都锦江餐饮管理有限公司,餐饮"),
        Arguments.of("姓名,年龄,城市\n刘七,31,杭州\n孙八,29,成都\n钱九,27,武汉"),
        Arguments.of("Name,Age,City\nPerson A,31,Hangzhou\nUser 2,29,Chengdu"),
        Arguments.of("收款人,金额\n杭州某某科技有限公司,15320.00"),
        Arguments.of("Billing Name,Total\nACME CORP,120.00"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tablesWithoutNames")
  void leavesTablesWithoutANameInANameColumn(String text) {
    assertThat(found(text)).isEmpty();
  }

  static Stream<Arguments> rareSurnames() {
    return Stream.of(
        Arguments.of("这笔款请转给郗明轩，谢谢", List.of("郗明轩")),
        Arguments.of("隗小满老师下午到", List.of("隗小满")),
        Arguments.of("会计师计算了合计金额，计划下周审计", List.of()),
        Arguments.of("这本小说的核心诡计之一是凶手如何转移", List.of()),
        Arguments.of("Please wire it to Xi Mingxuan today", List.of("Xi Mingxuan")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rareSurnames")
  void readsRareSurnamesWithACue(String text, List<String> expected) {
    assertThat(found(text)).containsExactlyElementsOf(expected);
  }

  static Stream<Arguments> namesOffTheLists() {
    return Stream.of(
        Arguments.of("快递收件信息\n收：酆子骞  18851207733", List.of("酆子骞")),
        Arguments.of("这份合同请交给暴子瑜老师", List.of("暴子瑜")),
        Arguments.of("凤逸飞说明天到", List.of("凤逸飞")),
        Arguments.of("暴雨说来就来，这场风暴说明天才停，凤梨酥说是特产", List.of()),
        Arguments.of("On Wed, 2 Dec 2026 at 16:40, Philippa Greenhalgh-Obi wrote:", List.of("Philippa Greenhalgh-Obi")),
        Arguments.of("请转告 Winifred Achterberg 明天到", List.of("Winifred Achterberg")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("namesOffTheLists")
  void readsSurnamesAndGivenNamesTheListsLacked(String text, List<String> expected) {
    assertThat(found(text)).containsExactlyElementsOf(expected);
  }
}
