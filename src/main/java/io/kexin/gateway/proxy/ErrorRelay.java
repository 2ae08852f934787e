package io.kexin.gateway.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kexin.gateway.inspect.Verdict;
import io.netty.buffer.ByteBufInputStream;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;

/**
 * Reads an upstream error (a non-2xx response with a body) whole, up to the response bound, and lets the inspection
 * decide before any of it reaches the client, since an error may echo the prompt: a body declared as JSON that is one
 * JSON object goes to {@code errorResponse}, any other body (invalid JSON included) to {@code errorText}. A pass sends
 * the original bytes, a rewrite the rewritten JSON, both with the upstream's status and a Content-Length; a refusal
 * is sent in the caller's format. Replies it sends on its own: 502 for a body over the bound; an inspection that
 * fails goes as the policies' {@code onError} says.
 */
final class ErrorRelay extends WholeRelay {

  ErrorRelay(ProxyExchange exchange) {
    super(exchange);
  }

  @Override
  String what() {
    return "error response";
  }

  @Override
  Verdict decide() {
    try {
      return inspect(upstreamHead.headers().get(HttpHeaderNames.CONTENT_TYPE, ""));
    } catch (RuntimeException | StackOverflowError e) {
      return failed(e);
    }
  }

  private Verdict inspect(String type) {
    if (!body.isReadable()) {
      return Verdict.pass();
    }
    if (isJson(type)) {
      try (InputStream in = new ByteBufInputStream(body.duplicate())) {
        JsonNode node = exchange.services().json().readTree(in);
        if (node instanceof ObjectNode object) {
          return exchange.inspection().errorResponse(object);
        }
      } catch (IOException e) {
        // declared as JSON but is not: inspected as text below
      }
    }
    return exchange.inspection().errorText(body.toString(charset(type)));
  }

  /** Says whether a Content-Type declares JSON: {@code application/json} or any {@code +json} type. */
  static boolean isJson(String type) {
    int semicolon = type.indexOf(';');
    String media = (semicolon < 0 ? type : type.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    return media.equals("application/json") || media.endsWith("+json");
  }

  /** Returns the charset a Content-Type names, or UTF-8 when it names none or one this JVM does not know. */
  static Charset charset(String type) {
    int at = type.toLowerCase(Locale.ROOT).indexOf("charset=");
    if (at < 0) {
      return StandardCharsets.UTF_8;
    }
    String name = type.substring(at + 8);
    int end = name.indexOf(';');
    name = (end < 0 ? name : name.substring(0, end)).trim();
    if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
      name = name.substring(1, name.length() - 1);
    }
    try {
      return Charset.forName(name);
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      return StandardCharsets.UTF_8;
    }
  }
}
