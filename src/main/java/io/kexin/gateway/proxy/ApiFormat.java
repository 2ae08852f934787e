package io.kexin.gateway.proxy;

import io.kexin.gateway.config.Provider;
import io.kexin.gateway.provider.ProviderApi;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpVersion;

/** Knows how a caller's API schema carries its key and how it expects an error to look. Stateless. */
enum ApiFormat {
  OPENAI(ProviderApi.openAi()),
  ANTHROPIC(ProviderApi.anthropic());

  private final ProviderApi api;

  ApiFormat(ProviderApi api) {
    this.api = api;
  }

  /** Returns the schema a request path belongs to: {@code /v1/messages} is Anthropic, the rest OpenAI. */
  static ApiFormat forPath(String path) {
    return path.startsWith("/v1/messages") ? ANTHROPIC : OPENAI;
  }

  /** Returns the provider whose upstream speaks this schema. */
  Provider provider() {
    return this == ANTHROPIC ? Provider.ANTHROPIC : Provider.OPENAI;
  }

  /**
   * Returns the gateway key a client presented, or null: {@code Authorization: Bearer}, else {@code x-api-key} on
   * Anthropic routes or {@code api-key} on OpenAI-compatible ones (Azure OpenAI clients send their key there).
   */
  String clientKey(HttpHeaders headers) {
    String auth = headers.get(HttpHeaderNames.AUTHORIZATION);
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return auth.substring(7).trim();
    }
    String key = headers.get(this == ANTHROPIC ? ClientCredentials.X_API_KEY : ClientCredentials.API_KEY);
    return key == null ? null : key.trim();
  }

  /** Names the headers a client may send its key in, for the message of a 401. */
  String keyHeaders() {
    return this == ANTHROPIC ? "'Authorization: Bearer <key>' or 'x-api-key: <key>'"
        : "'Authorization: Bearer <key>' or 'api-key: <key>'";
  }

  /** Renders {@code error} in this schema's error JSON. */
  byte[] render(GatewayError error) {
    return api.errorBody(error.status().code(), error.type(), error.code(), error.message());
  }

  /**
   * Returns {@code error} as a whole response in this schema, with the request id when one is given (at most 128
   * characters), and {@code Connection: close} unless {@code keepAlive}.
   */
  FullHttpResponse response(GatewayError error, String requestId, boolean keepAlive) {
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, error.status(),
        Unpooled.wrappedBuffer(render(error)));
    response.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
        .set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
    if (requestId != null && requestId.length() <= 128) {
      response.headers().set(ClientHandler.REQUEST_ID, requestId);
    }
    if (!keepAlive) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    return response;
  }

  /** Returns the schema adapter: where text lives in bodies, and which paths it serves. */
  ProviderApi api() {
    return api;
  }
}
