package io.kexin.gateway.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Copies headers from one message to the next hop, leaving out hop-by-hop headers (RFC 9110 §7.6.1). Runs on every
 * request and response, so names are compared in place, case-insensitively, without copying or lowercasing them.
 */
final class HopByHop {
  private static final AsciiString[] ALWAYS = {
    HttpHeaderNames.CONNECTION, HttpHeaderNames.KEEP_ALIVE, AsciiString.cached("proxy-connection"),
    HttpHeaderNames.TE, HttpHeaderNames.TRAILER, HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.UPGRADE,
    HttpHeaderNames.PROXY_AUTHORIZATION, HttpHeaderNames.PROXY_AUTHENTICATE};

  private HopByHop() {}

  /**
   * Copies every end-to-end header of {@code from} into {@code to}, except those named in {@code skip}. Every
   * Connection line counts: a second one, or a comma list split across lines, names hop-by-hop headers as well.
   */
  static void copy(HttpHeaders from, HttpHeaders to, AsciiString[] skip) {
    List<String> connection = connectionLines(from);
    Iterator<Map.Entry<CharSequence, CharSequence>> it = from.iteratorCharSequence();
    while (it.hasNext()) {
      Map.Entry<CharSequence, CharSequence> h = it.next();
      CharSequence name = h.getKey();
      if (!named(name, ALWAYS) && !named(name, skip) && !listedIn(connection, name)) {
        to.add(name, h.getValue());
      }
    }
  }

  /**
   * Removes, in place, the hop-by-hop headers of {@code headers} and those named in {@code skip}; leaves the same
   * headers, in the same order, as {@link #copy} would copy. Lets the proxy forward a message it received instead of
   * building a second header table for every request and response.
   */
  static void strip(HttpHeaders headers, AsciiString[] skip) {
    // One walk over the headers finds what must go, usually nothing: a remove per name would hash every name.
    List<String> connection = connectionLines(headers);
    List<CharSequence> hopByHop = null;
    Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence();
    while (it.hasNext()) {
      CharSequence name = it.next().getKey();
      if (named(name, ALWAYS) || named(name, skip) || listedIn(connection, name)) {
        if (hopByHop == null) {
          hopByHop = new ArrayList<>(2);
        }
        hopByHop.add(name);
      }
    }
    if (hopByHop != null) {
      for (CharSequence name : hopByHop) {
        headers.remove(name);
      }
    }
  }

  private static boolean named(CharSequence name, AsciiString[] names) {
    for (AsciiString n : names) {
      if (n.length() == name.length() && n.contentEqualsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  /** Returns the values of every Connection line, in order; an empty list (no copy) when there is none. */
  private static List<String> connectionLines(HttpHeaders headers) {
    return headers.contains(HttpHeaderNames.CONNECTION) ? headers.getAll(HttpHeaderNames.CONNECTION) : List.of();
  }

  /** Says whether {@code name} is one of the comma-separated tokens of any of the Connection lines. */
  private static boolean listedIn(List<String> connection, CharSequence name) {
    for (String line : connection) {
      if (listedIn(line, name)) {
        return true;
      }
    }
    return false;
  }

  /** Says whether {@code name} is one of the comma-separated tokens of one Connection line. */
  private static boolean listedIn(String connection, CharSequence name) {
    int start = 0;
    while (start <= connection.length()) {
      int comma = connection.indexOf(',', start);
      int end = comma < 0 ? connection.length() : comma;
      String token = connection.substring(start, end).trim();
      if (AsciiString.contentEqualsIgnoreCase(token, name)) {
        return true;
      }
      if (comma < 0) {
        return false;
      }
      start = comma + 1;
    }
    return false;
  }
}
