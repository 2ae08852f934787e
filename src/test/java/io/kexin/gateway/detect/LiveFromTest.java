package io.kexin.gateway.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.kexin.gateway.detect.invisible.InvisibleDetector;
import io.kexin.gateway.detect.keyword.KeywordDetector;
import io.kexin.gateway.detect.pii.PiiDetector;
import io.kexin.gateway.detect.regex.RegexDetector;
import io.kexin.gateway.text.ScanText;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Checks where detectors say a match may still be live, in English and Chinese: at the start of an unfinished
 * match (which must stay held), and near the end of prose that nothing can continue into a match.
 */
class LiveFromTest {
  private final KeywordDetector keywords = KeywordDetector.builder("k").build(List.of("Project Phoenix", "凤凰计划"));
  private final PiiDetector pii = PiiDetector.of("p", Set.of(), 0.5);
  private final PiiDetector cards = PiiDetector.of("c", Set.of("CN_ID_CARD", "BANK_CARD", "CREDIT_CARD"), 0.5);

  private static int live(Detector d, String text) {
    int live = d.liveFrom(ScanText.of(text));
    assertThat(live).as(text).isBetween(0, text.length());
    return live;
  }

  @Test
  void aPartialKeywordStaysLiveFromItsStart() {
    assertThat(live(keywords, "项目进度：凤凰计")).isEqualTo("项目进度：".length());
    assertThat(live(keywords, "项目进度：凤 凰 计 ")).isEqualTo("项目进度：".length());
    assertThat(live(keywords, "项目进度：鳳凰計")).isEqualTo("项目进度：".length());
    assertThat(live(keywords, "status of project phoe")).isEqualTo("status of ".length());
    assertThat(live(keywords, "status of PROJECT  ")).isEqualTo("status of ".length());
    // A whole-word term at the very end: the next letter may still cancel it.
    assertThat(live(keywords, "status of project phoenix")).isEqualTo("status of ".length());
  }

  @Test
  void proseThatNoTermCanContinueIsReleasedUpToItsLastCharacter() {
    assertThat(live(keywords, "今天天气很好，我们明天再聊")).isEqualTo("今天天气很好，我们明天再".length());
    assertThat(live(keywords, "The weather is fine today. ")).isGreaterThanOrEqualTo("The weather is fine today".length() - 1);
    assertThat(live(keywords, "a phoenix rises")).isEqualTo("a phoenix rise".length());
  }

  @Test
  void aPartialNumberOrAddressStaysLive() {
    assertThat(live(pii, "电话 1380013")).isLessThanOrEqualTo("电话 ".length());
    assertThat(live(pii, "call +86 138 0013")).isLessThanOrEqualTo("call ".length());
    assertThat(live(cards, "身份证号 1101051949")).isLessThanOrEqualTo("身份证号 ".length());
    assertThat(live(cards, "card 4111 1111 1111 ")).isLessThanOrEqualTo("card ".length());
    assertThat(live(pii, "邮箱 zhang.wei@")).isLessThanOrEqualTo("邮箱 ".length());
    assertThat(live(pii, "mail zhang.wei@example.c")).isLessThanOrEqualTo("mail ".length());
    assertThat(live(pii, "write to zhang.wei")).isLessThanOrEqualTo("write to ".length());
    // A finished number followed by text that cannot join it is final.
    assertThat(live(cards, "卡号 4111 1111 1111 1111，谢谢")).isGreaterThanOrEqualTo("卡号 4111 1111 1111 1111，".length());
  }

  @Test
  void aNumberInNumeralsOrEscapesStaysLiveUntilItCannotGrow() {
    // Numerals: a chain at the end may still become a number the numeral pass reads, digits before it included.
    assertThat(live(pii, "手机 一三五七")).isLessThanOrEqualTo("手机 ".length());
    assertThat(live(pii, "电话 138 一二三")).isLessThanOrEqualTo("电话 ".length());
    assertThat(live(cards, "身份证 一一零一零五一九七四零七二")).isLessThanOrEqualTo("身份证 ".length());
    assertThat(live(pii, "phone 一三五七二六三四二一")).isLessThanOrEqualTo("phone ".length());
    // Escapes: complete ones are read decoded, and one not yet complete may still join what precedes it.
    assertThat(live(pii, "tel=%2B86%20138")).isLessThanOrEqualTo("tel=".length());
    assertThat(live(cards, "card=%34%31%31%31%20")).isLessThanOrEqualTo("card=".length());
    assertThat(live(cards, "身份证 11010519%3")).isLessThanOrEqualTo("身份证 ".length());
    assertThat(live(pii, "mail zhang.wei%4")).isLessThanOrEqualTo("mail ".length());
    assertThat(live(cards, "进度 100%")).isLessThanOrEqualTo("进度 ".length());
    // Prose with numerals as words, and finished escapes, are released.
    assertThat(live(pii, "好的，我们一起去吃饭吧")).isEqualTo("好的，我们一起去吃饭吧".length());
    // A few Han letters right after a boundary may still be an address's local part (小明@example.cn): held.
    assertThat(live(pii, "我们一起去吃饭吧")).isZero();
    assertThat(live(pii, "邮箱：小明")).isLessThanOrEqualTo("邮箱：".length());
    assertThat(live(cards, "共 一二三四五 人，")).isGreaterThanOrEqualTo("共 一二三四五 人".length());
    assertThat(live(cards, "完成 100%25，好")).isGreaterThanOrEqualTo("完成 100%25，".length());
  }

