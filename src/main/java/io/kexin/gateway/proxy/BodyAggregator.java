package io.kexin.gateway.proxy;

import io.kexin.gateway.metrics.GatewayMetrics;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Reads each request body whole, up to the configured bound. Replies it sends on its own: 100 Continue (from
 * {@link HttpObjectAggregator}); 413 in the caller's API format, counted in the request metrics, whether the client
 * waits for {@code 100-continue} or not, after which the connection closes with a linger (see {@link LingeringClose}),
 * since the rest of the oversized body is not read; 417 in the caller's format for an expectation other than
 * {@code 100-continue}, after which the connection closes.
 */
final class BodyAggregator extends HttpObjectAggregator {
  private final int maxBytes;
  private final GatewayMetrics metrics;
  /**
   * The head of a request whose whole declared body may come as the decoder's next piece, held so that piece becomes
   * the request's content as it is; null when none is held.
   */
  private HttpRequest held;

  BodyAggregator(int maxBytes, GatewayMetrics metrics) {
    super(maxBytes, true);
    this.maxBytes = maxBytes;
    this.metrics = metrics;
  }

  /**
   * Passes a request whose body came in the same read as its head (the usual case) as one message holding the
   * decoder's piece itself: the aggregator would copy the piece's reference into a composite buffer and wrap the head
   * (about 0.4 µs a request). Any other sequence (a body in several pieces, chunked, {@code Expect}, a declared length
   * over the bound, a decoder failure) goes through the aggregator as before, the held head first.
   */
  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (held != null) {
      HttpRequest head = held;
      held = null;
      if (msg instanceof LastHttpContent last && last.decoderResult().isSuccess()
          && last.content().readableBytes() == HttpUtil.getContentLength(head, -1L)) {
        ctx.fireChannelRead(new DefaultFullHttpRequest(head.protocolVersion(), head.method(), head.uri(),
            last.content(), head.headers(), last.trailingHeaders()));
        return;
      }
      super.channelRead(ctx, head);
    } else if (msg instanceof HttpRequest head && !(msg instanceof FullHttpRequest) && wholeInNextPiece(head)) {
      held = head;
      return;
    }
    super.channelRead(ctx, msg);
  }

  /**
   * Says whether the aggregator would take {@code head} with nothing to answer or refuse: decoded, a Content-Length
   * within the bound, no Transfer-Encoding and no Expect header.
   */
  private boolean wholeInNextPiece(HttpRequest head) {
    if (!head.decoderResult().isSuccess() || head.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)
        || head.headers().contains(HttpHeaderNames.EXPECT)) {
      return false;
    }
    try {
      long length = HttpUtil.getContentLength(head, -1L);
      return length >= 0 && length <= maxBytes;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** Asks for more while a held head waits for its body, as the aggregator does while it aggregates. */
  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
    if (held != null && !ctx.channel().config().isAutoRead()) {
      ctx.read();
    }
    super.channelReadComplete(ctx);
  }

  /** Hands a held head to the aggregator first, so a connection closed before its body reports it as before. */
  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (held != null) {
      HttpRequest head = held;
      held = null;
      super.channelRead(ctx, head);
    }
    super.channelInactive(ctx);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) throws Exception {
    held = null;
    super.handlerRemoved(ctx);
  }

  /**
   * Answers an {@code Expect} header: for a declared body over the bound, no interim answer here, so that
   * {@link #handleOversizedMessage} sends the 413 in the caller's format (the aggregator's own has no body); for an
   * expectation the gateway does not know, a 417 in the caller's format.
   */
  @Override
  protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
    String expect = start.headers().get(HttpHeaderNames.EXPECT);
    if (expect == null) {
      return null;
    }
    if (HttpUtil.is100ContinueExpected(start)) {
      return HttpUtil.getContentLength(start, -1L) > maxContentLength ? null
          : super.newContinueResponse(start, maxContentLength, pipeline);
    }
    start.headers().remove(HttpHeaderNames.EXPECT);
    metrics.requestCompleted("none", HttpResponseStatus.EXPECTATION_FAILED.code(), 0);
    String path = start instanceof HttpRequest r ? r.uri() : "/";
    return ApiFormat.forPath(path).response(new GatewayError(HttpResponseStatus.EXPECTATION_FAILED,
        "invalid_request_error", "expectation_failed", "the gateway supports only 'Expect: 100-continue'"),
        RequestId.of(start.headers()), false);
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    String path = oversized instanceof HttpRequest r ? r.uri() : "/";
    ApiFormat api = ApiFormat.forPath(path);
    GatewayError error = GatewayError.tooLarge("request body is larger than " + maxBytes + " bytes");
    FullHttpResponse response = api.response(error, RequestId.of(oversized.headers()), false);
    metrics.requestCompleted("none", error.status().code(), 0);
    ctx.writeAndFlush(response).addListener(f -> {
      if (f.isSuccess()) {
        LingeringClose.after(ctx, 2L * maxBytes);
      } else {
        ctx.close();
      }
    });
  }
}
