package io.kexin.gateway.detect.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IbanRecognizerTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("IBAN DE89370400440532013000", List.of("DE89370400440532013000")),
        Arguments.of("pay to DE89 3704 0044 0532 0130 00 please", List.of("DE89 3704 0044 0532 0130 00")),
        Arguments.of("账号 GB82 WEST 1234 5698 7654 32", List.of("GB82 WEST 1234 5698 7654 32")),
        Arguments.of("FR1420041010050500013M02606", List.of("FR1420041010050500013M02606")),
        Arguments.of("lower case nl91abna0417164300", List.of("nl91abna0417164300")),
        // negatives
        Arguments.of("mod 97 fails DE89370400440532013001", List.of()),
        Arguments.of("wrong length DE8937040044053201300", List.of()),
        Arguments.of("unknown country ZZ89370400440532013000", List.of()),
        Arguments.of("glued XDE89370400440532013000", List.of())
    );
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void findsExactlyTheExpectedSpans(String text, List<String> expected) {
    assertThat(Pii.found("IBAN", text)).containsExactlyElementsOf(expected);
  }

  @Test
  void scoresWithAndWithoutContext() {
    assertThat(Pii.score("IBAN", "DE89370400440532013000")).isEqualTo(0.9);
    assertThat(Pii.score("IBAN", "IBAN DE89370400440532013000")).isEqualTo(1.0);
    assertThat(IbanRecognizer.mod97("GB82WEST12345698765432")).isEqualTo(1);
  }

  static Stream<Arguments> isoExample() {
    return Stream.of(
        Arguments.of("The ISO 13616 example IBAN GB82 WEST 1234 5698 7654 32 validates with mod-97 = 1", List.of()),
        Arguments.of("IBAN 校验示例：GB82 WEST 1234 5698 7654 32（仅用于单元测试）", List.of()),
        Arguments.of("账号 GB82 WEST 1234 5698 7654 32", List.of("GB82 WEST 1234 5698 7654 32")),
        // the German and British format guides' examples, after a word that says one is shown
        Arguments.of("IBAN 校验规则：例如德国 DE89 3704 0044 0532 0130 00（官方示例）", List.of()),
        Arguments.of("For example, a UK IBAN looks like GB29 NWBK 6016 1331 9268 19", List.of()),
        Arguments.of("收款账号 DE89 3704 0044 0532 0130 00", List.of("DE89 3704 0044 0532 0130 00")),
        Arguments.of("Wire the deposit to GB29 NWBK 6016 1331 9268 19 today",
            List.of("GB29 NWBK 6016 1331 9268 19")),
        Arguments.of("Please pay to GB82 WEST 1234 5698 7654 32 by Friday", List.of("GB82 WEST 1234 5698 7654 32")),
        // another valid IBAN after the same words is an account
        Arguments.of("测试账户的 IBAN：DE55 1203 0000 9876 5432 17", List.of("DE55 1203 0000 9876 5432 17")),
        Arguments.of("example: pay the deposit to GB28 LOYD 3096 3456 5034 83", List.of("GB28 LOYD 3096 3456 5034 83")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("isoExample")
  void readsTheIsoExampleIbanInDocumentationAsNoAccount(String text, List<String> expected) {
    assertThat(Pii.found("IBAN", text)).containsExactlyElementsOf(expected);
  }
}
