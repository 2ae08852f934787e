package io.kexin.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Checks that streamed replies reach the client event by event, and that connections are pooled. */
class StreamingProxyTest {
  private static final String STREAM_REQUEST =
      "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"讲个故事\"}]}";

  @Test
  void theFirstEventReachesTheClientBeforeTheUpstreamFinishes() throws Exception {
    CountDownLatch clientSawFirst = new CountDownLatch(1);
    AtomicBoolean sawFirstBeforeEnd = new AtomicBoolean();
    String first = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"从前\"}}]}\n\n";
    String second = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"有座山\"}}]}\n\ndata: [DONE]\n\n";
    try (ScriptedUpstream up = new ScriptedUpstream((head, body, out) -> {
          ScriptedUpstream.sseHead(out);
          ScriptedUpstream.chunk(out, first);
          sawFirstBeforeEnd.set(clientSawFirst.await(10, TimeUnit.SECONDS));
          ScriptedUpstream.chunk(out, second);
          ScriptedUpstream.end(out);
        });
        TestGateway gateway = TestGateway.forUpstream("openai", up.baseUrl(), "")) {
      HttpResponse<InputStream> r = gateway.http.send(HttpRequest.newBuilder(
              URI.create(gateway.proxyUrl("/v1/chat/completions")))
          .header("authorization", "Bearer " + TestGateway.CLIENT_KEY)
          .POST(HttpRequest.BodyPublishers.ofString(STREAM_REQUEST)).timeout(Duration.ofSeconds(20)).build(),
          HttpResponse.BodyHandlers.ofInputStream());
      List<String> lines = new ArrayList<>();
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          lines.add(line);
          if (line.contains("从前")) {
            clientSawFirst.countDown();
          }
        }
      }

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("content-type")).hasValue("text/event-stream");
      assertThat(sawFirstBeforeEnd).isTrue();
      assertThat(String.join("\n", lines) + "\n").isEqualTo(first + second);
    }
  }

  @Test
  void keepAliveConnectionsToTheUpstreamAreReused() throws Exception {
    try (ScriptedUpstream up = new ScriptedUpstream((head, body, out) ->
            ScriptedUpstream.json(out, 200, "{\"object\":\"chat.completion\",\"choices\":[]}"));
        TestGateway gateway = TestGateway.forUpstream("openai", up.baseUrl(), "")) {
      for (int i = 0; i < 10; i++) {
        assertThat(gateway.post("/v1/chat/completions", "{\"model\":\"m\",\"messages\":[]}",
            "authorization", "Bearer " + TestGateway.CLIENT_KEY).statusCode()).isEqualTo(200);
      }

      assertThat(up.requestHeads()).hasSize(10);
      assertThat(up.connections()).isLessThanOrEqualTo(2);
    }
  }

  @Test
  void anUpstreamThatGoesSilentMidStreamIsCutAfterTheIdleTimeout() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (ScriptedUpstream up = new ScriptedUpstream((head, body, out) -> {
          ScriptedUpstream.sseHead(out);
          ScriptedUpstream.chunk(out, "data: {\"choices\":[]}\n\n");
          release.await(30, TimeUnit.SECONDS);
        });
        TestGateway gateway = TestGateway.forUpstream("openai", up.baseUrl(), "")) {
      HttpResponse<InputStream> r = gateway.http.send(HttpRequest.newBuilder(
              URI.create(gateway.proxyUrl("/v1/chat/completions")))
          .header("authorization", "Bearer " + TestGateway.CLIENT_KEY)
          .POST(HttpRequest.BodyPublishers.ofString(STREAM_REQUEST)).timeout(Duration.ofSeconds(20)).build(),
          HttpResponse.BodyHandlers.ofInputStream());
      byte[] received;
      boolean truncated = false;
      try (InputStream in = r.body()) {
        received = in.readAllBytes();
      } catch (java.io.IOException cut) {
        received = new byte[0];
        truncated = true;
      }
      release.countDown();

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(truncated || new String(received, StandardCharsets.UTF_8).equals("data: {\"choices\":[]}\n\n"))
          .isTrue();
      assertThat(gateway.get(gateway.adminUrl("/metrics")).body())
          .contains("kexin_upstream_errors_total{kind=\"idle\",upstream=\"up\"} 1.0");
    }
  }
}
