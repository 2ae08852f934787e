package io.kexin.gateway.proxy;

import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;

/** Passes a response through unchanged (upstream errors, content the gateway does not inspect), piece by piece. */
final class RawRelay extends ResponseRelay {

  RawRelay(ProxyExchange exchange) {
    super(exchange);
  }

  @Override
  void head(HttpResponse head) {
    super.head(head);
    headSent = true;
    exchange.client().writeAndFlush(exchange.clientHead(head, true));
  }

  @Override
  void content(HttpContent content) {
    boolean last = content instanceof LastHttpContent;
    exchange.client().writeAndFlush(content).addListener(f -> {
      if (!f.isSuccess()) {
        exchange.clientGone();
      } else if (!last) {
        exchange.readUpstream();
      }
    });
  }

  @Override
  void end() {
    exchange.finish(upstreamHead.status().code(), upstreamReusable());
  }
}
