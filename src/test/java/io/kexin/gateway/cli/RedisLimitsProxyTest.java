package io.kexin.gateway.cli;

import static io.kexin.gateway.cli.LimitsProxyTest.ANSWER;
import static io.kexin.gateway.cli.LimitsProxyTest.KEY_B;
import static io.kexin.gateway.cli.LimitsProxyTest.chat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kexin.gateway.limit.RedisServer;
import io.kexin.gateway.policy.PolicySet;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Checks limits shared in a real Redis by two gateways, as by two pods behind one load balancer, and what each limit
 * does when Redis dies mid-test: team-a's lets requests through, team-b's refuses them (onError: block), both within
 * the bounded wait; readiness stays up and the detailed health shows the failure.
 */
class RedisLimitsProxyTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void twoGatewaysShareOneLimitAndEachLimitFailsItsOwnWayWhenRedisDies() throws Exception {
    try (RedisServer redis = RedisServer.start();
        ScriptedUpstream up = new ScriptedUpstream((head, body, out) -> ScriptedUpstream.json(out, 200, ANSWER))) {
      String quotas = """
          store: redis
          redis: {url: "%s", timeout: 200ms}
          rules:
            - {name: team-a-rpm, tenant: team-a, requestsPerMinute: 3}
            - {name: team-b-rpm, tenant: team-b, requestsPerMinute: 100, onError: block}
          """.formatted(redis.url());
      try (TestGateway pod1 = new TestGateway(LimitsProxyTest.config("openai", up.baseUrl(), quotas),
          PolicySet.empty());
          TestGateway pod2 = new TestGateway(LimitsProxyTest.config("openai", up.baseUrl(), quotas),
              PolicySet.empty())) {
        awaitStatus(pod1, KEY_B, 200);
        awaitStatus(pod2, KEY_B, 200);
        // Each success tells what the shared limit has left, whichever pod answers.
        String left = "";
        for (TestGateway pod : new TestGateway[] {pod1, pod2, pod1}) {
          HttpResponse<String> ok = chat(pod, TestGateway.CLIENT_KEY);
          assertThat(ok.statusCode()).isEqualTo(200);
          assertThat(ok.headers().firstValue("x-ratelimit-limit-requests")).hasValue("3");
          left += ok.headers().firstValue("x-ratelimit-remaining-requests").orElse("?");
        }
        assertThat(left).isEqualTo("210");

        HttpResponse<String> limited = chat(pod2, TestGateway.CLIENT_KEY);

        assertThat(limited.statusCode()).as("the fourth request, on the other pod").isEqualTo(429);
        assertThat(limited.headers().firstValue("x-ratelimit-limit-requests")).hasValue("3");
        assertThat(chat(pod1, TestGateway.CLIENT_KEY).statusCode()).isEqualTo(429);
        assertThat(chat(pod1, KEY_B).statusCode()).as("team-b is not affected").isEqualTo(200);

        // team-b's first requests may have been refused while the pods were still connecting to Redis
        double blockedBefore = blockedCount(pod2);
        redis.kill();

        // team-a's limit fails open, team-b's closed; each answer comes within the bound (the HTTP client's 10 s
        // timeout only keeps a broken build from hanging)
        assertThat(chat(pod1, TestGateway.CLIENT_KEY).statusCode()).isEqualTo(200);
        HttpResponse<String> blocked = chat(pod2, KEY_B);
        assertThat(blocked.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(blocked.body()).at("/error/code").asText()).isEqualTo("limits_unavailable");
        assertThat(blocked.headers().firstValue("retry-after")).hasValue("1");
        for (TestGateway pod : new TestGateway[] {pod1, pod2}) {
          assertThat(pod.get(pod.adminUrl("/readyz")).statusCode()).isEqualTo(200);
          JsonNode health = JSON.readTree(pod.get(pod.adminUrl("/health")).body());
          assertThat(health.get("status").asText()).isEqualTo("degraded");
          assertThat(health.at("/limits/store").asText()).isEqualTo("redis");
          assertThat(health.at("/limits/state").asText()).isEqualTo("failing");
          assertThat(health.at("/limits/blockOnError").asInt()).isEqualTo(1);
          assertThat(health.at("/limits/lastError").asText()).startsWith("take: ");
        }
        assertThat(pod1.metricsShowing("kexin_limit_unchecked_total{outcome=\"allowed\",tenant=\"team-a\"} 1.0"))
            .contains("kexin_limit_unchecked_total{outcome=\"allowed\",tenant=\"team-a\"} 1.0",
                "kexin_limit_store_errors_total{op=\"take\"");
        String blockedLine = "kexin_limit_unchecked_total{outcome=\"blocked\",tenant=\"team-b\"} " + (blockedBefore + 1);
        assertThat(pod2.metricsShowing(blockedLine)).contains(blockedLine);

        redis.restart();

        awaitStatus(pod2, KEY_B, 200);
        JsonNode health = JSON.readTree(pod2.get(pod2.adminUrl("/health")).body());
        assertThat(health.get("status").asText()).isEqualTo("ok");
      }
    }
  }

  /** Returns how many of team-b's requests {@code g} has refused unchecked so far. */
  private static double blockedCount(TestGateway g) throws Exception {
    String prefix = "kexin_limit_unchecked_total{outcome=\"blocked\",tenant=\"team-b\"} ";
    return g.get(g.adminUrl("/metrics")).body().lines().filter(l -> l.startsWith(prefix))
        .mapToDouble(l -> Double.parseDouble(l.substring(prefix.length()))).findFirst().orElse(0);
  }

  /** Sends requests of {@code key} until one answers {@code status}, for at most 10 s (a reconnect takes ~1 s). */
  private static void awaitStatus(TestGateway g, String key, int status) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    int last = chat(g, key).statusCode();
    while (last != status && System.nanoTime() < deadline) {
      Thread.sleep(50);
      last = chat(g, key).statusCode();
    }
    assertThat(last).isEqualTo(status);
  }
}
