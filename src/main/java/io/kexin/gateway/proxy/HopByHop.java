package io.kexin.gateway.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Copies headers from one message to the next hop, leaving out hop-by-hop headers (RFC 9110 §7.6.1). */
final class HopByHop {
  private static final Set<AsciiString> ALWAYS = Set.of(
      HttpHeaderNames.CONNECTION, HttpHeaderNames.KEEP_ALIVE, AsciiString.of("proxy-connection"),
      HttpHeaderNames.TE, HttpHeaderNames.TRAILER, HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.UPGRADE,
      HttpHeaderNames.PROXY_AUTHORIZATION, HttpHeaderNames.PROXY_AUTHENTICATE);

  private HopByHop() {}

  /** Copies every end-to-end header of {@code from} into {@code to}, except those named in {@code skip}. */
  static void copy(HttpHeaders from, HttpHeaders to, Set<AsciiString> skip) {
    Set<String> named = connectionTokens(from);
    for (Map.Entry<String, String> h : from) {
      AsciiString name = AsciiString.of(h.getKey()).toLowerCase();
      if (ALWAYS.contains(name) || skip.contains(name) || named.contains(name.toString())) {
        continue;
      }
      to.add(name, h.getValue());
    }
  }

  private static Set<String> connectionTokens(HttpHeaders headers) {
    String connection = headers.get(HttpHeaderNames.CONNECTION);
    if (connection == null) {
      return Set.of();
    }
    Set<String> names = new HashSet<>();
    for (String token : connection.split(",")) {
      names.add(token.trim().toLowerCase(Locale.ROOT));
    }
    return names;
  }
}
