package io.kexin.gateway.proxy;

import io.kexin.gateway.inspect.Inspection;
import io.kexin.gateway.provider.Endpoint;
import io.kexin.gateway.route.Route;
import io.kexin.gateway.route.Upstream;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * Carries one request from the client to the upstream and the response back: takes an idle upstream connection
 * or opens one, enforces the first-byte and idle timeouts, picks the relay for the response, and releases
 * everything exactly once. Runs on the client connection's event loop only.
 */
final class ProxyExchange {
  private static final AsciiString[] NO_SKIP = {};
  private static final AsciiString[] SKIP_LENGTH = {HttpHeaderNames.CONTENT_LENGTH};

  private final ClientHandler owner;
  private final ChannelHandlerContext client;
  private final ProxyServices services;
  private final Route route;
  private final ApiFormat api;
  private final Endpoint endpoint;
  private final String requestId;
  private final Inspection inspection;
  private final boolean keepAlive;
  private final long startNanos;
  private Channel upstream;
  private ScheduledFuture<?> firstByteTimer;
  private long sentNanos;
  private ResponseRelay relay;
  private boolean finished;

  ProxyExchange(ClientHandler owner, ChannelHandlerContext client, ProxyServices services, Route route,
      ApiFormat api, Endpoint endpoint, String requestId, Inspection inspection,
      boolean keepAlive, long startNanos) {
    this.endpoint = endpoint;
    this.owner = owner;
    this.client = client;
    this.services = services;
    this.route = route;
    this.api = api;
    this.requestId = requestId;
    this.inspection = inspection;
    this.keepAlive = keepAlive;
    this.startNanos = startNanos;
  }

  /** Sends {@code request} upstream on an idle or a new connection; takes ownership of it. */
  void start(FullHttpRequest request) {
    Upstream target = route.upstream();
    EventLoop loop = client.channel().eventLoop();
    Channel idle = services.connector().idle(target, loop);
    if (idle != null) {
      send(idle, request);
      return;
    }
    ChannelFuture connecting = services.connector().connect(target, loop);
    connecting.addListener(f -> onConnected(connecting, request));
  }

  private void onConnected(ChannelFuture connecting, FullHttpRequest request) {
    Upstream target = route.upstream();
    if (!connecting.isSuccess()) {
      request.release();
      services.metrics().upstreamFailed(target.name(), "connect");
      failBeforeHead(GatewayError.badGateway("upstream_unreachable",
          "upstream '" + target.name() + "' is unreachable: " + describe(connecting.cause())));
      return;
    }
    Channel ch = connecting.channel();
    if (finished) {
      request.release();
      services.connector().release(target, ch);
      return;
    }
    send(ch, request);
  }

  private void send(Channel ch, FullHttpRequest request) {
    Upstream target = route.upstream();
    upstream = ch;
    ch.pipeline().get(UpstreamHandler.class).bind(this);
    ch.pipeline().get(UpstreamDecoder.class).decodeNext(inspection.active());
    sentNanos = System.nanoTime();
    firstByteTimer = client.executor().schedule(this::onFirstByteTimeout,
        target.timeouts().firstByte().toMillis(), TimeUnit.MILLISECONDS);
    // A failed write reaches UpstreamHandler.exceptionCaught, which ends the exchange: no listener needed.
    ch.writeAndFlush(request, ch.voidPromise());
    ch.read();
  }

  void onResponseHead(HttpResponse response) {
    if (finished) {
      return;
    }
    cancelTimer();
    services.metrics().upstreamResponded(route.upstream().name(), System.nanoTime() - sentNanos);
    relay = ResponseRelay.choose(this, response);
    relay.head(response);
    readUpstream();
  }

  void onResponseContent(HttpContent content) {
    if (finished || relay == null) {
      content.release();
      return;
    }
    boolean last = content instanceof LastHttpContent;
    relay.content(content);
    if (last && !finished) {
      relay.end();
    }
  }

  void onUpstreamReadComplete() {
    if (!finished && relay != null) {
      relay.readComplete();
    }
  }

  void onUpstreamIdle() {
    if (finished || relay == null || relay.bodyComplete()) {
      return;
    }
    services.metrics().upstreamFailed(route.upstream().name(), "idle");
    String message = "upstream '" + route.upstream().name() + "' sent nothing for "
        + route.upstream().timeouts().idle().toMillis() + " ms";
    if (relay.headSent()) {
      abortAfterHead();
    } else {
      failBeforeHead(GatewayError.gatewayTimeout(message));
    }
  }

  void onUpstreamClosed(Throwable cause) {
    if (finished || relay != null && relay.bodyComplete()) {
      return;
    }
    if (cause instanceof UndecodableBodyException undecodable) {
      services.metrics().upstreamFailed(route.upstream().name(), "undecodable");
      if (relay == null || !relay.headSent()) {
        failBeforeHead(GatewayError.badGateway("undecodable_response", undecodable.getMessage()));
      } else {
        abortAfterHead();
      }
      return;
    }
    services.metrics().upstreamFailed(route.upstream().name(), "reset");
    if (relay == null || !relay.headSent()) {
      failBeforeHead(GatewayError.badGateway("upstream_error", "upstream '" + route.upstream().name()
          + "' closed the connection before answering" + (cause == null ? "" : ": " + describe(cause))));
    } else {
      abortAfterHead();
    }
  }

