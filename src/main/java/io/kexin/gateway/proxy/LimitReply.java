package io.kexin.gateway.proxy;

import io.kexin.gateway.limit.Admission;
import io.kexin.gateway.limit.LimitKind;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Instant;
import java.util.List;

/**
 * Answers a request a tenant limit refused, in the caller's API format, with what the providers' SDKs read to wait
 * and retry: {@code Retry-After} (seconds) and {@code retry-after-ms}, the rate-limit headers of both providers
 * ({@code x-ratelimit-limit-requests}, {@code x-ratelimit-remaining-tokens}, {@code x-ratelimit-reset-requests} as
 * a duration, …; Anthropic callers also get {@code anthropic-ratelimit-requests-limit}, … with the reset as an
 * RFC 3339 time), and {@code x-should-retry: false} for a spent budget, which no retry within minutes can help;
 * the same rate-limit headers go on the successful answers of a request a rate counts. Stateless.
 */
final class LimitReply {
  private LimitReply() {}

  /** Returns the whole response for {@code refuse}. */
  static FullHttpResponse response(ApiFormat api, Admission.Refuse refuse, String requestId, boolean keepAlive) {
    FullHttpResponse response = api.response(new GatewayError(HttpResponseStatus.valueOf(refuse.status()),
        type(refuse.kind()), refuse.code(), refuse.message()), requestId, keepAlive);
    HttpHeaders h = response.headers();
    long millis = Math.max(1, refuse.retryAfterMillis());
    h.set(HttpHeaderNames.RETRY_AFTER, Long.toString((millis + 999) / 1000));
    h.set("retry-after-ms", Long.toString(millis));
    if (refuse.kind() != null && refuse.kind().label().contains("_per_")) {
      h.set("x-should-retry", "false");
    }
    rateHeaders(h, api, refuse.windows());
    return response;
  }

  /**
   * Sets the rate-limit headers of the providers for {@code windows} on {@code h}: {@code x-ratelimit-*} for every
   * caller, {@code anthropic-ratelimit-*} too for Anthropic callers; numbers and times only, never a key or a tenant.
   */
  static void rateHeaders(HttpHeaders h, ApiFormat api, List<Admission.Window> windows) {
    long now = System.currentTimeMillis();
    for (Admission.Window w : windows) {
      String word = w.kind() == LimitKind.REQUESTS ? "requests" : "tokens";
      h.set("x-ratelimit-limit-" + word, Long.toString(w.limit()));
      h.set("x-ratelimit-remaining-" + word, Long.toString(w.remaining()));
      h.set("x-ratelimit-reset-" + word, duration(w.resetMillis()));
      if (api == ApiFormat.ANTHROPIC) {
        h.set("anthropic-ratelimit-" + word + "-limit", Long.toString(w.limit()));
        h.set("anthropic-ratelimit-" + word + "-remaining", Long.toString(w.remaining()));
        h.set("anthropic-ratelimit-" + word + "-reset",
            Instant.ofEpochSecond((now + w.resetMillis() + 999) / 1000).toString());
      }
    }
  }

  /** Returns the error type: OpenAI's words for rate limits (Anthropic's adapter turns every 429 into its own). */
  private static String type(LimitKind kind) {
    if (kind == null) {
      return "overloaded_error";
    }
    return switch (kind) {
      case TOKENS -> "tokens";
      case REQUESTS, CONCURRENT -> "requests";
      default -> "insufficient_quota";
    };
  }

  /** Formats a wait as OpenAI does: {@code 20ms}, {@code 1s}, {@code 6m0s}, {@code 1h2m3s}. */
  static String duration(long millis) {
    if (millis < 1000) {
      return millis + "ms";
    }
    long s = (millis + 999) / 1000;
    long h = s / 3600;
    long m = s / 60 % 60;
    long sec = s % 60;
    return h > 0 ? h + "h" + m + "m" + sec + "s" : m > 0 ? m + "m" + sec + "s" : sec + "s";
  }
}
