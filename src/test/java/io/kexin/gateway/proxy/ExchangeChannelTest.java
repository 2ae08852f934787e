package io.kexin.gateway.proxy;

import static io.kexin.gateway.proxy.ExchangeHarness.chat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kexin.gateway.proxy.ExchangeHarness.UpstreamChannel;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Drives the client handler, the exchange and every relay in embedded channels: the client side is the real
 * aggregator and handler, the upstream connection a pooled embedded channel with the real decoder and upstream
 * handler. Covers the answer kinds (raw, whole JSON, event stream, interim), the caps (stream slots 503, response
 * bound 502), the client going away at each stage, a client that stops reading (upstream reads stop until its
 * writes complete), upstream failures before and after the head, and the aggregator's own answers. The leak check
 * after this class fails it if any of these paths leaves a buffer unreleased.
 */
class ExchangeChannelTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CHAT = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"你好 hello\"}]}";
  private static final String COMPLETION = "{\"id\":\"c\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
      + "\"message\":{\"role\":\"assistant\",\"content\":\"好的 ok\"},\"finish_reason\":\"stop\"}]}";

  private static String event(String text) {
    return "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":"
        + "{\"content\":\"" + text + "\"},\"finish_reason\":null}]}\n\n";
  }

  /** Returns a delta long enough to pass the inspection's hold-back at once (it keeps the longest match's tail). */
  private static String longText(String mark) {
    return mark + " " + "lorem ipsum 你好世界 ".repeat(8);
  }

  private static ByteBuf utf8(String s) {
    return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
  }

  private static HttpResponse head(HttpResponseStatus status, String type, Integer length) {
    HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, status);
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
    if (length == null) {
      r.headers().set(HttpHeaderNames.TRANSFER_ENCODING, "chunked");
    } else {
      r.headers().set(HttpHeaderNames.CONTENT_LENGTH, length);
    }
    return r;
  }

  private static HttpContent piece(String s) {
    return new DefaultHttpContent(utf8(s));
  }

  private static LastHttpContent last(String s) {
    return new DefaultLastHttpContent(utf8(s));
  }

  /** Takes the request the exchange sent upstream, checks it and releases it. */
  private static void takeForwarded(UpstreamChannel up, String path) {
    FullHttpRequest sent = up.readOutbound();
    assertThat(sent).isNotNull();
    try {
      assertThat(sent.uri()).isEqualTo(path);
      assertThat(sent.headers().get(HttpHeaderNames.AUTHORIZATION)).isNull();
    } finally {
      sent.release();
    }
  }

  /** Returns the text of every body piece in {@code messages}. */
  private static String bodyOf(List<Object> messages) {
    StringBuilder b = new StringBuilder();
    for (Object m : messages) {
      if (m instanceof HttpContent c) {
        b.append(c.content().toString(StandardCharsets.UTF_8));
      }
    }
    return b.toString();
  }

  /** Checks that {@code messages} is one whole error answer of {@code status} in the OpenAI format. */
  private static JsonNode assertError(List<Object> messages, int status) throws IOException {
    assertThat(messages).hasSize(1);
    FullHttpResponse r = (FullHttpResponse) messages.get(0);
    assertThat(r.status().code()).isEqualTo(status);
    assertThat(r.headers().get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("application/json");
    JsonNode error = JSON.readTree(r.content().toString(StandardCharsets.UTF_8)).path("error");
    assertThat(error.path("message").asText()).isNotEmpty();
    return error;
  }

  @Test
  void aRawAnswerPassesPieceByPieceAndTheConnectionGoesBackToThePool() throws Exception {
    try (ExchangeHarness h = new ExchangeHarness("{}")) {
      UpstreamChannel up = h.pooledUpstream();
      h.client.writeInbound(chat(CHAT, true));
      takeForwarded(up, "/v1/chat/completions");

      byte[] body = COMPLETION.getBytes(StandardCharsets.UTF_8);
      up.writeInbound(head(HttpResponseStatus.OK, "application/json", body.length), piece(COMPLETION.substring(0, 10)));
      up.writeInbound(last(COMPLETION.substring(10)));

      h.received(got -> {
        assertThat(got).hasSize(3);
        assertThat(((HttpResponse) got.get(0)).status().code()).isEqualTo(200);
        assertThat(((HttpResponse) got.get(0)).headers().get(ClientHandler.REQUEST_ID)).startsWith("kx-");
        assertThat(got.get(2)).isInstanceOf(LastHttpContent.class);
        assertThat(bodyOf(got)).isEqualTo(COMPLETION);
      });
      assertThat(up.isOpen()).isTrue();
      assertThat(h.services.connector().idle(h.upstream(), h.client.eventLoop())).isSameAs(up);
      assertThat(h.services.drain().inflight()).isZero();
    }
  }

  @Test
  void headersTheUpstreamNamesOnAnyConnectionLineAreNotPassedOn() throws Exception {
    for (boolean raw : new boolean[] {true, false}) {
      try (ExchangeHarness h = new ExchangeHarness("{}")) {
        UpstreamChannel up = h.pooledUpstream();
        h.client.writeInbound(chat(CHAT, raw));
        takeForwarded(up, "/v1/chat/completions");

        byte[] body = COMPLETION.getBytes(StandardCharsets.UTF_8);
        HttpResponse head = head(HttpResponseStatus.OK, "application/json", body.length);
        head.headers().add(HttpHeaderNames.CONNECTION, "keep-alive").add("x-internal-a", "secret")
            .add("Connection", "X-Internal-A, x-internal-b").add("X-INTERNAL-B", "secret").add("x-kept", "1");
        up.writeInbound(head, last(COMPLETION));

        h.received(got -> {
          HttpResponse answer = (HttpResponse) got.get(0);
          assertThat(answer.headers().get("x-kept")).isEqualTo("1");
          assertThat(answer.headers().contains("x-internal-a")).as("raw: " + raw).isFalse();
          assertThat(answer.headers().contains("x-internal-b")).as("raw: " + raw).isFalse();
          assertThat(answer.headers().contains(HttpHeaderNames.CONNECTION)).isFalse();
        });
      }
    }
  }

  @Test
  void anInspectedJsonAnswerIsSentWholeWithItsLength() throws Exception {
    try (ExchangeHarness h = new ExchangeHarness("{}")) {
      UpstreamChannel up = h.pooledUpstream();
      h.client.writeInbound(chat(CHAT, false));
      takeForwarded(up, "/v1/chat/completions");

      up.writeInbound(head(HttpResponseStatus.OK, "application/json", null), piece(COMPLETION.substring(0, 7)));
      assertThat(h.received()).isEmpty();
      up.writeInbound(piece(COMPLETION.substring(7)), LastHttpContent.EMPTY_LAST_CONTENT);

      h.received(got -> {
        assertThat(got).hasSize(1);
        FullHttpResponse r = (FullHttpResponse) got.get(0);
        assertThat(r.status().code()).isEqualTo(200);
        assertThat(r.headers().getInt(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo(r.content().readableBytes());
        assertThat(r.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)).isFalse();
        assertThat(bodyOf(got)).isEqualTo(COMPLETION);
      });
    }
  }

  @Test
  void aRefusedAnswerNeverReachesTheClient() throws Exception {
    try (ExchangeHarness h = new ExchangeHarness("{}")) {
      UpstreamChannel up = h.pooledUpstream();
      h.client.writeInbound(chat(CHAT, false));
      takeForwarded(up, "/v1/chat/completions");

      String refused = COMPLETION.replace("好的 ok", "凤凰计划 is go");
      up.writeInbound(head(HttpResponseStatus.OK, "application/json", null), last(refused));

      h.received(got -> {
        assertThat(bodyOf(got)).doesNotContain("凤凰计划");
        assertThat(((HttpResponse) got.get(0)).status().code()).isGreaterThanOrEqualTo(400);
      });
    }
  }

  @Test
  void anAnswerOverTheBoundIs502AndTheUpstreamConnectionCloses() throws Exception {
    try (ExchangeHarness h = new ExchangeHarness("{maxResponseBytes: 64}")) {
      UpstreamChannel up = h.pooledUpstream();
      h.client.writeInbound(chat(CHAT, false));
      takeForwarded(up, "/v1/chat/completions");

      up.writeInbound(head(HttpResponseStatus.OK, "application/json", null), piece(COMPLETION.substring(0, 50)));
      up.writeInbound(piece(COMPLETION.substring(50)));

      h.received(got -> {
        assertThat(assertError(got, 502).path("code").asText()).isEqualTo("response_too_large");
      });
      assertThat(up.isOpen()).isFalse();
      assertThat(h.client.isOpen()).isTrue();
    }
  }

  @Test
  void anEventStreamIsRelayedEventByEventAndItsSlotGivenBack() throws Exception {
    try (ExchangeHarness h = new ExchangeHarness("{maxConcurrentStreams: 1}")) {
      UpstreamChannel up = h.pooledUpstream();
      h.client.writeInbound(chat(CHAT, false));
      takeForwarded(up, "/v1/chat/completions");

      up.writeInbound(head(HttpResponseStatus.OK, "text/event-stream", null), piece(event(longText("first"))));
      List<Object> first = h.received();
      try {
        assertThat(first.get(0)).isInstanceOf(HttpResponse.class);
        assertThat(bodyOf(first)).contains("first lorem ipsum 你好");
      } finally {
        ExchangeHarness.release(first);
      }
      assertThat(h.services.streams().tryAcquire()).as("the one slot is taken").isFalse();

      up.writeInbound(piece(event(" world")), last("data: [DONE]\n\n"));
      List<Object> rest = h.received();
      try {
        // The last character is held until the stream ends (a keyword could still continue it).
        assertThat(bodyOf(rest)).contains(" worl", "\"d\"", "[DONE]");
        assertThat(rest.get(rest.size() - 1)).isInstanceOf(LastHttpContent.class);
      } finally {
        ExchangeHarness.release(rest);
      }
      assertThat(h.services.streams().tryAcquire()).as("the slot is back").isTrue();
      h.services.streams().release();
    }
  }

  @Test
  void aStreamOverTheCapGets503AndTheUpstreamCloses() throws Exception {
    try (ExchangeHarness h = new ExchangeHarness("{maxConcurrentStreams: 1}")) {
      assertThat(h.services.streams().tryAcquire()).isTrue();
      UpstreamChannel up = h.pooledUpstream();
      h.client.writeInbound(chat(CHAT, false));
      takeForwarded(up, "/v1/chat/completions");

      up.writeInbound(head(HttpResponseStatus.OK, "text/event-stream", null), piece(event("hi")));

      h.received(got -> {
        assertThat(assertError(got, 503).path("type").asText()).isEqualTo("overloaded_error");
      });
      assertThat(up.isOpen()).isFalse();
      h.services.streams().release();
      assertThat(h.services.streams().tryAcquire()).as("the refused stream took no slot").isTrue();
      h.services.streams().release();
    }
  }

  @Test
  void interimAnswersAreDroppedAndTheFinalOneRelayed() throws Exception {
    try (ExchangeHarness h = new ExchangeHarness("{}")) {
      UpstreamChannel up = h.pooledUpstream();
      h.client.writeInbound(chat(CHAT, true));
      takeForwarded(up, "/v1/chat/completions");
      int reads = up.reads;

      up.writeInbound(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(103)),
          LastHttpContent.EMPTY_LAST_CONTENT);
      assertThat(h.received()).isEmpty();
      assertThat(up.reads).as("reading goes on after an interim answer").isGreaterThan(reads);
      up.writeInbound(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
      up.writeInbound(LastHttpContent.EMPTY_LAST_CONTENT);
      up.writeInbound(head(HttpResponseStatus.OK, "application/json", COMPLETION.getBytes(StandardCharsets.UTF_8)
          .length), last(COMPLETION));

      h.received(got -> {
        assertThat(((HttpResponse) got.get(0)).status().code()).isEqualTo(200);
        assertThat(bodyOf(got)).isEqualTo(COMPLETION);
      });
    }
  }

  @Test
  void theClientGoingAwayBeforeTheAnswerClosesTheUpstream() throws Exception {
    try (ExchangeHarness h = new ExchangeHarness("{}")) {
      UpstreamChannel up = h.pooledUpstream();
      h.client.writeInbound(chat(CHAT, false));
      takeForwarded(up, "/v1/chat/completions");

      h.client.close();

      assertThat(up.isOpen()).isFalse();
      assertThat(h.services.drain().inflight()).isZero();
      assertThat(new String(h.metrics.scrape(), StandardCharsets.UTF_8))
          .contains("kexin_requests_total{route=\"main\",status=\"499\"} 1.0");
    }
  }

  @Test
  void theClientGoingAwayMidBodyClosesTheUpstream() throws Exception {
    try (ExchangeHarness h = new ExchangeHarness("{}")) {
      UpstreamChannel up = h.pooledUpstream();
      h.client.writeInbound(chat(CHAT, true));
      takeForwarded(up, "/v1/chat/completions");
      up.writeInbound(head(HttpResponseStatus.OK, "application/json", 1000), piece("{\"id\":"));
      ExchangeHarness.release(h.received());

      h.client.close();

      assertThat(up.isOpen()).isFalse();
      assertThat(h.services.drain().inflight()).isZero();
    }
  }

  @Test
  void theClientGoingAwayMidStreamClosesTheUpstreamAndGivesTheSlotBack() throws Exception {
    try (ExchangeHarness h = new ExchangeHarness("{maxConcurrentStreams: 1}")) {
      UpstreamChannel up = h.pooledUpstream();
      h.client.writeInbound(chat(CHAT, false));
      takeForwarded(up, "/v1/chat/completions");
      up.writeInbound(head(HttpResponseStatus.OK, "text/event-stream", null), piece(event("a")));
      ExchangeHarness.release(h.received());

      h.client.close();

      assertThat(up.isOpen()).isFalse();
      assertThat(h.services.streams().tryAcquire()).isTrue();
      h.services.streams().release();
    }
  }

  @Test
  void aClientThatStopsReadingStopsUpstreamReadsUntilItsWritesComplete() throws Exception {
    try (ExchangeHarness h = new ExchangeHarness("{}")) {
      UpstreamChannel up = h.pooledUpstream();
      h.client.writeInbound(chat(CHAT, false));
      takeForwarded(up, "/v1/chat/completions");
      up.writeInbound(head(HttpResponseStatus.OK, "text/event-stream", null), piece(event(longText("a"))));
      ExchangeHarness.release(h.received());

      h.held.hold = true;
      int reads = up.reads;
      up.writeInbound(piece(event(longText("b"))));
      assertThat(up.reads).as("no upstream read while the client's socket holds the last write").isEqualTo(reads);
      assertThat(h.received()).isEmpty();

      h.held.release();
      assertThat(up.reads).as("the next read once the write reached the socket").isEqualTo(reads + 1);
      h.received(got -> {
        assertThat(bodyOf(got)).contains("b lorem");
      });
    }
  }

  @Test
  void aClientThatStopsReadingStopsUpstreamReadsOnARawAnswerToo() throws Exception {
    try (ExchangeHarness h = new ExchangeHarness("{}")) {
      UpstreamChannel up = h.pooledUpstream();
      h.client.writeInbound(chat(CHAT, true));
      takeForwarded(up, "/v1/chat/completions");
      h.held.hold = true;
      up.writeInbound(head(HttpResponseStatus.OK, "application/json", 2000));
      int reads = up.reads;

      up.writeInbound(piece("x".repeat(1000)));
      assertThat(up.reads).isEqualTo(reads);

      h.held.release();
      assertThat(up.reads).isEqualTo(reads + 1);
      up.writeInbound(last("y".repeat(1000)));
      h.received(got -> {
        assertThat(bodyOf(got)).hasSize(2000);
      });
    }
  }

  @Test
  void aWriteTheClientNeverTakesEndsTheExchangeAndClosesTheUpstream() throws Exception {
    try (ExchangeHarness h = new ExchangeHarness("{}")) {
      UpstreamChannel up = h.pooledUpstream();
      h.client.writeInbound(chat(CHAT, false));
      takeForwarded(up, "/v1/chat/completions");
      up.writeInbound(head(HttpResponseStatus.OK, "text/event-stream", null), piece(event(longText("a"))));
      ExchangeHarness.release(h.received());
      h.held.hold = true;
      up.writeInbound(piece(event(longText("b"))));

      h.held.fail();

      assertThat(up.isOpen()).isFalse();
      // A failed write closes a real socket; the handler then ends the exchange's bookkeeping, counted once.
      h.client.close();
      assertThat(h.services.drain().inflight()).isZero();
      assertThat(new String(h.metrics.scrape(), StandardCharsets.UTF_8))
          .contains("kexin_requests_total{route=\"main\",status=\"499\"} 1.0");
    }
  }

  @Test
  void anUpstreamSilentPastTheFirstByteTimeoutGets504() throws Exception {
    try (ExchangeHarness h = new ExchangeHarness("{}")) {
      UpstreamChannel up = h.pooledUpstream();
      h.client.writeInbound(chat(CHAT, false));
      takeForwarded(up, "/v1/chat/completions");

      h.client.advanceTimeBy(3, TimeUnit.SECONDS);
      h.client.runPendingTasks();

      h.received(got -> {
        assertThat(assertError(got, 504).path("code").asText()).isEqualTo("upstream_timeout");
      });
      assertThat(up.isOpen()).isFalse();
    }
  }

  @Test
  void anUpstreamThatClosesBeforeTheHeadGets502() throws Exception {
    try (ExchangeHarness h = new ExchangeHarness("{}")) {
      UpstreamChannel up = h.pooledUpstream();
      h.client.writeInbound(chat(CHAT, false));
      takeForwarded(up, "/v1/chat/completions");

      up.close();
      h.client.runPendingTasks();

      h.received(got -> {
        assertThat(assertError(got, 502).path("code").asText()).isEqualTo("upstream_error");
      });
    }
  }

  @Test
  void anUpstreamThatBreaksOffAStreamEndsItWithAnErrorEvent() throws Exception {
    try (ExchangeHarness h = new ExchangeHarness("{}")) {
      UpstreamChannel up = h.pooledUpstream();
      h.client.writeInbound(chat(CHAT, false));
      takeForwarded(up, "/v1/chat/completions");
      up.writeInbound(head(HttpResponseStatus.OK, "text/event-stream", null), piece(event("a")));
      ExchangeHarness.release(h.received());

      up.close();
      h.client.runPendingTasks();

      h.received(got -> {
        assertThat(bodyOf(got)).contains("error");
        assertThat(got.get(got.size() - 1)).isInstanceOf(LastHttpContent.class);
      });
      assertThat(h.client.isOpen()).as("a stream ended in the provider's own form leaves the client usable")
          .isTrue();
    }
  }

  @Test
  void anUnreachableUpstreamGets502() throws Exception {
    try (ExchangeHarness h = new ExchangeHarness("{}")) {
      // No pooled connection: the connector opens one, which cannot register on an embedded loop and fails.
      h.client.writeInbound(chat(CHAT, false));
      h.client.runPendingTasks();

      h.received(got -> {
        assertThat(assertError(got, 502).path("code").asText()).isEqualTo("upstream_unreachable");
      });
    }
  }

  @Test
  void pipelinedRequestsWaitAndAreAnsweredInOrderOnTheSameUpstreamConnection() throws Exception {
    try (ExchangeHarness h = new ExchangeHarness("{}")) {
      UpstreamChannel up = h.pooledUpstream();
      FullHttpRequest second = chat(CHAT, true);
      second.setUri("/v1/chat/completions?n=2");
      h.client.writeInbound(chat(CHAT, true), second);
      takeForwarded(up, "/v1/chat/completions");
      assertThat((Object) up.readOutbound()).as("the second waits for the first answer").isNull();

      byte[] body = COMPLETION.getBytes(StandardCharsets.UTF_8);
      up.writeInbound(head(HttpResponseStatus.OK, "application/json", body.length), last(COMPLETION));
      takeForwarded(up, "/v1/chat/completions?n=2");
      up.writeInbound(head(HttpResponseStatus.CREATED, "application/json", body.length), last(COMPLETION));

      h.received(got -> {
        assertThat(got).filteredOn(m -> m instanceof HttpResponse)
            .extracting(m -> ((HttpResponse) m).status().code()).containsExactly(200, 201);
      });
    }
  }

  @Test
  void aBodyOverTheBoundGets413InTheCallersFormatAndTheConnectionLingers() throws Exception {
    for (boolean expect : new boolean[] {false, true}) {
      try (ExchangeHarness h = new ExchangeHarness("{maxRequestBytes: 1024}")) {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/v1/messages");
        request.headers().set(HttpHeaderNames.HOST, "gw.local").set(HttpHeaderNames.CONTENT_LENGTH, 4096);
        if (expect) {
          request.headers().set(HttpHeaderNames.EXPECT, "100-continue");
        }
        h.client.writeInbound(request);
        if (!expect) {
          h.client.writeInbound(piece("x".repeat(2048)));
        }

        h.received(got -> {
          assertThat(got).hasSize(1);
          FullHttpResponse r = (FullHttpResponse) got.get(0);
          assertThat(r.status().code()).isEqualTo(413);
          JsonNode body = JSON.readTree(r.content().toString(StandardCharsets.UTF_8));
          assertThat(body.path("type").asText()).isEqualTo("error");
          assertThat(body.path("error").path("type").asText()).isEqualTo("request_too_large");
        });
        assertThat(h.client.pipeline().get("linger")).isNotNull();
        h.client.writeInbound(Unpooled.wrappedBuffer(new byte[100]));
      }
    }
  }

  @Test
  void anUnknownExpectationGets417InTheCallersFormat() throws Exception {
    try (ExchangeHarness h = new ExchangeHarness("{}")) {
      HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/v1/chat/completions");
      request.headers().set(HttpHeaderNames.HOST, "gw.local").set(HttpHeaderNames.CONTENT_LENGTH, 10)
          .set(HttpHeaderNames.EXPECT, "something-else");
      h.client.writeInbound(request);

      h.received(got -> {
        assertThat(assertError(got, 417).path("code").asText()).isEqualTo("expectation_failed");
      });
      assertThat(h.client.isOpen()).isFalse();
    }
  }
}
