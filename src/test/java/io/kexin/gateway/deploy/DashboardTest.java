package io.kexin.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kexin.gateway.cli.GatewayRuntime;
import io.kexin.gateway.config.ConfigLoader;
import io.kexin.gateway.policy.PolicySet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Checks the Grafana dashboard shipped with the chart against the gateway: every series a query names is one a
 * running gateway's registry shows, and the panels an operator needs are there.
 */
class DashboardTest {
  static final Path DASHBOARD = Path.of("helm", "kexin-gateway", "files", "dashboards", "kexin-gateway.json");
  private static final Set<String> PROMQL_WORDS = Set.of("by", "without", "on", "ignoring", "group_left",
      "group_right", "bool", "and", "or", "unless", "offset", "le", "job");

  @Test
  void everyQueryNamesASeriesTheGatewayShows() throws Exception {
    Set<String> shown = exposedSeries();
    List<String> exprs = queries(new ObjectMapper().readTree(DASHBOARD.toFile()));
    assertThat(exprs).hasSizeGreaterThan(10);
    Set<String> named = new TreeSet<>();
    for (String expr : exprs) {
      Set<String> metrics = metricNames(expr);
      assertThat(metrics).as("a metric in %s", expr).isNotEmpty();
      named.addAll(metrics);
    }
    assertThat(shown).as("series the gateway shows").containsAll(named);
    assertThat(named).contains("kexin_requests_total", "kexin_inspection_duration_seconds_bucket",
        "kexin_upstream_latency_seconds_bucket", "kexin_policy_findings_total", "kexin_tokens_total",
        "kexin_active_streams", "kexin_stream_held_chars_bucket", "kexin_netty_direct_memory_bytes",
        "kexin_event_loop_pending_tasks", "kexin_policy_revision_info");
  }

  @Test
  void metricNamesAreReadOutsideSelectorsAndGroupings() {
    assertThat(metricNames("histogram_quantile(0.99, sum by (le, route) (rate(a_bucket{job=~\"$job\","
        + "status=~\"5..\"}[$__rate_interval]))) / clamp_min(sum(b_total), 1e-9)")).containsExactly("a_bucket",
        "b_total");
  }

  /** Returns every PromQL expression of the dashboard: panel targets and template variable queries. */
  static List<String> queries(JsonNode dashboard) {
    List<String> out = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        out.add(target.path("expr").asText());
      }
    }
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      if (variable.path("type").asText().equals("query")) {
        out.add(variable.path("query").asText());
      }
    }
    return out;
  }

  /** Returns the metric names in a PromQL expression: identifiers outside selectors, ranges, strings and groupings. */
  static Set<String> metricNames(String expr) {
    String bare = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
        .replaceAll("\\{[^}]*}", " ")
        .replaceAll("\\[[^]]*]", " ")
        .replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", " ")
        .replaceAll("label_values\\(([a-zA-Z_:][a-zA-Z0-9_:]*),[^)]*\\)", " $1 ");
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("(?<![\\w.$])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?").matcher(bare);
    while (m.find()) {
      if (m.group(2) == null && !PROMQL_WORDS.contains(m.group(1))) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  /** Returns the series a gateway wired from a real config shows on /metrics. */
  private static Set<String> exposedSeries() throws IOException, InterruptedException {
    var config = new ConfigLoader(name -> null).parse("gateway.yaml", """
        listeners: {proxy: {bind: 127.0.0.1, port: 0}, admin: {bind: 127.0.0.1, port: 0}}
        upstreams: [{name: up, baseUrl: 'http://127.0.0.1:9', provider: openai}]
        routes: [{name: main, pathPrefix: /v1, upstream: up}]
        audit: {sink: off}
        """);
    try (GatewayRuntime runtime = new GatewayRuntime(config, PolicySet.empty(), 1, false, "test")) {
      runtime.start();
      return runtime.metrics().seriesNames();
    }
  }
}
