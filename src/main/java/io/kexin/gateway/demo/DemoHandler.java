package io.kexin.gateway.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** Answers one demo-model request, checking the injected credential first. */
final class DemoHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Set<String> GENERATION =
      Set.of("/v1/chat/completions", "/v1/completions", "/v1/responses", "/v1/messages");
  private final ObjectMapper json = new ObjectMapper();
  private final DemoModel model;
  private final DemoReplies replies = new DemoReplies();
  private final DemoStreams streams = new DemoStreams(replies);
  private final DemoEmbeddings embeddings = new DemoEmbeddings();
  private final String credential;
  private final Duration tokenDelay;

  DemoHandler(DemoModel model, String credential, Duration tokenDelay) {
    this.model = model;
    this.credential = credential;
    this.tokenDelay = tokenDelay;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) throws Exception {
    String path = request.uri().split("\\?", 2)[0];
    String auth = request.headers().get(HttpHeaderNames.AUTHORIZATION, "");
    String apiKey = request.headers().get("x-api-key", "");
    if (!auth.equals("Bearer " + credential) && !apiKey.equals(credential)) {
      send(ctx, HttpResponseStatus.UNAUTHORIZED, "{\"error\":{\"message\":\"demo model: wrong credential\","
          + "\"type\":\"authentication_error\",\"code\":\"invalid_api_key\"}}");
      return;
    }
    if (path.equals("/v1/models")) {
      send(ctx, HttpResponseStatus.OK, json.writeValueAsString(models()));
      return;
    }
    if (path.equals("/v1/models/" + DemoModel.MODEL)) {
      send(ctx, HttpResponseStatus.OK, json.writeValueAsString(model()));
      return;
    }
    if (!GENERATION.contains(path) && !path.equals("/v1/embeddings")) {
      send(ctx, HttpResponseStatus.NOT_FOUND, "{\"error\":{\"message\":\"demo model: no such endpoint\","
          + "\"type\":\"invalid_request_error\",\"code\":\"not_found\"}}");
      return;
    }
    JsonNode body = json.readTree(request.content().toString(StandardCharsets.UTF_8));
    if (path.equals("/v1/embeddings")) {
      send(ctx, HttpResponseStatus.OK, json.writeValueAsString(embeddings.reply(body)));
      return;
    }
    DemoAnswer answer = model.answer(path, body);
    if (!body.path("stream").asBoolean(false)) {
      send(ctx, HttpResponseStatus.OK, json.writeValueAsString(replies.whole(path, answer)));
      return;
    }
    HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
        .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED)
        .set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
    ctx.writeAndFlush(head);
    emit(ctx, streams.stream(path, answer).iterator());
  }

  /** Returns the models list. */
  private ObjectNode models() {
    ObjectNode o = json.createObjectNode().put("object", "list");
    o.putArray("data").add(model());
    return o;
  }

  private ObjectNode model() {
    return json.createObjectNode().put("id", DemoModel.MODEL).put("object", "model")
        .put("created", DemoReplies.CREATED).put("owned_by", "kexin");
  }

  private void emit(ChannelHandlerContext ctx, Iterator<String> events) {
    if (!ctx.channel().isActive()) {
      return;
    }
    if (!events.hasNext()) {
      ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
      return;
    }
    ctx.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(events.next(), StandardCharsets.UTF_8)));
    if (tokenDelay.isZero()) {
      ctx.executor().execute(() -> emit(ctx, events));
    } else {
      ctx.executor().schedule(() -> emit(ctx, events), tokenDelay.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private static void send(ChannelHandlerContext ctx, HttpResponseStatus status, String body) {
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
        Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json")
        .set(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
    ctx.writeAndFlush(r);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    send(ctx, HttpResponseStatus.BAD_REQUEST, "{\"error\":{\"message\":\"demo model: bad request\","
        + "\"type\":\"invalid_request_error\",\"code\":null}}");
  }
}
