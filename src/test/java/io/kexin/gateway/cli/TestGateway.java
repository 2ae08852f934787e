package io.kexin.gateway.cli;

import io.kexin.gateway.config.ConfigLoader;
import io.kexin.gateway.config.GatewayConfig;
import io.kexin.gateway.policy.PolicySet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Runs a real gateway on loopback ports for a test, from YAML config text, and calls it over real sockets. */
final class TestGateway implements AutoCloseable {
  static final String CLIENT_KEY = "kx-test-client-key";
  static final String REAL_KEY = "sk-real-upstream-secret-0123456789";

  final GatewayRuntime runtime;
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  TestGateway(GatewayConfig config, PolicySet policies) throws InterruptedException {
    this(config, policies, new io.kexin.gateway.policy.PolicyLoader());
  }

  /** Starts a gateway whose policy reloads use {@code loader} (with its detector plugins). */
  TestGateway(GatewayConfig config, PolicySet policies, io.kexin.gateway.policy.PolicyLoader loader)
      throws InterruptedException {
    this(new GatewayRuntime(config, policies, loader, 2, false, "test"));
  }

  /** Starts {@code runtime} (a gateway wired by the test itself, e.g. with a config file that reloads). */
  TestGateway(GatewayRuntime runtime) throws InterruptedException {
    this.runtime = runtime;
    runtime.start();
  }

  /** Starts a gateway whose single upstream of {@code provider} lives at {@code baseUrl}. */
  static TestGateway forUpstream(String provider, String baseUrl, String extraYaml) throws InterruptedException {
    return new TestGateway(config(provider, baseUrl, extraYaml), PolicySet.empty());
  }

  /** Starts a gateway whose route applies every policy of the shipped pack in {@code policies/}. */
  static TestGateway withShippedPolicy(String provider, String baseUrl) throws InterruptedException {
    return withShippedPolicy(provider, baseUrl, "");
  }

  /** Starts a gateway with the shipped policies and {@code extraYaml} added at the top level of its config. */
  static TestGateway withShippedPolicy(String provider, String baseUrl, String extraYaml)
      throws InterruptedException {
    PolicySet set = io.kexin.gateway.policy.ShippedPolicies.pack();
    String names = set.all().stream().map(io.kexin.gateway.policy.CompiledPolicy::name)
        .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    return new TestGateway(config(provider, baseUrl, extraYaml, names), set);
  }

  static GatewayConfig config(String provider, String baseUrl, String extraYaml) {
    return config(provider, baseUrl, extraYaml, "[]");
  }

  static GatewayConfig config(String provider, String baseUrl, String extraYaml, String routePolicies) {
    return config(provider, baseUrl, extraYaml, routePolicies, "[]");
  }

  /** Returns the test config; the tenant may call only {@code tenantModels} (a YAML list; empty: any). */
  static GatewayConfig config(String provider, String baseUrl, String extraYaml, String routePolicies,
      String tenantModels) {
    String yaml = """
        listeners:
          proxy: {bind: 127.0.0.1, port: 0}
          admin: {bind: 127.0.0.1, port: 0}
        upstreams:
          - name: up
            baseUrl: %s
            provider: %s
            apiKey: ${REAL_KEY}
            timeouts: {connect: 1s, firstByte: 2s, idle: 2s}
        routes:
          - name: main
            pathPrefix: /v1
            upstream: up
            policies: %s
        tenants:
          - name: team-a
            keys: [%s]
            models: %s
        %s
        """.formatted(baseUrl, provider, routePolicies, io.kexin.gateway.tenant.VirtualKeys.hash(CLIENT_KEY),
        tenantModels, extraYaml);
    return new ConfigLoader(Map.of("REAL_KEY", REAL_KEY)::get).parse("test.yaml", yaml);
  }

  String proxyUrl(String path) {
    return "http://127.0.0.1:" + runtime.proxyAddress().getPort() + path;
  }

  String adminUrl(String path) {
    return "http://127.0.0.1:" + runtime.adminAddress().getPort() + path;
  }

  HttpResponse<String> post(String path, String body, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(proxyUrl(path)))
        .timeout(Duration.ofSeconds(10))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String url, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Returns the admin metrics once they contain {@code line}, or as they are after 5 s: request counters are
   * recorded just after the answer's last byte is written, so a client may read the metrics a moment before.
   */
  String metricsShowing(String line) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    String body = get(adminUrl("/metrics")).body();
    while (!body.contains(line) && System.nanoTime() < deadline) {
      Thread.sleep(20);
      body = get(adminUrl("/metrics")).body();
    }
    return body;
  }

  @Override
  public void close() {
    runtime.close();
  }
}
