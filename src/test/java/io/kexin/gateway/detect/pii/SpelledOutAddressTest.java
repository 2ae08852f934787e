package io.kexin.gateway.detect.pii;

import static org.assertj.core.api.Assertions.assertThat;

import io.kexin.gateway.text.ScanText;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks that an e-mail address whose {@code @} and dots are spelled out, which a model reads as the address, is found
 * where it was written, in English and Chinese text; and that the same words in prose stay clean.
 */
class SpelledOutAddressTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("please write to alice [at] example [dot] com today", List.of("alice [at] example [dot] com")),
        Arguments.of("contact: li.na(at)corp(dot)example(dot)cn", List.of("li.na(at)corp(dot)example(dot)cn")),
        Arguments.of("reach me at ALICE AT EXAMPLE DOT COM", List.of("ALICE AT EXAMPLE DOT COM")),
        Arguments.of("bob {at} mail.example.org or bob <at> mail <dot> example <dot> org",
            List.of("bob {at} mail.example.org", "bob <at> mail <dot> example <dot> org")),
        Arguments.of("defanged: ops[@]example[.]io", List.of("ops[@]example[.]io")),
        Arguments.of("我的邮箱是 zhangwei 艾特 163点com，有事联系", List.of("zhangwei 艾特 163点com")),
        Arguments.of("邮箱：wang.fang艾特qq.com", List.of("wang.fang艾特qq.com")),
        Arguments.of("请发到 liu（at）example．cn 谢谢", List.of("liu（at）example．cn")),
        Arguments.of("邮箱 chen【at】corp【dot】cn", List.of("chen【at】corp【dot】cn")),
        Arguments.of("邮箱：zhangwei#163.com（请把#换成@）", List.of("zhangwei#163.com")),
        Arguments.of("contact ops#mail.example.org.", List.of("ops#mail.example.org")),
        Arguments.of("to=alice%20[at]%20example%20[dot]%20com&x=1", List.of("alice%20[at]%20example%20[dot]%20com")),
        // written apart, or with the ideographic full stop a Chinese input method types
        Arguments.of("mail alice @ example . com now", List.of("alice @ example . com")),
        Arguments.of("email: bob.smith @corp.example.org", List.of("bob.smith @corp.example.org")),
        Arguments.of("email: bob.smith@ corp.example.org", List.of("bob.smith@ corp.example.org")),
        Arguments.of("我的邮箱是zhang.wei@qq。com，谢谢", List.of("zhang.wei@qq。com")),
        Arguments.of("邮箱 li_na @ 163 。 com 联系我", List.of("li_na @ 163 。 com")),
        Arguments.of("邮箱：wang@corp｡example｡cn", List.of("wang@corp｡example｡cn")),
        // clean: the same words and signs in prose
        Arguments.of("Meet me @ 5pm . Thanks", List.of()),
        Arguments.of("ping me @ home, or @ the office", List.of()),
        Arguments.of("我用iPhone。iPad也有。", List.of()),
        Arguments.of("let's meet (at) noon near the station", List.of()),
        Arguments.of("see [at] the end of the page, and the [dot] matrix", List.of()),
        Arguments.of("I LOOK AT IT EVERY DAY", List.of()),
        Arguments.of("网站的重点是用户体验，我们八点见", List.of()),
        Arguments.of("艾特一下群主，让他看看这个问题", List.of()),
        Arguments.of("version 2 点 3 is out", List.of()),
        Arguments.of("written in C#.NET, see docs#section.html and issue#12", List.of()),
        Arguments.of("话题#热门#和 page#top", List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void findsExactlyTheExpectedAddresses(String text, List<String> expected) {
    assertThat(Pii.found("EMAIL", text)).containsExactlyElementsOf(expected);
  }

  @Test
  void aSignNotYetCompleteAtTheEndHoldsTheAddressBeforeIt() {
    assertThat(Undisguised.partialSign("write to alice ")).isEqualTo("write to alice".length());
    assertThat(Undisguised.partialSign("write to alice [a")).isEqualTo("write to alice".length());
    assertThat(Undisguised.partialSign("alice [at] example [do")).isEqualTo("alice [at] example".length());
    // spoken in words, the address is held from its local part (SpokenAddress)
    assertThat(Undisguised.partialSign("ALICE AT EXAMPLE D")).isEqualTo(0);
    assertThat(Undisguised.partialSign("zhangwei 艾")).isEqualTo("zhangwei".length());
    assertThat(Undisguised.partialSign("邮箱 zhangwei#163.co")).isEqualTo("邮箱 zhangwei".length());
    assertThat(Undisguised.partialSign("邮箱 zhangwei#")).isEqualTo("邮箱 zhangwei".length());
    assertThat(Undisguised.partialSign("to=alice%20")).isEqualTo("to=alice".length());
    assertThat(Undisguised.partialSign("alice @ exam")).isEqualTo("alice".length());
    assertThat(Undisguised.partialSign("alice @ example . c")).isEqualTo("alice".length());
    assertThat(Undisguised.partialSign("邮箱 zhang@ qq。")).isEqualTo("邮箱 zhang".length());
    assertThat(Undisguised.partialSign("alice [x")).isEqualTo(-1);
    assertThat(Undisguised.partialSign("天气很好，")).isEqualTo(-1);
    PiiDetector email = PiiDetector.of("e", Set.of("EMAIL"), 0.5);
    assertThat(email.liveFrom(ScanText.of("write to alice [at] example "))).isLessThanOrEqualTo("write to ".length());
    assertThat(email.liveFrom(ScanText.of("联系 zhangwei 艾"))).isLessThanOrEqualTo("联系 ".length());
    assertThat(email.liveFrom(ScanText.of("write to alice @ example . co"))).isLessThanOrEqualTo("write to ".length());
  }
}
