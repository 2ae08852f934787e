package io.kexin.gateway.proxy;

import io.kexin.gateway.inspect.Verdict;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;

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
   * Picks the relay: errors pass raw, event streams go event by event, JSON is inspected whole, other content is
   * passed or refused as the route declares; with no active inspection everything passes raw.
   */
  static ResponseRelay choose(ProxyExchange exchange, HttpResponse head) {
    if (!exchange.inspection().active()) {
      return new RawRelay(exchange);
    }
    int status = head.status().code();
    String type = head.headers().get(HttpHeaderNames.CONTENT_TYPE, "");
    if (status >= 200 && status < 300) {
      if (type.startsWith("text/event-stream")) {
        return new SseRelay(exchange);
      }
      if (type.startsWith("application/json")) {
        return new JsonRelay(exchange);
      }
      if (!exchange.endpointHasNoBody()) {
        Verdict verdict = exchange.inspection().uninspectable("content of type '" + type + "'");
        if (verdict instanceof Verdict.Reject reject) {
          return new RefusedRelay(exchange, reject);
        }
      }
    }
    return new RawRelay(exchange);
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

  /** Releases what the relay holds after the exchange was cut short. */
  void aborted() {}

  /** Says whether the client has already received the response head. */
  boolean headSent() {
    return headSent;
  }

  /** Says whether the upstream connection may serve another request after this response (read from its head). */
  boolean upstreamReusable() {
    return upstreamKeepAlive;
  }
}
