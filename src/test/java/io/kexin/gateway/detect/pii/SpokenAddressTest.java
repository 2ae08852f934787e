package io.kexin.gateway.detect.pii;

import static org.assertj.core.api.Assertions.assertThat;

import io.kexin.gateway.text.ScanText;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks that an e-mail address spoken in words of any case ({@code john dot smith at gmail dot com}), which a model
 * reads as the address, is found where it was written, in English and Chinese text, and held back in a stream until
 * it is complete; and that everyday phrases with {@code at} and {@code dot} stay clean.
 */
class SpokenAddressTest {

  static Stream<Arguments> addresses() {
    return Stream.of(
        Arguments.of("please write to john dot smith at gmail dot com today", "john dot smith at gmail dot com"),
        Arguments.of("write to zhangwei at qq dot com please", "zhangwei at qq dot com"),
        Arguments.of("support at acme dot com answers within a day", "support at acme dot com"),
        Arguments.of("reach me at john_doe at outlook dot com", "john_doe at outlook dot com"),
        Arguments.of("contact: Wang.Fang at Corp dot CN", "Wang.Fang at Corp dot CN"),
        Arguments.of("JOHN dot Smith At Gmail Dot Com", "JOHN dot Smith At Gmail Dot Com"),
        Arguments.of("mail me: li.na at corp.example.cn", "li.na at corp.example.cn"),
        Arguments.of("it is john . smith at example . com", "john . smith at example . com"),
        Arguments.of("alice at gmail.com is my address", "alice at gmail.com"),
        Arguments.of("我的邮箱是 wang88 at 163 dot com，谢谢", "wang88 at 163 dot com"),
        Arguments.of("邮箱 zhangwei at qq.com", "zhangwei at qq.com"),
        Arguments.of("请发邮件到 li dot na at corp dot example dot cn 给我", "li dot na at corp dot example dot cn"),
        Arguments.of("電郵 chen at yahoo dot com dot hk", "chen at yahoo dot com dot hk"));
  }

  static Stream<Arguments> prose() {
    return Stream.of(
        "find us at acme dot com",
        "look at the dot com bubble of 2000",
        "I work at example.com and live in Shanghai",
        "log in at gmail.com, then sign up at qq.com",
        "the polka dot dress at the store",
        "alice at example.com",
        "meet me at 5 dot 30 near the station",
        "I'm at home. Call me at noon",
        "visit us at www.example.com for details",
        "he stayed at the hotel.com site",
        "我们在 example dot com 上发布了公告",
        "他 at 了我一下，点开 qq.com 看看").map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("addresses")
  void findsTheSpokenAddress(String text, String address) {
    assertThat(Pii.found("EMAIL", text)).containsExactly(address);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("prose")
  void leavesEverydayPhrasesClean(String text) {
    assertThat(Pii.found("EMAIL", text)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("addresses")
  void holdsTheAddressBackUntilItIsComplete(String text, String address) {
    PiiDetector email = PiiDetector.of("e", Set.of("EMAIL"), 0.5);
    int start = text.indexOf(address);
    int end = start + address.length();
    for (int cut = start + 1; cut < end; cut++) {
      assertThat(email.liveFrom(ScanText.of(text.substring(0, cut))))
          .as("held back at %d of %s", cut, text).isLessThanOrEqualTo(start);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("prose")
  void holdsBackNoMoreOfProseThanItsLastWords(String text) {
    for (int cut = 1; cut <= text.length(); cut++) {
      int open = SpokenAddress.openStart(text.substring(0, cut));
      assertThat(open < 0 ? 0 : cut - open).as("held back at %d of %s", cut, text).isLessThanOrEqualTo(24);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("addresses")
  void readsTheSignsAsTheAddressWritesThem(String text, String address) {
    Undisguised read = Undisguised.of(text, false, true);
    assertThat(read).isNotNull();
    List<String> found = Pii.found("EMAIL", read.text());
    assertThat(found).hasSize(1);
    assertThat(found.get(0)).doesNotContain(" ").contains("@");
  }
}
