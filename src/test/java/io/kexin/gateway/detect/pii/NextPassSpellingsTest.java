package io.kexin.gateway.detect.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks the spellings the next attacker's pass wrote values in past the PII pass — Chinese numerals in groups joined
 * by signs of lists or sums after a context word, an e-mail address whose local part is Chinese after a boundary —
 * in English and Chinese, and that lists, headings, dates, mentions and prose written the same way stay clean.
 */
class NextPassSpellingsTest {
  static Stream<Arguments> cases() {
    return Stream.of(
        // Chinese numerals in groups joined by a sign, after a context word
        Arguments.of("PHONE_CN", "电话：一三八，一二三四，五六七八", List.of("一三八，一二三四，五六七八")),
        Arguments.of("PHONE_CN", "手机号 一三八、一二三四、五六七八 谢谢", List.of("一三八、一二三四、五六七八")),
        Arguments.of("PHONE_CN", "phone: 一三八 | 一二三四 | 五六七八", List.of("一三八 | 一二三四 | 五六七八")),
        Arguments.of("PHONE_CN", "call 幺三八/幺二三四/五六七八 now", List.of("幺三八/幺二三四/五六七八")),
        Arguments.of("PHONE_CN", "电话 一三八+一二三四+五六七八", List.of("一三八+一二三四+五六七八")),
        Arguments.of("CN_ID_CARD", "身份证：一一零一零五，一九四九一二三一，零零二X",
            List.of("一一零一零五，一九四九一二三一，零零二X")),
        // stay clean: numbered lists, headings, dates, sums and counts in numerals, without a context word
        Arguments.of("PHONE_CN", "一、二、三、四、五、六、七、八、九", List.of()),
        Arguments.of("PHONE_CN", "章节：一，二，三，四，五，六，七，八，九", List.of()),
        Arguments.of("PHONE_CN", "日期 二〇二四/一二/三一，时间 一二：三〇", List.of()),
        Arguments.of("PHONE_CN", "一三八，一二三四，五六七八", List.of()),
        Arguments.of("PHONE_CN", "合计 一三八+一二三四+五六七八 = 七〇五〇", List.of()),
        Arguments.of("PHONE_CN", "第一、二、三、四、五、六、七、八章的练习", List.of()),
        Arguments.of("PHONE_CN", "phone plans: 一 | 二 | 三 | 四 | 五 | 六 | 七 | 八", List.of()),
        // an e-mail address with a Chinese local part after a boundary
        Arguments.of("EMAIL", "邮箱：小明@example.cn", List.of("小明@example.cn")),
        Arguments.of("EMAIL", "email: 小明@example.cn", List.of("小明@example.cn")),
        Arguments.of("EMAIL", "写信给 客服部@example.cn 吧", List.of("客服部@example.cn")),
        Arguments.of("EMAIL", "地址是“小明@example.cn”。", List.of("小明@example.cn")),
        Arguments.of("EMAIL", "小明@example.cn", List.of("小明@example.cn")),
        Arguments.of("EMAIL", "write to <张伟@example.com>", List.of("张伟@example.com")),
        Arguments.of("EMAIL", "联系（销售部@例子.中国）", List.of("销售部@例子.中国")),
        // an ASCII local part right before the @ stays the address, as before
        Arguments.of("EMAIL", "我是小明xiao@example.cn", List.of("xiao@example.cn")),
        // stay clean: no boundary near, no domain, mentions, a sentence before the @
        Arguments.of("EMAIL", "我想请你帮我发邮件给小明@example.cn", List.of()),
        Arguments.of("EMAIL", "请 写信给我的老同学小明@example.cn", List.of()),
        Arguments.of("EMAIL", "请 @小明 看一下，转发给小红@微博", List.of()),
        Arguments.of("EMAIL", "“大家好@所有人 今天开会”", List.of()),
        Arguments.of("EMAIL", "我们今天下午三点在会议室讨论这个问题@example.cn", List.of()),
        Arguments.of("EMAIL", "价格：一百元@每件.", List.of()));
  }

  @ParameterizedTest(name = "{0} in {1}")
  @MethodSource("cases")
  void findsTheValueAsSpelled(String entity, String text, List<String> expected) {
    assertThat(Pii.found(entity, text)).isEqualTo(expected);
  }
}
