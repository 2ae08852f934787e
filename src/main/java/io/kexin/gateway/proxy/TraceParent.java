package io.kexin.gateway.proxy;

import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Makes the W3C {@code traceparent} the gateway sends upstream: the client's trace id and flags with a span id of the
 * gateway's own when the client sent a valid header (version 00) whose trace id's digits spell no phone or card
 * ({@link RequestId#digitsSpellAValue}), else a new trace, sampled. Stateless.
 */
final class TraceParent {
  static final AsciiString HEADER = AsciiString.cached("traceparent");
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private TraceParent() {}

  /** Returns the header value to send upstream, continuing {@code incoming} (null or invalid: a new trace). */
  static String next(String incoming) {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    // Written into one array: the three ids as strings, padded and joined, made ten objects per request.
    byte[] out = new byte[55];
    out[0] = '0';
    out[1] = '0';
    out[2] = '-';
    out[35] = '-';
    out[52] = '-';
    // A trace id whose digits spell a phone or a card would reach the provider and the audit trail as sent.
    if (valid(incoming) && !RequestId.digitsSpellAValue(incoming, 3, 35)) {
      for (int i = 3; i < 35; i++) {
        out[i] = (byte) incoming.charAt(i);
      }
      out[53] = (byte) incoming.charAt(53);
      out[54] = (byte) incoming.charAt(54);
    } else {
      hex16(r, out, 3);
      hex16(r, out, 19);
      out[53] = '0';
      out[54] = '1';
    }
    hex16(r, out, 36);
    return new String(out, StandardCharsets.US_ASCII);
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

  /** Writes 16 lowercase hex digits of a random non-zero number into {@code out} at {@code at}. */
  private static void hex16(ThreadLocalRandom r, byte[] out, int at) {
    long v = r.nextLong() | 1L;
    for (int i = at + 15; i >= at; i--) {
      out[i] = HEX[(int) (v & 0xf)];
      v >>>= 4;
    }
  }
}
