package io.kexin.gateway.config;

import static java.util.Objects.requireNonNullElse;

import java.util.regex.Pattern;

/**
 * Declares one limit rule: its name, whom it counts ({@code tenant}: one tenant, or {@code *} for each tenant apart;
 * {@code key}: absent for the tenant as a whole, {@code *} for each of its virtual keys apart, or one key's hash;
 * {@code model}: absent for all models together, {@code *} for each model apart, or one model), and its limits:
 * requests and tokens per minute, concurrent requests (streams included), and token or cost (US dollars) budgets per
 * UTC day and month. {@code onError} (absent: the {@code quotas} default) says what happens when its store fails.
 */
public record QuotaRule(String name, String tenant, String key, String model, Long requestsPerMinute,
    Long tokensPerMinute, Integer concurrent, Long tokensPerDay, Long tokensPerMonth, Double costPerDay,
    Double costPerMonth, LimitOnError onError) {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  private static final Pattern KEY_HASH = Pattern.compile("sha256:[0-9a-f]{64}");

  public QuotaRule {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("name: " + (name == null ? "missing" : "'" + name + "'")
          + " (expected: lowercase letters, digits and dashes, at most 63)");
    }
    tenant = requireNonNullElse(tenant, "*");
    if (key != null && !key.equals("*") && !KEY_HASH.matcher(key).matches()) {
      throw new IllegalArgumentException("key: not a key hash (expected: *, or sha256:<64 lowercase hex> as printed"
          + " by `./gateway hash-key`)");
    }
    positive("requestsPerMinute", requestsPerMinute);
    positive("tokensPerMinute", tokensPerMinute);
    positive("tokensPerDay", tokensPerDay);
    positive("tokensPerMonth", tokensPerMonth);
    if (concurrent != null && concurrent <= 0) {
      throw new IllegalArgumentException("concurrent: " + concurrent + " (expected: > 0)");
    }
    positiveCost("costPerDay", costPerDay);
    positiveCost("costPerMonth", costPerMonth);
    if (requestsPerMinute == null && tokensPerMinute == null && concurrent == null && tokensPerDay == null
        && tokensPerMonth == null && costPerDay == null && costPerMonth == null) {
      throw new IllegalArgumentException("rule '" + name + "' sets no limit (expected: one of requestsPerMinute,"
          + " tokensPerMinute, concurrent, tokensPerDay, tokensPerMonth, costPerDay, costPerMonth)");
    }
  }

  /** Says whether the rule needs the tokens a request uses: a token or cost limit. */
  public boolean countsTokens() {
    return tokensPerMinute != null || tokensPerDay != null || tokensPerMonth != null || costPerDay != null
        || costPerMonth != null;
  }

  /** Says whether the rule has a cost budget, which needs a price for each model it counts. */
  public boolean countsCost() {
    return costPerDay != null || costPerMonth != null;
  }

  private static void positive(String field, Long value) {
    if (value != null && value <= 0) {
      throw new IllegalArgumentException(field + ": " + value + " (expected: > 0)");
    }
  }

  private static void positiveCost(String field, Double value) {
    if (value != null && !(value > 0 && value < 1e12)) {
      throw new IllegalArgumentException(field + ": " + value + " (expected: US dollars, > 0)");
    }
  }
}
