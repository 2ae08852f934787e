package io.kexin.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kexin.gateway.config.ConfigLoader;
import io.kexin.gateway.config.ConfigReloadResult;
import io.kexin.gateway.policy.PolicyLoader;
import io.kexin.gateway.tenant.VirtualKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reloads the gateway config of a running gateway over real sockets: new routes, tenants and upstreams serve the next
 * request; a broken file keeps the last good config and shows its error; settings fixed at start are reported as
 * restart required; an exchange in flight finishes on the config it started with; a Kubernetes ConfigMap swap is
 * picked up by the watcher; secrets never show on {@code GET /config}.
 */
class ConfigReloadTest {
  static final String KEY_1 = "kx-tenant-one-key";
  static final String KEY_2 = "kx-tenant-two-key";
  static final String ADMIN_TOKEN = "admin-token-0123456789";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Function<String, String> ENV = Map.of("REAL_KEY", TestGateway.REAL_KEY)::get;

  @TempDir
  Path dir;
  private ScriptedUpstream a;
  private ScriptedUpstream b;
  private final CountDownLatch releaseA = new CountDownLatch(1);
  private volatile boolean holdA;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  static ScriptedUpstream.Script answering(String who) {
    return (head, body, out) -> ScriptedUpstream.json(out, 200, "{\"id\":\"x\",\"object\":\"chat.completion\","
        + "\"model\":\"m\",\"choices\":[{\"index\":0,\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\","
        + "\"content\":\"from " + who + "\"}}]}");
  }

  @BeforeEach
  void upstreams() throws Exception {
    ScriptedUpstream.Script fromA = answering("A");
    a = new ScriptedUpstream((head, body, out) -> {
      if (holdA) {
        releaseA.await(30, TimeUnit.SECONDS);
      }
      fromA.answer(head, body, out);
    });
    b = new ScriptedUpstream(answering("B"));
    Path policies = Files.createDirectories(dir.resolve("policies"));
    Files.writeString(policies.resolve("p.yaml"), PolicyReloadTest.policy("凤凰计划, project phoenix", "redact"));
  }

  @AfterEach
  void close() throws Exception {
    releaseA.countDown();
    a.close();
    b.close();
  }

  /** Returns config text whose route goes to {@code upstream}, with tenants holding {@code keys}, plus {@code extra}. */
  String config(String upstream, String keys, String extra) {
    return """
        listeners:
          proxy: {bind: 127.0.0.1, port: 0}
          admin: {bind: 127.0.0.1, port: 0}
        upstreams:
          - {name: a, baseUrl: '%s', provider: openai, apiKey: '${REAL_KEY}'}
          - {name: b, baseUrl: '%s', provider: openai, apiKey: '${REAL_KEY}'}
        routes:
          - {name: main, pathPrefix: /v1, upstream: %s, policies: [p]}
        tenants:
          - {name: t, keys: [%s]}
        policies: {dir: policies, watch: false, pollInterval: 50ms, debounce: 100ms}
        admin: {token: %s}
        %s
        """.formatted(a.baseUrl(), b.baseUrl(), upstream, keys, ADMIN_TOKEN, extra);
  }

  static String hashes(String... keys) {
    return String.join(", ", Stream.of(keys).map(k -> "'" + VirtualKeys.hash(k) + "'").toList());
  }

  /** Starts a gateway on the config file at {@code file}. */
  static TestGateway start(Path file) throws Exception {
    ConfigLoader loader = new ConfigLoader(ENV);
    var config = loader.load(file);
    PolicyLoader policies = new PolicyLoader();
    return new TestGateway(new GatewayRuntime(config, file, loader::load,
        policies.load(config.policies().dir()), policies, 2, false, "test"));
  }

  static HttpResponse<String> chat(TestGateway g, String key) throws Exception {
    return g.post("/v1/chat/completions", "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":"
        + "\"凤凰计划 status\"}]}", "authorization", "Bearer " + key);
  }

