package io.kexin.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kexin.gateway.config.ConfigLoader;
import io.kexin.gateway.config.ConfigReloadResult;
import io.kexin.gateway.config.GatewayConfig;
import io.kexin.gateway.policy.PolicyLoader;
import io.kexin.gateway.tenant.VirtualKeys;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reloads the gateway config over and over while clients send requests as fast as they can over keep-alive
 * connections, the route switching between two upstreams and the tenant's keys changing: not one request fails, and
 * every answer is inspected and comes from one upstream or the other.
 */
class ConfigReloadUnderLoadTest {
  private static final int CLIENTS = 3;
  private static final int REQUESTS_PER_CLIENT = 100;
  /** Requests between two reloads: the clients pace the reloads, so the run takes no fixed time. */
  private static final int RELOAD_EVERY = 20;

  @TempDir
  Path dir;

  private static String config(String a, String b, int n) {
    // The route alternates between the upstreams; the tenant gains and loses a second key; its first key stays.
    String keys = "'" + VirtualKeys.hash(TestGateway.CLIENT_KEY) + "'"
        + (n % 2 == 1 ? ", '" + VirtualKeys.hash("kx-second-key-" + n) + "'" : "");
    return """
        listeners:
          proxy: {bind: 127.0.0.1, port: 0}
          admin: {bind: 127.0.0.1, port: 0}
        upstreams:
          - {name: a, baseUrl: '%s', provider: openai, apiKey: sk-test}
          - {name: b, baseUrl: '%s', provider: openai, apiKey: sk-test}
        routes:
          - {name: main, pathPrefix: /v1, upstream: %s, policies: [p]}
        tenants:
          - {name: t, keys: [%s]}
        policies: {dir: policies, watch: false}
        """.formatted(a, b, n % 2 == 0 ? "a" : "b", keys);
  }

  @Test
  void noRequestFailsWhileConfigsAreSwapped() throws Exception {
    Path policies = Files.createDirectories(dir.resolve("policies"));
    Files.writeString(policies.resolve("p.yaml"), PolicyReloadTest.policy("凤凰计划", "redact"));
    Path file = dir.resolve("gateway.yaml");
    try (ScriptedUpstream a = new ScriptedUpstream(ConfigReloadTest.answering("A"));
        ScriptedUpstream b = new ScriptedUpstream(ConfigReloadTest.answering("B"))) {
      Files.writeString(file, config(a.baseUrl(), b.baseUrl(), 0));
      ConfigLoader loader = new ConfigLoader(Map.<String, String>of()::get);
      GatewayConfig first = loader.load(file);
      PolicyLoader policyLoader = new PolicyLoader();
      try (TestGateway g = new TestGateway(new GatewayRuntime(first, file, loader::load,
          policyLoader.load(policies), policyLoader, 2, false, "test"))) {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger done = new AtomicInteger();
        AtomicInteger fromA = new AtomicInteger();
        AtomicInteger fromB = new AtomicInteger();
        Semaphore reloadDue = new Semaphore(0);
        CountDownLatch started = new CountDownLatch(CLIENTS);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
          running.add(clients.submit(() -> {
            started.countDown();
            for (int i = 0; i < REQUESTS_PER_CLIENT; i++) {
              try {
                HttpResponse<String> r = ConfigReloadTest.chat(g, TestGateway.CLIENT_KEY);
                if (r.statusCode() != 200) {
                  failures.add(r.statusCode() + " " + r.body());
                } else if (r.body().contains("from A")) {
                  fromA.incrementAndGet();
                } else if (r.body().contains("from B")) {
                  fromB.incrementAndGet();
                } else {
                  failures.add(r.body());
                }
              } catch (Exception e) {
                failures.add(e.toString());
              }
              if (done.incrementAndGet() % RELOAD_EVERY == 0) {
                reloadDue.release();
              }
            }
            return null;
          }));
        }
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        int applied = 0;
        int n = 0;
        while (done.get() < CLIENTS * REQUESTS_PER_CLIENT - RELOAD_EVERY) {
          assertThat(reloadDue.tryAcquire(60, TimeUnit.SECONDS)).as("clients still sending").isTrue();
          n++;
          Files.writeString(file, config(a.baseUrl(), b.baseUrl(), n));
          ConfigReloadResult r = g.runtime.configStore().reload("test");
          assertThat(r.outcome()).as(String.valueOf(r.error())).isEqualTo(ConfigReloadResult.Outcome.APPLIED);
          applied++;
        }
        for (Future<?> f : running) {
          f.get(120, TimeUnit.SECONDS);
        }
        clients.shutdown();

        assertThat(failures).isEmpty();
        assertThat(done.get()).isEqualTo(CLIENTS * REQUESTS_PER_CLIENT);
        assertThat(applied).as("configs swapped while the clients ran").isGreaterThanOrEqualTo(10);
        assertThat(fromA.get()).isPositive();
        assertThat(fromB.get()).isPositive();
        assertThat(g.metricsShowing("kexin_config_reload_total{result=\"applied\"} " + applied + ".0"))
            .contains("kexin_config_reload_total{result=\"applied\"} " + applied + ".0");
      }
    }
  }
}
