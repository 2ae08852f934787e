package io.kexin.gateway.proxy;

import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.Date;

/**
 * Reads how long an upstream asks to wait before a retry: {@code retry-after-ms} (OpenAI and Azure send it), else
 * {@code Retry-After} as seconds or an HTTP date (RFC 9110 §10.2.3). Stateless.
 */
final class RetryAfter {
  private static final AsciiString RETRY_AFTER_MS = AsciiString.cached("retry-after-ms");
  private static final long MAX_SECONDS = 1L << 31;

  private RetryAfter() {}

  /** Returns the wait in nanoseconds (0 for a date in the past), or -1 when none is asked for or it is unreadable. */
  static long nanos(HttpHeaders headers, long nowMillis) {
    String ms = headers.get(RETRY_AFTER_MS);
    if (ms != null && digits(ms.trim())) {
      return Math.min(Long.parseLong(ms.trim()), MAX_SECONDS * 1000) * 1_000_000L;
    }
    String value = headers.get(HttpHeaderNames.RETRY_AFTER);
    if (value == null) {
      return -1;
    }
    value = value.trim();
    if (digits(value)) {
      return Math.min(Long.parseLong(value), MAX_SECONDS) * 1_000_000_000L;
    }
    Date date = DateFormatter.parseHttpDate(value);
    if (date == null) {
      return -1;
    }
    return Math.max(0, Math.min(date.getTime() - nowMillis, MAX_SECONDS * 1000)) * 1_000_000L;
  }

  private static boolean digits(String s) {
    if (s.isEmpty() || s.length() > 12) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
