package io.kexin.gateway.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kexin.gateway.config.ConfigLoader;
import io.kexin.gateway.policy.PolicySet;
import io.kexin.gateway.policy.ShippedPolicies;
import io.kexin.gateway.tenant.VirtualKeys;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Injects every kind of upstream failure over real sockets and checks what the client gets: an answer in its own
 * format, a retry only where nothing reached the client and the upstream cannot have acted on the request, outlier
 * ejection and return, failover to a fallback upstream, per-target limits, and each retry, ejection and failover in
 * the metrics and the audit line. Timeouts and backoffs are short so every case ends in well under a second or two.
 */
class UpstreamFaultTest {
  private static final String AUTH = "Bearer " + TestGateway.CLIENT_KEY;
  private static final String CHAT = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\","
      + "\"content\":\"你好 hi\"}]}";
  private static final String STREAM = "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\","
      + "\"content\":\"hi\"}]}";
  private static final String ANSWER = "{\"id\":\"c\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
      + "\"message\":{\"role\":\"assistant\",\"content\":\"好的 fine\"},\"finish_reason\":\"stop\"}]}";

  @TempDir
  Path dir;

  /** Returns a gateway config: {@code upstreams} and the route's extra keys as YAML, fast timeouts everywhere. */
  static String yaml(String upstreams, String routeExtra, String extra) {
    return """
        listeners:
          proxy: {bind: 127.0.0.1, port: 0}
          admin: {bind: 127.0.0.1, port: 0}
        upstreams:
        %s
        routes:
          - name: main
            pathPrefix: /v1
            upstream: primary
            %s
        tenants:
          - name: team-a
            keys: [%s]
        %s
        """.formatted(upstreams.indent(2), routeExtra.indent(4).trim(), VirtualKeys.hash(TestGateway.CLIENT_KEY),
        extra);
  }

  static String upstream(String name, String targetsOrUrl, String extra) {
    return upstream(name, targetsOrUrl, extra, "{connect: 500ms, firstByte: 400ms, idle: 400ms}");
  }

  static String upstream(String name, String targetsOrUrl, String extra, String timeouts) {
    return """
        - name: %s
          provider: openai
          apiKey: ${REAL_KEY}
          timeouts: %s
          %s
          %s
        """.formatted(name, timeouts, targetsOrUrl.indent(2).trim(), extra.indent(2).trim());
  }

  static TestGateway gateway(String yaml) throws InterruptedException {
    return gateway(yaml, PolicySet.empty());
  }

  static TestGateway gateway(String yaml, PolicySet policies) throws InterruptedException {
    return new TestGateway(new ConfigLoader(Map.of("REAL_KEY", TestGateway.REAL_KEY)::get).parse("test.yaml", yaml),
        policies);
  }

  /** Returns a loopback port nothing listens on. */
  static int refusedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static PolicySet shipped;

  /** Returns the shipped policy pack, loaded once for the tests that inspect. */
  private static synchronized PolicySet shippedPolicies() {
    if (shipped == null) {
      shipped = ShippedPolicies.pack();
    }
    return shipped;
  }

  private static final String FAST_RETRY = "retry: {attempts: 2, backoff: 10ms, maxBackoff: 20ms}";

  // ---- failures with no retry possible or allowed ----

  @Test
  void connectionRefusedIs502AfterTheRetries() throws Exception {
    int port = refusedPort();
    try (TestGateway gw = gateway(yaml(upstream("primary", "baseUrl: http://127.0.0.1:" + port, ""), FAST_RETRY,
        ""))) {
      HttpResponse<String> r = gw.post("/v1/chat/completions", CHAT, "authorization", AUTH);

      assertThat(r.statusCode()).isEqualTo(502);
      assertThat(r.body()).contains("\"error\":{").contains("upstream_unreachable").contains("connection refused");
      assertThat(gw.metricsShowing("kexin_upstream_retries_total{reason=\"connect-failure\",target=\"127.0.0.1:"
          + port + "\",upstream=\"primary\"} 2.0")).contains("kexin_upstream_retries_total{reason=\"connect-failure\""
          + ",target=\"127.0.0.1:" + port + "\",upstream=\"primary\"} 2.0");
    }
  }

