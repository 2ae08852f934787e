package io.kexin.gateway.proxy;

import io.kexin.gateway.metrics.GatewayMetrics;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;

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
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, error.status(),
        Unpooled.wrappedBuffer(api.render(error)));
    response.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
        .set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    String id = oversized.headers().get(ClientHandler.REQUEST_ID);
    if (id != null && id.length() <= 128) {
      response.headers().set(ClientHandler.REQUEST_ID, id);
    }
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
