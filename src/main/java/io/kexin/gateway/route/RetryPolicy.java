package io.kexin.gateway.route;

import io.kexin.gateway.config.RetryConfig;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Says when a route tries a failed upstream call again and how long it waits: {@code retries} after the first try,
 * on the reasons in {@code on}, with jittered exponential backoff between {@code baseNanos} and {@code maxNanos}, and a
 * {@code Retry-After} honoured up to {@code maxRetryAfterNanos}. Immutable.
 */
public record RetryPolicy(int retries, long baseNanos, long maxNanos, Set<String> on, long maxRetryAfterNanos) {
  public RetryPolicy {
    on = Set.copyOf(on);
  }

  static RetryPolicy of(RetryConfig c) {
    return new RetryPolicy(c.attempts(), c.backoff().toNanos(), c.maxBackoff().toNanos(), Set.copyOf(c.on()),
        c.maxRetryAfter().toNanos());
  }

  /** Says whether a failure for {@code reason} ({@code connect-failure}, {@code 503}, ...) may be retried. */
  public boolean retriesOn(String reason) {
    return on.contains(reason);
  }

  /**
   * Returns the wait before retry number {@code retry} (1 for the first): the base doubled per retry up to the
   * maximum, of which a random half is waited ("equal jitter"), so clients that failed together do not come back
   * together yet none retries at once.
   */
  public long backoffNanos(int retry) {
    long cap = baseNanos;
    for (int i = 1; i < retry && cap < maxNanos; i++) {
      cap *= 2;
    }
    cap = Math.min(cap, maxNanos);
    long half = cap / 2;
    return half + (half > 0 ? ThreadLocalRandom.current().nextLong(half + 1) : 0);
  }
}
