package io.kexin.gateway.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kexin.gateway.cli.CompressedUpstreamTest.Api;
import io.kexin.gateway.config.GatewayConfig;
import io.kexin.gateway.inspect.Inspection;
import io.kexin.gateway.inspect.Verdict;
import io.kexin.gateway.metrics.GatewayMetrics;
import io.kexin.gateway.proxy.Drain;
import io.kexin.gateway.proxy.ProxyServer;
import io.kexin.gateway.proxy.Transport;
import io.kexin.gateway.route.Router;
import io.kexin.gateway.stream.SseEvent;
import io.kexin.gateway.tenant.VirtualKeys;
import io.netty.channel.EventLoopGroup;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Drives upstream errors (non-2xx) through a proxy whose inspection the test scripts: the body reaches the error
 * hooks whole and decoded, and the client gets what the verdict says, with the upstream's status.
 */
class UpstreamErrorInspectionTest {
  private static final String ECHO = "{\"error\":{\"type\":\"invalid_request_error\",  \"message\":\"you said: the"
      + " password is hunter2\"}}";

  private final List<String> seen = new CopyOnWriteArrayList<>();
  private volatile boolean active = true;
  private volatile Function<ObjectNode, Verdict> onJson = body -> Verdict.pass();
  private volatile Function<String, Verdict> onText = text -> Verdict.pass();
  private volatile Function<ObjectNode, Verdict> onResponse = body -> Verdict.pass();
  private ProxyServer server;
  private EventLoopGroup group;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /** Lets everything pass but the error hooks, which record what they saw and answer as the test set them. */
  private final class ScriptedInspection implements Inspection {
    @Override
    public boolean active() {
      return active;
    }

    @Override
    public Verdict request(ObjectNode body) {
      return Verdict.pass();
    }

    @Override
    public Verdict response(ObjectNode body) {
      return onResponse.apply(body);
    }

    @Override
    public Verdict errorResponse(ObjectNode body) {
      seen.add("json:" + body);
      return onJson.apply(body);
    }

    @Override
    public Verdict errorText(String text) {
      seen.add("text:" + text);
      return onText.apply(text);
    }

    @Override
    public List<SseEvent> streamEvent(SseEvent event) {
      return List.of(event);
    }

    @Override
    public List<SseEvent> streamEnd() {
      return List.of();
    }
  }

