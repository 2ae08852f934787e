package io.kexin.gateway.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kexin.gateway.config.ConfigException;
import io.kexin.gateway.config.ConfigLoader;
import io.kexin.gateway.config.GatewayConfig;
import io.kexin.gateway.inspect.Inspection;
import io.kexin.gateway.metrics.GatewayMetrics;
import io.kexin.gateway.tenant.VirtualKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Checks the limits in the local store, with time from a clock the test moves. */
class QuotasTest {
  static final String KEY_A1 = VirtualKeys.hash("key-a1");
  static final String KEY_A2 = VirtualKeys.hash("key-a2");
  static final String KEY_B = VirtualKeys.hash("key-b");

  /** A clock the test moves by hand. */
  static final class MovingClock extends Clock {
    Instant now = Instant.parse("2026-12-05T10:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }
  }

  /** Returns a config with tenants a (two keys) and b, and {@code quotas} as its quotas section. */
  static GatewayConfig config(String quotas) {
    String yaml = """
        upstreams:
          - {name: up, baseUrl: "http://127.0.0.1:9", provider: openai}
        routes:
          - {name: main, pathPrefix: /v1, upstream: up}
        tenants:
          - {name: team-a, keys: [%s, %s]}
          - {name: team-b, keys: [%s]}
        quotas:
        %s
        """.formatted(KEY_A1, KEY_A2, KEY_B, quotas.indent(2));
    return new ConfigLoader(Map.<String, String>of()::get).parse("test.yaml", yaml);
  }

  private final MovingClock clock = new MovingClock();
  private final GatewayMetrics metrics = new GatewayMetrics(false);

  private Quotas quotas(String yaml) {
    return Quotas.of(config(yaml).quotas(), Set.of("gpt-4o"), metrics, clock);
  }

  static Admission admit(Quotas q, String tenant, String key, String model, long estimate) {
    return q.admit(new Quotas.Ask(tenant, key, model, estimate, (Inspection) null)).join();
  }

  @Test
  void requestsPerMinuteAdmitsTheLimitThenRefusesUntilTheRateRefills() {
    Quotas q = quotas("rules: [{name: rpm, tenant: team-a, requestsPerMinute: 3}]");
    for (int i = 0; i < 3; i++) {
      assertThat(admit(q, "team-a", KEY_A1, "gpt-4o", 10)).isInstanceOf(Admission.Pass.class);
    }
    Admission.Refuse refused = (Admission.Refuse) admit(q, "team-a", KEY_A1, "gpt-4o", 10);

    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.kind()).isEqualTo(LimitKind.REQUESTS);
    assertThat(refused.code()).isEqualTo("rate_limit_exceeded");
    assertThat(refused.retryAfterMillis()).isEqualTo(20_000);
    assertThat(refused.message()).contains("tenant 'team-a'", "rule 'rpm'", "requests per minute (limit 3)");
    assertThat(refused.windows()).containsExactly(new Admission.Window(LimitKind.REQUESTS, 3, 0, 60_000));
    clock.advance(Duration.ofSeconds(20));
    assertThat(admit(q, "team-a", KEY_A1, "gpt-4o", 10)).isInstanceOf(Admission.Pass.class);
    assertThat(admit(q, "team-a", KEY_A1, "gpt-4o", 10)).isInstanceOf(Admission.Refuse.class);
    assertThat(metrics.scrape()).asString(java.nio.charset.StandardCharsets.UTF_8)
        .contains("kexin_limited_requests_total{kind=\"requests\",tenant=\"team-a\"} 2.0");
  }

  @Test
  void aTenantAtItsLimitDoesNotAffectAnother() {
    Quotas q = quotas("rules: [{name: rpm, requestsPerMinute: 1}]");
    assertThat(admit(q, "team-a", KEY_A1, null, 1)).isInstanceOf(Admission.Pass.class);
    assertThat(admit(q, "team-a", KEY_A1, null, 1)).isInstanceOf(Admission.Refuse.class);

    assertThat(admit(q, "team-b", KEY_B, null, 1)).isInstanceOf(Admission.Pass.class);
  }

