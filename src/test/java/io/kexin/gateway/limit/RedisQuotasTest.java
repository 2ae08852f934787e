package io.kexin.gateway.limit;

import static io.kexin.gateway.limit.QuotasTest.KEY_A1;
import static io.kexin.gateway.limit.QuotasTest.KEY_B;
import static io.kexin.gateway.limit.QuotasTest.admit;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kexin.gateway.content.StrictJson;
import io.kexin.gateway.inspect.ExchangeInfo;
import io.kexin.gateway.inspect.Inspector;
import io.kexin.gateway.metrics.GatewayMetrics;
import io.kexin.gateway.provider.Endpoint;
import io.kexin.gateway.provider.ProviderApi;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Checks the limits in a real Redis, shared by two gateways' limit stores as by two pods. */
class RedisQuotasTest {
  private final GatewayMetrics metrics = new GatewayMetrics(false);
  private final List<Quotas> opened = new ArrayList<>();
  private RedisServer redis;

  @BeforeEach
  void startRedis() throws Exception {
    redis = RedisServer.start();
  }

  @AfterEach
  void stop() throws Exception {
    opened.forEach(Quotas::close);
    if (redis != null) {
      redis.close();
    }
  }

  private Quotas quotas(String rules) {
    return quotas(rules, "200ms");
  }

  private Quotas quotas(String rules, String timeout) {
    Quotas q = Quotas.of(QuotasTest.config("""
        store: redis
        redis: {url: "%s", timeout: %s}
        %s
        """.formatted(redis.url(), timeout, rules)).quotas(), Set.of("gpt-4o"), metrics, Clock.systemUTC());
    opened.add(q);
    awaitConnected(q);
    return q;
  }

