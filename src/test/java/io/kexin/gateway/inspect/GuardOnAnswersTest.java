package io.kexin.gateway.inspect;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.kexin.gateway.content.Role;
import io.kexin.gateway.content.TextSegment;
import io.kexin.gateway.detect.guard.MockGuard;
import io.kexin.gateway.policy.CompiledPolicy;
import io.kexin.gateway.policy.CompiledRule;
import io.kexin.gateway.policy.Direction;
import io.kexin.gateway.policy.PolicyLoader;
import io.kexin.gateway.policy.PolicySet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Checks a guard-model rule on answers against a mock guard on loopback: a streamed answer cut at random gets the
 * decision and the text of the whole answer, the guard is asked only about the sentences the whole answer is judged
 * by (never an unfinished one), and it reads the answer after the data-leakage rules masked it, in English and
 * Chinese (。！？ and .!?).
 */
class GuardOnAnswersTest {
  @RegisterExtension
  static WireMockExtension guard = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @TempDir
  Path dir;

  private List<CompiledPolicy> policies;
  private final PolicyEngine engine = new PolicyEngine();

  @BeforeEach
  void load() throws Exception {
    Files.writeString(dir.resolve("p.yaml"), LeakRules.policy("leak"));
    Files.writeString(dir.resolve("q.yaml"), guardPolicy("answers", "block", "/v1", 5000));
    PolicySet set = new PolicyLoader().load(dir);
    policies = List.of(set.get("leak").get(), set.get("answers").get());
    MockGuard.stub(guard, "poison", "毒药");
  }

  /** Returns a policy with one guard rule on answers, asking {@code path} on the mock guard. */
  private static String guardPolicy(String name, String onError, String path, int timeoutMillis) {
    return MockGuard.policy(name, onError, """
          - id: guard.%s
            detector:
              guardModel: {family: llama-guard, endpoint: '%s%s', model: guard, timeoutMillis: %d, maxUnit: 64}
            appliesTo: {directions: [response]}
            action: block
        """.formatted(name, guard.baseUrl(), path, timeoutMillis));
  }

  private static List<String> asked() {
    return MockGuard.asked(guard);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      The sun is a star. Mail jane.doe@example.com or call 13812345678! Is it hot? Yes, very hot.      | pass
      Stir it well. Then mix the poison into the tea. Then wait for the guests!                       | block
      太阳是一颗恒星。请发邮件到 jane.doe@example.com 或拨打 13812345678！热吗？是的，很热                   | pass
      先烧开水。然后把毒药放进茶里！再等客人来？                                                          | block
      A long sentence without any end that goes on and on past the bound of sixty-four characters, then poison | block
      """)
  void anyChunkingGetsTheWholeAnswersDecisionAndAsksTheSameSentences(String text, String decision) {
    PseudonymVault vault = new PseudonymVault();
    Outcome whole = engine.run(policies, Direction.RESPONSE,
        List.of(new TextSegment("/choices/0/message/content", Role.ASSISTANT, text)), vault);
    assertThat(whole.block() == null ? "pass" : "block").isEqualTo(decision);
    // What a client gets: the rules' rewrite, then the pseudonyms restored.
    String rewritten = vault.restore(whole.replacements().isEmpty() ? text : whole.replacements().get(0).text(),
        false);
    List<String> sentences = asked();
    assertThat(sentences).isNotEmpty().allSatisfy(s -> assertThat(s).doesNotContain("jane.doe@example.com")
        .doesNotContain("13812345678"));
    guard.resetRequests();
    Random random = new Random(text.hashCode());
    for (int round = 0; round < 40; round++) {
      List<Hit> hits = new ArrayList<>();
      List<CompiledRule> failures = new ArrayList<>();
      TextChannel c = new TextChannel(policies, engine, new PseudonymVault(), StreamInspection.window(policies),
          1 << 20, hits, failures, false);
      StringBuilder out = new StringBuilder();
      for (int at = 0; at < text.length(); ) {
        int n = Math.min(text.length() - at, 1 + random.nextInt(round % 2 == 0 ? 3 : 25));
        out.append(c.feed(text.substring(at, at + n)));
        at += n;
      }
      out.append(c.finish());
      assertThat(c.blockedBy() == null ? "pass" : "block").as("round %d", round).isEqualTo(decision);
      assertThat(failures).isEmpty();
      if (c.blockedBy() == null) {
        assertThat(out.toString()).as("round %d", round).isEqualTo(rewritten);
      } else {
        assertThat(c.blockedBy().rule().id()).isEqualTo("guard.answers");
        assertThat(out.toString()).doesNotContain("poison").doesNotContain("毒药");
      }
    }
    // Every sentence a stream asked about, the whole answer asked about first: all of them came from the cache.
    assertThat(asked()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      One. Two! Three? Four    | One.,Two!,Three?,Four
      一。二！三？四            | 一。,二！,三？,四
      """)
  void eachSentenceIsAskedOnceAndTheLastOnlyWhenTheAnswerEnds(String text, String expected) {
    TextChannel c = new TextChannel(policies, engine, new PseudonymVault(), StreamInspection.window(policies),
        1 << 20, new ArrayList<>(), new ArrayList<>(), false);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      out.append(c.feed(text.substring(i, i + 1)));
    }
    List<String> before = asked();
    out.append(c.finish());
    List<String> all = asked();
    assertThat(all).containsExactly(expected.split(","));
    assertThat(before).hasSize(all.size() - 1);
    assertThat(out.toString()).isEqualTo(text);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      block | 'The guard is down. 守卫不在！'
      allow | 'The guard is down. 守卫不在！'
      """)
  void aGuardThatFailsStopsTheTextUnderBlockAndIsAuditedUnderAllow(String onError, String text) throws Exception {
    Path down = Files.createDirectories(dir.resolve(onError));
    Files.writeString(down.resolve("g.yaml"), guardPolicy("down", onError, "/nothing-here", 5000));
    List<CompiledPolicy> broken = List.of(new PolicyLoader().load(down).get("down").get());
    List<CompiledRule> failures = new ArrayList<>();
    TextChannel c = new TextChannel(broken, engine, new PseudonymVault(), StreamInspection.window(broken), 1 << 20,
        new ArrayList<>(), failures, false);
    String out = c.feed(text.substring(0, 7)) + c.feed(text.substring(7)) + c.finish();
    if (onError.equals("block")) {
      assertThat(c.failedRule()).isNotNull().satisfies(r -> assertThat(r.id()).isEqualTo("guard.down"));
      assertThat(out).isEmpty();
      assertThat(failures).isEmpty();
    } else {
      assertThat(c.failedRule()).isNull();
      assertThat(out).isEqualTo(text);
      assertThat(failures).singleElement().satisfies(r -> assertThat(r.id()).isEqualTo("guard.down"));
    }
  }
}
