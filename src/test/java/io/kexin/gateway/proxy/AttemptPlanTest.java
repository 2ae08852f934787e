package io.kexin.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.kexin.gateway.config.CredentialFields;
import io.kexin.gateway.config.Provider;
import io.kexin.gateway.config.Timeouts;
import io.kexin.gateway.config.UnknownFields;
import io.kexin.gateway.metrics.GatewayMetrics;
import io.kexin.gateway.provider.Endpoint;
import io.kexin.gateway.route.OutlierPolicy;
import io.kexin.gateway.route.RetryPolicy;
import io.kexin.gateway.route.Route;
import io.kexin.gateway.route.Target;
import io.kexin.gateway.route.Upstream;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Plans attempts as the route says: retries on the same upstream while they last and the wait is within the maximum,
 * then the fallbacks in order, then nothing; each retry and failover counted, the failed attempts kept for the audit.
 */
class AttemptPlanTest {
  private static final long MS = 1_000_000;
  private static final OutlierPolicy OUTLIER = new OutlierPolicy(5, 1, 1);
  private static final RetryPolicy TWO_RETRIES = new RetryPolicy(2, 10 * MS, 40 * MS,
      Set.of("connect-failure", "503"), 30_000 * MS);

  private final GatewayMetrics metrics = new GatewayMetrics(false);
  private final UpstreamRequest request = new UpstreamRequest(HttpMethod.POST, "/v1/chat/completions", null,
      new DefaultHttpHeaders(), Unpooled.copiedBuffer("{\"model\":\"m\"}", StandardCharsets.UTF_8), Endpoint.CHAT,
      "m");

  @AfterEach
  void release() {
    request.release();
  }

  private static Upstream upstream(String name, Target... targets) {
    return new Upstream(name, Provider.OPENAI, List.of(targets), "sk-x", new Timeouts(null, null, null), OUTLIER,
        null);
  }

  private static Target target(String label) {
    return new Target(label, "127.0.0.1", 9, false, "", 1, 0, -1, -1);
  }

  private static Route route(Upstream primary, RetryPolicy retry, Upstream... fallbacks) {
    return new Route("r", "/v1", null, primary, List.of(), UnknownFields.INSPECT, CredentialFields.REFUSE, retry,
        List.of(fallbacks));
  }

  @Test
  void retriesWhileTheyLastThenFallsBackInOrderThenGivesUp() {
    Target a = target("a");
    Target b = target("b");
    Target c = target("c");
    Upstream primary = upstream("primary", a);
    Upstream second = upstream("second", b);
    Upstream third = upstream("third", c);
    AttemptPlan plan = new AttemptPlan(route(primary, TWO_RETRIES, second, third), metrics);

    plan.attempted(a);
    assertThat(plan.afterFailure(a, "connect-failure", -1, request)).isEqualTo(AttemptPlan.Step.RETRY);
    assertThat(plan.waitNanos()).isBetween(5 * MS, 10 * MS);
    plan.attempted(a);
    assertThat(plan.afterFailure(a, "503", -1, request)).isEqualTo(AttemptPlan.Step.RETRY);
    assertThat(plan.waitNanos()).isBetween(10 * MS, 20 * MS);
    plan.attempted(a);
    assertThat(plan.afterFailure(a, "503", -1, request)).isEqualTo(AttemptPlan.Step.FAIL_OVER);
    assertThat(plan.upstream()).isSameAs(second);
    assertThat(plan.tried()).isEmpty();
    plan.attempted(b);
    plan.afterFailure(b, "503", -1, request);
    plan.attempted(b);
    plan.afterFailure(b, "503", -1, request);
    plan.attempted(b);
    assertThat(plan.afterFailure(b, "503", -1, request)).isEqualTo(AttemptPlan.Step.FAIL_OVER);
    assertThat(plan.upstream()).isSameAs(third);
    plan.attempted(c);
    plan.afterFailure(c, "503", -1, request);
    plan.attempted(c);
    plan.afterFailure(c, "503", -1, request);
    plan.attempted(c);

    assertThat(plan.afterFailure(c, "503", -1, request)).isEqualTo(AttemptPlan.Step.GIVE_UP);
    assertThat(plan.attempts()).isEqualTo(9);
    assertThat(plan.eventful()).isTrue();
    assertThat(plan.failedAttempts()).hasSize(9);
    String scrape = new String(metrics.scrape(), StandardCharsets.UTF_8);
    assertThat(scrape).contains("kexin_upstream_failovers_total{from=\"primary\",route=\"r\",to=\"second\"} 1.0")
        .contains("kexin_upstream_failovers_total{from=\"second\",route=\"r\",to=\"third\"} 1.0");
  }

  @Test
  void aRetryAfterAboveTheMaximumGoesToTheFallbackAtOnce() {
    Target a = target("a");
    Upstream second = upstream("second", target("b"));
    RetryPolicy shortWait = new RetryPolicy(2, 10 * MS, 40 * MS, Set.of("429"), 1_000 * MS);
    AttemptPlan plan = new AttemptPlan(route(upstream("primary", a), shortWait, second), metrics);
    plan.attempted(a);

    assertThat(plan.afterFailure(a, "429", 70_000 * MS, request)).isEqualTo(AttemptPlan.Step.FAIL_OVER);
    assertThat(plan.upstream()).isSameAs(second);
  }

  @Test
  void aReasonTheRouteDoesNotRetryGivesUpAndAnUneventfulExchangeIsNotAudited() {
    Target a = target("a");
    AttemptPlan plan = new AttemptPlan(route(upstream("primary", a), TWO_RETRIES, upstream("second", target("b"))),
        metrics);
    plan.attempted(a);

    assertThat(plan.eventful()).isFalse();
    assertThat(plan.afterFailure(a, "reset-before-response", -1, request)).isEqualTo(AttemptPlan.Step.GIVE_UP);
    assertThat(plan.failedAttempts()).isEmpty();
  }
}
