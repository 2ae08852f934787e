package io.kexin.gateway.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kexin.gateway.cli.CompressedUpstreamTest.Api;
import io.kexin.gateway.config.GatewayConfig;
import io.kexin.gateway.inspect.Inspection;
import io.kexin.gateway.inspect.Verdict;
import io.kexin.gateway.metrics.GatewayMetrics;
import io.kexin.gateway.policy.Direction;
import io.kexin.gateway.proxy.Drain;
import io.kexin.gateway.proxy.ProxyServer;
import io.kexin.gateway.proxy.Transport;
import io.kexin.gateway.route.Router;
import io.kexin.gateway.stream.SseEvent;
import io.kexin.gateway.tenant.VirtualKeys;
import io.netty.channel.EventLoopGroup;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Drives the inspection path of a real proxy with an inspection the test scripts: large bodies are inspected off the
 * event loop (and a full pool answers 503), the buffer budget answers 503 before memory runs out and is given back
 * in full, and an inspection that throws goes as the policies' {@code onError} says, in both directions and in
 * streams.
 */
class InspectionPathTest {
  private static final String BIG = "x".repeat(40_000);

  private final List<String> threads = new CopyOnWriteArrayList<>();
  private final List<String> failures = new CopyOnWriteArrayList<>();
  private volatile Function<ObjectNode, Verdict> onRequest = body -> Verdict.pass();
  private volatile Function<ObjectNode, Verdict> onResponse = body -> Verdict.pass();
  private volatile Function<SseEvent, List<SseEvent>> onEvent = List::of;
  private volatile Verdict onFailure = new Verdict.Reject(500, "api_error", "inspection_error", "refused");
  private final GatewayMetrics metrics = new GatewayMetrics(false);
  private ProxyServer server;
  private EventLoopGroup group;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /** Records the thread each hook runs on, and answers as the test set it. */
  private final class ScriptedInspection implements Inspection {
    @Override
    public Verdict request(ObjectNode body) {
      threads.add("request " + Thread.currentThread().getName());
      return onRequest.apply(body);
    }

    @Override
    public Verdict response(ObjectNode body) {
      threads.add("response " + Thread.currentThread().getName());
      return onResponse.apply(body);
    }

    @Override
    public List<SseEvent> streamEvent(SseEvent event) {
      return onEvent.apply(event);
    }

    @Override
    public List<SseEvent> streamEnd() {
      return List.of();
    }

    @Override
    public Verdict failed(Direction direction, Throwable cause) {
      failures.add(direction.label() + " " + cause.getClass().getSimpleName());
      return onFailure;
    }
  }

  private String start(Api api, String upstreamUrl, String limits) throws Exception {
    GatewayConfig config = TestGateway.config(api.provider, upstreamUrl, "limits: {" + limits + "}", "[scripted]");
    Transport transport = Transport.best();
    group = transport.group(1);
    server = new ProxyServer(config.listeners().proxy(), config.limits(), Router.fromConfig(config),
        VirtualKeys.fromConfig(config), exchange -> new ScriptedInspection(), metrics, new Drain(), transport, group);
    return "http://127.0.0.1:" + server.start().getPort() + api.path;
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (group != null) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }

  private static String request(Api api, String text) {
    return api.request(false).replace("\"hi\"", "\"" + text + "\"");
  }

  private HttpResponse<String> send(String url, Api api, String body) throws Exception {
    return sendAsync(url, api, body).get(20, TimeUnit.SECONDS);
  }

