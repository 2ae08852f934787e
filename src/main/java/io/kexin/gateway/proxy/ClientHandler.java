package io.kexin.gateway.proxy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kexin.gateway.inspect.ExchangeInfo;
import io.kexin.gateway.inspect.Inspection;
import io.kexin.gateway.inspect.Verdict;
import io.kexin.gateway.limit.Admission;
import io.kexin.gateway.limit.Lease;
import io.kexin.gateway.limit.Quotas;
import io.kexin.gateway.limit.TokenEstimate;
import io.kexin.gateway.policy.Direction;
import io.kexin.gateway.provider.Endpoint;
import io.kexin.gateway.route.ModelChoice;
import io.kexin.gateway.route.Route;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Serves one client connection: has each request checked by {@link RequestAdmission}, runs the request
 * inspection, and hands the request to a {@link ProxyExchange}. One request is in flight per connection; reading
 * runs at most one read ahead of it, and a request that arrives early (pipelined) waits until the response before it
 * completed: every pipelined request gets its answer, in order. Reading stops while requests wait, so what waits is
 * what one socket read held (at most {@value #MAX_QUEUED} requests are kept; past that the rest of the read is
 * dropped unanswered, the kept ones are answered, the last with {@code Connection: close}, and the connection
 * closes). Nothing read after the gateway decided to close is served. Replies it sends on its own: 400, 401, 403,
 * 404, 405, 413 (from the aggregator), 429 (a tenant limit), 500, 501 (a transfer coding other than chunked) and 503,
 * each in the caller's API format.
 */
final class ClientHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  static final AsciiString REQUEST_ID = AsciiString.cached("x-request-id");
  private static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
  private static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
  private static final AsciiString HTTPS = AsciiString.cached("https");
  private static final AsciiString HTTP = AsciiString.cached("http");
  private static final AsciiString[] CLIENT_ONLY = {
      HttpHeaderNames.HOST, HttpHeaderNames.CONTENT_LENGTH, HttpHeaderNames.ACCEPT_ENCODING, HttpHeaderNames.EXPECT,
      REQUEST_ID};
  /**
   * Bounds the requests one read may leave waiting. Their bytes are bounded by the read itself (reading stops while
   * any waits); this bounds the per-request objects a read of many tiny requests would make.
   */
  static final int MAX_QUEUED = 128;
  /** Admits every request when no limit is configured. */
  private static final Admission.Pass UNLIMITED = new Admission.Pass(null);

  private final ProxyServices services;
  private final boolean tls;
  private final ArrayDeque<FullHttpRequest> queued = new ArrayDeque<>();
  private final RequestAdmission admission;
  private ProxyExchange current;
  /** Whether the request in hand is being prepared on the inspection pool. */
  private boolean preparing;
  /** The body bytes of the request in hand, given back to the buffer budget when it ends. */
  private long currentBytes;
  private String peer;
  /** Whether a read held more requests than may wait: the waiting ones are answered, then the connection closes. */
  private boolean overflowed;
  /** Whether the connection is closing: nothing read from now on is served. */
  private boolean closing;

  ClientHandler(ProxyServices services, boolean tls) {
    super(false);
    this.services = services;
    this.tls = tls;
    this.admission = new RequestAdmission(services);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    ctx.read();
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    if (timeouts != null) {
      timeouts.requestRead();
    }
    if (closing || overflowed) {
      request.release();
      return;
    }
    if (busy()) {
      if (queued.size() >= MAX_QUEUED) {
        request.release();
        overflowed = true;
        return;
      }
      queued.add(request);
      return;
    }
    handle(ctx, request);
  }

  /** Says whether a request of this connection is being prepared or exchanged. */
  boolean busy() {
    return current != null || preparing;
  }

  private void handle(ChannelHandlerContext ctx, FullHttpRequest request) {
    long start = System.nanoTime();
    services.drain().begin();
    services.metrics().inflight(1);
    currentBytes = request.content().readableBytes();
    String requestId = RequestId.of(request.headers());
    boolean keepAlive = HttpUtil.isKeepAlive(request) && !services.drain().draining() && !lastBeforeClose();
    String uri = request.uri();
    int query = uri.indexOf('?');
    String path = query < 0 ? uri : uri.substring(0, query);
    // A policy that asks a guard model waits on it, a PDF is parsed, and an image read by OCR waits on the engine:
    // such requests are inspected on the pool, whatever their size.
    if (currentBytes >= services.limits().offloadInspectionBytes() || services.inspector().blocks()
        || PdfMark.in(request.content()) || services.inspector().readsImages() && ImageMark.in(request.content())) {
      offload(ctx, request, requestId, path, keepAlive, start);
      return;
    }
    try {
      proceed(ctx, request, prepare(request, requestId, path), requestId, keepAlive, start);
    } finally {
      request.release();
    }
    readAhead(ctx);
  }

  /**
   * Prepares a large request on the inspection pool, so its parsing and inspection delay no other client of this
   * event loop, and goes on with it back on the event loop; a full pool answers 503.
   */
  private void offload(ChannelHandlerContext ctx, FullHttpRequest request, String requestId, String path,
      boolean keepAlive, long start) {
    preparing = true;
    boolean submitted = services.pool().submit(ctx.executor(), () -> prepare(request, requestId, path),
        (prepared, failure) -> {
          preparing = false;
          try {
            if (context == null) {
              // The client left while its request was inspected.
              String route = "none";
              if (prepared instanceof Forward forward) {
                forward.content().release();
                route = forward.admitted().route().name();
              }
              services.metrics().requestCompleted(route, 499, System.nanoTime() - start);
              ended();
              return;
            }
            Prepared p = failure == null ? prepared : new Reply(ApiFormat.forPath(path),
                GatewayError.inspectionFailed("the request could not be inspected"), "none", false);
            proceed(ctx, request, p, requestId, keepAlive, start);
          } finally {
            request.release();
          }
          readAhead(ctx);
        });
    if (submitted) {
      services.metrics().offloaded("request", "run");
      readAhead(ctx);
      return;
    }
    preparing = false;
    services.metrics().offloaded("request", "rejected");
    try {
      proceed(ctx, request, new Reply(ApiFormat.forPath(path), GatewayError.overloaded("the gateway is inspecting"
          + " too many large requests at the moment; try again shortly"), "none", false), requestId, keepAlive,
          start);
    } finally {
      request.release();
    }
  }

  /**
   * Keeps read interest while the exchange runs: a keep-alive client's next request (or its close) is seen without
   * turning epoll interest off and on again for every request (two system calls each). At most one read is taken
   * ahead; a request that arrives early waits in the queue, which stops further reads.
   */
  private void readAhead(ChannelHandlerContext ctx) {
    if (busy() && queued.isEmpty() && context != null) {
      ctx.read();
    }
  }

  /** Says what became of a request before it goes upstream: a reply the gateway sends, or a request to forward. */
  private sealed interface Prepared permits Reply, Forward, Answer {}

  /** Carries a JSON body the gateway answers with on its own, with 200: the models list. */
  private record Answer(byte[] json) implements Prepared {}

  /** Carries a reply; {@code route} names the route for metrics, {@code close} ends the connection after it. */
  private record Reply(ApiFormat api, GatewayError error, String route, boolean close) implements Prepared {}

  /** Carries an admitted request, its inspection, and the body to send (the original or the rewritten one). */
  private record Forward(RequestAdmission.Admitted admitted, Inspection inspection, ByteBuf content)
      implements Prepared {}

  /**
   * Admits {@code request} and runs its inspection: reads only the request and this connection's admission state, so
   * it may run on the inspection pool while the event loop serves other connections.
   */
  private Prepared prepare(FullHttpRequest request, String requestId, String path) {
    RequestAdmission.Result result = admission.admit(request, path, requestId);
    if (result instanceof RequestAdmission.Refused refused) {
      return new Reply(refused.api(), refused.error(), refused.route(), refused.close());
    }
    if (result instanceof RequestAdmission.Listed listed) {
      return listing(listed);
    }
    RequestAdmission.Admitted ok = (RequestAdmission.Admitted) result;
    Route route = ok.route();
    RequestBody body = ok.body();
    ModelChoice model = ok.model();
    String traceparent = TraceParent.next(request.headers().get(TraceParent.HEADER));
    request.headers().set(TraceParent.HEADER, traceparent);
    ExchangeInfo info = new ExchangeInfo(requestId, ok.api().api(), ok.endpoint(), route.name(), ok.tenant().name(),
        ok.policies(), body != null && body.stream(), route.unknownFields(), route.credentialFields(), traceparent,
        model, ok.policies().isEmpty() ? List.of()
            : RequestMetadata.of(request.headers(), request.uri(), ok.api().clientKey(request.headers()),
                model.requested()));
    Inspection inspection = services.quotas().meter(services.inspector().open(info), info);
    if (model.alias()) {
      inspection = new AliasedInspection(inspection, model.requested(), services.json());
    }
    // A request without a body (a model's details) still carries its path, headers and query to the provider.
    ObjectNode tree = body != null ? body.tree()
        : info.metadata().isEmpty() ? null : services.json().createObjectNode();
    if (tree == null || !inspection.active()) {
      return forward(ok, inspection, request.content().retainedDuplicate());
    }
    Verdict verdict;
    byte[] rewritten = null;
    try {
      verdict = inspection.request(tree);
      if (verdict instanceof Verdict.Rewrite rewrite && body != null) {
        rewritten = services.json().writeValueAsBytes(rewrite.body());
      }
    } catch (RuntimeException | StackOverflowError | IOException e) {
      verdict = inspection.failed(Direction.REQUEST, e);
    }
    if (verdict instanceof Verdict.Reject reject) {
      return new Reply(ok.api(), GatewayError.of(reject), route.name(), false);
    }
    return forward(ok, inspection, rewritten != null ? Unpooled.wrappedBuffer(rewritten)
        : request.content().retainedDuplicate());
  }

  /**
   * Returns the request to forward with {@code content} (taking ownership of it): the body as inspected, with an
   * alias's model put in place of the name the client asked for.
   */
  private Prepared forward(RequestAdmission.Admitted ok, Inspection inspection, ByteBuf content) {
    ModelChoice model = ok.model();
    if (!model.alias()) {
      return new Forward(ok, inspection, content);
    }
    try {
      return new Forward(ok, inspection, ModelField.replace(services.json(), content, model.upstream()));
    } catch (IOException e) {
      return new Reply(ok.api(), GatewayError.inspectionFailed("the request's model could not be replaced"),
          ok.route().name(), false);
    }
  }

  /** Returns the models list the gateway answers itself, or its 404 for one model the tenant cannot use. */
  private Prepared listing(RequestAdmission.Listed listed) {
    try {
      byte[] json = ModelList.render(services.json(), listed);
      return json != null ? new Answer(json) : new Reply(listed.api(), ModelList.notFound(listed),
          RequestAdmission.MODELS_ROUTE, false);
    } catch (IOException e) {
      return new Reply(listed.api(), GatewayError.inspectionFailed("the models list could not be rendered"),
          RequestAdmission.MODELS_ROUTE, false);
    }
  }

  /**
   * Sends the reply, or checks the tenant's limits and forwards the request upstream; runs on the event loop. A
   * check that waits on the limit store (Redis) goes on when it answers, back on the event loop.
   */
  private void proceed(ChannelHandlerContext ctx, FullHttpRequest request, Prepared prepared, String requestId,
      boolean keepAlive, long start) {
    if (prepared instanceof Reply r) {
      reply(ctx, r.api(), r.error(), requestId, keepAlive && !r.close(), r.route(), start);
      return;
    }
    if (prepared instanceof Answer a) {
      answer(ctx, a.json(), requestId, keepAlive, start);
      return;
    }
    Forward f = (Forward) prepared;
    RequestAdmission.Admitted ok = f.admitted();
    ModelChoice model = ok.model();
    String label = model.label().equals(ModelChoice.OTHER) ? services.metrics().modelLabel(model.requested())
        : model.label();
    services.metrics().modelRouted(ok.route().name(), label, model.alias() ? model.upstream() : label);
    UpstreamRequest upstreamRequest = upstreamRequest(ctx, request, f.content(), requestId,
        ok.api().clientKey(request.headers()), ok.endpoint(), model.upstream());
    Quotas quotas = services.quotas();
    if (!quotas.active()) {
      admitted(ctx, ok, f.inspection(), upstreamRequest, UNLIMITED, requestId, keepAlive, start);
      return;
    }
    long estimate = f.content().isReadable() ? TokenEstimate.of(f.content(), ok.api() == ApiFormat.ANTHROPIC) : 0;
    CompletableFuture<Admission> check = quotas.admit(new Quotas.Ask(ok.tenant().name(), ok.keyHash(), model.upstream(),
        estimate, f.inspection()));
    if (check.isDone()) {
      admitted(ctx, ok, f.inspection(), upstreamRequest, check.join(), requestId, keepAlive, start);
      return;
    }
    preparing = true;
    check.whenComplete((admission, failure) -> ctx.executor().execute(() -> {
      preparing = false;
      admitted(ctx, ok, f.inspection(), upstreamRequest, admission, requestId, keepAlive, start);
      readAhead(ctx);
    }));
  }

  /** Forwards the request as {@code admission} allows, or answers the limit's refusal; runs on the event loop. */
  private void admitted(ChannelHandlerContext ctx, RequestAdmission.Admitted ok, Inspection inspection,
      UpstreamRequest upstreamRequest, Admission admission, String requestId, boolean keepAlive, long start) {
    if (admission instanceof Admission.Pass pass && context != null) {
      Lease lease = pass.lease();
      current = new ProxyExchange(this, ctx, services, ok.route(), ok.api(), ok.endpoint(), requestId,
          ok.tenant().name(), ok.model(), inspection, keepAlive, start, lease);
      current.start(upstreamRequest);
      return;
    }
    upstreamRequest.release();
    if (context == null) {
      // The client left while its limits were checked.
      if (admission instanceof Admission.Pass pass && pass.lease() != null) {
        pass.lease().end(499);
      }
      services.metrics().requestCompleted(ok.route().name(), 499, System.nanoTime() - start);
      ended();
      return;
    }
    Admission.Refuse refuse = (Admission.Refuse) admission;
    services.metrics().requestCompleted(ok.route().name(), refuse.status(), System.nanoTime() - start);
    ctx.writeAndFlush(LimitReply.response(ok.api(), refuse, requestId, keepAlive));
    exchangeDone(keepAlive);
  }

  /**
   * Builds the upstream request around the client's own header table, edited in place (hop-by-hop, client-only and
   * credential headers out, the gateway's in), so no second table is built for each request; the client request's
   * headers must not be read afterwards. The client's key ({@code clientKey}) leaves neither in a header nor in the
   * query string. Host, credential and path are set per attempt, for the upstream and target it goes to.
   */
  private UpstreamRequest upstreamRequest(ChannelHandlerContext ctx, FullHttpRequest request, ByteBuf content,
      String requestId, String clientKey, Endpoint endpoint, String model) {
    HttpHeaders h = request.headers();
    String forwarded = h.get(X_FORWARDED_FOR);
    HopByHop.strip(h, CLIENT_ONLY);
    ClientCredentials.stripHeaders(h, clientKey);
    if (forwarded != null && clientKey != null && forwarded.contains(clientKey)) {
      forwarded = null;
    }
    h.set(HttpHeaderNames.ACCEPT_ENCODING, HttpHeaderValues.IDENTITY);
    if (clientKey == null || !requestId.contains(clientKey)) {
      h.set(REQUEST_ID, requestId);
    }
    if (content.isReadable() || HttpMethod.POST.equals(request.method())) {
      h.set(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
    }
    String ip = peerAddress(ctx);
    if (ip != null) {
      h.set(X_FORWARDED_FOR, forwarded == null ? ip : forwarded + ", " + ip);
      h.set(X_FORWARDED_PROTO, tls ? HTTPS : HTTP);
    }
    String uri = ClientCredentials.stripQuery(request.uri(), clientKey);
    int q = uri.indexOf('?');
    return new UpstreamRequest(request.method(), q < 0 ? uri : uri.substring(0, q), q < 0 ? null
        : uri.substring(q + 1), h, content, endpoint, model);
  }

  /** Returns the client's IP address as text, formatted once per connection; null when it is not an IP socket. */
  private String peerAddress(ChannelHandlerContext ctx) {
    if (peer == null && ctx.channel().remoteAddress() instanceof InetSocketAddress address) {
      peer = address.getAddress().getHostAddress();
    }
    return peer;
  }

  /** Answers with a JSON body of the gateway's own, with 200. */
  private void answer(ChannelHandlerContext ctx, byte[] json, String requestId, boolean keepAlive, long start) {
    services.metrics().requestCompleted(RequestAdmission.MODELS_ROUTE, 200, System.nanoTime() - start);
    DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
        Unpooled.wrappedBuffer(json));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
        .set(HttpHeaderNames.CONTENT_LENGTH, json.length)
        .set(REQUEST_ID, requestId);
    if (!keepAlive) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    ctx.writeAndFlush(response);
    exchangeDone(keepAlive);
  }

  private void reply(ChannelHandlerContext ctx, ApiFormat api, GatewayError error, String requestId,
      boolean keepAlive, String route, long start) {
    // Counted before the write, so a client that reads the metrics right after its answer sees it counted.
    services.metrics().requestCompleted(route, error.status().code(), System.nanoTime() - start);
    sendError(ctx, api, error, requestId, keepAlive);
    exchangeDone(keepAlive);
  }

  /** Writes {@code error} to the client in its API format. */
  void sendError(ChannelHandlerContext ctx, ApiFormat api, GatewayError error, String requestId, boolean keepAlive) {
    ctx.writeAndFlush(api.response(error, requestId, keepAlive));
  }

  /** Says whether the request being dispatched is the last this connection serves, after a read overflowed. */
  private boolean lastBeforeClose() {
    return overflowed && queued.isEmpty();
  }

  /** Moves on after a response completed: reads the next request, or closes the connection. */
  void exchangeDone(boolean keepAlive) {
    current = null;
    ended();
    ChannelHandlerContext ctx = context;
    if (ctx == null) {
      return;
    }
    if (!keepAlive || services.drain().draining()) {
      closing = true;
      releaseQueued();
      ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    } else if (!queued.isEmpty()) {
      handle(ctx, queued.poll());
    } else {
      if (timeouts != null) {
        timeouts.idle();
      }
      ctx.read();
    }
  }

  /** Closes the books on the request in hand: drain count, gauge, and its bytes in the buffer budget. */
  private void ended() {
    services.drain().end();
    services.metrics().inflight(-1);
    if (budget != null) {
      budget.release(currentBytes);
    }
    currentBytes = 0;
  }

  private ChannelHandlerContext context;
  /** The connection's client timeouts; absent in a pipeline built without them. */
  private ClientTimeouts timeouts;
  /** The connection's share of the buffer budget; absent in a pipeline built without it. */
  private RequestBudget budget;

  /**
   * The first-byte deadline of the exchange in hand (one at a time per connection): one timer task per connection,
   * not one per request.
   */
  private Deadline firstByte;

  /** Returns the first-byte deadline the exchange in hand arms when its request goes upstream. */
  Deadline firstByte() {
    return firstByte;
  }

  private void firstByteTimedOut() {
    if (current != null) {
      current.onFirstByteTimeout();
    }
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    context = ctx;
    firstByte = new Deadline(ctx.executor(), this::firstByteTimedOut, Long.MAX_VALUE);
    timeouts = ctx.pipeline().get(ClientTimeouts.class);
    budget = ctx.pipeline().get(RequestBudget.class);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    context = null;
    firstByte.close();
    releaseQueued();
    if (current != null) {
      ProxyExchange exchange = current;
      current = null;
      exchange.clientGone();
      ended();
    }
    // A request on the inspection pool is closed by its completion, which finds the context gone.
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof OutOfMemoryError) {
      // Netty's OutOfDirectMemoryError among them: the connection goes, the process stays, and it shows.
      services.metrics().memoryRefused("out_of_memory");
      services.budget().warnOutOfMemory(cause);
    }
    ctx.close();
  }

  private void releaseQueued() {
    FullHttpRequest r;
    while ((r = queued.poll()) != null) {
      r.release();
    }
  }
}
