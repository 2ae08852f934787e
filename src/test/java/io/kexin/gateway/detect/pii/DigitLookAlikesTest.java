package io.kexin.gateway.detect.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks that a value written with letters that look like digits ({@code l38l2345678}, {@code 11O1O519491231002X}),
 * which a model reads as the digits, is found where it was written, in English and Chinese prose; and that words and
 * identifiers with such letters stay as written.
 */
class DigitLookAlikesTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("PHONE_CN", "手机 l38l2345678，请回电", List.of("l38l2345678")),
        Arguments.of("PHONE_CN", "my phone: I38 I234 5678", List.of("I38 I234 5678")),
        Arguments.of("PHONE_CN", "联系电话：1З8 is not read, 139-l234-5678 is", List.of("139-l234-5678")),
        Arguments.of("CN_ID_CARD", "身份证号 11O1O519491231002X", List.of("11O1O519491231002X")),
        Arguments.of("CN_ID_CARD", "ID number 1lO1O5l9491231OO2x on file", List.of("1lO1O5l9491231OO2x")),
        Arguments.of("CREDIT_CARD", "card 41l1 1l11 l111 1111 exp 12/29", List.of("41l1 1l11 l111 1111")),
        Arguments.of("PHONE", "call me at +1 (2l2) 555-Ol23 tonight", List.of("+1 (2l2) 555-Ol23")),
        // clean: words, identifiers with other letters, numbers that make no value
        Arguments.of("PHONE_CN", "lol, I said 138 times IO", List.of()),
        Arguments.of("PHONE_CN", "订单号 SO1l2345678 已发货", List.of()),
        Arguments.of("PHONE_CN", "version 1O.2 and room 3O1, model O2 by 10OO", List.of()),
        Arguments.of("PHONE_CN", "hash IOl0O1ab and token Il1lO0", List.of()),
        // digits set apart by 、 are a list until a context word says otherwise, whatever else the text holds
        Arguments.of("PHONE_CN", "12) 1、3、8、1、2、3、4、5、6、7、8 id, build 970l", List.of()),
        Arguments.of("PHONE_CN", "编号 1、3、8、1、2、3、4、5、6、7、8，批次 97O1", List.of()),
        Arguments.of("PHONE_CN", "call 1、3、8、1、2、3、4、5、6、7、8, build 970l",
            List.of("1、3、8、1、2、3、4、5、6、7、8")),
        Arguments.of("PHONE_CN", "电话 1、3、8、1、2、3、4、5、6、7、8，批次 97O1", List.of("1、3、8、1、2、3、4、5、6、7、8")));
  }

  @ParameterizedTest(name = "{0} in {1}")
  @MethodSource("cases")
  void findsTheValueWrittenWithLettersThatLookLikeDigits(String entity, String text, List<String> expected) {
    assertThat(Pii.found(entity, text)).containsExactlyElementsOf(expected);
  }

  @Test
  void readsEachLetterAsOneDigitInItsPlaceOnlyInTokensOfDigits() {
    assertThat(DigitLookAlikes.read("手机 l38l2345678 lol").text()).isEqualTo("手机 13812345678 lol");
    assertThat(DigitLookAlikes.read("ID 11O1O519491231002X").text()).isEqualTo("ID 11010519491231002X");
    assertThat(DigitLookAlikes.read("lol IO SO1l2 abc123")).isNull();
    // no more such letters than digits
    assertThat(DigitLookAlikes.read("lOl1")).isNull();
  }
}
