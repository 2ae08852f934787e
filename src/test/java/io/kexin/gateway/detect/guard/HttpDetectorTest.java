package io.kexin.gateway.detect.guard;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.kexin.gateway.detect.Finding;
import io.kexin.gateway.text.ScanText;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Checks the http detector against a mock detection service on loopback: what it sends, findings mapped from each
 * offset unit (Chinese and English, with characters outside the BMP), verdicts, the keyed-hash cache, and a slow,
 * failing, closing or out-of-schema service each throwing a {@link GuardException} that names no text.
 */
class HttpDetectorTest {
  @RegisterExtension
  static WireMockExtension service = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private final AtomicLong now = new AtomicLong();
  private final Ticker ticker = now::get;

  private HttpDetector detector(HttpDetector.Offsets offsets, int timeoutMillis) throws Exception {
    HttpDetector.Settings s = new HttpDetector.Settings(URI.create("http://127.0.0.1:" + service.getPort() + "/detect"), offsets,
        "svc-key", Duration.ofMillis(timeoutMillis), 4, 100, Duration.ofMinutes(5), 0.5,
        new ObjectMapper().readTree("{\"dictionary\":\"bank\"}"));
    return HttpDetector.of("dlp.account", "ACCOUNT", s, ticker);
  }

  private static List<Finding> scan(HttpDetector d, String text) {
    return d.scan(ScanText.of(text));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      CODEPOINT | 7  | 14
      UTF16     | 8  | 15
      UTF8      | 20 | 27
      """)
  void findingsAreMappedFromTheServicesOffsetUnit(HttpDetector.Offsets offsets, int start, int end)
      throws Exception {
    // "😀" is two UTF-16 units and four UTF-8 bytes; each Chinese character one unit and three bytes
    String text = "😀我的账号是 ACC1234，谢谢";
    service.stubFor(post("/detect").willReturn(okJson("{\"findings\":[{\"start\":" + start + ",\"end\":" + end
        + ",\"entity\":\"internal_account\",\"score\":0.97,\"explanation\":\"matched ACC1234 pattern 7\"}]}")));
    List<Finding> found = scan(detector(offsets, 5000), text);
    assertThat(found).singleElement().satisfies(f -> {
      assertThat(text.substring(f.start(), f.end())).isEqualTo("ACC1234");
      assertThat(f.entity()).isEqualTo("INTERNAL_ACCOUNT");
      assertThat(f.ruleId()).isEqualTo("dlp.account");
      assertThat(f.score()).isEqualTo(0.97);
      assertThat(f.explanation()).startsWith("http detector 127.0.0.1 found INTERNAL_ACCOUNT (score 0.97)")
          .doesNotContain("ACC1234");
    });
    service.verify(postRequestedFor(urlEqualTo("/detect"))
        .withHeader("authorization", equalTo("Bearer svc-key"))
        .withRequestBody(matchingJsonPath("$.version", equalTo("1")))
        .withRequestBody(matchingJsonPath("$.rule", equalTo("dlp.account")))
        .withRequestBody(matchingJsonPath("$.entity", equalTo("ACCOUNT")))
        .withRequestBody(matchingJsonPath("$.text", equalTo(text)))
        .withRequestBody(matchingJsonPath("$.params.dictionary", equalTo("bank"))));
  }

  @Test
  void aVerdictFlagsTheWholeTextAndScoresBelowTheThresholdPass() throws Exception {
    HttpDetector d = detector(HttpDetector.Offsets.CODEPOINT, 5000);
    service.stubFor(post("/detect").withRequestBody(matchingJsonPath("$.text", equalTo("wire the funds offshore")))
        .willReturn(okJson("{\"verdict\":{\"flagged\":true,\"score\":0.8,\"categories\":[\"fraud\",\"aml\"]}}")));
    service.stubFor(post("/detect").withRequestBody(matchingJsonPath("$.text", equalTo("今天天气很好")))
        .willReturn(okJson("{\"verdict\":{\"flagged\":false}}")));
    service.stubFor(post("/detect").withRequestBody(matchingJsonPath("$.text", equalTo("maybe")))
        .willReturn(okJson("{\"findings\":[{\"start\":0,\"end\":5,\"score\":0.3}]}")));
    assertThat(scan(d, "wire the funds offshore")).singleElement().satisfies(f -> {
      assertThat(f.start()).isZero();
      assertThat(f.end()).isEqualTo(23);
      assertThat(f.entity()).isEqualTo("ACCOUNT");
      assertThat(f.explanation()).contains("flagged the text").contains("categories fraud,aml");
    });
    assertThat(scan(d, "今天天气很好")).isEmpty();
    assertThat(scan(d, "maybe")).isEmpty();
  }

  @Test
  void anAnswerIsCachedUnderAKeyedHashAndExpires() throws Exception {
    HttpDetector d = detector(HttpDetector.Offsets.CODEPOINT, 5000);
    service.stubFor(post("/detect").willReturn(okJson("{\"findings\":[]}")));
    scan(d, "转账到账户 ACC1234");
    scan(d, "转账到账户 ACC1234");
    assertThat(d.cached()).isEqualTo(1);
    service.verify(1, postRequestedFor(urlEqualTo("/detect")));
    now.addAndGet(Duration.ofMinutes(6).toNanos());
    scan(d, "转账到账户 ACC1234");
    service.verify(2, postRequestedFor(urlEqualTo("/detect")));
  }

  @Test
  void aSlowServiceFailsWithinTheTimeout() throws Exception {
    service.stubFor(post("/detect").willReturn(okJson("{\"findings\":[]}").withFixedDelay(3000)));
    HttpDetector d = detector(HttpDetector.Offsets.CODEPOINT, 200);
    assertThatThrownBy(() -> scan(d, "slow 慢 text")).isInstanceOf(GuardException.class)
        .hasMessageContaining("http detector").hasMessageContaining("did not answer within 200 ms")
        .hasMessageNotContaining("慢");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      HTTP 500            | 500 | oops                                                  | http detector answered HTTP 500 (expected: 200)
      not JSON            | 200 | <html>                                                | http detector answer is not JSON
      neither             | 200 | {"result":"ok"}                                       | http detector answer has neither findings nor verdict
      span past the end   | 200 | {"findings":[{"start":0,"end":99}]}                   | http detector offset 99 is past the end of the text (9 codepoint units)
      reversed span       | 200 | {"findings":[{"start":5,"end":2}]}                    | http detector finding span [5, 2)
      no start            | 200 | {"findings":[{"end":2}]}                              | no integer start and end
      bad entity          | 200 | {"findings":[{"start":0,"end":2,"entity":"账号"}]}      | entity is not a name
      bad score           | 200 | {"findings":[{"start":0,"end":2,"score":7}]}          | score is not a number in [0, 1]
      empty verdict       | 200 | {"verdict":{}}                                        | verdict has neither flagged nor score
      """)
  void aBrokenServiceFailsWithoutTheText(String name, int status, String body, String message) throws Exception {
    service.stubFor(post("/detect").willReturn(aResponse().withStatus(status).withBody(body)));
    assertThatThrownBy(() -> scan(detector(HttpDetector.Offsets.CODEPOINT, 5000), "机密 secret"))
        .isInstanceOf(GuardException.class).hasMessageContaining(message)
        .hasMessageNotContaining("机密").hasMessageNotContaining("secret");
  }

  @Test
  void aClosedConnectionFails() throws Exception {
    service.stubFor(post("/detect").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    assertThatThrownBy(() -> scan(detector(HttpDetector.Offsets.CODEPOINT, 5000), "账号 ACC1"))
        .isInstanceOf(GuardException.class).hasMessageContaining("is unreachable");
  }

  @Test
  void settingsAreChecked() {
    assertThatThrownBy(() -> HttpDetector.Offsets.parse("bytes")).hasMessage("offsets: bytes (expected: codepoint,"
        + " utf16 or utf8)");
    assertThatThrownBy(() -> new HttpDetector.Settings(URI.create("ftp://h/x"), HttpDetector.Offsets.UTF16, null,
        Duration.ofSeconds(1), 1, 1, Duration.ofMinutes(1), 0.5, null)).hasMessageContaining("http or https");
    assertThatThrownBy(() -> new HttpDetector.Settings(URI.create("http://h/x"), HttpDetector.Offsets.UTF16, null,
        Duration.ofSeconds(1), 0, 1, Duration.ofMinutes(1), 0.5, null)).hasMessageContaining("maxConcurrent: 0");
  }
}
