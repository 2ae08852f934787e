package io.kexin.gateway.proxy;

import io.kexin.gateway.inspect.Verdict;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/** Carries one upstream response to the client in the way its kind needs: raw, whole JSON, or event by event. */
abstract class ResponseRelay {
  final ProxyExchange exchange;
  HttpResponse upstreamHead;
  boolean headSent;
  private boolean upstreamKeepAlive;

  ResponseRelay(ProxyExchange exchange) {
    this.exchange = exchange;
  }

  /**
   * Picks the relay. With no active inspection, or a response without a body (1xx, 204, 304), everything passes raw.
   * Otherwise a body still encoded (the upstream decoder removed every encoding it decoded) is passed or refused as
   * the route declares for what it cannot read; an error (non-2xx) is read whole and inspected; event streams go event
   * by event; JSON is inspected whole; other content is passed or refused as the route declares.
   */
  static ResponseRelay choose(ProxyExchange exchange, HttpResponse head) {
    int status = head.status().code();
    if (!exchange.inspection().active() || status < 200 || status == 204 || status == 304) {
      return new RawRelay(exchange);
    }
    boolean success = status < 300;
    if (success && exchange.endpointHasNoBody()) {
      return new RawRelay(exchange);
    }
    String encoding = head.headers().get(HttpHeaderNames.CONTENT_ENCODING);
    if (encoding != null) {
      return passOrRefuse(exchange, "content encoded as '" + printable(encoding) + "'");
    }
    if (!success) {
      return new ErrorRelay(exchange);
    }
    String type = head.headers().get(HttpHeaderNames.CONTENT_TYPE, "");
    if (type.startsWith("text/event-stream")) {
      return new SseRelay(exchange);
    }
    if (type.startsWith("application/json")) {
      return new JsonRelay(exchange);
    }
    return passOrRefuse(exchange, "content of type '" + printable(type) + "'");
  }

  private static ResponseRelay passOrRefuse(ProxyExchange exchange, String what) {
    Verdict verdict = exchange.inspection().uninspectable(what);
    return verdict instanceof Verdict.Reject reject ? new RefusedRelay(exchange, reject) : new RawRelay(exchange);
  }

  /** Returns an upstream header value fit for an error message: printable ASCII, at most 40 characters. */
  static String printable(String value) {
    StringBuilder b = new StringBuilder(Math.min(value.length(), 41));
    for (int i = 0; i < value.length() && b.length() < 40; i++) {
      char c = value.charAt(i);
      b.append(c >= 0x20 && c < 0x7f && c != '\'' ? c : '?');
    }
    return value.length() > 40 ? b + "…" : b.toString();
  }

  /** Receives the upstream response head. */
  void head(HttpResponse head) {
    this.upstreamHead = head;
    this.upstreamKeepAlive = HttpUtil.isKeepAlive(head);
  }

  /** Receives one piece of the body and takes ownership of it. */
  abstract void content(HttpContent content);

  /** Hears that one upstream read has been delivered in full; a relay that delays its flushes flushes here. */
  void readComplete() {}

  /** Completes the response after the last piece. */
  abstract void end();

  /**
   * Says whether the whole upstream body has arrived, so the upstream connection closing or idling while the relay
   * still works on it (an inspection on the pool) changes nothing.
   */
  boolean bodyComplete() {
    return false;
  }

  /**
   * Says whether the relay itself holds up the upstream reads (the inspection pool judging events), so an upstream
   * that sends nothing meanwhile is not idle by its own fault.
   */
  boolean holdsReads() {
    return false;
  }

  /** Releases what the relay holds after the exchange was cut short. */
  void aborted() {}

  /** Says whether {@link #aborted()} ended the client's response in full, so its connection may serve another. */
  boolean endedOnAbort() {
    return false;
  }

  /**
   * Sends a whole body to the client with the upstream's status and headers and a Content-Length, then completes the
   * exchange; takes ownership of {@code out}.
   */
  void sendWhole(ByteBuf out) {
    // The upstream's header table becomes the client's, edited in place: no second table, no copy of each header.
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, upstreamHead.status(), out,
        exchange.wholeHeaders(upstreamHead, out.readableBytes()), EmptyHttpHeaders.INSTANCE);
    headSent = true;
    exchange.client().writeAndFlush(response).addListener(f -> {
      if (!f.isSuccess()) {
        exchange.clientGone();
      }
    });
    exchange.finish(upstreamHead.status().code(), upstreamReusable());
  }

  /** Says whether the client has already received the response head. */
  boolean headSent() {
    return headSent;
  }

  /** Says whether the upstream connection may serve another request after this response (read from its head). */
  boolean upstreamReusable() {
    return upstreamKeepAlive;
  }
}
