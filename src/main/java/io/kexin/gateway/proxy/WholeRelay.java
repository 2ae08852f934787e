package io.kexin.gateway.proxy;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.kexin.gateway.inspect.Verdict;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;

/**
 * Buffers an upstream body whole, up to the response bound, so the inspection decides before any of it reaches
 * the client; then sends what the verdict says with a Content-Length. Replies it sends on its own: 502 for a body
 * over the bound, or for a rewritten body that cannot be rendered.
 */
abstract class WholeRelay extends ResponseRelay {
  /** The body received so far; null once sent or released. */
  CompositeByteBuf body;

  WholeRelay(ProxyExchange exchange) {
    super(exchange);
  }

  @Override
  void head(HttpResponse head) {
    super.head(head);
    body = exchange.client().alloc().compositeBuffer(1024);
  }

  @Override
  void content(HttpContent content) {
    int max = exchange.services().limits().maxResponseBytes();
    if (body.readableBytes() + content.content().readableBytes() > max) {
      content.release();
      exchange.failBeforeHead(GatewayError.badGateway("response_too_large",
          "upstream " + what() + " is larger than " + max + " bytes"));
      return;
    }
    body.addComponent(true, content.content());
    exchange.readUpstream();
  }

  /** Names what this relay carries, for error messages: {@code response}, {@code error response}. */
  abstract String what();

  /** Sends the body as {@code verdict} says: the bytes as received, the rewritten JSON, or the refusal. */
  void send(Verdict verdict) {
    ByteBuf out;
    if (verdict instanceof Verdict.Reject reject) {
      exchange.failBeforeHead(GatewayError.of(reject));
      return;
    } else if (verdict instanceof Verdict.Rewrite rewrite) {
      try {
        out = Unpooled.wrappedBuffer(exchange.services().json().writeValueAsBytes(rewrite.body()));
      } catch (JsonProcessingException e) {
        exchange.failBeforeHead(GatewayError.badGateway("inspection_error", "cannot render the inspected " + what()));
        return;
      }
      body.release();
    } else {
      out = body;
    }
    body = null;
    sendWhole(out);
  }

  @Override
  void aborted() {
    if (body != null) {
      body.release();
      body = null;
    }
  }
}
