package io.kexin.gateway.detect.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CnPassportRecognizerTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("护照号E12345678", List.of("E12345678")),
        Arguments.of("护照G12345678", List.of("G12345678")),
        Arguments.of("passport no. EA1234567", List.of("EA1234567")),
        Arguments.of("Passport: e12345678", List.of("e12345678")),
        Arguments.of("外交护照 DE1234567", List.of("DE1234567")),
        Arguments.of("护照号码：Ｅ１２３４５６７８", List.of("Ｅ１２３４５６７８")),
        Arguments.of("請攜帶護照 E48213675 號正本", List.of("E48213675")),
        Arguments.of("旅行證件號碼 G48213675", List.of("G48213675")),
        Arguments.of("SSR DOCS CA HK1 P/CHN/E48213675/CHN/14MAR88/F/02SEP33/LIU/MEI", List.of("E48213675")),
        Arguments.of("DOCS/P/CHN/G48213675/CHN/03JUN91/M/12AUG31/ZHANG/WEI", List.of("G48213675")),
        // negatives
        Arguments.of("no context E12345678", List.of()),
        Arguments.of("护照 12345678", List.of()),
        Arguments.of("护照 EI1234567", List.of()),
        Arguments.of("护照 E1234567890", List.of()),
        Arguments.of("护照 XE12345678", List.of()),
        Arguments.of("这是普通文本没有护照号", List.of()),
        Arguments.of("see the dockerfile, layer E48213675", List.of()),
        Arguments.of("櫃台編號 E48213675 號", List.of())
    );
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void findsExactlyTheExpectedSpans(String text, List<String> expected) {
    assertThat(Pii.found("CN_PASSPORT", text)).containsExactlyElementsOf(expected);
  }

  @Test
  void scoresWithAndWithoutContext() {
    assertThat(Pii.score("CN_PASSPORT", "护照 E12345678")).isEqualTo(0.9);
  }

  static Stream<Arguments> fillers() {
    return Stream.of(
        Arguments.of("护照号码填写示例：E12345678（字母 E 加 8 位数字）", List.of()),
        Arguments.of("Passport number, for example EA1234567 — enter yours as printed", List.of()),
        // counting digits with no word saying an example is meant, and a real-looking number after one, are read
        Arguments.of("护照号E12345678", List.of("E12345678")),
        Arguments.of("Example filled in by the applicant: passport E90127436", List.of("E90127436")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fillers")
  void readsAPassportNumberCountingUpAfterAnExampleWordAsNoOnes(String text, List<String> expected) {
    assertThat(Pii.found("CN_PASSPORT", text)).containsExactlyElementsOf(expected);
  }
}
