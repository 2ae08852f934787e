package io.kexin.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Checks that the series kept per route, status and upstream count each request where its labels say. */
class GatewayMetricsTest {

  @Test
  void requestsAndUpstreamLatencyCountUnderTheirOwnLabels() {
    GatewayMetrics metrics = new GatewayMetrics(false);
    metrics.requestCompleted("a", 200, 1_000_000);
    metrics.requestCompleted("a", 200, 2_000_000);
    metrics.requestCompleted("a", 502, 1_000_000);
    metrics.requestCompleted("路由", 200, 1_000_000);
    metrics.requestCompleted("none", 99, 0);
    metrics.upstreamResponded("u", 1_000_000);
    metrics.upstreamResponded("u", 1_000_000);
    metrics.upstreamResponded("v", 1_000_000);

    String text = new String(metrics.scrape(), StandardCharsets.UTF_8);

    assertThat(text)
        .contains("kexin_requests_total{route=\"a\",status=\"200\"} 2.0")
        .contains("kexin_requests_total{route=\"a\",status=\"502\"} 1.0")
        .contains("kexin_requests_total{route=\"路由\",status=\"200\"} 1.0")
        .contains("kexin_requests_total{route=\"none\",status=\"99\"} 1.0")
        .contains("kexin_request_duration_seconds_count{route=\"a\",status=\"200\"} 2")
        .contains("kexin_request_duration_seconds_sum{route=\"a\",status=\"200\"} 0.003")
        .contains("kexin_upstream_latency_seconds_count{upstream=\"u\"} 2")
        .contains("kexin_upstream_latency_seconds_count{upstream=\"v\"} 1");
  }
}