  private HttpResponse<String> admin(TestGateway g, String method, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(g.adminUrl(path))).header("authorization", "Bearer "
        + ADMIN_TOKEN).method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(60)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void routesTenantsAndUpstreamsReloadAndABrokenFileKeepsTheLastGood() throws Exception {
    Path file = dir.resolve("gateway.yaml");
    Files.writeString(file, config("a", hashes(KEY_1), ""));
    try (TestGateway g = start(file)) {
      assertThat(chat(g, KEY_1).body()).contains("from A");
      assertThat(chat(g, KEY_2).statusCode()).isEqualTo(401);

      Files.writeString(file, config("b", hashes(KEY_1, KEY_2), ""));
      ConfigReloadResult applied = g.runtime.configStore().reload("test");
      assertThat(applied.outcome()).isEqualTo(ConfigReloadResult.Outcome.APPLIED);
      assertThat(applied.restartRequired()).isEmpty();
      assertThat(chat(g, KEY_1).body()).contains("from B");
      assertThat(chat(g, KEY_2).statusCode()).isEqualTo(200);

      // A dangling upstream: refused with file:line:col; the last good config keeps serving.
      Files.writeString(file, config("nowhere", hashes(KEY_1), ""));
      ConfigReloadResult failed = g.runtime.configStore().reload("test");
      assertThat(failed.outcome()).isEqualTo(ConfigReloadResult.Outcome.FAILED);
      assertThat(failed.error().getMessage()).startsWith(file + ":8:45: routes[0].upstream: unknown upstream"
          + " 'nowhere'");
      assertThat(failed.revision()).isEqualTo(applied.revision());
      assertThat(chat(g, KEY_2).body()).contains("from B");

      // A policy the config names must be loaded.
      Files.writeString(file, config("a", hashes(KEY_1), "").replace("policies: [p]", "policies: [p, q]"));
      HttpResponse<String> viaAdmin = admin(g, "POST", "/config/reload");
      assertThat(viaAdmin.statusCode()).isEqualTo(422);
      assertThat(JSON.readTree(viaAdmin.body()).at("/error/message").asText())
          .contains("policy 'q' is not loaded");

      JsonNode status = JSON.readTree(admin(g, "GET", "/config").body());
      assertThat(status.path("revision").asText()).isEqualTo(applied.revision());
      assertThat(status.at("/lastReload/result").asText()).isEqualTo("failed");
      assertThat(status.at("/lastReload/trigger").asText()).isEqualTo("admin");
      assertThat(status.at("/config/routes/0/upstream").asText()).isEqualTo("b");
      assertThat(status.at("/config/upstreams/0/apiKey").asText()).isEqualTo("(set)");
      assertThat(status.at("/config/tenants/0/keys").asText()).isEqualTo("(2 key hashes)");
      assertThat(status.at("/config/admin/token").asText()).isEqualTo("(set)");
      String body = admin(g, "GET", "/config").body();
      assertThat(body).doesNotContain(TestGateway.REAL_KEY).doesNotContain(ADMIN_TOKEN)
          .doesNotContain(VirtualKeys.hash(KEY_1));
      assertThat(http.send(HttpRequest.newBuilder(URI.create(g.adminUrl("/config"))).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).as("the token guards the config").isEqualTo(401);

      assertThat(g.metricsShowing("kexin_config_reload_total{result=\"failed\"} 2.0"))
          .contains("kexin_config_reload_total{result=\"applied\"} 1.0")
          .contains("kexin_config_reload_total{result=\"failed\"} 2.0");
    }
  }

  @Test
  void settingsFixedAtStartAreReportedAndKeepTheirRunningValues() throws Exception {
    Path file = dir.resolve("gateway.yaml");
    Files.writeString(file, config("a", hashes(KEY_1), ""));
    try (TestGateway g = start(file)) {
      int port = g.runtime.proxyAddress().getPort();
      Files.writeString(file, config("b", hashes(KEY_1), "limits: {maxRequestBytes: 1024}")
          .replace("proxy: {bind: 127.0.0.1, port: 0}", "proxy: {bind: 127.0.0.1, port: 1}"));
      ConfigReloadResult r = g.runtime.configStore().reload("test");
      assertThat(r.outcome()).isEqualTo(ConfigReloadResult.Outcome.APPLIED);
      assertThat(r.restartRequired()).containsExactly("listeners.proxy.port", "limits.maxRequestBytes");
      assertThat(g.runtime.currentConfig().limits().maxRequestBytes()).isEqualTo(4 << 20);
      assertThat(g.runtime.currentConfig().routes().get(0).upstream()).isEqualTo("b");
      assertThat(chat(g, KEY_1).body()).contains("from B");
      assertThat(g.runtime.proxyAddress().getPort()).isEqualTo(port);
      JsonNode status = JSON.readTree(admin(g, "GET", "/config").body());
      assertThat(status.at("/lastReload/restartRequired/0").asText()).isEqualTo("listeners.proxy.port");
      assertThat(g.runtime.configStore().reload("test").outcome()).isEqualTo(ConfigReloadResult.Outcome.UNCHANGED);
    }
  }

  @Test
  void anExchangeInFlightFinishesOnTheConfigItStartedWith() throws Exception {
    Path file = dir.resolve("gateway.yaml");
    Files.writeString(file, config("a", hashes(KEY_1), ""));
    try (TestGateway g = start(file)) {
      holdA = true;
      CompletableFuture<HttpResponse<String>> inFlight = g.http.sendAsync(HttpRequest.newBuilder(
              URI.create(g.proxyUrl("/v1/chat/completions"))).timeout(Duration.ofSeconds(30))
          .header("authorization", "Bearer " + KEY_1).POST(HttpRequest.BodyPublishers.ofString(
              "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build(),
          HttpResponse.BodyHandlers.ofString());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (a.requestHeads().isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(a.requestHeads()).as("the request reached upstream a").hasSize(1);

      Files.writeString(file, config("b", hashes(KEY_2), ""));
      assertThat(g.runtime.configStore().reload("test").outcome()).isEqualTo(ConfigReloadResult.Outcome.APPLIED);
      assertThat(chat(g, KEY_2).body()).contains("from B");
      assertThat(chat(g, KEY_1).statusCode()).as("the old key is gone").isEqualTo(401);

      releaseA.countDown();
      HttpResponse<String> r = inFlight.get(30, TimeUnit.SECONDS);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("from A");
    }
  }

  /**
   * Writes one ConfigMap revision as the kubelet does: the file into a new {@code ..<timestamp>} directory, a
   * {@code ..data_tmp} link renamed over {@code ..data}, the old directory removed; {@code gateway.yaml} is a link
   * through {@code ..data}, made once.
   */
  private void configMapRevision(Path mount, String name, String text) throws Exception {
    Path ts = Files.createDirectories(mount.resolve(".." + name));
    Files.writeString(ts.resolve("gateway.yaml"), text);
    Path old = Files.isSymbolicLink(mount.resolve("..data"))
        ? mount.resolve(Files.readSymbolicLink(mount.resolve("..data"))) : null;
    Path tmp = mount.resolve("..data_tmp");
    Files.createSymbolicLink(tmp, ts.getFileName());
    Files.move(tmp, mount.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    if (!Files.exists(mount.resolve("gateway.yaml"), LinkOption.NOFOLLOW_LINKS)) {
      Files.createSymbolicLink(mount.resolve("gateway.yaml"), Path.of("..data/gateway.yaml"));
    }
    if (old != null) {
      try (Stream<Path> files = Files.walk(old)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  @Test
  void aConfigMapSwapIsPickedUpByTheWatcherAndABrokenOneKeepsTheLastGood() throws Exception {
    Path mount = Files.createDirectories(dir.resolve("config"));
    String base = config("a", hashes(KEY_1), "").replace("dir: policies", "dir: " + dir.resolve("policies"));
    configMapRevision(mount, "2026_12_05_15_00_00.000000001", base);
    try (TestGateway g = start(mount.resolve("gateway.yaml"))) {
      BlockingQueue<ConfigReloadResult> results = new LinkedBlockingQueue<>();
      g.runtime.configStore().onReload(results::add);
      g.runtime.watchConfig();

      configMapRevision(mount, "2026_12_05_15_01_00.000000002", base.replace("upstream: a", "upstream: b")
          .replace(hashes(KEY_1), hashes(KEY_1, KEY_2)));
      ConfigReloadResult applied = results.poll(20, TimeUnit.SECONDS);
      assertThat(applied).isNotNull();
      assertThat(applied.outcome()).isEqualTo(ConfigReloadResult.Outcome.APPLIED);
      assertThat(applied.trigger()).isEqualTo("watch");
      assertThat(chat(g, KEY_2).body()).contains("from B");

      configMapRevision(mount, "2026_12_05_15_02_00.000000003", base.replace("upstreams:", "upstreams: oops"));
      ConfigReloadResult failed = results.poll(20, TimeUnit.SECONDS);
      assertThat(failed).isNotNull();
      assertThat(failed.outcome()).isEqualTo(ConfigReloadResult.Outcome.FAILED);
      assertThat(failed.error().getMessage()).startsWith(mount.resolve("gateway.yaml") + ":");
      assertThat(chat(g, KEY_2).body()).contains("from B");
      assertThat(results.poll(300, TimeUnit.MILLISECONDS)).as("one reload per swap, none for a failure repeated")
          .isNull();
    }
  }
}
