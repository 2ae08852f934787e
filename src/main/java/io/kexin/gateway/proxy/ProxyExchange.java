package io.kexin.gateway.proxy;

import io.kexin.gateway.inspect.Inspection;
import io.kexin.gateway.limit.Lease;
import io.kexin.gateway.provider.Endpoint;
import io.kexin.gateway.route.ModelChoice;
import io.kexin.gateway.route.Route;
import io.kexin.gateway.route.Target;
import io.kexin.gateway.route.Upstream;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AsciiString;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * Carries one request from the client to the upstream and the response back: picks a target of the route's upstream,
 * takes an idle connection to it or opens one, enforces the first-byte and idle timeouts, picks the relay for the
 * response, and releases everything exactly once. While nothing has reached the client it tries again where that is
 * safe (a connect failure, a pooled connection closed before any answer, 429/502/503/504 as the route's retry policy
 * lists them), preferably on another target, and falls back to the route's next upstream when every target of the
 * current one is ejected or its retries are spent, as its {@link AttemptPlan} says. Records each target's failures
 * and successes for outlier ejection. Runs on the client connection's event loop only.
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
  private final String tenant;
  private final ModelChoice model;
  private final Inspection inspection;
  private final boolean keepAlive;
  private final long startNanos;
  /** What the request took from its tenant's limits, settled when the exchange ends (null: no limits). */
  private final Lease lease;
  private UpstreamRequest request;
  private final AttemptPlan plan;
  private Target target;
  /** Whether a request slot of {@link #target} is held. */
  private boolean slot;
  /** Whether the current attempt's connection came from the idle pool. */
  private boolean pooled;
  private Channel upstream;
  /** The handler at the end of {@link #upstream}'s pipeline. */
  private UpstreamHandler upstreamHandler;
  private ScheduledFuture<?> retryTimer;
  private long sentNanos;
  private ResponseRelay relay;
  private boolean finished;

  ProxyExchange(ClientHandler owner, ChannelHandlerContext client, ProxyServices services, Route route,
      ApiFormat api, Endpoint endpoint, String requestId, String tenant, ModelChoice model, Inspection inspection,
      boolean keepAlive, long startNanos, Lease lease) {
    this.model = model;
    this.endpoint = endpoint;
    this.lease = lease;
    this.owner = owner;
    this.client = client;
    this.services = services;
    this.route = route;
    this.api = api;
    this.requestId = requestId;
    this.tenant = tenant;
    this.inspection = inspection;
    this.keepAlive = keepAlive;
    this.startNanos = startNanos;
    this.plan = new AttemptPlan(route, services.metrics());
  }

  /** Sends {@code request} to the route's upstream; takes ownership of it. */
  void start(UpstreamRequest request) {
    this.request = request;
    attempt();
  }

  /** Makes one attempt: picks a target and a request slot on it, then sends on an idle connection or opens one. */
  private void attempt() {
    retryTimer = null;
    if (finished) {
      return;
    }
    long now = System.nanoTime();
    plan.beforeAttempt(now, request);
    Upstream destination = plan.upstream();
    if (!request.mappable(destination)) {
      failBeforeHead(GatewayError.badRequest("no_deployment", "model: missing, or not a valid Azure deployment"
          + " name, and upstream '" + destination.name() + "' names no deployment for it"));
      return;
    }
    List<Target> full = new ArrayList<>(0); // no array until a target is found full
    EventLoop loop = client.channel().eventLoop();
    while (true) {
      Target chosen = choose(now, full);
      if (chosen == null) {
        failBeforeHead(GatewayError.upstreamOverloaded("upstream '" + destination.name() + "' has every target at"
            + " its connection or pending-request limit"));
        return;
      }
      Channel idle = services.connector().idle(chosen, loop);
      if (idle == null && !chosen.startConnect()) {
        chosen.releaseSlot();
        services.metrics().targetOverflow(destination.name(), chosen.label(), "max_pending_requests");
        full.add(chosen);
        continue;
      }
      target = chosen;
      slot = true;
      plan.attempted(chosen);
      pooled = idle != null;
      if (idle != null) {
        send(idle);
        return;
      }
      ChannelFuture connecting = services.connector().connect(destination, chosen, loop);
      connecting.addListener(f -> onConnected(connecting, chosen));
      return;
    }
  }

  /**
   * Returns a target with a request slot taken, never one in {@code full} (each target found at its connection limit
   * joins it), or null when every candidate is full.
   */
  private Target choose(long now, List<Target> full) {
    Upstream destination = plan.upstream();
    while (true) {
      Target t = destination.pick(plan.tried(), full, now);
      if (t == null && !destination.anyAvailable(now)) {
        t = destination.panicPick(plan.tried(), full);
      }
      if (t == null) {
        return null;
      }
      if (t.acquire()) {
        return t;
      }
      services.metrics().targetOverflow(destination.name(), t.label(), "max_connections");
      full.add(t);
    }
  }

  private void onConnected(ChannelFuture connecting, Target connected) {
    connected.endConnect();
    if (finished || connected != target) {
      if (connecting.isSuccess()) {
        services.connector().release(connected, connecting.channel());
      }
      return;
    }
    if (!connecting.isSuccess()) {
      releaseSlot();
      services.metrics().upstreamFailed(plan.upstream().name(), "connect");
      targetFailed();
      GatewayError error = GatewayError.badGateway("upstream_unreachable",
          "upstream '" + plan.upstream().name() + "' is unreachable: " + describe(connecting.cause()));
      if (!retryOrFailOver("connect-failure", -1)) {
        failBeforeHead(error);
      }
      return;
    }
    send(connecting.channel());
  }

  private void send(Channel ch) {
    upstream = ch;
    upstreamHandler = ch.pipeline().get(UpstreamHandler.class);
    upstreamHandler.bind(this);
    ch.pipeline().get(UpstreamDecoder.class).decodeNext(inspection.active());
    sentNanos = System.nanoTime();
    owner.firstByte().arm(plan.upstream().timeouts().firstByte().toNanos());
    // A failed write reaches UpstreamHandler.exceptionCaught, which ends the attempt: no listener needed.
    ch.writeAndFlush(request.build(plan.upstream(), target), ch.voidPromise());
    ch.read();
  }

  void onResponseHead(HttpResponse response) {
    if (finished || relay != null) {
      return;
    }
    cancelTimer();
    int status = response.status().code();
    services.metrics().upstreamResponded(plan.upstream().name(), System.nanoTime() - sentNanos);
    if (status >= 500) {
      targetFailed();
    } else if (status != 429) {
      target.succeeded(plan.upstream().outlier(), System.nanoTime());
    }
    if (status == 429 || status == 502 || status == 503 || status == 504) {
      long wait = RetryAfter.nanos(response.headers(), System.currentTimeMillis());
      if (retryOrFailOver(Integer.toString(status), wait)) {
        // The answer is dropped unread: the connection closes, and what the decoder still delivers is released.
        dropAttempt();
        return;
      }
    }
    // No attempt follows once an answer is taken: the body kept for re-sending goes.
    request.release();
    relay = ResponseRelay.choose(this, response);
    relay.head(response);
    readUpstream();
  }

  /**
   * Goes on after the current attempt failed for {@code reason} while nothing has reached the client, as the plan
   * says ({@code retryAfterNanos}: the upstream's {@code Retry-After} wait, -1 for none); returns false when the
   * failure goes to the client.
   */
  private boolean retryOrFailOver(String reason, long retryAfterNanos) {
    if (finished || !request.held()) {
      return false;
    }
    switch (plan.afterFailure(target, reason, retryAfterNanos, request)) {
      case RETRY -> retryTimer = client.executor().schedule(this::attempt, plan.waitNanos(), TimeUnit.NANOSECONDS);
      case FAIL_OVER -> client.executor().execute(this::attempt);
      default -> {
        return false;
      }
    }
    return true;
  }

  /** Ends the current attempt without ending the exchange: the connection closes and the request slot is freed. */
  private void dropAttempt() {
    cancelTimer();
    Channel ch = upstream;
    upstream = null;
    if (ch != null) {
      upstreamHandler.bind(null);
      ch.close();
    }
    releaseSlot();
  }

  /** Counts a failure of the current target toward its ejection. */
  private void targetFailed() {
    if (target != null && target.failed(plan.upstream().outlier(), System.nanoTime())) {
      services.metrics().targetEjected(plan.upstream().name(), target.label());
    }
  }

  private void releaseSlot() {
    if (slot) {
      slot = false;
      target.releaseSlot();
    }
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
    if (finished || relay == null || relay.bodyComplete() || relay.holdsReads()) {
      return;
    }
    services.metrics().upstreamFailed(plan.upstream().name(), "idle");
    targetFailed();
    String message = "upstream '" + plan.upstream().name() + "' sent nothing for "
        + plan.upstream().timeouts().idle().toMillis() + " ms";
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
      services.metrics().upstreamFailed(plan.upstream().name(), "undecodable");
      if (relay == null || !relay.headSent()) {
        failBeforeHead(GatewayError.badGateway("undecodable_response", undecodable.getMessage()));
      } else {
        abortAfterHead();
      }
      return;
    }
    SslHandler tls = upstream == null ? null : upstream.pipeline().get(SslHandler.class);
    boolean handshake = relay == null && tls != null && !tls.handshakeFuture().isSuccess();
    services.metrics().upstreamFailed(plan.upstream().name(), handshake ? "connect" : "reset");
    if (handshake) {
      // The TLS handshake failed: the request, queued behind it, never left. A connect failure, as Envoy counts it.
      dropAttempt();
      targetFailed();
      if (retryOrFailOver("connect-failure", -1)) {
        return;
      }
    } else if (relay == null && pooled) {
      // A pooled connection closed before any answer: the upstream closed an idle connection as this request went
      // out (the keep-alive race), so it never read the request. Safe to send again, and not the target's fault.
      dropAttempt();
      if (retryOrFailOver("reset-before-response", -1)) {
        return;
      }
    } else {
      targetFailed();
    }
    if (relay == null || !relay.headSent()) {
      failBeforeHead(GatewayError.badGateway("upstream_error", "upstream '" + plan.upstream().name()
          + "' closed the connection before answering" + (cause == null ? "" : ": " + describe(cause))));
    } else {
      abortAfterHead();
    }
  }

  /** Stops everything because the client went away; the upstream connection is closed so generation stops. */
  void clientGone() {
    cutShort(499);
  }

  /** Answers 504 when the upstream's answer has not begun within the first-byte timeout. */
  void onFirstByteTimeout() {
    if (finished || relay != null) {
      return;
    }
    services.metrics().upstreamFailed(plan.upstream().name(), "timeout");
    targetFailed();
    failBeforeHead(GatewayError.gatewayTimeout("upstream '" + plan.upstream().name() + "' did not answer within "
        + plan.upstream().timeouts().firstByte().toMillis() + " ms"));
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

  /**
   * Turns the upstream head's headers into those of a whole response of {@code length} bytes, in place: as
   * {@link #clientHead} without the length would copy them, with a Content-Length instead of chunked coding. The
   * upstream head must not be read afterwards.
   */
  HttpHeaders wholeHeaders(HttpResponse upstreamHead, int length) {
    HttpHeaders headers = upstreamHead.headers();
    HopByHop.strip(headers, SKIP_LENGTH);
    decorate(upstreamHead);
    headers.set(HttpHeaderNames.CONTENT_LENGTH, length);
    return headers;
  }

  /** Adds the request id, the connection header and, on a success, the tenant's rate-limit headers. */
  void decorate(HttpResponse head) {
    head.headers().set(ClientHandler.REQUEST_ID, requestId);
    if (lease != null && head.status().codeClass() == HttpStatusClass.SUCCESS) {
      LimitReply.rateHeaders(head.headers(), api, lease.windows());
    }
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
    request.release();
    if (lease != null) {
      lease.end(status);
    }
    services.metrics().requestCompleted(route.name(), status, System.nanoTime() - startNanos);
    recordAttempts(status);
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
    if (retryTimer != null) {
      retryTimer.cancel(false);
      retryTimer = null;
    }
    if (relay != null) {
      relay.aborted();
    }
    releaseUpstream(false);
    releaseSlot();
    if (request != null) {
      request.release();
    }
    if (lease != null) {
      lease.end(status);
    }
    services.metrics().requestCompleted(route.name(), status, System.nanoTime() - startNanos);
    recordAttempts(status);
    return true;
  }

  /** Writes the audit line of an exchange that took more than one attempt or left its upstream. */
  private void recordAttempts(int status) {
    if (plan.eventful()) {
      services.audit().upstreamAttempts(requestId, route.name(), tenant, plan.attempts(), plan.upstream().name(),
          target == null ? "none" : target.label(), status, plan.failedAttempts(), model);
    }
  }

  private void releaseUpstream(boolean reusable) {
    Channel ch = upstream;
    if (ch == null) {
      return;
    }
    upstream = null;
    upstreamHandler.bind(null);
    if (!reusable) {
      ch.close();
    }
    releaseSlot();
    services.connector().release(target, ch);
  }

  private void cancelTimer() {
    owner.firstByte().disarm();
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
