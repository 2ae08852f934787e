package io.kexin.gateway.proxy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kexin.gateway.inspect.Verdict;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpContent;
import java.io.IOException;

/**
 * Buffers a JSON response whole (up to the configured bound), lets the inspection decide, then sends it with a
 * Content-Length. A response over the bound, or one that is not JSON, becomes a 502: nothing uninspected passes.
 */
final class JsonRelay extends ResponseRelay {
  private CompositeByteBuf body;

  JsonRelay(ProxyExchange exchange) {
    super(exchange);
  }

  @Override
  void head(io.netty.handler.codec.http.HttpResponse head) {
    super.head(head);
    body = exchange.client().alloc().compositeBuffer(1024);
  }

  @Override
  void content(HttpContent content) {
    int max = exchange.services().limits().maxResponseBytes();
    if (body.readableBytes() + content.content().readableBytes() > max) {
      content.release();
      exchange.failBeforeHead(GatewayError.badGateway("response_too_large",
          "upstream response is larger than " + max + " bytes"));
      return;
    }
    body.addComponent(true, content.content());
    exchange.readUpstream();
  }

  @Override
  void end() {
    ObjectNode parsed;
    try (ByteBufInputStream in = new ByteBufInputStream(body.duplicate())) {
      JsonNode node = exchange.services().json().readTree((java.io.InputStream) in);
      if (!(node instanceof ObjectNode object)) {
        throw new JsonProcessingException("not a JSON object") {
          private static final long serialVersionUID = 1L;
        };
      }
      parsed = object;
    } catch (IOException e) {
      exchange.failBeforeHead(GatewayError.badGateway("invalid_upstream_response",
          "upstream sent a response declared as JSON that is not a JSON object"));
      return;
    }
    Verdict verdict = exchange.inspection().response(parsed);
    ByteBuf out;
    if (verdict instanceof Verdict.Reject reject) {
      exchange.failBeforeHead(GatewayError.of(reject));
      return;
    } else if (verdict instanceof Verdict.Rewrite rewrite) {
      body.release();
      body = null;
      try {
        out = Unpooled.wrappedBuffer(exchange.services().json().writeValueAsBytes(rewrite.body()));
      } catch (JsonProcessingException e) {
        exchange.failBeforeHead(GatewayError.badGateway("inspection_error", "cannot render the inspected response"));
        return;
      }
    } else {
      out = body;
      body = null;
    }
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
