package io.kexin.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kexin.gateway.policy.PolicyLoader;
import io.kexin.gateway.policy.ReloadResult;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * Reloads the policies over and over while clients send requests as fast as they can over keep-alive connections:
 * not one request fails, and every answer was inspected whole by one revision or the other.
 */
class PolicyReloadUnderLoadTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CLIENTS = 3;
  private static final int REQUESTS_PER_CLIENT = 100;
  /** Requests between two reloads: the clients pace the reloads, so the run takes no fixed time. */
  private static final int RELOAD_EVERY = 20;

  @TempDir
  Path dir;

  private static String revision(int n) {
    // Both revisions redact 凤凰计划; they differ in a second rule, so every reload is a real swap.
    return """
        apiVersion: kexin.io/v1
        kind: Policy
        metadata: {name: p}
        rules:
          - id: keyword.codename
            detector: {keyword: {terms: [凤凰计划, project phoenix]}}
            action: redact
            entity: CODENAME
          - id: keyword.marker-%d
            detector: {keyword: {terms: [marker%d]}}
            action: flag
        """.formatted(n % 2, n % 2);
  }

  @Test
  void noRequestFailsWhileRevisionsAreSwapped() throws Exception {
    Files.writeString(dir.resolve("p.yaml"), revision(0));
    try (ScriptedUpstream up = new ScriptedUpstream((head, body, out) -> {
          String prompt = JSON.readTree(body).path("messages").path(0).path("content").asText();
          ScriptedUpstream.json(out, 200, "{\"id\":\"x\",\"object\":\"chat.completion\",\"model\":\"m\",\"choices\":"
              + "[{\"index\":0,\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\",\"content\":"
              + JSON.writeValueAsString("echo: " + prompt) + "}}]}");
        });
        TestGateway g = new TestGateway(TestGateway.config("openai", up.baseUrl(),
            "policies: {dir: '" + dir + "'}\n", "[p]"), new PolicyLoader().load(dir))) {
      ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
      ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
      AtomicInteger done = new AtomicInteger();
      Semaphore reloadDue = new Semaphore(0);
      CountDownLatch started = new CountDownLatch(CLIENTS);
      List<Future<?>> running = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        int client = c;
        running.add(clients.submit(() -> {
          started.countDown();
          for (int i = 0; i < REQUESTS_PER_CLIENT; i++) {
            try {
              HttpResponse<String> r = g.post("/v1/chat/completions",
                  "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"凤凰计划 " + client + "-" + i
                      + "\"}]}", "authorization", "Bearer " + TestGateway.CLIENT_KEY);
              if (r.statusCode() != 200 || !r.body().contains("echo: [REDACTED:CODENAME] " + client + "-" + i)) {
                failures.add(r.statusCode() + " " + r.body());
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
        Files.writeString(dir.resolve("p.yaml"), revision(n));
        ReloadResult r = g.runtime.policyStore().reload("test");
        assertThat(r.outcome()).isEqualTo(ReloadResult.Outcome.APPLIED);
        applied++;
      }
      for (Future<?> f : running) {
        f.get(120, TimeUnit.SECONDS);
      }
      clients.shutdown();

      assertThat(failures).isEmpty();
      assertThat(done.get()).isEqualTo(CLIENTS * REQUESTS_PER_CLIENT);
      assertThat(applied).as("revisions swapped while the clients ran").isGreaterThanOrEqualTo(10);
      assertThat(g.metricsShowing("kexin_policy_reload_total{result=\"applied\"} " + applied + ".0"))
          .contains("kexin_policy_reload_total{result=\"applied\"} " + applied + ".0");
    }
  }
}
