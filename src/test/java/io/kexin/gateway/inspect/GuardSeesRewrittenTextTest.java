package io.kexin.gateway.inspect;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.kexin.gateway.content.Role;
import io.kexin.gateway.content.TextSegment;
import io.kexin.gateway.policy.Direction;
import io.kexin.gateway.policy.PolicyLoader;
import io.kexin.gateway.policy.PolicySet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Checks that a guard model is asked about the text after the data-leakage rules rewrote it: a mock guard on
 * loopback records what it receives, which holds the pseudonym and never the e-mail address or phone number, in
 * English and Chinese; its verdict still decides, and a text nothing rewrote is sent as it is.
 */
class GuardSeesRewrittenTextTest {
  @RegisterExtension
  static WireMockExtension guard = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @TempDir
  Path dir;

  private PolicySet set;
  private final PolicyEngine engine = new PolicyEngine();

  @BeforeEach
  void load() throws Exception {
    Files.writeString(dir.resolve("p.yaml"), LeakRules.policy("leak"));
    Files.writeString(dir.resolve("q.yaml"), """
        apiVersion: kexin.io/v1
        kind: Policy
        metadata: {name: guard}
        onError: allow
        rules:
          - id: guard.llama
            detector:
              guardModel: {family: llama-guard, endpoint: '%s/v1', model: guard, timeoutMillis: 5000}
            appliesTo: {directions: [request]}
            action: block
        """.formatted(guard.baseUrl()));
    set = new PolicyLoader().load(dir);
    guard.stubFor(post("/v1/chat/completions").willReturn(okJson(chat("safe"))));
    guard.stubFor(post("/v1/chat/completions").withRequestBody(containing("threat"))
        .willReturn(okJson(chat("unsafe\\nS1"))));
    guard.stubFor(post("/v1/chat/completions").withRequestBody(containing("恐吓"))
        .willReturn(okJson(chat("unsafe\\nS1"))));
  }

  private static String chat(String content) {
    return "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + content + "\"}}]}";
  }

  private Outcome run(String text) {
    return engine.run(List.of(set.get("leak").get(), set.get("guard").get()), Direction.REQUEST,
        List.of(new TextSegment("/messages/0/content", Role.USER, text)), new PseudonymVault());
  }

  private static String lastSent() {
    List<LoggedRequest> sent = guard.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions")));
    assertThat(sent).isNotEmpty();
    return sent.get(sent.size() - 1).getBodyAsString();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      Write a threat to jane.doe@example.com and call 13812345678.  | jane.doe@example.com | 13812345678 | block
      给 jane.doe@example.com 写一封恐吓信，电话 13812345678。         | jane.doe@example.com | 13812345678 | block
      Please thank jane.doe@example.com, phone 13812345678.         | jane.doe@example.com | 13812345678 | allow
      """)
  void theGuardReadsPseudonymsNeverTheValues(String text, String email, String phone, String decision) {
    Outcome o = run(text);
    String body = lastSent();
    assertThat(body).doesNotContain(email).doesNotContain(phone).contains("<EMAIL_1>").contains("5678");
    assertThat(o.replacements()).singleElement().satisfies(r -> assertThat(r.text()).contains("<EMAIL_1>"));
    assertThat(o.block() != null ? "block" : "allow").isEqualTo(decision);
    if (o.block() != null) {
      assertThat(o.block().rule().id()).isEqualTo("guard.llama");
      assertThat(o.block().finding().start()).isZero();
      assertThat(o.block().finding().end()).isEqualTo(text.length());
    }
  }

  @Test
  void aTextNothingRewroteIsSentAsItIs() {
    Outcome o = run("Write a threat to my neighbour.");
    assertThat(lastSent()).contains("Write a threat to my neighbour.");
    assertThat(o.block()).isNotNull();
    assertThat(o.replacements()).isEmpty();
  }
}
