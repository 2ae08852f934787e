package io.kexin.gateway.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Removes the client's credentials from a request before it goes upstream, wherever the client put them: the
 * credential headers ({@code authorization}, {@code x-api-key}, {@code api-key}), any other header whose value holds
 * the client's key, and any query parameter whose name is a credential name or whose name or value holds the key.
 * Other query parameters (Azure's {@code api-version}) are kept byte for byte. Names the credential parameter of a
 * request target, so that admission can refuse a key in a URL before it goes anywhere. Stateless.
 */
final class ClientCredentials {
  static final AsciiString API_KEY = AsciiString.cached("api-key");
  static final AsciiString X_API_KEY = AsciiString.cached("x-api-key");
  private static final AsciiString[] HEADERS = {HttpHeaderNames.AUTHORIZATION, X_API_KEY, API_KEY};
  private static final Set<String> PARAMETERS = Set.of("key", "api_key", "api-key", "apikey", "x-api-key",
      "access_token", "token", "auth", "authorization");

  private ClientCredentials() {}

  /** Removes the credential headers and every header whose value holds {@code key} (when not null), in place. */
  static void stripHeaders(HttpHeaders headers, String key) {
    for (AsciiString name : HEADERS) {
      headers.remove(name);
    }
    if (key == null || key.isEmpty()) {
      return;
    }
    List<CharSequence> holding = null;
    Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence();
    while (it.hasNext()) {
      Map.Entry<CharSequence, CharSequence> h = it.next();
      if (h.getValue().toString().contains(key)) {
        if (holding == null) {
          holding = new ArrayList<>(1);
        }
        holding.add(h.getKey());
      }
    }
    if (holding != null) {
      holding.forEach(headers::remove);
    }
  }

  /**
   * Returns the name of the first query parameter of {@code uri} that is named as a credential ({@code key},
   * {@code api-key}, {@code access_token}, ...), in its canonical lowercase form (never the client's spelling or
   * value), or null when there is none.
   */
  static String credentialParameter(String uri) {
    int q = uri.indexOf('?');
    if (q < 0) {
      return null;
    }
    for (String param : uri.substring(q + 1).split("[&;]", -1)) {
      int eq = param.indexOf('=');
      String name = decode(eq < 0 ? param : param.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
      if (PARAMETERS.contains(name)) {
        return name;
      }
    }
    return null;
  }

  /** Returns {@code uri} without the query parameters that carry a credential; returns it as is when none does. */
  static String stripQuery(String uri, String key) {
    int q = uri.indexOf('?');
    if (q < 0) {
      return uri;
    }
    String query = uri.substring(q + 1);
    StringBuilder kept = new StringBuilder(query.length());
    boolean dropped = false;
    for (String param : query.split("&", -1)) {
      if (param.isEmpty() || carriesCredential(param, key)) {
        dropped = true;
        continue;
      }
      if (!kept.isEmpty()) {
        kept.append('&');
      }
      kept.append(param);
    }
    if (!dropped) {
      return uri;
    }
    return kept.isEmpty() ? uri.substring(0, q) : uri.substring(0, q + 1) + kept;
  }

  /**
   * Says whether one {@code &}-separated parameter carries a credential; each {@code ;}-separated part of it is
   * checked too, for servers that split on both.
   */
  private static boolean carriesCredential(String param, String key) {
    for (String part : param.split(";", -1)) {
      int eq = part.indexOf('=');
      String name = decode(eq < 0 ? part : part.substring(0, eq));
      String value = eq < 0 ? "" : decode(part.substring(eq + 1));
      if (PARAMETERS.contains(name.trim().toLowerCase(Locale.ROOT))) {
        return true;
      }
      if (key != null && !key.isEmpty() && (name.contains(key) || value.contains(key))) {
        return true;
      }
    }
    return false;
  }

  /** Decodes {@code %XX} escapes and {@code +} as a server would, leaving malformed escapes as they are. */
  static String decode(String s) {
    if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
        out.write(hex(s.charAt(i + 1)) << 4 | hex(s.charAt(i + 2)));
        i += 2;
      } else if (c == '+') {
        out.write(' ');
      } else {
        byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
          bytes = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
          i++;
        }
        out.writeBytes(bytes);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static int hex(char c) {
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10
        : -1;
  }
}
