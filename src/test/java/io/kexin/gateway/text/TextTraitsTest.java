package io.kexin.gateway.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TextTraitsTest {
  private static final String[] PIECES = {"the ", "order ", "订单", "号码", "%", "%40", "%2B86", " 100%", "\\n", "&#64;",
      "'ghp_' + 'x'", " [at] ", "艾特", "１２３", " A K I A 1 2 3 4 ", "zhang#163.com", "。", "\u200B", " ", "5"};

  @Test
  void percentTellsWhetherTheTextHoldsAPercentSignAndChangesNoOtherTrait() {
    Random random = new Random(11);
    for (int round = 0; round < 20_000; round++) {
      StringBuilder sb = new StringBuilder();
      for (int k = random.nextInt(12); k > 0; k--) {
        sb.append(PIECES[random.nextInt(PIECES.length)]);
      }
      String text = sb.toString();
      int traits = TextTraits.of(text);
      assertThat((traits & TextTraits.PERCENT) != 0).as(text).isEqualTo(text.indexOf('%') >= 0);
      assertThat(traits & ~TextTraits.PERCENT).as(text).isEqualTo(TextTraits.of(text.replace('%', '~')));
    }
  }

  @Test
  void percentInEnglishAndChineseText() {
    assertThat(TextTraits.of("50% off") & TextTraits.PERCENT).isEqualTo(TextTraits.PERCENT);
    assertThat(TextTraits.of("打五折，优惠５０％") & TextTraits.PERCENT).isZero();
    assertThat(TextTraits.of("邮箱 zhang%40example.cn") & TextTraits.PERCENT).isEqualTo(TextTraits.PERCENT);
    assertThat(TextTraits.of("plain text, 纯文本")).isZero();
  }
}
