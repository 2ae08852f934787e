package io.kexin.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kexin.gateway.policy.PolicyLoader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drives streamed responses through the proxy with policies: release order, block with upstream close, redact. */
class StreamingPolicyProxyTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REQUEST =
      "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"你好\"}]}";

  @TempDir
  Path dir;

  private TestGateway gateway(String upstreamUrl) throws Exception {
    Files.writeString(dir.resolve("p.yaml"), """
        apiVersion: kexin.io/v1
        kind: Policy
        metadata: {name: p}
        rules:
          - id: keyword.codename
            detector: {keyword: {terms: [凤凰计划, project phoenix], wholeWord: true}}
            action: redact
            entity: CODENAME
          - id: keyword.secret-doc
            detector: {keyword: {terms: [绝密文件]}}
            action: block
        """);
    return new TestGateway(TestGateway.config("openai", upstreamUrl, "", "[p]"), new PolicyLoader().load(dir));
  }

  private static String chunk(String text) {
    return "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\""
        + text + "\"},\"finish_reason\":null}]}\n\n";
  }

  private static HttpResponse<InputStream> send(TestGateway gateway) throws Exception {
    return gateway.http.send(HttpRequest.newBuilder(URI.create(gateway.proxyUrl("/v1/chat/completions")))
        .header("authorization", "Bearer " + TestGateway.CLIENT_KEY)
        .POST(HttpRequest.BodyPublishers.ofString(REQUEST)).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofInputStream());
  }

  @Test
  void aCleanTokenIsReleasedWhileTheStreamGoesOn() throws Exception {
    CountDownLatch clientSawFirst = new CountDownLatch(1);
    AtomicBoolean releasedBeforeEnd = new AtomicBoolean();
    try (ScriptedUpstream up = new ScriptedUpstream((head, body, out) -> {
          ScriptedUpstream.sseHead(out);
          ScriptedUpstream.chunk(out, chunk("早上好。"));
          for (int i = 0; i < 40; i++) {
            ScriptedUpstream.chunk(out, chunk("今天天气很好。"));
          }
          releasedBeforeEnd.set(clientSawFirst.await(10, TimeUnit.SECONDS));
          ScriptedUpstream.chunk(out, chunk("再见") + "data: [DONE]\n\n");
          ScriptedUpstream.end(out);
        });
        TestGateway gateway = gateway(up.baseUrl())) {
      HttpResponse<InputStream> r = send(gateway);
      StringBuilder all = new StringBuilder();
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          all.append(line).append('\n');
          if (all.indexOf("早上") >= 0) {
            clientSawFirst.countDown();
          }
        }
      }

      assertThat(releasedBeforeEnd).isTrue();
      assertThat(text(all.toString())).contains("早上好。").endsWith("再见");
      assertThat(all.toString()).endsWith("data: [DONE]\n\n");
    }
  }

  @Test
  void theHeadReachesTheClientWhileEveryEventIsStillHeld() throws Exception {
    CountDownLatch clientSawHead = new CountDownLatch(1);
    AtomicBoolean headBeforeText = new AtomicBoolean();
    try (ScriptedUpstream up = new ScriptedUpstream((head, body, out) -> {
          ScriptedUpstream.sseHead(out);
          ScriptedUpstream.chunk(out, chunk("短"));
          headBeforeText.set(clientSawHead.await(10, TimeUnit.SECONDS));
          ScriptedUpstream.chunk(out, chunk("句。") + "data: [DONE]\n\n");
          ScriptedUpstream.end(out);
        });
        TestGateway gateway = gateway(up.baseUrl())) {
      HttpResponse<InputStream> r = send(gateway);
      clientSawHead.countDown();
      String body;
      try (InputStream in = r.body()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(headBeforeText).isTrue();
      assertThat(text(body)).isEqualTo("短句。");
      assertThat(body).endsWith("data: [DONE]\n\n");
    }
  }

  @Test
  void aBlockedStreamGetsTheErrorEventAndTheUpstreamIsClosed() throws Exception {
    AtomicBoolean upstreamCut = new AtomicBoolean();
    AtomicInteger sentAfterHit = new AtomicInteger();
    try (ScriptedUpstream up = new ScriptedUpstream((head, body, out) -> {
          ScriptedUpstream.sseHead(out);
          ScriptedUpstream.chunk(out, chunk("以下是绝密") + chunk("文件全文："));
          try {
            for (int i = 0; i < 200; i++) {
              Thread.sleep(20);
              ScriptedUpstream.chunk(out, chunk("第" + i + "段内容。"));
              sentAfterHit.incrementAndGet();
            }
          } catch (IOException closed) {
            upstreamCut.set(true);
          }
        });
        TestGateway gateway = gateway(up.baseUrl())) {
      HttpResponse<InputStream> r = send(gateway);
      String body;
      try (InputStream in = r.body()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(body).doesNotContain("绝密").doesNotContain("全文")
          .contains("\"code\":\"content_policy_violation\"").contains("keyword.secret-doc")
          .endsWith("data: [DONE]\n\n");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!upstreamCut.get() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(upstreamCut).as("the gateway closed the upstream connection").isTrue();
      assertThat(sentAfterHit.get()).isLessThan(200);
      assertThat(gateway.get(gateway.adminUrl("/metrics")).body()).contains(
          "kexin_policy_findings_total{action=\"block\",direction=\"response\",mode=\"enforce\",policy=\"p\","
              + "rule=\"keyword.secret-doc\"} 1.0");
    }
  }

  @Test
  void codeNamesSplitAcrossChunksAreRedactedInTheStream() throws Exception {
    try (ScriptedUpstream up = new ScriptedUpstream((head, body, out) -> {
          ScriptedUpstream.sseHead(out);
          for (String piece : new String[] {"关于凤", "凰", "计", "划和 Proj", "ect Pho", "enix 的进展"}) {
            ScriptedUpstream.chunk(out, chunk(piece));
          }
          ScriptedUpstream.chunk(out, "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
              + "\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
          ScriptedUpstream.end(out);
        });
        TestGateway gateway = gateway(up.baseUrl())) {
      HttpResponse<InputStream> r = send(gateway);
      String body;
      try (InputStream in = r.body()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      StringBuilder text = new StringBuilder();
      for (String line : body.split("\n")) {
        if (line.startsWith("data: {")) {
          text.append(new com.fasterxml.jackson.databind.ObjectMapper().readTree(line.substring(6))
              .path("choices").path(0).path("delta").path("content").asText(""));
        }
      }

      assertThat(text.toString()).isEqualTo("关于[REDACTED:CODENAME]和 [REDACTED:CODENAME] 的进展");
      assertThat(body).doesNotContain("Pho").doesNotContain("凰").endsWith("data: [DONE]\n\n");
    }
  }

  /** Returns the text of the chat deltas in an event stream, in order, whatever events carried it. */
  private static String text(String events) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (String line : events.split("\n")) {
      if (line.startsWith("data: {")) {
        sb.append(JSON.readTree(line.substring(6)).path("choices").path(0).path("delta").path("content").asText(""));
      }
    }
    return sb.toString();
  }

  private static String body(HttpResponse<InputStream> r) throws IOException {
    try (InputStream in = r.body()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void anUpstreamThatEndsWithoutDoneLeavesTheClientTheHeldTextThenAnErrorEvent() throws Exception {
    try (ScriptedUpstream up = new ScriptedUpstream((head, body, out) -> {
          ScriptedUpstream.sseHead(out);
          ScriptedUpstream.chunk(out, chunk("最后一句话"));
          ScriptedUpstream.end(out);
        });
        TestGateway gateway = gateway(up.baseUrl())) {
      String body = body(send(gateway));

      // Text that cannot be part of a match goes out at once; what is held comes out before the error.
      assertThat(text(body)).isEqualTo("最后一句话");
      assertThat(body).contains("ended the stream before its last event").endsWith("data: [DONE]\n\n");
      assertThat(body.lastIndexOf("\"content\"")).isLessThan(body.indexOf("\"error\""));
    }
  }

  @Test
  void anUpstreamThatBreaksOffMidStreamStillGivesTheClientAnErrorEvent() throws Exception {
    try (ScriptedUpstream up = new ScriptedUpstream((head, body, out) -> {
          ScriptedUpstream.sseHead(out);
          ScriptedUpstream.chunk(out, chunk("关于凤凰") + chunk("计划的进展"));
          throw new IOException("the upstream goes away");
        });
        TestGateway gateway = gateway(up.baseUrl())) {
      String body = body(send(gateway));

      assertThat(text(body)).isEqualTo("关于[REDACTED:CODENAME]的进展");
      assertThat(body).doesNotContain("凤凰").contains("\"type\":\"api_error\"").endsWith("data: [DONE]\n\n");
    }
  }

  @Test
  void refusalAndReasoningDeltasAndNullErrorsAreInspectedThroughTheProxy() throws Exception {
    try (ScriptedUpstream up = new ScriptedUpstream((head, body, out) -> {
          ScriptedUpstream.sseHead(out);
          // Interleaved, each text splitting its own value: the two texts meet at each switch with nothing across.
          String[][] pieces = {{"不谈凤", "想一想"}, {"凰计划", "凤凰计划。"}};
          for (String[] piece : pieces) {
            ScriptedUpstream.chunk(out, "data: {\"error\":null,\"choices\":[{\"index\":0,\"delta\":{\"refusal\":\""
                + piece[0] + "\"},\"finish_reason\":null}]}\n\n");
            ScriptedUpstream.chunk(out, "data: {\"choices\":[{\"index\":0,\"delta\":{\"reasoning\":\""
                + piece[1] + "\"},\"finish_reason\":null}]}\n\n");
          }
          ScriptedUpstream.chunk(out, "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}"
              + "\n\ndata: [DONE]\n\n");
          ScriptedUpstream.end(out);
        });
        TestGateway gateway = gateway(up.baseUrl())) {
      String body = body(send(gateway));

      assertThat(body).doesNotContain("凤").doesNotContain("凰").contains("[REDACTED:CODENAME]")
          .doesNotContain("\"error\":{").endsWith("data: [DONE]\n\n");
    }
  }
}