  @Test
  void resetBeforeTheHeadOnAFreshConnectionIs502AndNotRetried() throws Exception {
    try (ScriptedUpstream up = new ScriptedUpstream((head, body, out) -> {
          throw new IOException("close without answering");
        });
        TestGateway gw = gateway(yaml(upstream("primary", "baseUrl: " + up.baseUrl(), ""), FAST_RETRY, ""))) {
      HttpResponse<String> r = gw.post("/v1/chat/completions", CHAT, "authorization", AUTH);

      assertThat(r.statusCode()).isEqualTo(502);
      assertThat(r.body()).contains("upstream_error").contains("closed the connection before answering");
      assertThat(up.requestHeads()).hasSize(1);
    }
  }

  @Test
  void resetAfterTheHeadMidBodyCutsTheClientAndIsNotRetried() throws Exception {
    try (ScriptedUpstream up = new ScriptedUpstream((head, body, out) -> {
          out.write("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 500\r\n\r\n{\"id\":"
              .getBytes(US_ASCII));
          out.flush();
          throw new IOException("cut mid-body");
        });
        TestGateway gw = gateway(yaml(upstream("primary", "baseUrl: " + up.baseUrl(), ""), FAST_RETRY, ""))) {
      // Without inspection the head went out as it came: the client sees its answer cut short.
      assertThatThrownBy(() -> gw.post("/v1/chat/completions", CHAT, "authorization", AUTH))
          .isInstanceOf(IOException.class);
      assertThat(up.requestHeads()).hasSize(1);
    }
  }

  @Test
  void resetMidBodyUnderInspectionIs502AndNotRetried() throws Exception {
    PolicySet policies = shippedPolicies();
    String names = String.join(", ", policies.all().stream().map(p -> p.name()).toList());
    try (ScriptedUpstream up = new ScriptedUpstream((head, body, out) -> {
          out.write("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 500\r\n\r\n{\"id\":"
              .getBytes(US_ASCII));
          out.flush();
          throw new IOException("cut mid-body");
        });
        TestGateway gw = gateway(yaml(upstream("primary", "baseUrl: " + up.baseUrl(), ""),
            FAST_RETRY + "\npolicies: [" + names + "]", ""), policies)) {
      HttpResponse<String> r = gw.post("/v1/chat/completions", CHAT, "authorization", AUTH);

      assertThat(r.statusCode()).isEqualTo(502);
      assertThat(r.body()).contains("\"error\":{");
      assertThat(up.requestHeads()).hasSize(1);
    }
  }

  @Test
  void resetMidStreamCutsTheClientAndIsNotRetried() throws Exception {
    try (ScriptedUpstream up = new ScriptedUpstream((head, body, out) -> {
          ScriptedUpstream.sseHead(out);
          ScriptedUpstream.chunk(out, "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{"
              + "\"index\":0,\"delta\":{\"content\":\"part\"}}]}\n\n");
          throw new IOException("cut mid-stream");
        });
        TestGateway gw = gateway(yaml(upstream("primary", "baseUrl: " + up.baseUrl(), ""), FAST_RETRY, ""))) {
      String seen = readStreamUntilCut(gw);

      assertThat(seen).contains("part").doesNotContain("[DONE]");
      assertThat(up.requestHeads()).hasSize(1);
    }
  }

