package io.kexin.gateway.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kexin.gateway.inspect.TextScanner;
import io.kexin.gateway.metrics.GatewayMetrics;
import io.kexin.gateway.policy.Direction;
import java.io.IOException;
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
  record Endpoints(GatewayMetrics metrics, BooleanSupplier ready, String version, TextScanner scanner) {}

  private final Endpoints endpoints;
  private final ObjectMapper json = new ObjectMapper();

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
    if (path.equals("/scan")) {
      response = HttpMethod.POST.equals(request.method()) ? scan(request)
          : text(HttpResponseStatus.METHOD_NOT_ALLOWED, "POST a JSON body to /scan\n");
    } else if (!HttpMethod.GET.equals(request.method()) && !HttpMethod.HEAD.equals(request.method())) {
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

  private FullHttpResponse scan(FullHttpRequest request) {
    JsonNode body;
    try {
      body = json.readTree(request.content().toString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      return error("body is not valid JSON (expected: {\"text\": \"...\", \"direction\": \"request\","
          + " \"policy\": \"...\"})");
    }
    if (body == null || !body.path("text").isTextual()) {
      return error("missing 'text' string (expected: {\"text\": \"...\"})");
    }
    try {
      Direction direction = Direction.parse(body.path("direction").asText("request"));
      String policy = body.path("policy").isTextual() ? body.get("policy").asText() : null;
      byte[] out = json.writeValueAsBytes(
          endpoints.scanner().scan(body.get("text").asText(), direction, policy).toJson(json));
      return bytes(HttpResponseStatus.OK, out, "application/json");
    } catch (IllegalArgumentException | IOException e) {
      return error(e.getMessage());
    }
  }

  private FullHttpResponse error(String message) {
    try {
      return bytes(HttpResponseStatus.BAD_REQUEST,
          json.writeValueAsBytes(json.createObjectNode().put("error", message)), "application/json");
    } catch (IOException e) {
      return text(HttpResponseStatus.BAD_REQUEST, "bad request\n");
    }
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