  private static void awaitConnected(Quotas q) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!q.health().state().equals("ok") && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(q.health().state()).as("connected to Redis: " + q.health().lastError()).isEqualTo("ok");
  }

  @Test
  void twoGatewaysShareOneLimit() {
    String rules = "rules: [{name: rpm, tenant: team-a, requestsPerMinute: 4}]";
    Quotas pod1 = quotas(rules);
    Quotas pod2 = quotas(rules);
    assertThat(admit(pod1, "team-a", KEY_A1, null, 1)).isInstanceOf(Admission.Pass.class);
    assertThat(admit(pod2, "team-a", KEY_A1, null, 1)).isInstanceOf(Admission.Pass.class);
    assertThat(admit(pod1, "team-a", KEY_A1, null, 1)).isInstanceOf(Admission.Pass.class);
    assertThat(admit(pod2, "team-a", KEY_A1, null, 1)).isInstanceOf(Admission.Pass.class);

    Admission.Refuse refused = (Admission.Refuse) admit(pod1, "team-a", KEY_A1, null, 1);
    Admission refusedToo = admit(pod2, "team-a", KEY_A1, null, 1);

    assertThat(refusedToo).isInstanceOf(Admission.Refuse.class);
    assertThat(refused.kind()).isEqualTo(LimitKind.REQUESTS);
    // GCRA in Redis's clock: one request comes back every 15 s; some of the first has passed already.
    assertThat(refused.retryAfterMillis()).isBetween(10_000L, 15_000L);
    assertThat(refused.windows()).singleElement().satisfies(w -> {
      assertThat(w.limit()).isEqualTo(4);
      assertThat(w.remaining()).isZero();
    });
    assertThat(admit(pod2, "team-b", KEY_B, null, 1)).as("another tenant").isInstanceOf(Admission.Pass.class);
  }

  @Test
  void concurrentSlotsAreSharedAndComeBack() throws Exception {
    String rules = "rules: [{name: streams, tenant: team-a, concurrent: 1}]";
    Quotas pod1 = quotas(rules);
    Quotas pod2 = quotas(rules);
    Admission.Pass held = (Admission.Pass) admit(pod1, "team-a", KEY_A1, null, 1);
    assertThat(((Admission.Refuse) admit(pod2, "team-a", KEY_A1, null, 1)).kind()).isEqualTo(LimitKind.CONCURRENT);

    held.lease().end(200);

    assertThat(awaitPass(pod2)).isTrue();
  }

  /**
   * Admits on {@code q} until it passes (a settle is pipelined, not awaited; a reconnect takes up to a second), for
   * at most 10 s; on a pass the health says ok again.
   */
  private static boolean awaitPass(Quotas q) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (admit(q, "team-a", KEY_A1, null, 1) instanceof Admission.Pass p && q.health().state().equals("ok")) {
        p.lease().end(200);
        return true;
      }
      Thread.sleep(10);
    }
    return false;
  }

  @Test
  void streamedUsageCorrectsTheEstimate() throws Exception {
    Quotas q = quotas("rules: [{name: tpm, tenant: team-a, tokensPerMinute: 1000}]");
    ObjectMapper json = StrictJson.mapper();
    ExchangeInfo info = new ExchangeInfo("r1", ProviderApi.openAi(), Endpoint.CHAT, "main", "team-a", List.of(),
        true);
    MeteredInspection meter = (MeteredInspection) q.meter(Inspector.passThrough().open(info), info);
    ObjectNode request = (ObjectNode) json.readTree("{\"model\":\"m\",\"stream\":true,\"messages\":[]}");
    assertThat(meter.request(request)).isInstanceOf(io.kexin.gateway.inspect.Verdict.Rewrite.class);
    assertThat(request.at("/stream_options/include_usage").asBoolean()).isTrue();
    Admission.Pass pass = (Admission.Pass) q.admit(new Quotas.Ask("team-a", KEY_A1, null, 100, meter)).join();
    // The usage-only chunk the gateway asked for is read, and kept from the client.
    assertThat(meter.streamEvent(io.kexin.gateway.stream.SseEvent.of(null,
        "{\"id\":\"c\",\"choices\":[],\"usage\":{\"prompt_tokens\":300,\"completion_tokens\":500}}"))).isEmpty();

    pass.lease().end(200);

    // 800 of 1000 tokens used: a request of 300 waits, one of 150 passes.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    Admission big = admit(q, "team-a", KEY_A1, null, 300);
    while (big instanceof Admission.Pass p && System.nanoTime() < deadline) {
      p.lease().end(502); // given back: the correction had not arrived yet
      big = admit(q, "team-a", KEY_A1, null, 300);
    }
    assertThat(big).isInstanceOf(Admission.Refuse.class);
    assertThat(((Admission.Refuse) big).windows()).singleElement()
        .satisfies(w -> assertThat(w.remaining()).isBetween(195L, 210L));
    assertThat(admit(q, "team-a", KEY_A1, null, 150)).isInstanceOf(Admission.Pass.class);
  }

  @Test
  void redisKilledMidTestFailsEachLimitInItsDeclaredDirectionThenRecovers() throws Exception {
    Quotas open = quotas("rules: [{name: rpm, tenant: team-a, requestsPerMinute: 100}]");
    Quotas closed = quotas("rules: [{name: rpm, tenant: team-a, requestsPerMinute: 100, onError: block}]");
    assertThat(admit(open, "team-a", KEY_A1, null, 1)).isInstanceOf(Admission.Pass.class);

    redis.kill();

    CompletableFuture<Admission> a = open.admit(new Quotas.Ask("team-a", KEY_A1, null, 1, null));
    CompletableFuture<Admission> b = closed.admit(new Quotas.Ask("team-a", KEY_A1, null, 1, null));
    // bounded: the timeout is 200 ms; 5 s only keeps a broken build from hanging
    assertThat(a.get(5, TimeUnit.SECONDS)).isInstanceOf(Admission.Pass.class);
    Admission.Refuse refused = (Admission.Refuse) b.get(5, TimeUnit.SECONDS);
    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.code()).isEqualTo("limits_unavailable");
    assertThat(refused.message()).contains("rule 'rpm'", "onError: block");
    assertThat(open.health().state()).isEqualTo("failing");
    assertThat(open.health().lastError()).isNotNull();
    String scraped = new String(metrics.scrape(), StandardCharsets.UTF_8);
    assertThat(scraped).contains("kexin_limit_unchecked_total{outcome=\"allowed\",tenant=\"team-a\"}",
        "kexin_limit_unchecked_total{outcome=\"blocked\",tenant=\"team-a\"}", "kexin_limit_store_errors_total{");

    redis.restart();

    // the new Redis does not know the scripts: they are loaded again
    assertThat(awaitPass(open)).isTrue();
  }

  @Test
  void aStalledRedisFailsWithinTheTimeout() throws Exception {
    Quotas closed = quotas("rules: [{name: rpm, tenant: team-a, requestsPerMinute: 100, onError: block}]", "100ms");
    assertThat(admit(closed, "team-a", KEY_A1, null, 1)).isInstanceOf(Admission.Pass.class);
    redis.pause();
    try {
      Admission a = closed.admit(new Quotas.Ask("team-a", KEY_A1, null, 1, null)).get(5, TimeUnit.SECONDS);
      assertThat(a).isInstanceOf(Admission.Refuse.class);
      assertThat(new String(metrics.scrape(), StandardCharsets.UTF_8))
          .contains("kexin_limit_store_errors_total{op=\"take\",reason=\"timeout\",store=\"redis\"} 1.0");
    } finally {
      redis.resume();
    }
    assertThat(awaitPass(closed)).isTrue();
  }

  @Test
  void budgetsLiveInRedisWithAnExpiry() {
    Quotas q = quotas("rules: [{name: daily, tenant: team-a, tokensPerDay: 1000}]");
    ((Admission.Pass) admit(q, "team-a", KEY_A1, null, 900)).lease().end(200);
    Admission.Refuse r = (Admission.Refuse) admit(q, "team-a", KEY_A1, null, 200);
    assertThat(r.kind()).isEqualTo(LimitKind.TOKENS_DAY);
    assertThat(r.retryAfterMillis()).isBetween(1L, Duration.ofDays(1).toMillis());
  }
}
