package io.kexin.gateway.proxy;

import io.kexin.gateway.metrics.GatewayMetrics;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;

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

  BodyAggregator(int maxBytes, GatewayMetrics metrics) {
    super(maxBytes, true);
    this.maxBytes = maxBytes;
    this.metrics = metrics;
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
