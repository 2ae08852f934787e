package io.kexin.gateway.admin;

import io.kexin.gateway.metrics.GatewayMetrics;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/** Answers one admin request. */
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  /** Holds what the admin endpoints read. */
  record Endpoints(GatewayMetrics metrics, BooleanSupplier ready, String version) {}

  private final Endpoints endpoints;

  AdminHandler(Endpoints endpoints) {
    this.endpoints = endpoints;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    String path = request.uri();
    int q = path.indexOf('?');
    if (q >= 0) {
      path = path.substring(0, q);
    }
    FullHttpResponse response;
    if (!HttpMethod.GET.equals(request.method()) && !HttpMethod.HEAD.equals(request.method())) {
      response = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed\n");
    } else {
      response = switch (path) {
        case "/healthz" -> text(HttpResponseStatus.OK, "ok\n");
        case "/readyz" -> endpoints.ready().getAsBoolean()
            ? text(HttpResponseStatus.OK, "ready\n")
            : text(HttpResponseStatus.SERVICE_UNAVAILABLE, "not ready\n");
        case "/metrics" -> bytes(HttpResponseStatus.OK, endpoints.metrics().scrape(),
            endpoints.metrics().contentType());
        case "/version" -> bytes(HttpResponseStatus.OK,
            ("{\"name\":\"kexin-gateway\",\"version\":\"" + endpoints.version() + "\"}\n")
                .getBytes(StandardCharsets.UTF_8), "application/json");
        default -> text(HttpResponseStatus.NOT_FOUND, "not found: try /healthz, /readyz, /metrics, /version\n");
      };
    }
    HttpUtil.setKeepAlive(response, HttpUtil.isKeepAlive(request));
    ctx.writeAndFlush(response);
  }

  private static FullHttpResponse text(HttpResponseStatus status, String body) {
    return bytes(status, body.getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
  }

  private static FullHttpResponse bytes(HttpResponseStatus status, byte[] body, String contentType) {
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType)
        .set(HttpHeaderNames.CONTENT_LENGTH, body.length);
    return r;
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
