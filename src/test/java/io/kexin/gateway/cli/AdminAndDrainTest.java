package io.kexin.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Checks the admin endpoints, that a drain lets a stream in flight finish while readiness fails, and that the listener
 * keeps accepting through the shutdown delay with readiness already failed.
 */
class AdminAndDrainTest {

  @Test
  void adminEndpointsAnswer() throws Exception {
    try (ScriptedUpstream up = new ScriptedUpstream((h, b, out) -> ScriptedUpstream.json(out, 200, "{}"));
        TestGateway gateway = TestGateway.forUpstream("openai", up.baseUrl(), "")) {
      assertThat(gateway.get(gateway.adminUrl("/healthz")).statusCode()).isEqualTo(200);
      assertThat(gateway.get(gateway.adminUrl("/readyz")).statusCode()).isEqualTo(200);
      assertThat(gateway.get(gateway.adminUrl("/version")).body()).contains("\"version\":\"test\"");
      assertThat(gateway.get(gateway.adminUrl("/nope")).statusCode()).isEqualTo(404);
      gateway.post("/v1/chat/completions", "{\"model\":\"m\",\"messages\":[]}", "authorization", "Bearer nope");
      String metrics = gateway.metricsShowing("kexin_requests_total{route=\"main\",status=\"401\"} 1.0");
      assertThat(metrics)
          .contains("kexin_requests_total{route=\"main\",status=\"401\"} 1.0")
          .contains("kexin_request_duration_seconds_bucket{route=\"main\",status=\"401\",le=\"0.001\"}")
          .contains("kexin_active_streams 0.0")
          .doesNotContain("nope");
    }
  }

  @Test
  void drainingFailsReadinessAndLetsTheStreamInFlightFinish() throws Exception {
    CountDownLatch streamStarted = new CountDownLatch(1);
    CountDownLatch finishStream = new CountDownLatch(1);
    try (ScriptedUpstream up = new ScriptedUpstream((h, b, out) -> {
          ScriptedUpstream.sseHead(out);
          ScriptedUpstream.chunk(out, "data: {\"n\":1}\n\n");
          streamStarted.countDown();
          finishStream.await(10, TimeUnit.SECONDS);
          ScriptedUpstream.chunk(out, "data: [DONE]\n\n");
          ScriptedUpstream.end(out);
        });
        TestGateway gateway = TestGateway.forUpstream("openai", up.baseUrl(), "limits: {shutdownGrace: 10s}")) {
      CompletableFuture<HttpResponse<String>> inFlight = gateway.http.sendAsync(HttpRequest.newBuilder(
              URI.create(gateway.proxyUrl("/v1/chat/completions")))
          .header("authorization", "Bearer " + TestGateway.CLIENT_KEY)
          .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m\",\"stream\":true,\"messages\":[]}"))
          .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(streamStarted.await(10, TimeUnit.SECONDS)).isTrue();

      CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(() -> {
        try {
          return gateway.runtime.drain();
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      });
      while (gateway.runtime.ready()) {
        Thread.onSpinWait();
      }
      assertThat(gateway.get(gateway.adminUrl("/readyz")).statusCode()).isEqualTo(503);
      assertThat(drained).isNotDone();
      finishStream.countDown();

      assertThat(drained.get(10, TimeUnit.SECONDS)).isTrue();
      HttpResponse<String> r = inFlight.get(10, TimeUnit.SECONDS);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("data: {\"n\":1}\n\ndata: [DONE]\n\n");
    }
  }

  @Test
  void readinessFailsFirstAndTheListenerAcceptsUntilTheShutdownDelayEnds() throws Exception {
    try (ScriptedUpstream up = new ScriptedUpstream((h, b, out) -> ScriptedUpstream.json(out, 200, "{}"));
        TestGateway gateway = TestGateway.forUpstream("openai", up.baseUrl(),
            "limits: {shutdownDelay: 60s, shutdownGrace: 10s}")) {
      CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(() -> {
        try {
          return gateway.runtime.drain();
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      });
      while (gateway.runtime.ready()) {
        Thread.onSpinWait();
      }
      assertThat(gateway.get(gateway.adminUrl("/readyz")).statusCode()).isEqualTo(503);
      // A client that has not yet heard of the failed readiness still gets its answer, on a new connection.
      HttpResponse<String> late = gateway.post("/v1/chat/completions", "{\"model\":\"m\",\"messages\":[]}",
          "authorization", "Bearer " + TestGateway.CLIENT_KEY);
      assertThat(late.statusCode()).isEqualTo(200);
      assertThat(drained).isNotDone();

      gateway.runtime.stopListening();
      assertThat(drained.get(10, TimeUnit.SECONDS)).isTrue();
      try (Socket s = new Socket()) {
        assertThatThrownBy(() -> s.connect(gateway.runtime.proxyAddress(), 2000))
            .isInstanceOf(IOException.class);
      }
    }
  }
}
