package io.kexin.gateway.detect.pii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kexin.gateway.detect.Finding;
import io.kexin.gateway.text.ScanText;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PiiDetectorTest {
  private static final String MIXED = "客户张三，身份证11010519491231002X，手机138-1234-5678，"
      + "Card: 4111 1111 1111 1111, email zhang.san@example.com, 订单号 110105194912310021.";

  @Test
  void reportsEveryEntityOfAMixedPromptInTextOrder() {
    List<Finding> findings = Pii.scan(MIXED);
    assertThat(findings).extracting(Finding::entity)
        .containsExactly("CN_ID_CARD", "PHONE_CN", "CREDIT_CARD", "EMAIL");
    assertThat(findings).extracting(f -> MIXED.substring(f.start(), f.end()))
        .containsExactly("11010519491231002X", "138-1234-5678", "4111 1111 1111 1111", "zhang.san@example.com");
    assertThat(findings).allSatisfy(f -> assertThat(f.ruleId()).isEqualTo("pii.test"));
  }

  @Test
  void explainsPatternValidationAndContextWithoutTheValue() {
    Finding id = Pii.scan(MIXED).get(0);
    assertThat(id.explanation())
        .contains("18-character resident ID", "VALID", "GB 11643", "context word '身份证'")
        .doesNotContain("11010519491231002X", "1101", "002X");
  }

  @Test
  void reportsOnlyTheNamedEntitiesAboveTheThreshold() {
    PiiDetector phones = PiiDetector.of("pii.phones", Set.of("PHONE_CN"), 0.0);
    assertThat(phones.scan(ScanText.of(MIXED))).extracting(Finding::entity).containsExactly("PHONE_CN");
    PiiDetector strict = PiiDetector.of("pii.strict", Set.of(), 0.96);
    assertThat(strict.scan(ScanText.of(MIXED))).extracting(Finding::entity)
        .containsExactly("CN_ID_CARD", "CREDIT_CARD", "EMAIL");
  }

  @Test
  void claimsSpansTheSameWayWhateverIsReported() {
    PiiDetector phones = PiiDetector.of("pii.phones", Set.of("PHONE_CN", "PHONE"), 0.0);
    assertThat(phones.scan(ScanText.of("卡号 6228480012345671 and 13812345678@163.com"))).isEmpty();
  }

  @Test
  void rejectsUnknownEntitiesNamingThemAndTheKnownOnes() {
    assertThatThrownBy(() -> PiiDetector.of("pii", Set.of("CN_ID_CARD", "SSN", "PHONE_US"), 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("entities: [PHONE_US, SSN] (expected: any of [CN_ID_CARD, PHONE_CN")
        .hasMessageContaining("IP_ADDRESS");
    assertThatThrownBy(() -> PiiDetector.of("pii", Set.of(), 1.5))
        .hasMessage("minScore: 1.5 (expected: 0 <= minScore <= 1)");
    assertThat(PiiDetector.knownEntities()).hasSize(12).contains("CN_HK_MACAU_PERMIT", "IBAN");
  }

  @Test
  void boundsMatchesForTheHoldBackWindow() {
    // Three characters per unit: every unit of a value may be written as a percent-escape.
    assertThat(PiiDetector.of("pii", Set.of(), 0.5).maxMatchLength()).isEqualTo(3 * 254);
    assertThat(PiiDetector.of("pii", Set.of("CN_ID_CARD"), 0.5).maxMatchLength()).isEqualTo(3 * 68);
    String longest = "+86 1 3 8 1 2 3 4 5 6 7 8".replace(" ", "   ");
    assertThat(Pii.scan("x " + longest + " y")).allSatisfy(f -> assertThat(f.length()).isLessThanOrEqualTo(68));
    String escaped = "%2B%38%36%20%20%20%31%20%20%20%33%20%20%20%38%20%20%20%31%20%20%20%32%20%20%20%33%20%20%20%34"
        + "%20%20%20%35%20%20%20%36%20%20%20%37%20%20%20%38";
    assertThat(Pii.scan("x " + escaped + " y"))
        .allSatisfy(f -> assertThat(f.length()).isLessThanOrEqualTo(3 * 68));
  }

  @Test
  void keepsFindingsInBoundsOrderedAndDisjointOnRandomText() {
    String alphabet = "0123456789０１２３４５６７８９ABCXEGabcx   -.()+@:_身份证号手机，。xn--";
    Random random = new Random(7);
    int max = Pii.ALL.maxMatchLength();
    for (int round = 0; round < 2_000; round++) {
      StringBuilder sb = new StringBuilder();
      int length = random.nextInt(200);
      for (int k = 0; k < length; k++) {
        sb.append(random.nextInt(4) == 0 ? alphabet.charAt(random.nextInt(alphabet.length()))
            : (char) ('0' + random.nextInt(10)));
      }
      String text = sb.toString();
      List<Finding> findings = Pii.scan(text);
      int previousEnd = 0;
      for (Finding f : findings) {
        assertThat(f.start()).as(text).isGreaterThanOrEqualTo(previousEnd);
        assertThat(f.end()).as(text).isLessThanOrEqualTo(text.length());
        assertThat(f.length()).as(text).isPositive().isLessThanOrEqualTo(max);
        assertThat(f.score()).isBetween(0.0, 1.0);
        previousEnd = f.end();
      }
    }
  }

  @Test
  void findsNothingInCleanText() {
    assertThat(Pii.scan("这是一段普通的中文文本，没有任何个人信息。Plain English text with version 3.2 and 42 apples."))
        .isEmpty();
    assertThat(Pii.scan("")).isEmpty();
  }
}
