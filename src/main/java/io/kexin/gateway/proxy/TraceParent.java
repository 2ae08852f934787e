package io.kexin.gateway.proxy;

import io.netty.util.AsciiString;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Makes the W3C {@code traceparent} the gateway sends upstream: the client's trace id and flags with a span id of the
 * gateway's own when the client sent a valid header (version 00), else a new trace, sampled. Stateless.
 */
final class TraceParent {
  static final AsciiString HEADER = AsciiString.cached("traceparent");

  private TraceParent() {}

  /** Returns the header value to send upstream, continuing {@code incoming} (null or invalid: a new trace). */
  static String next(String incoming) {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    String span = hex16(r);
    if (valid(incoming)) {
      return "00-" + incoming.substring(3, 35) + "-" + span + "-" + incoming.substring(53, 55);
    }
    return "00-" + hex16(r) + hex16(r) + "-" + span + "-01";
  }

  /** Says whether {@code value} is a version-00 traceparent with non-zero ids. */
  static boolean valid(String value) {
    if (value == null || value.length() != 55 || !value.startsWith("00-") || value.charAt(35) != '-'
        || value.charAt(52) != '-') {
      return false;
    }
    return lowerHex(value, 3, 35) && lowerHex(value, 36, 52) && lowerHex(value, 53, 55)
        && !allZero(value, 3, 35) && !allZero(value, 36, 52);
  }

  private static boolean lowerHex(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  private static boolean allZero(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) != '0') {
        return false;
      }
    }
    return true;
  }

  private static String hex16(ThreadLocalRandom r) {
    String h = Long.toHexString(r.nextLong() | 1L);
    return "0".repeat(16 - h.length()) + h;
  }
}