  @Test
  void perKeyRulesCountEachKeyApartAndPerModelRulesEachModel() {
    Quotas q = quotas("""
        rules:
          - {name: per-key, tenant: team-a, key: "*", requestsPerMinute: 1}
          - {name: per-model, tenant: team-b, model: "*", requestsPerMinute: 1}
        """);
    assertThat(admit(q, "team-a", KEY_A1, "gpt-4o", 1)).isInstanceOf(Admission.Pass.class);
    assertThat(admit(q, "team-a", KEY_A2, "gpt-4o", 1)).isInstanceOf(Admission.Pass.class);
    assertThat(admit(q, "team-a", KEY_A1, "gpt-4o", 1)).isInstanceOf(Admission.Refuse.class);
    assertThat(admit(q, "team-b", KEY_B, "gpt-4o", 1)).isInstanceOf(Admission.Pass.class);
    assertThat(admit(q, "team-b", KEY_B, "unnamed-1", 1)).isInstanceOf(Admission.Pass.class);
    // Models the config does not name share one counter, so request content cannot create counters.
    assertThat(admit(q, "team-b", KEY_B, "unnamed-2", 1)).isInstanceOf(Admission.Refuse.class);
    assertThat(admit(q, "team-b", KEY_B, "gpt-4o", 1)).isInstanceOf(Admission.Refuse.class);
  }

  @Test
  void aRefusalTakesNothingFromTheOtherLimitsOfTheRequest() {
    Quotas q = quotas("""
        rules:
          - {name: wide, tenant: team-a, requestsPerMinute: 100}
          - {name: narrow, tenant: team-a, model: gpt-4o, requestsPerMinute: 1}
        """);
    assertThat(admit(q, "team-a", KEY_A1, "gpt-4o", 1)).isInstanceOf(Admission.Pass.class);
    for (int i = 0; i < 5; i++) {
      assertThat(admit(q, "team-a", KEY_A1, "gpt-4o", 1)).isInstanceOf(Admission.Refuse.class);
    }
    Admission.Refuse r = (Admission.Refuse) admit(q, "team-a", KEY_A1, "gpt-4o", 1);
    // the wide rule was charged once only: 99 remain after this request would have taken one
    assertThat(r.windows()).containsExactly(new Admission.Window(LimitKind.REQUESTS, 1, 0, 60_000));
    for (int i = 0; i < 99; i++) {
      assertThat(admit(q, "team-a", KEY_A1, "gpt-3.5", 1)).as("request %d", i).isInstanceOf(Admission.Pass.class);
    }
    assertThat(admit(q, "team-a", KEY_A1, "gpt-3.5", 1)).isInstanceOf(Admission.Refuse.class);
  }

  @Test
  void tokensPerMinuteTakeTheEstimateAndUsageCorrectsIt() {
    Quotas q = quotas("rules: [{name: tpm, tenant: team-a, tokensPerMinute: 1000}]");
    Admission.Pass first = (Admission.Pass) admit(q, "team-a", KEY_A1, null, 600);
    assertThat(admit(q, "team-a", KEY_A1, null, 600)).isInstanceOf(Admission.Refuse.class);
    // The exchange failed without usage: its estimate is given back.
    first.lease().end(502);
    Admission.Pass second = (Admission.Pass) admit(q, "team-a", KEY_A1, null, 600);
    second.lease().end(200); // no usage read: the estimate stays
    Admission.Refuse refused = (Admission.Refuse) admit(q, "team-a", KEY_A1, null, 600);
    assertThat(refused.kind()).isEqualTo(LimitKind.TOKENS);
    assertThat(refused.code()).isEqualTo("rate_limit_exceeded");
    assertThat(refused.windows()).singleElement().satisfies(w -> assertThat(w.remaining()).isEqualTo(400));
  }

  @Test
  void aRequestLargerThanTheTokenRateIsRefusedWithAClearMessage() {
    Quotas q = quotas("rules: [{name: tpm, tenant: team-a, tokensPerMinute: 1000}]");
    Admission.Refuse r = (Admission.Refuse) admit(q, "team-a", KEY_A1, null, 5000);
    assertThat(r.message()).contains("the request alone is estimated at 5000 tokens, more than the limit of 1000");
  }

  @Test
  void concurrencySlotsComeBackWhenTheExchangeEnds() {
    Quotas q = quotas("rules: [{name: streams, tenant: team-a, concurrent: 2}]");
    Admission.Pass a = (Admission.Pass) admit(q, "team-a", KEY_A1, null, 1);
    Admission.Pass b = (Admission.Pass) admit(q, "team-a", KEY_A1, null, 1);
    Admission.Refuse r = (Admission.Refuse) admit(q, "team-a", KEY_A1, null, 1);
    assertThat(r.kind()).isEqualTo(LimitKind.CONCURRENT);
    a.lease().end(200);
    a.lease().end(200); // ending twice gives back one slot only
    assertThat(admit(q, "team-a", KEY_A1, null, 1)).isInstanceOf(Admission.Pass.class);
    assertThat(admit(q, "team-a", KEY_A1, null, 1)).isInstanceOf(Admission.Refuse.class);
    b.lease().end(499);
  }