  @Test
  void stallBeforeTheHeadIs504AndNotRetried() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (ScriptedUpstream up = new ScriptedUpstream((head, body, out) -> release.await(5, TimeUnit.SECONDS));
        TestGateway gw = gateway(yaml(upstream("primary", "baseUrl: " + up.baseUrl(), ""), FAST_RETRY, ""))) {
      HttpResponse<String> r = gw.post("/v1/chat/completions", CHAT, "authorization", AUTH);

      assertThat(r.statusCode()).isEqualTo(504);
      assertThat(r.body()).contains("upstream_timeout").contains("did not answer within 400 ms");
      assertThat(up.requestHeads()).hasSize(1);
    } finally {
      release.countDown();
    }
  }

  @Test
  void stallMidStreamCutsTheClient() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (ScriptedUpstream up = new ScriptedUpstream((head, body, out) -> {
          ScriptedUpstream.sseHead(out);
          ScriptedUpstream.chunk(out, "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{"
              + "\"index\":0,\"delta\":{\"content\":\"part\"}}]}\n\n");
          release.await(5, TimeUnit.SECONDS);
        });
        TestGateway gw = gateway(yaml(upstream("primary", "baseUrl: " + up.baseUrl(), ""), FAST_RETRY, ""))) {
      String seen = readStreamUntilCut(gw);

      assertThat(seen).contains("part").doesNotContain("[DONE]");
      assertThat(gw.metricsShowing("kind=\"idle\"")).contains("kexin_upstream_errors_total{kind=\"idle\","
          + "upstream=\"primary\"} 1.0");
    } finally {
      release.countDown();
    }
  }

  @Test
  void a500PassesThroughAndIsNotRetried() throws Exception {
    try (ScriptedUpstream up = new ScriptedUpstream((head, body, out) ->
            ScriptedUpstream.json(out, 500, "{\"error\":{\"message\":\"boom 出错\",\"type\":\"server_error\"}}"));
        TestGateway gw = gateway(yaml(upstream("primary", "baseUrl: " + up.baseUrl(), ""), FAST_RETRY, ""))) {
      HttpResponse<String> r = gw.post("/v1/chat/completions", CHAT, "authorization", AUTH);

      assertThat(r.statusCode()).isEqualTo(500);
      assertThat(r.body()).contains("boom 出错");
      assertThat(up.requestHeads()).hasSize(1);
    }
  }

  @Test
  void anInterimAnswerThenTheFinalOneReachesTheClient() throws Exception {
    try (ScriptedUpstream up = new ScriptedUpstream((head, body, out) -> {
          out.write("HTTP/1.1 103 Early Hints\r\nlink: </a>; rel=preload\r\n\r\n".getBytes(US_ASCII));
          ScriptedUpstream.json(out, 200, ANSWER);
        });
        TestGateway gw = gateway(yaml(upstream("primary", "baseUrl: " + up.baseUrl(), ""), FAST_RETRY, ""))) {
      HttpResponse<String> r = gw.post("/v1/chat/completions", CHAT, "authorization", AUTH);

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("好的 fine");
    }
  }

  @Test
  void aMalformedEventUnderInspectionNeverPassesAsIs() throws Exception {
    PolicySet policies = shippedPolicies();
    String names = String.join(", ", policies.all().stream().map(p -> p.name()).toList());
    try (ScriptedUpstream up = new ScriptedUpstream((head, body, out) -> {
          ScriptedUpstream.sseHead(out);
          ScriptedUpstream.chunk(out, "data: {\"id\":\"c\",\"choices\":[{\"delta\":{\"content\":\"AKIAI3VALYUI4\n\n");
          ScriptedUpstream.chunk(out, "data: [DONE]\n\n");
          ScriptedUpstream.end(out);
        });
        TestGateway gw = gateway(yaml(upstream("primary", "baseUrl: " + up.baseUrl(), ""),
            FAST_RETRY + "\npolicies: [" + names + "]", ""), policies)) {
      String seen = readStreamUntilCut(gw);

      // The stream ends in the provider's own error event, and the unreadable event never reaches the client.
      assertThat(seen).contains("stream_inspection_failed").contains("not a JSON object")
          .doesNotContain("AKIAI3VALYUI4");
    }
  }

  // ---- retries ----

  @Test
  void aRefusedTargetIsRetriedOnTheNextOne() throws Exception {
    int port = refusedPort();
    try (ScriptedUpstream up = new ScriptedUpstream((head, body, out) -> ScriptedUpstream.json(out, 200, ANSWER));
        TestGateway gw = gateway(yaml(upstream("primary", """
            targets:
              - {baseUrl: 'http://127.0.0.1:%d', name: dead}
              - {baseUrl: '%s', priority: 1}
            """.formatted(port, up.baseUrl()), ""), FAST_RETRY, ""))) {
      HttpResponse<String> r = gw.post("/v1/chat/completions", CHAT, "authorization", AUTH);

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("好的 fine");
      assertThat(up.requestHeads()).hasSize(1);
      assertThat(up.requestHeads().get(0)).containsIgnoringCase("host: 127.0.0.1:" + up.baseUrl().split(":")[2]);
      assertThat(gw.metricsShowing("target=\"dead\"")).contains("kexin_upstream_retries_total{reason=\""
          + "connect-failure\",target=\"dead\",upstream=\"primary\"} 1.0");
    }
  }

  @Test
  void aFailedTlsHandshakeIsAConnectFailureAndIsRetriedOnTheNextTarget() throws Exception {
    try (ServerSocket notTls = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        ScriptedUpstream up = new ScriptedUpstream((head, body, out) -> ScriptedUpstream.json(out, 200, ANSWER))) {
      Thread answerer = new Thread(() -> {
        while (!notTls.isClosed()) {
          try (var s = notTls.accept()) {
            s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n".getBytes(US_ASCII));
            s.getOutputStream().flush();
          } catch (IOException e) {
            return;
          }
        }
      }, "not-tls");
      answerer.setDaemon(true);
      answerer.start();
      try (TestGateway gw = gateway(yaml(upstream("primary", """
          targets:
            - {baseUrl: 'https://127.0.0.1:%d', name: not-tls}
            - {baseUrl: '%s', name: plain, priority: 1}
          """.formatted(notTls.getLocalPort(), up.baseUrl()), "",
          // a first TLS handshake on a busy machine (a cold TLS stack) may take longer than the fast timeouts
          "{connect: 2s, firstByte: 5s, idle: 5s}"), FAST_RETRY, ""))) {
        HttpResponse<String> r = gw.post("/v1/chat/completions", CHAT, "authorization", AUTH);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(up.requestHeads()).hasSize(1);
        assertThat(gw.metricsShowing("target=\"not-tls\"")).contains("kexin_upstream_retries_total{reason=\""
            + "connect-failure\",target=\"not-tls\",upstream=\"primary\"} 1.0");
      }
    }
  }

  @Test
  void a503WithRetryAfterIsRetriedAfterTheWait() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (ScriptedUpstream up = new ScriptedUpstream((head, body, out) -> {
          if (calls.incrementAndGet() == 1) {
            ScriptedUpstream.whole(out, 503, "retry-after: 1\r\ncontent-type: application/json\r\n",
                "{\"error\":{\"message\":\"busy\"}}".getBytes(US_ASCII));
          } else {
            ScriptedUpstream.json(out, 200, ANSWER);
          }
        });
        TestGateway gw = gateway(yaml(upstream("primary", "baseUrl: " + up.baseUrl(), ""), FAST_RETRY, ""))) {
      HttpResponse<String> r = gw.post("/v1/chat/completions", CHAT, "authorization", AUTH);

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("好的 fine").doesNotContain("busy");
      assertThat(up.requestHeads()).hasSize(2);
      assertThat(gw.metricsShowing("reason=\"503\"")).contains("kexin_upstream_retries_total{reason=\"503\"");
    }
  }

  @Test
  void aRetryAfterAboveTheMaximumGoesStraightToTheClient() throws Exception {
    try (ScriptedUpstream up = new ScriptedUpstream((head, body, out) ->
            ScriptedUpstream.whole(out, 429, "retry-after: 31\r\ncontent-type: application/json\r\n",
                "{\"error\":{\"message\":\"slow down 慢点\"}}".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        TestGateway gw = gateway(yaml(upstream("primary", "baseUrl: " + up.baseUrl(), ""),
            "retry: {attempts: 2, backoff: 10ms, maxRetryAfter: 30s}", ""))) {
      HttpResponse<String> r = gw.post("/v1/chat/completions", CHAT, "authorization", AUTH);

      assertThat(r.statusCode()).isEqualTo(429);
      assertThat(r.body()).contains("slow down 慢点");
      assertThat(r.headers().firstValue("retry-after")).hasValue("31");
      assertThat(up.requestHeads()).hasSize(1);
    }
  }

  @Test
  void aStalePooledConnectionIsRetriedAndTheClientNeverSeesIt() throws Exception {
    // The upstream answers and then closes the connection a moment later, without saying so: the next request on
    // the pooled connection meets the close before any answer.
    try (ScriptedUpstream up = new ScriptedUpstream((head, body, out) -> {
          ScriptedUpstream.json(out, 200, ANSWER);
          Thread.sleep(150);
          throw new IOException("idle close");
        });
        TestGateway gw = gateway(yaml(upstream("primary", "baseUrl: " + up.baseUrl(), ""), FAST_RETRY, ""))) {
      for (int i = 0; i < 3; i++) {
        HttpResponse<String> r = gw.post("/v1/chat/completions", CHAT, "authorization", AUTH);
        assertThat(r.statusCode()).isEqualTo(200);
        Thread.sleep(60);
      }
      assertThat(gw.metricsShowing("reason=\"reset-before-response\"")).contains("kexin_upstream_retries_total{"
          + "reason=\"reset-before-response\"");
    }
  }

  @Test
  void aTargetWithNoRoomForPendingRequestsPassesThemToAnother() throws Exception {
    try (ScriptedUpstream closed = new ScriptedUpstream((head, body, out) -> ScriptedUpstream.json(out, 200, ANSWER));
        ScriptedUpstream open = new ScriptedUpstream((head, body, out) -> ScriptedUpstream.json(out, 200, ANSWER));
        TestGateway gw = gateway(yaml(upstream("primary", """
            targets:
              - {baseUrl: '%s', name: closed, maxPendingRequests: 0}
              - {baseUrl: '%s', name: open, priority: 1}
            """.formatted(closed.baseUrl(), open.baseUrl()), ""), FAST_RETRY, ""))) {
      for (int i = 0; i < 3; i++) {
        assertThat(gw.post("/v1/chat/completions", CHAT, "authorization", AUTH).statusCode()).isEqualTo(200);
      }
      assertThat(closed.requestHeads()).isEmpty();
      assertThat(open.requestHeads()).hasSize(3);
      assertThat(gw.metricsShowing("max_pending_requests")).contains("kexin_upstream_overflow_total{limit=\""
          + "max_pending_requests\",target=\"closed\",upstream=\"primary\"}");
    }
  }

  // ---- ejection, failover, limits ----

  @Test
  void aTargetIsEjectedAfterConsecutiveFailuresAndReturnsAfterTheEjectionTime() throws Exception {
    try (ScriptedUpstream bad = new ScriptedUpstream((head, body, out) ->
            ScriptedUpstream.json(out, 500, "{\"error\":{\"message\":\"bad\"}}"));
        ScriptedUpstream good = new ScriptedUpstream((head, body, out) -> ScriptedUpstream.json(out, 200, ANSWER));
        TestGateway gw = gateway(yaml(upstream("primary", """
            targets:
              - {baseUrl: '%s', name: bad}
              - {baseUrl: '%s', name: good, priority: 1}
            """.formatted(bad.baseUrl(), good.baseUrl()),
            "outlierDetection: {consecutiveFailures: 2, baseEjectionTime: 2s, maxEjectionTime: 4s}"), FAST_RETRY,
            ""))) {
      assertThat(gw.post("/v1/chat/completions", CHAT, "authorization", AUTH).statusCode()).isEqualTo(500);
      assertThat(gw.post("/v1/chat/completions", CHAT, "authorization", AUTH).statusCode()).isEqualTo(500);
      // ejected: the lower priority serves
      assertThat(gw.post("/v1/chat/completions", CHAT, "authorization", AUTH).statusCode()).isEqualTo(200);
      assertThat(gw.metricsShowing("kexin_upstream_ejections_total{target=\"bad\",upstream=\"primary\"} 1.0"))
          .contains("kexin_upstream_target_healthy{target=\"bad\",upstream=\"primary\"} 0.0")
          .contains("kexin_upstream_target_healthy{target=\"good\",upstream=\"primary\"} 1.0");
      assertThat(bad.requestHeads()).hasSize(2);

      long deadline = System.nanoTime() + Duration.ofSeconds(8).toNanos();
      while (bad.requestHeads().size() < 3 && System.nanoTime() < deadline) {
        Thread.sleep(50);
        gw.post("/v1/chat/completions", CHAT, "authorization", AUTH);
      }
      assertThat(bad.requestHeads()).hasSize(3);
      String back = "kexin_upstream_target_healthy{target=\"bad\",upstream=\"primary\"} 1.0";
      assertThat(gw.metricsShowing(back)).contains(back);
    }
  }

  @Test
  void whenRetriesAreSpentTheFallbackUpstreamAnswersAndTheAuditLineSaysSo() throws Exception {
    Path audit = dir.resolve("audit.jsonl");
    try (ScriptedUpstream primary = new ScriptedUpstream((head, body, out) ->
            ScriptedUpstream.json(out, 503, "{\"error\":{\"message\":\"down\"}}"));
        ScriptedUpstream secondary = new ScriptedUpstream((head, body, out) -> ScriptedUpstream.json(out, 200, ANSWER));
        TestGateway gw = gateway(yaml(upstream("primary", "baseUrl: " + primary.baseUrl(), "")
            + upstream("secondary", "targets: [{baseUrl: '" + secondary.baseUrl() + "', name: backup-1}]", ""),
            "retry: {attempts: 1, backoff: 10ms, maxBackoff: 10ms}\nfallbacks: [secondary]",
            "audit: {sink: file, path: '" + audit + "'}"))) {
      HttpResponse<String> r = gw.post("/v1/chat/completions", CHAT, "authorization", AUTH, "x-request-id",
          "0af7651916cd43dd8448eb211c80319c");

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("好的 fine");
      assertThat(primary.requestHeads()).hasSize(2);
      assertThat(secondary.requestHeads()).hasSize(1);
      assertThat(secondary.requestHeads().get(0)).contains("Bearer " + TestGateway.REAL_KEY)
          .doesNotContain(TestGateway.CLIENT_KEY);
      assertThat(gw.metricsShowing("kexin_upstream_failovers_total")).contains(
          "kexin_upstream_failovers_total{from=\"primary\",route=\"main\",to=\"secondary\"} 1.0");
      String line = auditLine(audit);
      assertThat(line).contains("\"requestId\":\"0af7651916cd43dd8448eb211c80319c\"").contains("\"attempts\":3")
          .contains("\"upstream\":\"secondary\"").contains("\"target\":\"backup-1\"").contains("\"status\":200")
          .contains("\"reason\":\"503\"").doesNotContain("http://").doesNotContain(TestGateway.REAL_KEY);
    }
  }

  @Test
  void aFallbackToAzureCarriesOnlyItsOwnCredentialAndPath() throws Exception {
    try (ScriptedUpstream primary = new ScriptedUpstream((head, body, out) ->
            ScriptedUpstream.json(out, 502, "{\"error\":{\"message\":\"bad gateway\"}}"));
        ScriptedUpstream azure = new ScriptedUpstream((head, body, out) -> ScriptedUpstream.json(out, 200, ANSWER));
        TestGateway gw = gateway(yaml(upstream("primary", "baseUrl: " + primary.baseUrl(), ""), """
            retry: {attempts: 0}
            fallbacks: [azure]""", "").replace("routes:", """
              - name: azure
                baseUrl: %s
                provider: azure-openai
                apiKey: azure-secret-0123456789
                deployment: prod-4o
            routes:""".formatted(azure.baseUrl()).stripIndent()))) {
      HttpResponse<String> r = gw.post("/v1/chat/completions", CHAT, "authorization", AUTH);

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(primary.requestHeads()).hasSize(1);
      assertThat(primary.requestHeads().get(0)).contains("Bearer " + TestGateway.REAL_KEY);
      assertThat(azure.requestHeads().get(0))
          .startsWith("POST /openai/deployments/prod-4o/chat/completions?api-version=2024-10-21 HTTP/1.1")
          .contains("api-key: azure-secret-0123456789").doesNotContain(TestGateway.REAL_KEY)
          .doesNotContain(TestGateway.CLIENT_KEY).doesNotContainIgnoringCase("authorization:");
    }
  }

  @Test
  void whenEveryTargetIsEjectedTheFallbackTakesTheRequestAtOnce() throws Exception {
    try (ScriptedUpstream primary = new ScriptedUpstream((head, body, out) ->
            ScriptedUpstream.json(out, 500, "{\"error\":{\"message\":\"bad\"}}"));
        ScriptedUpstream secondary = new ScriptedUpstream((head, body, out) -> ScriptedUpstream.json(out, 200, ANSWER));
        TestGateway gw = gateway(yaml(upstream("primary", "baseUrl: " + primary.baseUrl(),
            "outlierDetection: {consecutiveFailures: 1, baseEjectionTime: 10s}")
            + upstream("secondary", "baseUrl: " + secondary.baseUrl(), ""),
            FAST_RETRY + "\nfallbacks: [secondary]", ""))) {
      assertThat(gw.post("/v1/chat/completions", CHAT, "authorization", AUTH).statusCode()).isEqualTo(500);
      assertThat(gw.post("/v1/chat/completions", CHAT, "authorization", AUTH).statusCode()).isEqualTo(200);

      assertThat(primary.requestHeads()).hasSize(1);
      assertThat(secondary.requestHeads()).hasSize(1);
    }
  }

  @Test
  void aTargetAtItsConnectionLimitAnswers503InTheCallersFormat() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch arrived = new CountDownLatch(1);
    try (ScriptedUpstream up = new ScriptedUpstream((head, body, out) -> {
          arrived.countDown();
          release.await(5, TimeUnit.SECONDS);
          ScriptedUpstream.json(out, 200, ANSWER);
        });
        TestGateway gw = gateway(yaml(upstream("primary", "targets: [{baseUrl: '" + up.baseUrl()
            + "', maxConnections: 1}]", "", "{connect: 500ms, firstByte: 5s, idle: 5s}"), FAST_RETRY, ""))) {
      var first = gw.http.sendAsync(HttpRequest.newBuilder(URI.create(gw.proxyUrl("/v1/chat/completions")))
          .header("authorization", AUTH).POST(HttpRequest.BodyPublishers.ofString(CHAT))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(arrived.await(5, TimeUnit.SECONDS)).isTrue();

      HttpResponse<String> second = gw.post("/v1/chat/completions", CHAT, "authorization", AUTH);
      release.countDown();

      assertThat(second.statusCode()).isEqualTo(503);
      assertThat(second.body()).contains("\"error\":{").contains("upstream_overloaded");
      assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      assertThat(up.requestHeads()).hasSize(1);
      assertThat(gw.metricsShowing("kexin_upstream_overflow_total")).contains("limit=\"max_connections\"");
    } finally {
      release.countDown();
    }
  }

  @Test
  void aFallbackOfAnotherSchemaIsRefusedAtLoad() {
    assertThatThrownBy(() -> gateway(yaml(upstream("primary", "baseUrl: http://127.0.0.1:1", "")
        + "- {name: claude, baseUrl: 'http://127.0.0.1:2', provider: anthropic}\n",
        "fallbacks: [claude]", "")))
        .hasMessageContaining("test.yaml:").hasMessageContaining("routes[0].fallbacks[0]: upstream 'claude' speaks"
            + " anthropic (expected: the API schema of 'primary', openai");
  }

  /** Returns the first upstream audit line, once the writer thread wrote it (within 5 s). */
  private static String auditLine(Path audit) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(audit)) {
        for (String l : Files.readAllLines(audit)) {
          if (l.contains("\"event\":\"upstream\"")) {
            return l;
          }
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no upstream audit line in " + audit);
  }

  /** Reads a streamed answer until its end or until the gateway cuts it; returns what arrived. */
  private static String readStreamUntilCut(TestGateway gw) throws Exception {
    HttpResponse<InputStream> r = gw.http.send(HttpRequest.newBuilder(URI.create(gw.proxyUrl(
            "/v1/chat/completions"))).header("authorization", AUTH).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(STREAM)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    StringBuilder seen = new StringBuilder();
    try (InputStream in = r.body()) {
      byte[] buf = new byte[4096];
      int n;
      while ((n = in.read(buf)) >= 0) {
        seen.append(new String(buf, 0, n, java.nio.charset.StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      // cut: what arrived before is the answer
    }
    return seen.toString();
  }
}