  private CompletableFuture<HttpResponse<String>> sendAsync(String url, Api api, String body) {
    return http.sendAsync(HttpRequest.newBuilder(URI.create(url)).header(api.auth[0], api.auth[1])
        .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private String scrape() {
    return new String(metrics.scrape(), UTF_8);
  }

  private static ScriptedUpstream echoing(Api api, List<String> seen) throws Exception {
    return new ScriptedUpstream((head, body, out) -> {
      seen.add(new String(body, UTF_8));
      ScriptedUpstream.json(out, 200, api.answer("ok 好的"));
    });
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void aLargeRequestIsInspectedOffTheEventLoopAndASmallOneOnIt(Api api) throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    try (ScriptedUpstream up = echoing(api, seen)) {
      String url = start(api, up.baseUrl(), "offloadInspectionBytes: 16384");

      assertThat(send(url, api, request(api, "small 小")).statusCode()).isEqualTo(200);
      assertThat(send(url, api, request(api, BIG + " 大")).statusCode()).isEqualTo(200);

      assertThat(threads).hasSize(4);
      assertThat(threads.get(0)).startsWith("request ").doesNotContain("kexin-inspect");
      assertThat(threads.get(2)).startsWith("request kexin-inspect");
      assertThat(seen).hasSize(2);
      assertThat(seen.get(1)).contains(BIG + " 大");
      assertThat(scrape()).contains("kexin_inspection_offloads_total{direction=\"request\",result=\"run\"} 1.0");
    }
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void aLargeRequestTheInspectionRefusesNeverGoesUpstream(Api api) throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    onRequest = body -> new Verdict.Reject(400, "invalid_request_error", "content_policy_violation", "blocked 已拦截");
    try (ScriptedUpstream up = echoing(api, seen)) {
      String url = start(api, up.baseUrl(), "offloadInspectionBytes: 16384");

      HttpResponse<String> r = send(url, api, request(api, BIG));

      assertThat(r.statusCode()).isEqualTo(400);
      api.assertError(r.body(), "content_policy_violation");
      assertThat(seen).isEmpty();
      // the connection serves the next request
      assertThat(send(url, api, request(api, "next")).statusCode()).isEqualTo(400);
    }
  }

  @Test
  void aFullInspectionPoolAnswers503AndTheWaitingRequestsGoOn() throws Exception {
    Api api = Api.OPENAI;
    CountDownLatch inspecting = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    onRequest = held(inspecting, release);
    List<String> seen = new CopyOnWriteArrayList<>();
    try (ScriptedUpstream up = echoing(api, seen)) {
      String url = start(api, up.baseUrl(), "offloadInspectionBytes: 16384, inspectionThreads: 1, inspectionQueue: 1");
      CompletableFuture<HttpResponse<String>> first = sendAsync(url, api, request(api, BIG));
      assertThat(inspecting.await(10, TimeUnit.SECONDS)).isTrue();
      CompletableFuture<HttpResponse<String>> second = sendAsync(url, api, request(api, BIG));
      // the second waits in the queue; the third finds the pool full
      waitFor(() -> scrape().contains("kexin_inspection_offloads_total{direction=\"request\",result=\"run\"} 2.0"));
      HttpResponse<String> third = send(url, api, request(api, BIG));
      release.countDown();

      assertThat(third).isNotNull();
      api.assertError(third.body(), "gateway_overloaded");
      assertThat(first.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      assertThat(second.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      assertThat(scrape()).contains("kexin_inspection_offloads_total{direction=\"request\",result=\"rejected\"}");
    }
  }

  @Test
  void aClientThatLeavesWhileItsRequestIsInspectedLeavesNothingBehind() throws Exception {
    Api api = Api.ANTHROPIC;
    CountDownLatch inspecting = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    onRequest = held(inspecting, release);
    List<String> seen = new CopyOnWriteArrayList<>();
    try (ScriptedUpstream up = echoing(api, seen)) {
      String url = start(api, up.baseUrl(), "offloadInspectionBytes: 16384");
      int port = URI.create(url).getPort();
      byte[] body = request(api, BIG).getBytes(UTF_8);
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
        s.getOutputStream().write(("POST " + api.path + " HTTP/1.1\r\nhost: x\r\n" + api.auth[0] + ": " + api.auth[1]
            + "\r\ncontent-type: application/json\r\ncontent-length: " + body.length + "\r\n\r\n").getBytes(UTF_8));
        s.getOutputStream().write(body);
        s.getOutputStream().flush();
        assertThat(inspecting.await(10, TimeUnit.SECONDS)).isTrue();
      }
      Thread.sleep(100); // the gateway sees the close while the inspection still runs
      release.countDown();
      onRequest = b -> Verdict.pass();

      assertThat(send(url, api, request(api, "after 之后")).statusCode()).isEqualTo(200);
      assertThat(seen).hasSize(1).allMatch(s -> s.contains("after 之后"));
      waitFor(() -> scrape().contains("kexin_inflight_requests 0.0") && scrape().contains("kexin_buffered_bytes 0.0"));
    }
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void aLargeResponseIsInspectedOffTheEventLoopEvenWhenTheUpstreamClosesAtOnce(Api api) throws Exception {
    String answer = api.answer(BIG + " 回答");
    onResponse = body -> {
      try {
        Thread.sleep(200); // the upstream closes its connection meanwhile
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return Verdict.pass();
    };
    try (ScriptedUpstream up = new ScriptedUpstream((head, body, out) -> {
      byte[] bytes = answer.getBytes(UTF_8);
      out.write(("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\ncontent-length: "
          + bytes.length + "\r\n\r\n").getBytes(UTF_8));
      out.write(bytes);
      out.flush();
      throw new java.io.IOException("close"); // ends the upstream connection right after the answer
    })) {
      String url = start(api, up.baseUrl(), "offloadInspectionBytes: 16384");

      HttpResponse<String> r = send(url, api, request(api, "hi"));

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo(answer);
      assertThat(threads).anyMatch(t -> t.startsWith("response kexin-inspect"));
    }
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void theBufferBudgetRefusesARequestWith503AndIsGivenBackInFull(Api api) throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    try (ScriptedUpstream up = echoing(api, seen)) {
      String url = start(api, up.baseUrl(), "maxBufferedBytes: 60000");

      HttpResponse<String> refused = send(url, api, request(api, BIG + BIG));
      HttpResponse<String> fits = send(url, api, request(api, BIG));

      assertThat(refused.statusCode()).isEqualTo(503);
      api.assertError(refused.body(), "gateway_overloaded");
      assertThat(fits.statusCode()).isEqualTo(200);
      assertThat(seen).hasSize(1);
      assertThat(scrape()).contains("kexin_memory_refusals_total{kind=\"request_budget\"} 1.0")
          .contains("kexin_buffered_bytes_limit 60000.0");
      waitFor(() -> scrape().contains("kexin_buffered_bytes 0.0"));
    }
  }

  @Test
  void stalledBodiesHoldTheBudgetUntilTheirClientsLeave() throws Exception {
    Api api = Api.OPENAI;
    List<String> seen = new CopyOnWriteArrayList<>();
    try (ScriptedUpstream up = echoing(api, seen)) {
      String url = start(api, up.baseUrl(), "maxBufferedBytes: 100000, clientRequestTimeout: 30s");
      int port = URI.create(url).getPort();
      List<Socket> stalled = new ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
          stalled.add(s);
          OutputStream out = s.getOutputStream();
          out.write(("POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\nauthorization: " + api.auth[1]
              + "\r\ncontent-type: application/json\r\ncontent-length: 90000\r\n\r\n").getBytes(UTF_8));
          out.write(new byte[40_000]);
          out.flush();
        }
        // Two stalled halves fit, the third does not: it gets 503 and its connection closes.
        Socket third = stalled.get(2);
        third.setSoTimeout(10_000);
        String answer = new String(third.getInputStream().readAllBytes(), UTF_8);
        assertThat(answer).startsWith("HTTP/1.1 503").contains("gateway_overloaded");
        waitFor(() -> scrape().contains("kexin_buffered_bytes 80000.0"));
      } finally {
        for (Socket s : stalled) {
          s.close();
        }
      }
      waitFor(() -> scrape().contains("kexin_buffered_bytes 0.0"));
      assertThat(send(url, api, request(api, BIG)).statusCode()).isEqualTo(200);
    }
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void theBufferBudgetRefusesAResponseWith503(Api api) throws Exception {
    try (ScriptedUpstream up = new ScriptedUpstream((head, body, out) ->
        ScriptedUpstream.json(out, 200, api.answer(BIG + BIG)))) {
      String url = start(api, up.baseUrl(), "maxBufferedBytes: 60000");

      HttpResponse<String> r = send(url, api, request(api, "hi"));

      assertThat(r.statusCode()).isEqualTo(503);
      api.assertError(r.body(), "gateway_overloaded");
      assertThat(scrape()).contains("kexin_memory_refusals_total{kind=\"response_budget\"} 1.0");
      waitFor(() -> scrape().contains("kexin_buffered_bytes 0.0"));
    }
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void aFailedRequestInspectionIsRefusedOrPassedAsOnErrorSays(Api api) throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    onRequest = body -> {
      throw new IllegalStateException("detector bug");
    };
    try (ScriptedUpstream up = echoing(api, seen)) {
      String url = start(api, up.baseUrl(), "");

      HttpResponse<String> blocked = send(url, api, request(api, "small 小"));
      HttpResponse<String> blockedLarge = send(url, api, request(api, BIG));
      onFailure = Verdict.pass();
      HttpResponse<String> allowed = send(url, api, request(api, "passes 通过"));

      assertThat(blocked.statusCode()).isEqualTo(500);
      api.assertError(blocked.body(), "inspection_error");
      assertThat(blockedLarge.statusCode()).isEqualTo(500);
      assertThat(allowed.statusCode()).isEqualTo(200);
      assertThat(seen).hasSize(1).allMatch(s -> s.contains("passes 通过"));
      assertThat(failures).containsExactly("request IllegalStateException", "request IllegalStateException",
          "request IllegalStateException");
    }
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void aFailedResponseInspectionIsRefusedOrPassedAsOnErrorSays(Api api) throws Exception {
    onResponse = body -> {
      throw new IllegalStateException("detector bug");
    };
    String answer = api.answer("the answer 答案");
    try (ScriptedUpstream up = new ScriptedUpstream((head, body, out) -> ScriptedUpstream.json(out, 200, answer))) {
      String url = start(api, up.baseUrl(), "");

      HttpResponse<String> blocked = send(url, api, request(api, "hi"));
      onFailure = Verdict.pass();
      HttpResponse<String> allowed = send(url, api, request(api, "hi"));

      assertThat(blocked.statusCode()).isEqualTo(500);
      api.assertError(blocked.body(), "inspection_error");
      assertThat(blocked.body()).doesNotContain("答案");
      assertThat(allowed.statusCode()).isEqualTo(200);
      assertThat(allowed.body()).isEqualTo(answer);
      assertThat(failures).containsExactly("response IllegalStateException", "response IllegalStateException");
    }
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void aStreamWhoseInspectionFailsIsCutOrPassesOnAsOnErrorSays(Api api) throws Exception {
    List<String> tokens = List.of("one 一", "two 二", "three 三", "four 四");
    onEvent = event -> {
      if (event.data().contains("two 二")) {
        throw new IllegalStateException("detector bug");
      }
      return List.of(event);
    };
    try (ScriptedUpstream up = new ScriptedUpstream((head, body, out) -> {
      ScriptedUpstream.sseHead(out);
      for (String e : api.events(tokens)) {
        ScriptedUpstream.chunk(out, e);
      }
      ScriptedUpstream.end(out);
    })) {
      String url = start(api, up.baseUrl(), "");
      String streamed = api.request(true);

      String cut = bodyOrCut(url, api, streamed);
      onFailure = Verdict.pass();
      HttpResponse<String> passed = send(url, api, streamed);

      assertThat(cut).contains("one 一").doesNotContain("two 二").doesNotContain("three 三");
      assertThat(passed.statusCode()).isEqualTo(200);
      assertThat(passed.body()).contains("one 一", "two 二", "three 三", "four 四");
      assertThat(failures).containsExactly("response IllegalStateException", "response IllegalStateException");
    }
  }

  /** Reads a streamed answer on a raw socket up to its end or its cut, so a cut stream's first events are seen. */
  private static String bodyOrCut(String url, Api api, String body) throws Exception {
    URI uri = URI.create(url);
    byte[] bytes = body.getBytes(UTF_8);
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), uri.getPort())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(("POST " + uri.getPath() + " HTTP/1.1\r\nhost: x\r\nconnection: close\r\n"
          + api.auth[0] + ": " + api.auth[1] + "\r\ncontent-type: application/json\r\ncontent-length: " + bytes.length
          + "\r\n\r\n").getBytes(UTF_8));
      s.getOutputStream().write(bytes);
      s.getOutputStream().flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), UTF_8);
    }
  }

  /** Returns a request hook that says it started, then passes once {@code release} opens. */
  private static Function<ObjectNode, Verdict> held(CountDownLatch inspecting, CountDownLatch release) {
    return body -> {
      inspecting.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return Verdict.pass();
    };
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
    for (int i = 0; i < 200 && !condition.getAsBoolean(); i++) {
      Thread.sleep(25);
    }
    assertThat(condition.getAsBoolean()).isTrue();
  }
}