  private String start(Api api, String upstreamUrl, String extraYaml) throws Exception {
    GatewayConfig config = TestGateway.config(api.provider, upstreamUrl, extraYaml);
    Transport transport = Transport.best();
    group = transport.group(1);
    server = new ProxyServer(config.listeners().proxy(), config.limits(), Router.fromConfig(config),
        VirtualKeys.fromConfig(config), exchange -> new ScriptedInspection(), new GatewayMetrics(false), new Drain(),
        transport, group);
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

  private HttpResponse<String> send(String url, Api api) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).header(api.auth[0], api.auth[1])
        .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(api.request(false)))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static ScriptedUpstream upstream(int status, String type, byte[] body) throws Exception {
    return new ScriptedUpstream((head, b, out) -> ScriptedUpstream.whole(out, status,
        "content-type: " + type + "\r\n", body));
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void aRewrittenErrorKeepsItsStatusWithTheNewLength(Api api) throws Exception {
    onJson = body -> {
      ObjectNode copy = body.deepCopy();
      ((ObjectNode) copy.get("error")).put("message", "you said: the password is [REDACTED]");
      return new Verdict.Rewrite(copy);
    };
    try (ScriptedUpstream up = upstream(400, "application/json", ECHO.getBytes(UTF_8))) {
      HttpResponse<String> r = send(start(api, up.baseUrl(), ""), api);

      assertThat(seen).singleElement().asString().startsWith("json:").contains("hunter2");
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body()).isEqualTo("{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"you said: the"
          + " password is [REDACTED]\"}}");
      assertThat(r.headers().firstValueAsLong("content-length")).hasValue(r.body().getBytes(UTF_8).length);
    }
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void aRejectedErrorIsAnsweredInTheCallersFormat(Api api) throws Exception {
    onJson = body -> new Verdict.Reject(403, "permission_error", "content_policy_violation",
        "the upstream error repeats protected text");
    try (ScriptedUpstream up = upstream(422, "application/json; charset=utf-8", ECHO.getBytes(UTF_8))) {
      HttpResponse<String> r = send(start(api, up.baseUrl(), ""), api);

      assertThat(r.statusCode()).isEqualTo(403);
      api.assertError(r.body(), "content_policy_violation");
      assertThat(r.body()).contains("the upstream error repeats protected text").doesNotContain("hunter2");
    }
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void aPassedErrorKeepsItsBytesAndStatus(Api api) throws Exception {
    try (ScriptedUpstream up = upstream(429, "application/problem+json", ECHO.getBytes(UTF_8))) {
      HttpResponse<String> r = send(start(api, up.baseUrl(), ""), api);

      assertThat(seen).singleElement().asString().startsWith("json:");
      assertThat(r.statusCode()).isEqualTo(429);
      assertThat(r.body()).isEqualTo(ECHO);
    }
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void textAndInvalidJsonGoToTheTextHook(Api api) throws Exception {
    onText = text -> new Verdict.Reject(502, "api_error", "content_policy_violation", "blocked upstream error");
    List<String> types = List.of("text/plain", "application/json", "application/json", "text/html; charset=UTF-16");
    List<byte[]> bodies = List.of("echo: hunter2".getBytes(UTF_8), "{\"error\": hunter2".getBytes(UTF_8),
        "[\"hunter2\"]".getBytes(UTF_8), "<b>hunter2</b>".getBytes(java.nio.charset.StandardCharsets.UTF_16));
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    try (ScriptedUpstream up = new ScriptedUpstream((head, b, out) -> {
          int i = n.getAndIncrement();
          ScriptedUpstream.whole(out, 500, "content-type: " + types.get(i) + "\r\n", bodies.get(i));
        })) {
      String url = start(api, up.baseUrl(), "");
      for (String type : types) {
        HttpResponse<String> r = send(url, api);

        assertThat(r.statusCode()).as(type).isEqualTo(502);
        api.assertError(r.body(), "content_policy_violation");
        assertThat(r.body()).doesNotContain("hunter2");
      }
      assertThat(seen).containsExactly("text:echo: hunter2", "text:{\"error\": hunter2", "text:[\"hunter2\"]",
          "text:<b>hunter2</b>");
    }
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void aGzipErrorReachesTheHookDecoded(Api api) throws Exception {
    try (ScriptedUpstream up = new ScriptedUpstream((head, b, out) -> ScriptedUpstream.whole(out, 400,
        "content-type: application/json\r\ncontent-encoding: gzip\r\n",
        CompressedUpstreamTest.gzip(ECHO.getBytes(UTF_8))))) {
      HttpResponse<String> r = send(start(api, up.baseUrl(), ""), api);

      assertThat(seen).singleElement().asString().contains("hunter2");
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.headers().firstValue("content-encoding")).isEmpty();
      assertThat(r.body()).isEqualTo(ECHO);
    }
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void anErrorOverTheResponseBoundIsRefusedUnread(Api api) throws Exception {
    byte[] big = ("echo hunter2 " + "x".repeat(4000)).getBytes(UTF_8);
    try (ScriptedUpstream up = upstream(500, "text/plain", big)) {
      HttpResponse<String> r = send(start(api, up.baseUrl(), "limits: {maxResponseBytes: 1024}"), api);

      assertThat(r.statusCode()).isEqualTo(502);
      api.assertError(r.body(), "response_too_large");
      assertThat(r.body()).doesNotContain("hunter2");
      assertThat(seen).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void aFailingResponseInspectionIsTheGatewaysFaultNotTheUpstreams(Api api) throws Exception {
    onResponse = body -> {
      throw new IllegalStateException("inspection failed");
    };
    String answer = "{\"id\":\"x\",\"secret\":\"hunter2\"}";
    try (ScriptedUpstream up = upstream(200, "application/json", answer.getBytes(UTF_8))) {
      HttpResponse<String> r = send(start(api, up.baseUrl(), ""), api);

      assertThat(r.statusCode()).isEqualTo(500);
      api.assertError(r.body(), "inspection_error");
      assertThat(r.body()).doesNotContain("hunter2").doesNotContain("closed the connection");
    }
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void aFailingHookRefusesTheError(Api api) throws Exception {
    onJson = body -> {
      throw new IllegalStateException("hook failed");
    };
    try (ScriptedUpstream up = upstream(400, "application/json", ECHO.getBytes(UTF_8))) {
      HttpResponse<String> r = send(start(api, up.baseUrl(), ""), api);

      assertThat(r.statusCode()).isEqualTo(500);
      api.assertError(r.body(), "inspection_error");
      assertThat(r.body()).doesNotContain("hunter2");
    }
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void responsesWithoutABodyAndUninspectedRoutesPassUntouched(Api api) throws Exception {
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    try (ScriptedUpstream up = new ScriptedUpstream((head, b, out) -> {
          int i = n.getAndIncrement();
          if (i == 0) {
            out.write("HTTP/1.1 204 No Content\r\nx-upstream: yes\r\n\r\n".getBytes(UTF_8));
          } else {
            ScriptedUpstream.whole(out, 400, "content-type: application/json\r\n", ECHO.getBytes(UTF_8));
          }
        })) {
      String url = start(api, up.baseUrl(), "");
      HttpResponse<String> empty = send(url, api);
      active = false;
      HttpResponse<String> raw = send(url, api);

      assertThat(empty.statusCode()).isEqualTo(204);
      assertThat(empty.headers().firstValue("x-upstream")).hasValue("yes");
      assertThat(raw.statusCode()).isEqualTo(400);
      assertThat(raw.body()).isEqualTo(ECHO);
      assertThat(seen).isEmpty();
    }
  }
}
