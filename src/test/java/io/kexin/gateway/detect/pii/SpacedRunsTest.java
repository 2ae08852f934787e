package io.kexin.gateway.detect.pii;

import static org.assertj.core.api.Assertions.assertThat;

import io.kexin.gateway.text.ScanText;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks that personal data written letter-spaced, one character a time between spaces, which a model reads as the
 * value, is found where it was written in English and Chinese text and held back in a stream until it is whole;
 * and that spaced-out letters that make no value stay clean.
 */
class SpacedRunsTest {

  static Stream<Arguments> values() {
    return Stream.of(
        Arguments.of("EMAIL", "mail a l i c e @ e x a m p l e . c o m today", "a l i c e @ e x a m p l e . c o m"),
        Arguments.of("EMAIL", "邮箱是 z h a n g w e i @ q q . c o m 谢谢", "z h a n g w e i @ q q . c o m"),
        Arguments.of("EMAIL", "邮箱：l i . n a @ 1 6 3 . c o m", "l i . n a @ 1 6 3 . c o m"),
        Arguments.of("EMAIL", "mail\u3000b\u3000o\u3000b\u3000@\u3000c\u3000o\u3000r\u3000p\u3000.\u3000c\u3000n",
            "b\u3000o\u3000b\u3000@\u3000c\u3000o\u3000r\u3000p\u3000.\u3000c\u3000n"),
        Arguments.of("EMAIL", "mail:a l i c e @ e x a m p l e . c o m.", "a l i c e @ e x a m p l e . c o m"),
        Arguments.of("IP_ADDRESS", "server 1 9 2 . 1 6 8 . 1 . 2 0 is down", "1 9 2 . 1 6 8 . 1 . 2 0"),
        Arguments.of("IP_ADDRESS", "服务器地址 1 0 . 2 0 . 3 0 . 4 0 无法访问", "1 0 . 2 0 . 3 0 . 4 0"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("values")
  void findsTheSpacedValue(String entity, String text, String value) {
    assertThat(Pii.found(entity, text)).containsExactly(value);
  }

  @Test
  void leavesSpacedLettersThatMakeNoValueClean() {
    for (String text : new String[] {"I a m h e r e n o w", "a b c d e f g h i j k", "s p a c e d @ o u t",
        "选项 A B C D E F G H 中选一个", "1 2 3 4 5 6 7 8 9", "p l e a s e h e l p @ once"}) {
      assertThat(Pii.found("EMAIL", text)).as(text).isEmpty();
      assertThat(Pii.found("IP_ADDRESS", text)).as(text).isEmpty();
    }
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("values")
  void holdsTheValueBackUntilItIsWhole(String entity, String text, String value) {
    PiiDetector pii = PiiDetector.of("p", Set.of(entity), 0.5);
    int start = text.indexOf(value);
    for (int cut = start + 1; cut < start + value.length(); cut++) {
      assertThat(pii.liveFrom(ScanText.of(text.substring(0, cut))))
          .as("held back at %d of %s", cut, text).isLessThanOrEqualTo(start);
    }
  }

  @Test
  void findsRunsOfEightSinglesOrMore() {
    assertThat(SpacedRuns.of("x a b c d e f g h y")).containsExactly(0, 19);
    assertThat(SpacedRuns.of("say a b c d e f g now")).isEmpty();
    assertThat(SpacedRuns.of("ab c d e f g h i j k")).containsExactly(3, 20);
    assertThat(SpacedRuns.openStart("hello a l i")).isEqualTo(6);
    assertThat(SpacedRuns.openStart("hello a l i ")).isEqualTo(6);
    assertThat(SpacedRuns.openStart("hello al")).isEqualTo(-1);
    assertThat(SpacedRuns.openStart("你好 z h")).isEqualTo(3);
  }
}