  /** Stops everything because the client went away; the upstream connection is closed so generation stops. */
  void clientGone() {
    cutShort(499);
  }

  private void onFirstByteTimeout() {
    if (finished || relay != null) {
      return;
    }
    services.metrics().upstreamFailed(route.upstream().name(), "timeout");
    failBeforeHead(GatewayError.gatewayTimeout("upstream '" + route.upstream().name() + "' did not answer within "
        + route.upstream().timeouts().firstByte().toMillis() + " ms"));
  }

  // ---- called by relays ----

  ChannelHandlerContext client() {
    return client;
  }

  Inspection inspection() {
    return inspection;
  }

  ProxyServices services() {
    return services;
  }

  ApiFormat api() {
    return api;
  }

  boolean finished() {
    return finished;
  }

  /** Says whether this exchange's endpoint answers with no text to inspect (the models list). */
  boolean endpointHasNoBody() {
    return endpoint == Endpoint.MODELS;
  }

  /** Asks the upstream for more bytes; called once the previous ones reached the client's socket. */
  void readUpstream() {
    if (!finished && upstream != null) {
      upstream.read();
    }
  }

  /** Returns the head to send to the client for an upstream head, keeping Content-Length only when asked. */
  HttpResponse clientHead(HttpResponse upstreamHead, boolean keepLength) {
    HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, upstreamHead.status());
    HopByHop.copy(upstreamHead.headers(), head.headers(), keepLength ? NO_SKIP : SKIP_LENGTH);
    if (!keepLength || !head.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
      head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    }
    decorate(head);
    return head;
  }

  /**
   * Turns the upstream head into the client's head in place, as {@link #clientHead} with {@code keepLength} would
   * copy it, without building a second header table; the upstream head must not be read afterwards.
   */
  HttpResponse forwardHead(HttpResponse upstreamHead) {
    upstreamHead.setProtocolVersion(HttpVersion.HTTP_1_1);
    HopByHop.strip(upstreamHead.headers(), NO_SKIP);
    if (!upstreamHead.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
      upstreamHead.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    }
    decorate(upstreamHead);
    return upstreamHead;
  }

  /** Adds the request id and the connection header the client should see. */
  void decorate(HttpResponse head) {
    head.headers().set(ClientHandler.REQUEST_ID, requestId);
    if (!keepAlive) {
      head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
  }

  /** Completes the exchange after the last byte went to the client. */
  void finish(int status, boolean upstreamReusable) {
    if (finished) {
      return;
    }
    finished = true;
    releaseUpstream(upstreamReusable);
    services.metrics().requestCompleted(route.name(), status, System.nanoTime() - startNanos);
    owner.exchangeDone(keepAlive);
  }

  /** Answers the client with a gateway error, since nothing of the response has been sent yet. */
  void failBeforeHead(GatewayError error) {
    if (cutShort(error.status().code())) {
      owner.sendError(client, api, error, requestId, keepAlive);
      owner.exchangeDone(keepAlive);
    }
  }

  /**
   * Cuts a response that has already started. A relay that could end it in the provider's own form (an error event,
   * then the end of the body) leaves the client connection usable; otherwise it closes, so the client sees the
   * response truncated.
   */
  void abortAfterHead() {
    if (cutShort(502)) {
      if (relay != null && relay.endedOnAbort()) {
        owner.exchangeDone(keepAlive);
      } else {
        owner.exchangeDone(false);
        client.close();
      }
    }
  }

  /** Ends the exchange early, closing the upstream connection; returns false if it had already ended. */
  private boolean cutShort(int status) {
    if (finished) {
      return false;
    }
    finished = true;
    cancelTimer();
    if (relay != null) {
      relay.aborted();
    }
    releaseUpstream(false);
    services.metrics().requestCompleted(route.name(), status, System.nanoTime() - startNanos);
    return true;
  }

  private void releaseUpstream(boolean reusable) {
    Channel ch = upstream;
    if (ch == null) {
      return;
    }
    upstream = null;
    ch.pipeline().get(UpstreamHandler.class).bind(null);
    if (!reusable) {
      ch.close();
    }
    services.connector().release(route.upstream(), ch);
  }

  private void cancelTimer() {
    if (firstByteTimer != null) {
      firstByteTimer.cancel(false);
      firstByteTimer = null;
    }
  }

  private static String describe(Throwable cause) {
    if (cause instanceof ConnectTimeoutException) {
      return "connect timed out";
    }
    if (cause instanceof ConnectException) {
      return "connection refused";
    }
    if (cause instanceof UnknownHostException) {
      return "unknown host";
    }
    if (cause instanceof SSLException || cause != null && cause.getCause() instanceof SSLException) {
      return "TLS handshake failed";
    }
    if (cause instanceof ClosedChannelException) {
      return "connection closed";
    }
    return cause == null ? "unknown error" : cause.getClass().getSimpleName();
  }
}
