package io.kexin.gateway.config;

import static java.util.Objects.requireNonNullElse;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Declares tenant limits and budgets: where counters live ({@code local}, the default, or {@code redis}, shared by
 * every pod), the Redis to use, what a limit does when its store fails (a rule may say otherwise), the price of each
 * model's tokens, and the rules.
 */
public record QuotasConfig(LimitStoreKind store, RedisConfig redis, LimitOnError onError, Map<String, Price> prices,
    List<QuotaRule> rules) {
  /** Holds no limits. */
  public static final QuotasConfig NONE = new QuotasConfig(null, null, null, null, null);

  public QuotasConfig {
    store = requireNonNullElse(store, LimitStoreKind.LOCAL);
    onError = requireNonNullElse(onError, LimitOnError.ALLOW);
    prices = Map.copyOf(requireNonNullElse(prices, Map.of()));
    rules = List.copyOf(requireNonNullElse(rules, List.of()));
    if (store == LimitStoreKind.REDIS && redis == null) {
      throw new IllegalArgumentException("redis: missing (expected: redis: {url: redis://host:6379} with store:"
          + " redis)");
    }
    Set<String> names = new HashSet<>();
    for (QuotaRule rule : rules) {
      if (!names.add(rule.name())) {
        throw new IllegalArgumentException("rules: duplicate rule name '" + rule.name() + "' (expected: unique"
            + " names)");
      }
      if (rule.countsCost() && rule.model() != null && !rule.model().equals("*")
          && !prices.containsKey(rule.model())) {
        throw new IllegalArgumentException("rule '" + rule.name() + "' has a cost budget for model '" + rule.model()
            + "', which prices does not list (expected: prices: {" + rule.model() + ": {input: …, output: …}})");
      }
    }
  }

  /** Returns the failure direction of {@code rule}: its own, else this default. */
  public LimitOnError onError(QuotaRule rule) {
    return rule.onError() == null ? onError : rule.onError();
  }
}
