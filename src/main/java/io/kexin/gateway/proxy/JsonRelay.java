package io.kexin.gateway.proxy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kexin.gateway.inspect.Verdict;
import io.netty.buffer.ByteBufInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Buffers a JSON response whole (up to the configured bound), lets the inspection decide, then sends it with a
 * Content-Length. A response over the bound, or one that is not JSON, becomes a 502: nothing uninspected passes; a
 * failure of the inspection itself goes as the policies' {@code onError} says.
 */
final class JsonRelay extends WholeRelay {
  JsonRelay(ProxyExchange exchange) {
    super(exchange);
  }

  @Override
  String what() {
    return "response";
  }

  @Override
  Verdict decide() {
    ObjectNode parsed;
    try (ByteBufInputStream in = new ByteBufInputStream(body.duplicate())) {
      JsonNode node = exchange.services().json().readTree((InputStream) in);
      if (!(node instanceof ObjectNode object)) {
        throw new JsonProcessingException("not a JSON object") {
          private static final long serialVersionUID = 1L;
        };
      }
      parsed = object;
    } catch (IOException e) {
      return new Verdict.Reject(502, "api_error", "invalid_upstream_response",
          "upstream sent a response declared as JSON that is not a JSON object");
    }
    try {
      return exchange.inspection().response(parsed);
    } catch (RuntimeException | StackOverflowError e) {
      return failed(e);
    }
  }
}
