package io.kexin.gateway.proxy;

import io.kexin.gateway.inspect.ExchangeInfo;
import io.kexin.gateway.inspect.Inspection;
import io.kexin.gateway.inspect.Verdict;
import io.kexin.gateway.route.Route;
import io.kexin.gateway.route.Upstream;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Serves one client connection: has each request checked by {@link RequestAdmission}, runs the request
 * inspection, and hands the request to a {@link ProxyExchange}. One request is in flight per connection; reading
 * runs at most one read ahead of it, and a request that arrives early waits until the response completed. Replies it
 * sends on its own: 400, 401, 403, 404, 405, 413 (from the aggregator), 500, 501 (a transfer coding other than
 * chunked) and 503, each in the caller's API format.
 */
final class ClientHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  static final AsciiString REQUEST_ID = AsciiString.cached("x-request-id");
  private static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
  private static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
  private static final AsciiString ANTHROPIC_VERSION = AsciiString.cached("anthropic-version");
  private static final AsciiString HTTPS = AsciiString.cached("https");
  private static final AsciiString HTTP = AsciiString.cached("http");
  private static final AsciiString[] CLIENT_ONLY = {
      HttpHeaderNames.HOST, HttpHeaderNames.CONTENT_LENGTH, HttpHeaderNames.ACCEPT_ENCODING, HttpHeaderNames.EXPECT,
      REQUEST_ID};
  private static final int MAX_QUEUED = 16;

  private final ProxyServices services;
  private final boolean tls;
  private final ArrayDeque<FullHttpRequest> queued = new ArrayDeque<>();
  private final RequestAdmission admission;
  private ProxyExchange current;
  private String peer;

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
    if (current != null) {
      if (queued.size() >= MAX_QUEUED) {
        request.release();
        ctx.close();
        return;
      }
      queued.add(request);
      return;
    }
    handle(ctx, request);
  }

  private void handle(ChannelHandlerContext ctx, FullHttpRequest request) {
    long start = System.nanoTime();
    services.drain().begin();
    services.metrics().inflight(1);
    try {
      dispatch(ctx, request, start);
    } finally {
      request.release();
    }
    if (current != null && queued.isEmpty()) {
      // Keep read interest while the exchange runs: a keep-alive client's next request (or its close) is seen
      // without turning epoll interest off and on again for every request (two system calls each). At most one
      // read is taken ahead; a request that arrives early waits in the queue, which stops further reads.
      ctx.read();
    }
  }

  private void dispatch(ChannelHandlerContext ctx, FullHttpRequest request, long start) {
    String requestId = requestId(request.headers());
    boolean keepAlive = HttpUtil.isKeepAlive(request) && !services.drain().draining();
    String uri = request.uri();
    int query = uri.indexOf('?');
    String path = query < 0 ? uri : uri.substring(0, query);
    RequestAdmission.Result result = admission.admit(request, path);
    if (result instanceof RequestAdmission.Refused refused) {
      reply(ctx, refused.api(), refused.error(), requestId, keepAlive && !refused.close(), refused.route(), start);
      return;
    }
    RequestAdmission.Admitted ok = (RequestAdmission.Admitted) result;
    Route route = ok.route();
    RequestBody body = ok.body();
    Inspection inspection = services.inspector().open(new ExchangeInfo(requestId, ok.api().api(), ok.endpoint(),
        route.name(), ok.tenant().name(), ok.policies(), body != null && body.stream(), route.unknownFields(), route.credentialFields()));
    ByteBuf content = request.content().retainedDuplicate();
    if (body != null && body.tree() != null && inspection.active()) {
      GatewayError refusal;
      try {
        Verdict verdict = inspection.request(body.tree());
        refusal = verdict instanceof Verdict.Reject reject ? GatewayError.of(reject) : null;
        if (verdict instanceof Verdict.Rewrite rewrite) {
          // Rendered before the original is released, so a failure leaves exactly one release to the refusal below.
          byte[] rewritten = services.json().writeValueAsBytes(rewrite.body());
          content.release();
          content = Unpooled.wrappedBuffer(rewritten);
        }
      } catch (RuntimeException | IOException e) {
        refusal = GatewayError.inspectionFailed("the request could not be inspected");
      }
      if (refusal != null) {
        content.release();
        reply(ctx, ok.api(), refusal, requestId, keepAlive, route.name(), start);
        return;
      }
    }
    FullHttpRequest upstreamRequest = upstreamRequest(ctx, request, route.upstream(), content, requestId,
        ok.api().clientKey(request.headers()));
    current = new ProxyExchange(this, ctx, services, route, ok.api(), ok.endpoint(), requestId, inspection,
        keepAlive, start);
    current.start(upstreamRequest);
  }

  /**
   * Builds the upstream request around the client's own header table, edited in place (hop-by-hop, client-only and
   * credential headers out, the gateway's in), so no second table is built for each request; the client request's
   * headers must not be read afterwards. The client's key ({@code clientKey}) leaves neither in a header nor in the
   * query string.
   */
  private FullHttpRequest upstreamRequest(ChannelHandlerContext ctx, FullHttpRequest request, Upstream upstream,
      ByteBuf content, String requestId, String clientKey) {
    HttpHeaders h = request.headers();
    String forwarded = h.get(X_FORWARDED_FOR);
    HopByHop.strip(h, CLIENT_ONLY);
    ClientCredentials.stripHeaders(h, clientKey);
    if (forwarded != null && clientKey != null && forwarded.contains(clientKey)) {
      forwarded = null;
    }
    h.set(HttpHeaderNames.HOST, upstream.authority());
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
    if (upstream.credential() != null) {
      if (upstream.provider() == io.kexin.gateway.config.Provider.ANTHROPIC) {
        h.set(ClientCredentials.X_API_KEY, upstream.credential());
      } else {
        h.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + upstream.credential());
      }
    }
    if (upstream.provider() == io.kexin.gateway.config.Provider.ANTHROPIC && !h.contains(ANTHROPIC_VERSION)) {
      h.set(ANTHROPIC_VERSION, "2023-06-01");
    }
    return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, request.method(), upstream.basePath()
        + ClientCredentials.stripQuery(request.uri(), clientKey),
        content, h, EmptyHttpHeaders.INSTANCE);
  }

  /** Returns the client's IP address as text, formatted once per connection; null when it is not an IP socket. */
  private String peerAddress(ChannelHandlerContext ctx) {
    if (peer == null && ctx.channel().remoteAddress() instanceof InetSocketAddress address) {
      peer = address.getAddress().getHostAddress();
    }
    return peer;
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
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, error.status(),
        Unpooled.wrappedBuffer(api.render(error)));
    response.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
        .set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
        .set(REQUEST_ID, requestId);
    if (!keepAlive) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    ctx.writeAndFlush(response);
  }

  /** Moves on after a response completed: reads the next request, or closes the connection. */
  void exchangeDone(boolean keepAlive) {
    current = null;
    services.drain().end();
    services.metrics().inflight(-1);
    ChannelHandlerContext ctx = context;
    if (ctx == null) {
      return;
    }
    if (!keepAlive || services.drain().draining()) {
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

  private ChannelHandlerContext context;
  /** The connection's client timeouts; absent in a pipeline built without them. */
  private ClientTimeouts timeouts;

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    context = ctx;
    timeouts = ctx.pipeline().get(ClientTimeouts.class);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    context = null;
    releaseQueued();
    if (current != null) {
      ProxyExchange exchange = current;
      current = null;
      exchange.clientGone();
      services.drain().end();
      services.metrics().inflight(-1);
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }

  private void releaseQueued() {
    FullHttpRequest r;
    while ((r = queued.poll()) != null) {
      r.release();
    }
  }

  private static String requestId(HttpHeaders headers) {
    String given = headers.get(REQUEST_ID);
    if (given != null && !given.isEmpty() && given.length() <= 128 && given.chars().allMatch(c -> c > 32 && c < 127)) {
      return given;
    }
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return "kx-" + Long.toHexString(r.nextLong() | Long.MIN_VALUE) + Long.toHexString(r.nextLong() | Long.MIN_VALUE);
  }
}
