package io.kexin.gateway.limit;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Checks the token estimate against counts the providers' tokenizers give for the same texts (OpenAI's o200k and
 * cl100k, Anthropic's reported usage): within a factor of about 1.5 either way, which is what the upstream's usage then
 * corrects; English, Chinese, mixed, emoji and a base64 image.
 */
class TokenEstimateTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      english, 43 tokens      | The quick brown fox jumps over the lazy dog. Limits keep one team's key from using up the company's quota, and they hold when the gateway runs as many pods behind one load balancer. | 28 | 50
      chinese, 55 tokens      | 网关在把请求发往上游之前估算令牌数量，然后根据上游返回的用量进行修正，这样每个团队的配额都不会被其他团队耗尽。 | 45 | 80
      mixed, 30 tokens        | 请把这段话翻译成英文: the gateway estimates tokens before the request goes upstream. | 22 | 45
      emoji, 10 tokens        | 🚀🚀🚀 ok 👍👍 | 6 | 20
      """)
  void theEstimateIsNearTheTokenizersCount(String what, String text, long min, long max) {
    assertThat(TokenEstimate.of(text, false)).as(what).isBetween(min, max);
    assertThat(TokenEstimate.of(Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8)), false))
        .isEqualTo(TokenEstimate.of(text, false));
  }

  @ParameterizedTest
  @CsvSource({"false", "true"})
  void anthropicCountsLatinTextSomewhatHigher(boolean anthropic) {
    long english = TokenEstimate.of("word ".repeat(700), anthropic);
    assertThat(english).isEqualTo(anthropic ? 1000 : 875);
    assertThat(TokenEstimate.of("字".repeat(700), anthropic)).isEqualTo(700);
  }

  @ParameterizedTest
  @CsvSource({"512, 1000", "100000, 1000", "511, 128"})
  void aLongBase64RunCountsAsOneImage(int length, long expected) {
    String base64 = "iVBORw0KGgo".repeat(length / 11 + 1).substring(0, length);
    assertThat(TokenEstimate.of(base64, false)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"''", "' '"})
  void anEmptyBodyIsOneToken(String text) {
    assertThat(TokenEstimate.of(text, false)).isEqualTo(1);
  }
}
