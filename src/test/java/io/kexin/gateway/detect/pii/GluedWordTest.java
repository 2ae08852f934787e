package io.kexin.gateway.detect.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks that a value glued after the word that names it ({@code tel13812345678}, {@code ID11010519491231002X}), which
 * a model reads as the word and the value, is found, in English and Chinese prose; and that identifiers glued to
 * other letters (order numbers, words that merely end in such a word) stay as written.
 */
class GluedWordTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("PHONE_CN", "my phone is tel13812345678, call me", List.of("13812345678")),
        Arguments.of("PHONE_CN", "电话：Tel13812345678", List.of("13812345678")),
        Arguments.of("PHONE_CN", "手机号mobile13812345678谢谢", List.of("13812345678")),
        Arguments.of("PHONE_CN", "联系 PHONE138-1234-5678 即可", List.of("138-1234-5678")),
        Arguments.of("PHONE_CN", "reach me at telephone13812345678 anytime", List.of("13812345678")),
        Arguments.of("PHONE_CN", "cellphone13912345678（工作日）", List.of("13912345678")),
        Arguments.of("PHONE_CN", "联系人手机telno13812345678", List.of("13812345678")),
        Arguments.of("CN_ID_CARD", "身份证ID11010519491231002X，请核对", List.of("11010519491231002X")),
        Arguments.of("CN_ID_CARD", "my id is id11010519491231002X", List.of("11010519491231002X")),
        Arguments.of("CREDIT_CARD", "pay with card4111111111111111 today", List.of("4111111111111111")),
        Arguments.of("CREDIT_CARD", "信用卡card4111111111111111到期", List.of("4111111111111111")),
        // a glued value after another value: the first run must not swallow it as one of its groups
        Arguments.of("PHONE_CN", "13812345678 or tel13912345678", List.of("13812345678", "13912345678")),
        Arguments.of("PHONE_CN", "13812345678 tel13912345678", List.of("13812345678", "13912345678")),
        Arguments.of("PHONE_CN", "tel13812345678 tel13912345678", List.of("13812345678", "13912345678")),
        Arguments.of("PHONE_CN", "13812345678-tel13912345678", List.of("13812345678", "13912345678")),
        Arguments.of("PHONE_CN", "手机13812345678，mobile13912345678，tel13712345678",
            List.of("13812345678", "13912345678", "13712345678")),
        Arguments.of("CN_ID_CARD", "身份证 110101199003071233 id11010519491231002X",
            List.of("110101199003071233", "11010519491231002X")),
        // clean: identifiers glued to other letters, words that end in a glued word, short numbers
        Arguments.of("PHONE_CN", "order SO13812345678 shipped", List.of()),
        Arguments.of("PHONE_CN", "订单号SO13812345678已发货", List.of()),
        Arguments.of("PHONE_CN", "the hotel13812345678 booking and motel13812345678", List.of()),
        Arguments.of("PHONE_CN", "video call1080p, cell2 of the sheet, id42", List.of()),
        Arguments.of("PHONE_CN", "atel13812345678 and tele13812345678", List.of()),
        Arguments.of("PHONE_CN", "user_tel13812345678 in the log", List.of("13812345678")));
  }

  @ParameterizedTest(name = "{0} in {1}")
  @MethodSource("cases")
  void findsTheValueGluedAfterItsWord(String entity, String text, List<String> expected) {
    assertThat(Pii.found(entity, text)).containsExactlyElementsOf(expected);
  }
}
