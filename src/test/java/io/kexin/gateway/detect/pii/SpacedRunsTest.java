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
        Arguments.of("IP_ADDRESS", "服务器地址 1 0 . 2 0 . 3 0 . 4 0 无法访问", "1 0 . 2 0 . 3 0 . 4 0"),
        // any of Unicode's spaces, and two alike (found by the seventh attacker's pass)
        Arguments.of("EMAIL", "mail me at " + apart("zhang.wei@example.cn", "\u00A0") + " thanks",
            apart("zhang.wei@example.cn", "\u00A0")),
        Arguments.of("EMAIL", "邮箱 " + apart("zhang.wei@example.cn", "\u2009") + " 谢谢",
            apart("zhang.wei@example.cn", "\u2009")),
        Arguments.of("EMAIL", "邮箱：" + apart("li.na@163.com", "\u202F"), apart("li.na@163.com", "\u202F")),
        Arguments.of("EMAIL", "write to " + apart("bob@corp.cn", "\u2007") + ".", apart("bob@corp.cn", "\u2007")),
        Arguments.of("EMAIL", "mail " + apart("alice@example.com", "  ") + " today", apart("alice@example.com", "  ")),
        Arguments.of("EMAIL", "邮箱是 " + apart("zhangwei@qq.com", "\u3000\u3000") + " 谢谢",
            apart("zhangwei@qq.com", "\u3000\u3000")),
        Arguments.of("IP_ADDRESS", "服务器 " + apart("192.168.1.20", "\u2002") + " 宕机",
            apart("192.168.1.20", "\u2002")));
  }

  private static String apart(String value, String separator) {
    return String.join(separator, value.split(""));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("values")
  void findsTheSpacedValue(String entity, String text, String value) {
    assertThat(Pii.found(entity, text)).containsExactly(value);
  }

  @Test
  void leavesSpacedLettersThatMakeNoValueClean() {
    for (String text : new String[] {"I a m h e r e n o w", "a b c d e f g h i j k", "s p a c e d @ o u t",
        "选项 A B C D E F G H 中选一个", "1 2 3 4 5 6 7 8 9", "p l e a s e h e l p @ once",
        "T  H  E    E  N  D  @  n o o n", "选项\u00A0A\u00A0B\u00A0C\u00A0D\u00A0E\u00A0F\u00A0G\u00A0H 中选一个",
        "s\u2009p\u2009a\u2009c\u2009e\u2009d\u2009@\u2009o\u2009u\u2009t", "a    b    c    d    e    f    g    h"}) {
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
    assertThat(SpacedRuns.of("x  a  b  c  d  e  f  g  h  y")).containsExactly(0, 28);
    assertThat(SpacedRuns.of("a  b c  d e  f g  h i  j")).isEmpty();
    assertThat(SpacedRuns.of("a    b    c    d    e    f    g    h")).isEmpty();
    assertThat(SpacedRuns.openStart("hello a  l  i  ")).isEqualTo(6);
    assertThat(SpacedRuns.openStart("hello a\u00A0l\u00A0i")).isEqualTo(6);
  }
}
