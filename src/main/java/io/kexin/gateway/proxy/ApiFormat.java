package io.kexin.gateway.proxy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.kexin.gateway.config.Provider;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Knows how a caller's API schema carries its key and how it expects an error to look. Stateless. */
enum ApiFormat {
  OPENAI,
  ANTHROPIC;

  private static final JsonFactory JSON = new JsonFactory();

  /** Returns the schema a request path belongs to: {@code /v1/messages} is Anthropic, the rest OpenAI. */
  static ApiFormat forPath(String path) {
    return path.startsWith("/v1/messages") ? ANTHROPIC : OPENAI;
  }

  /** Returns the provider whose upstream speaks this schema. */
  Provider provider() {
    return this == ANTHROPIC ? Provider.ANTHROPIC : Provider.OPENAI;
  }

  /** Returns the gateway key a client presented, or null: {@code Authorization: Bearer}, or {@code x-api-key}. */
  String clientKey(HttpHeaders headers) {
    String auth = headers.get(HttpHeaderNames.AUTHORIZATION);
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return auth.substring(7).trim();
    }
    if (this == ANTHROPIC) {
      String key = headers.get("x-api-key");
      return key == null ? null : key.trim();
    }
    return null;
  }

  /** Renders {@code error} in this schema's error JSON. */
  byte[] render(GatewayError error) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(160);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      if (this == ANTHROPIC) {
        g.writeStringField("type", "error");
        g.writeObjectFieldStart("error");
        g.writeStringField("type", error.type());
        g.writeStringField("message", error.message());
        g.writeEndObject();
      } else {
        g.writeObjectFieldStart("error");
        g.writeStringField("message", error.message());
        g.writeStringField("type", error.type());
        g.writeStringField("code", error.code());
        g.writeNullField("param");
        g.writeEndObject();
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
