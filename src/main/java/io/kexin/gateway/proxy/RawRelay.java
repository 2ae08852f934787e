package io.kexin.gateway.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Passes a response through unchanged (upstream errors, content the gateway does not inspect), piece by piece. What
 * one upstream read delivered is flushed to the client once, at the end of that read, so a small response (head and
 * body in one read) costs one write to the client's socket instead of one per piece.
 */
final class RawRelay extends ResponseRelay {
  private boolean unflushed;

  RawRelay(ProxyExchange exchange) {
    super(exchange);
  }

  @Override
  void head(HttpResponse head) {
    super.head(head);
    headSent = true;
    exchange.client().write(exchange.forwardHead(head), exchange.client().voidPromise());
    unflushed = true;
  }

  @Override
  void content(HttpContent content) {
    ChannelHandlerContext client = exchange.client();
    if (content instanceof LastHttpContent) {
      // The exchange ends right after this; a failed write closes the client connection, nothing else to undo.
      unflushed = false;
      client.writeAndFlush(content, client.voidPromise());
      return;
    }
    unflushed = true;
    client.write(content).addListener(f -> {
      if (!f.isSuccess()) {
        exchange.clientGone();
      } else {
        exchange.readUpstream();
      }
    });
  }

  @Override
  void readComplete() {
    if (unflushed) {
      unflushed = false;
      exchange.client().flush();
    }
  }

  @Override
  void end() {
    exchange.finish(upstreamHead.status().code(), upstreamReusable());
  }
}