  @Test
  void proseWithAFigureIsReleasedOnceAWordNoNumberCanCrossFollowsIt() {
    // No run of the numeral pass reads across a word longer than a letter group, so the figure is final behind it.
    String en = "The invoice was paid on 5 December. Thanks for your patience";
    assertThat(live(cards, en)).isGreaterThanOrEqualTo(en.indexOf("patience"));
    assertThat(live(cards, "paid on 5 December. Thanks for your pat")).isGreaterThanOrEqualTo("paid on 5 December. ".length());
    String zh = "订单已于12月5日发出，请耐心等待";
    assertThat(live(cards, zh)).isEqualTo(zh.length());
    // Short groups after digits may still be groups of one number (an IBAN's letters), and a chain may still grow.
    assertThat(live(pii, "pay to GB82 WE")).isLessThanOrEqualTo("pay to ".length());
    assertThat(live(pii, "call 138 0013 and")).isLessThanOrEqualTo("call ".length());
  }

  @Test
  void proseWithoutDigitsHoldsAtMostItsLastWord() {
    assertThat(live(cards, "今天天气很好，我们明天再聊")).isEqualTo("今天天气很好，我们明天再聊".length());
    assertThat(live(cards, "The weather is fine")).isGreaterThanOrEqualTo("The weather is ".length() - 1);
    assertThat(live(pii, "The weather is fine, ")).isGreaterThanOrEqualTo("The weather is fine".length());
  }

  @Test
  void aRegexHoldsBackWhereItsAutomatonIsStillAlive() {
    Detector aws = RegexDetector.builder("a", "AKIA[0-9A-Z]{16}").build();
    Detector openai = RegexDetector.builder("o", "\\bsk-[A-Za-z0-9]{20,48}\\b").build();
    Detector pem = RegexDetector.builder("p", "-----BEGIN [A-Z ]{3,20}PRIVATE KEY-----").build();
    Detector phone = RegexDetector.builder("c", "1[3-9]\\d{9}").build();
    assertThat(live(aws, "the key is AKI")).isEqualTo("the key is ".length());
    assertThat(live(aws, "密钥是 AKIAQ3EG")).isEqualTo("密钥是 ".length());
    assertThat(live(openai, "use sk-")).isEqualTo("use ".length());
    assertThat(live(openai, "使用 sk-proj4f9XbQ2LmN8vR7tY3wZ1")).isEqualTo("使用 ".length());
    assertThat(live(pem, "-----BEG")).isZero();
    assertThat(live(pem, "证书如下：-----BEGIN RSA PRIV")).isEqualTo("证书如下：".length());
    assertThat(live(phone, "电话 1380013")).isEqualTo("电话 ".length());
    // Prose the automaton dies on is released whole.
    assertThat(live(aws, "the weather is fine")).isEqualTo("the weather is fine".length());
    assertThat(live(aws, "今天天气很好")).isEqualTo("今天天气很好".length());
    assertThat(live(phone, "共 12 人")).isEqualTo("共 12 人".length());
  }

  @Test
  void aTrailingInvisibleRunOrWordStaysLive() {
    Detector invisible = InvisibleDetector.of("i", "INVISIBLE", Set.of());
    assertThat(live(invisible, "pass\u200B")).isZero();
    assertThat(live(invisible, "see 请\u200B")).isEqualTo("see ".length());
    assertThat(live(invisible, "the weather is fine. ")).isEqualTo("the weather is fine. ".length());
    assertThat(live(invisible, "log in to p\u0430y")).isEqualTo("log in to ".length());
  }

  @Test
  void detectorsWithoutTheirOwnBoundHoldTheLongestMatch() {
    Detector plain = new Detector() {
      @Override
      public List<Finding> scan(ScanText text) {
        return List.of();
      }

      @Override
      public int maxMatchLength() {
        return 10;
      }
    };
    assertThat(live(plain, "key AKIAQ3EG")).isEqualTo(2);
    assertThat(live(plain, "-----BEG")).isZero();
  }
}
