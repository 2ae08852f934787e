package io.kexin.gateway.proxy;

import io.kexin.gateway.metrics.GatewayMetrics;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;

/**
 * Reads each request body whole, up to the configured bound. Replies it sends on its own: 100 Continue (from
 * {@link HttpObjectAggregator}) and 413 in the caller's API format, counted in the request metrics, after which the
 * connection closes with a linger (see {@link LingeringClose}), since the rest of the oversized body is not read.
 */
final class BodyAggregator extends HttpObjectAggregator {
  private final int maxBytes;
  private final GatewayMetrics metrics;

  BodyAggregator(int maxBytes, GatewayMetrics metrics) {
    super(maxBytes, true);
    this.maxBytes = maxBytes;
    this.metrics = metrics;
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    String path = oversized instanceof HttpRequest r ? r.uri() : "/";
    ApiFormat api = ApiFormat.forPath(path);
    GatewayError error = GatewayError.tooLarge("request body is larger than " + maxBytes + " bytes");
    FullHttpResponse response = api.response(error, oversized.headers().get(ClientHandler.REQUEST_ID), false);
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
