package io.kexin.gateway.detect.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks the spellings the fifth attacker's pass wrote numbers in past the PII pass, in Chinese and English prose, and
 * that counts, measures and prose written with the same characters stay clean.
 */
class FifthPassSpellingsTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        // 两 for 2 in a chain of seven Chinese numerals or digits
        Arguments.of("PHONE_CN", "手机 一三八两三四五六七八两", List.of("一三八两三四五六七八两")),
        Arguments.of("PHONE_CN", "call me at 幺三八 两三四五 六七八两 tonight", List.of("幺三八 两三四五 六七八两")),
        Arguments.of("CN_ID_CARD", "身份证号一一〇一〇五一九四九一两三一〇〇两X", List.of("一一〇一〇五一九四九一两三一〇〇两X")),
        Arguments.of("PHONE_CN", "phone 138两两三四五六七八 thanks", List.of("138两两三四五六七八")),
        Arguments.of("PHONE_CN", "我们两个人等了一两个小时，两三天后再来，二两酒", List.of()),
        Arguments.of("PHONE_CN", "两 1234 tickets, two 两", List.of()));
  }

  @ParameterizedTest(name = "{0} in {1}")
  @MethodSource("cases")
  void findsTheValueAsSpelled(String entity, String text, List<String> expected) {
    assertThat(Pii.found(entity, text)).isEqualTo(expected);
  }
}