  @Test
  void dailyTokenBudgetsStartAgainAtMidnightUtc() {
    Quotas q = quotas("rules: [{name: daily, tenant: team-a, tokensPerDay: 1000}]");
    ((Admission.Pass) admit(q, "team-a", KEY_A1, null, 900)).lease().end(200);
    Admission.Refuse r = (Admission.Refuse) admit(q, "team-a", KEY_A1, null, 200);
    assertThat(r.kind()).isEqualTo(LimitKind.TOKENS_DAY);
    assertThat(r.code()).isEqualTo("insufficient_quota");
    assertThat(r.retryAfterMillis()).isEqualTo(Duration.ofHours(14).toMillis());
    clock.advance(Duration.ofHours(14));
    assertThat(admit(q, "team-a", KEY_A1, null, 200)).isInstanceOf(Admission.Pass.class);
  }

  @Test
  void costBudgetsCountDollarsAtTheConfiguredPrices() {
    Quotas q = quotas("""
        prices: {gpt-4o: {input: 2.5, output: 10}}
        rules: [{name: spend, tenant: team-a, costPerMonth: 0.01}]
        """);
    // 1000 input tokens = $0.0025 estimated; the budget of $0.01 is not reached
    Admission.Pass p = (Admission.Pass) admit(q, "team-a", KEY_A1, "gpt-4o", 1000);
    p.lease().end(200);
    Admission.Pass p2 = (Admission.Pass) admit(q, "team-a", KEY_A1, "gpt-4o", 1000);
    p2.lease().end(200);
    Admission.Pass p3 = (Admission.Pass) admit(q, "team-a", KEY_A1, "gpt-4o", 1000);
    p3.lease().end(200);
    // $0.0075 spent: a request estimated at $0.005 more is refused until the 1st of the month
    Admission.Refuse r = (Admission.Refuse) admit(q, "team-a", KEY_A1, "gpt-4o", 2000);
    assertThat(r.kind()).isEqualTo(LimitKind.COST_MONTH);
    assertThat(r.message()).contains("cost per month (limit $0.01");
    assertThat(admit(q, "team-a", KEY_A1, "gpt-4o", 900)).isInstanceOf(Admission.Pass.class);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      rules: [{name: x}]                                                | rule 'x' sets no limit
      rules: [{name: Bad Name, requestsPerMinute: 1}]                   | name: 'Bad Name' (expected: lowercase
      rules: [{name: x, requestsPerMinute: 0}]                          | requestsPerMinute: 0 (expected: > 0)
      rules: [{name: x, costPerDay: -1}]                                | costPerDay: -1.0 (expected: US dollars, > 0)
      rules: [{name: x, concurrent: 1, rpm: 5}]                         | rpm
      rules: [{name: x, requestsPerMinute: 1}, {name: x, concurrent: 1}] | duplicate rule name 'x'
      rules: [{name: x, tenant: team-c, requestsPerMinute: 1}]         | unknown tenant 'team-c' (expected: *, or one of: team-a, team-b)
      rules: [{name: x, tenant: team-b, key: KEY_A1, concurrent: 1}]   | a key hash that is not one of tenant 'team-b'
      rules: [{name: x, key: sha256:abc, concurrent: 1}]               | key: not a key hash
      rules: [{name: x, model: gpt-4o, costPerDay: 5}]                  | which prices does not list
      store: redis                                                      | redis: missing
      {store: redis, redis: {url: "http://h:6379"}}                     | url: not a Redis URL
      {store: redis, redis: {url: "redis://h:6379", timeout: 0s}}       | timeout: PT0S (expected: > 0 and <= 10s)
      store: memcached                                                  | store: memcached (expected: local, redis)
      {onError: maybe}                                                  | onError: maybe (expected: allow, block)
      """)
  void badQuotasStopLoadingWithWhatWasExpected(String quotas, String message) {
    assertThatThrownBy(() -> config(quotas.replace("KEY_A1", KEY_A1)))
        .isInstanceOf(ConfigException.class).hasMessageContaining(message).hasMessageContaining("test.yaml:");
  }

  @Test
  void noRulesCountNothing() {
    Quotas q = quotas("rules: []");
    assertThat(q.active()).isFalse();
    assertThat(admit(q, "team-a", KEY_A1, null, 1)).isInstanceOf(Admission.Pass.class);
    assertThat(q.health().store()).isEqualTo("none");
  }

  @Test
  void onlyTenantsWithTokenLimitsHaveTheirUsageRead() {
    Quotas q = quotas("""
        rules:
          - {name: rpm, requestsPerMinute: 5}
          - {name: tpm, tenant: team-b, tokensPerMinute: 5}
        """);
    assertThat(q.countsTokens("team-a")).isFalse();
    assertThat(q.countsTokens("team-b")).isTrue();
    assertThat(List.of(q.health().store(), q.health().state())).containsExactly("local", "ok");
  }
}
