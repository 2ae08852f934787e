package io.kexin.gateway.config;

import static java.util.Objects.requireNonNullElse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Declares how a route retries a failed upstream call, only while nothing has reached the client: up to
 * {@code attempts} retries after the first try (Envoy's {@code num_retries}, LiteLLM's {@code num_retries}; default 2),
 * with jittered exponential backoff from {@code backoff} (100 ms) up to {@code maxBackoff} (2 s), on the failures
 * listed in {@code on} (default: all of them) and a {@code Retry-After} honoured up to {@code maxRetryAfter} (30 s).
 * Only failures where the upstream cannot have acted on the request may be listed: {@code connect-failure},
 * {@code reset-before-response} (a pooled connection closed before any answer), 429, 502, 503 and 504.
 */
public record RetryConfig(Integer attempts, Duration backoff, Duration maxBackoff, List<String> on,
    Duration maxRetryAfter) {
  /** Names every failure a retry may follow, as written in the config. */
  public static final List<String> REASONS = List.of("connect-failure", "reset-before-response", "429", "502", "503",
      "504");
  public static final RetryConfig DEFAULT = new RetryConfig(null, null, null, null, null);

  public RetryConfig {
    attempts = requireNonNullElse(attempts, 2);
    if (attempts < 0 || attempts > 10) {
      throw new IllegalArgumentException("attempts: " + attempts + " (expected: 0 to 10 retries after the first try)");
    }
    backoff = PositiveSetting.orDefault("backoff", backoff, Duration.ofMillis(100));
    maxBackoff = PositiveSetting.orDefault("maxBackoff", maxBackoff, Duration.ofSeconds(2));
    if (maxBackoff.compareTo(backoff) < 0) {
      throw new IllegalArgumentException("maxBackoff: " + maxBackoff.toMillis() + "ms (expected: >= backoff, "
          + backoff.toMillis() + "ms)");
    }
    maxRetryAfter = requireNonNullElse(maxRetryAfter, Duration.ofSeconds(30));
    if (maxRetryAfter.isNegative()) {
      throw new IllegalArgumentException("maxRetryAfter: " + maxRetryAfter + " (expected: >= 0)");
    }
    List<String> reasons = new ArrayList<>();
    for (String r : requireNonNullElse(on, REASONS)) {
      if (!REASONS.contains(r)) {
        throw new IllegalArgumentException("on: " + r + " (expected: any of " + String.join(", ", REASONS)
            + "; other failures are not safe to retry)");
      }
      reasons.add(r);
    }
    on = List.copyOf(new LinkedHashSet<>(reasons));
  }
}
