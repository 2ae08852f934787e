package io.kexin.gateway.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Locale;

/**
 * Refuses a request body the gateway would read other than the provider: one sent with a {@code Content-Encoding}
 * (gzip, br, zstd …: the gateway reads the bytes as they came, the provider would decode them first), or whose
 * {@code Content-Type} names a charset other than UTF-8 (a provider that honours {@code charset=utf-7} reads
 * {@code +AEA-} as {@code @}). Answers 415 in the caller's format, naming neither header's value: a client chose it,
 * and it may carry what the gateway protects. Stateless.
 */
final class BodyCoding {
  private BodyCoding() {}

  /** Returns the refusal of a request with these {@code headers}, or null when its body is read as sent. */
  static GatewayError refusal(HttpHeaders headers) {
    for (String value : headers.getAll(HttpHeaderNames.CONTENT_ENCODING)) {
      for (String coding : value.split(",", -1)) {
        if (!coding.strip().equalsIgnoreCase("identity")) {
          return new GatewayError(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "invalid_request_error",
              "unsupported_content_encoding", "the request body has a Content-Encoding, which the gateway does not"
              + " decode, so it cannot inspect the body: send it uncompressed");
        }
      }
    }
    for (String value : headers.getAll(HttpHeaderNames.CONTENT_TYPE)) {
      String charset = charset(value);
      if (charset != null && !charset.equals("utf-8") && !charset.equals("utf8") && !charset.equals("us-ascii")) {
        return new GatewayError(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "invalid_request_error",
            "unsupported_charset", "the request's Content-Type names a charset other than UTF-8, which the gateway"
            + " reads every body as, so the provider could read other text: send UTF-8 (charset=utf-8 or none)");
      }
    }
    return null;
  }

  /** Returns the lower-cased, unquoted {@code charset} parameter of a media type, or null when it names none. */
  static String charset(String mediaType) {
    String[] parts = mediaType.split(";", -1);
    String found = null;
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].strip();
      int eq = p.indexOf('=');
      if (eq > 0 && p.substring(0, eq).strip().equalsIgnoreCase("charset")) {
        String v = p.substring(eq + 1).strip();
        if (v.length() >= 2 && v.charAt(0) == '"' && v.charAt(v.length() - 1) == '"') {
          v = v.substring(1, v.length() - 1);
        }
        v = v.toLowerCase(Locale.ROOT);
        if (found != null && !found.equals(v)) {
          // Two different charsets: a reader could take either.
          return "ambiguous";
        }
        found = v;
      }
    }
    return found;
  }
}
