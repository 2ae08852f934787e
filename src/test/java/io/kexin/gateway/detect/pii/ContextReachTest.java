package io.kexin.gateway.detect.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks how far before a value that needs a context word the word may stand: further than 30 characters within
 * the value's sentence, in English and Chinese, but not across a line break or a sentence's end, where a number in
 * the next sentence is not the one the word named.
 */
class ContextReachTest {
  static Stream<Arguments> cases() {
    return Stream.of(
        // the context word more than 30 characters before, in the same sentence
        Arguments.of("PHONE_CN", "电话号码如下，请务必在工作日的上午九点之前、下班以后或者周末联系：138/1234/5678",
            List.of("138/1234/5678")),
        Arguments.of("PHONE_CN", "The phone number you asked for, which works only on weekdays before nine: "
            + "138/1234/5678", List.of("138/1234/5678")),
        Arguments.of("PHONE_CN", "phone number follows, please only call during office hours on weekdays: "
            + "0.13812345678", List.of("13812345678")),
        Arguments.of("PHONE_CN", "手机号码在下面这一行，工作日上午九点以前或者晚上八点以后打过来都可以：1、3、8、1、2、3、4、5、6、7、8",
            List.of("1、3、8、1、2、3、4、5、6、7、8")),
        // the word in an earlier sentence or line: the number is not read as a phone
        Arguments.of("PHONE_CN", "Call me tomorrow if you can, any time after lunch.\nThe totals were 138/1234/5678 for"
            + " the three regions.", List.of()),
        Arguments.of("PHONE_CN", "phone bill summary for the whole of last year; the quarterly figures are "
            + "138/1234/5678 in thousands", List.of()),
        Arguments.of("PHONE_CN", "请把电话会议的纪要发给所有参会的同事们。本季度三个地区的销量分别是 138/1234/5678 件",
            List.of()),
        Arguments.of("PHONE_CN", "手机已经充好电了，明天上午带到会议室去！后面几个季度的预算分别是 1、3、8、1、2、3、4、5、6、7、8",
            List.of()));
  }

  @ParameterizedTest(name = "{0} in {1}")
  @MethodSource("cases")
  void readsAContextWordWithinItsSentence(String entity, String text, List<String> expected) {
    assertThat(Pii.found(entity, text)).isEqualTo(expected);
  }
}
