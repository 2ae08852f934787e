package io.kexin.gateway.limit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kexin.gateway.config.ConfigException;
import io.kexin.gateway.config.LimitOnError;
import io.kexin.gateway.config.LimitStoreKind;
import io.kexin.gateway.config.Price;
import io.kexin.gateway.config.QuotaRule;
import io.kexin.gateway.config.QuotasConfig;
import io.kexin.gateway.content.StrictJson;
import io.kexin.gateway.inspect.ExchangeInfo;
import io.kexin.gateway.inspect.Inspection;
import io.kexin.gateway.metrics.GatewayMetrics;
import io.kexin.gateway.metrics.ModelLabels;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Applies the tenants' limits: finds the buckets of the rules that count a request (by tenant, virtual key and
 * model), takes the request from all of them at once in the store (this process, or Redis), and answers whether it
 * may go on. A store that fails lets the request through, or refuses it, as each rule declares. Thread-safe.
 */
public final class Quotas implements AutoCloseable {
  private static final long MINUTE_MICROS = 60_000_000L;

  private final QuotasConfig config;
  private final LimitStore store;
  private final StoreWatch watch;
  private final GatewayMetrics metrics;
  private final ModelLabels models;
  private final Clock clock;
  private final String prefix;
  private final boolean allTenantsCountTokens;
  private final Set<String> tokenTenants = new HashSet<>();
  private final ObjectMapper streamJson = StrictJson.mapper();
  private volatile Periods periods;

  private Quotas(QuotasConfig config, LimitStore store, StoreWatch watch, GatewayMetrics metrics,
      Collection<String> namedModels, Clock clock) {
    this.config = config;
    this.store = store;
    this.watch = watch;
    this.metrics = metrics;
    this.models = ModelLabels.of(namedModels);
    this.clock = clock;
    this.prefix = config.redis() == null ? "" : config.redis().prefix();
    boolean all = false;
    for (QuotaRule rule : config.rules()) {
      if (rule.countsTokens()) {
        all |= rule.tenant().equals("*");
        tokenTenants.add(rule.tenant());
      }
    }
    this.allTenantsCountTokens = all;
  }

  /**
   * Returns the limits of {@code config}, counting in this process or in Redis as it says; {@code namedModels} are
   * the models counted apart by a per-model rule ({@code model: *}): every other model is counted as {@code other}.
   */
  public static Quotas of(QuotasConfig config, Collection<String> namedModels, GatewayMetrics metrics, Clock clock) {
    requireNonNull(config, "config");
    requireNonNull(metrics, "metrics");
    String name = config.store() == LimitStoreKind.REDIS ? "redis" : "local";
    StoreWatch watch = new StoreWatch(name, metrics);
    metrics.limitStore(name);
    LimitStore store;
    try {
      store = config.rules().isEmpty() ? null : config.store() == LimitStoreKind.REDIS
          ? new RedisStore(config.redis().url(), config.redis().timeout(), config.redis().leaseTime(), watch)
          : new LocalStore(clock);
    } catch (IllegalArgumentException e) {
      // Lettuce's message may quote the URL, which may hold a password: only its kind is shown.
      throw new ConfigException("quotas.redis.url: not a valid Redis URL (" + e.getClass().getSimpleName()
          + "; expected: redis://[:password@]host:port[/db])");
    }
    return new Quotas(config, store, watch, metrics, namedModels, clock);
  }

  /** Returns limits that count nothing. */
  public static Quotas none() {
    return new Quotas(QuotasConfig.NONE, null, null, null, List.of(), Clock.systemUTC());
  }

  /** Says whether any limit is configured. */
  public boolean active() {
    return store != null;
  }

  /** Says whether a limit of {@code tenant} counts tokens or cost, so its responses' usage must be read. */
  public boolean countsTokens(String tenant) {
    return allTenantsCountTokens || tokenTenants.contains(tenant);
  }

  /** Returns {@code inner}, wrapped to read the upstream's token usage when the exchange's tenant needs it. */
  public Inspection meter(Inspection inner, ExchangeInfo exchange) {
    return countsTokens(exchange.tenant()) ? new MeteredInspection(inner, exchange, streamJson) : inner;
  }

  /** Describes one request to count: tenant, key hash, model (null if none), estimated input tokens, inspection. */
  public record Ask(String tenant, String keyHash, String model, long estimate, Inspection inspection) {}

  /**
   * Takes {@code ask} from its tenant's limits; completes with the admission (never exceptionally), on the store's
   * thread, or at once when the store is local.
   */
  public CompletableFuture<Admission> admit(Ask ask) {
    if (store == null) {
      return CompletableFuture.completedFuture(new Admission.Pass(Lease.NONE));
    }
    long now = micros();
    Price price = ask.model() == null ? null : config.prices().get(ask.model());
    long estimatedCost = microDollars(price, ask.estimate(), 0);
    List<Bucket> buckets = new ArrayList<>(4);
    List<QuotaRule> rules = config.rules();
    for (int r = 0; r < rules.size(); r++) {
      QuotaRule rule = rules.get(r);
      if (!matches(rule, ask)) {
        continue;
      }
      String base = prefix + rule.name() + ":" + ask.tenant() + ":"
          + (rule.key() == null || ask.keyHash() == null ? "-" : ask.keyHash().substring(7, 23)) + ":"
          + (rule.model() == null ? "-" : models.label(ask.model())) + ":";
      add(buckets, base, LimitKind.REQUESTS, rule.requestsPerMinute(), 1, MINUTE_MICROS, r);
      add(buckets, base, LimitKind.TOKENS, rule.tokensPerMinute(), ask.estimate(), MINUTE_MICROS, r);
      add(buckets, base, LimitKind.CONCURRENT, rule.concurrent() == null ? null : (long) rule.concurrent(), 1, 0, r);
      if (rule.tokensPerDay() != null || rule.tokensPerMonth() != null || rule.countsCost()) {
        Periods p = periods(now);
        long day = p.dayEndMicros() - now;
        long month = p.monthEndMicros() - now;
        add(buckets, base + p.day() + ":", LimitKind.TOKENS_DAY, rule.tokensPerDay(), ask.estimate(), day, r);
        add(buckets, base + p.month() + ":", LimitKind.TOKENS_MONTH, rule.tokensPerMonth(), ask.estimate(), month, r);
        add(buckets, base + p.day() + ":", LimitKind.COST_DAY, dollars(rule.costPerDay()), estimatedCost, day, r);
        add(buckets, base + p.month() + ":", LimitKind.COST_MONTH, dollars(rule.costPerMonth()), estimatedCost, month,
            r);
      }
    }
    if (buckets.isEmpty()) {
      return CompletableFuture.completedFuture(new Admission.Pass(Lease.NONE));
    }
    String leaseId = Long.toHexString(ThreadLocalRandom.current().nextLong());
    MeteredInspection meter = ask.inspection() instanceof MeteredInspection m ? m : null;
    return store.take(buckets, leaseId).handle((tally, failure) -> {
      if (failure != null) {
        return storeFailed(ask, buckets);
      }
      if (tally.allowed()) {
        return new Admission.Pass(new Lease(store, buckets, leaseId, ask.estimate(), estimatedCost, price, meter,
            metrics, ask.tenant(), ask.model(), windows(buckets, tally)));
      }
      Bucket refused = buckets.get(tally.refused());
      metrics.limited(ask.tenant(), refused.kind().label());
      return refusal(ask, refused, tally, buckets);
    });
  }

  private static boolean matches(QuotaRule rule, Ask ask) {
    return (rule.tenant().equals("*") || rule.tenant().equals(ask.tenant()))
        && (rule.key() == null || rule.key().equals("*") && ask.keyHash() != null || rule.key().equals(ask.keyHash()))
        && (rule.model() == null || rule.model().equals("*") || rule.model().equals(ask.model()));
  }

  private static void add(List<Bucket> buckets, String base, LimitKind kind, Long limit, long cost, long window,
      int rule) {
    if (limit != null) {
      buckets.add(new Bucket(base + kind.label(), kind, limit, cost, window, rule));
    }
  }

  /** Answers for a store that failed: a refusal if a rule that counts the request says block, else a pass. */
  private Admission storeFailed(Ask ask, List<Bucket> buckets) {
    for (Bucket b : buckets) {
      QuotaRule rule = config.rules().get(b.rule());
      if (config.onError(rule) == LimitOnError.BLOCK) {
        metrics.limitUnchecked(ask.tenant(), "blocked");
        return new Admission.Refuse(503, null, "limits_unavailable", "the gateway cannot check the limits of this"
            + " request right now, and rule '" + rule.name() + "' refuses requests then (onError: block); try again"
            + " shortly", 1_000, List.of());
      }
    }
    metrics.limitUnchecked(ask.tenant(), "allowed");
    return new Admission.Pass(Lease.NONE);
  }

  private Admission refusal(Ask ask, Bucket refused, Tally tally, List<Bucket> buckets) {
    QuotaRule rule = config.rules().get(refused.rule());
    long retryMillis = Math.max(1, (tally.retryMicros() + 999) / 1000);
    String what = switch (refused.kind()) {
      case REQUESTS -> "requests per minute (limit " + refused.limit() + ")";
      case TOKENS -> refused.cost() > refused.limit()
          ? "tokens per minute: the request alone is estimated at " + refused.cost() + " tokens, more than the limit"
              + " of " + refused.limit()
          : "tokens per minute (limit " + refused.limit() + ")";
      case CONCURRENT -> "concurrent requests (limit " + refused.limit() + ")";
      case TOKENS_DAY -> "tokens per day (limit " + refused.limit() + ", until 00:00 UTC)";
      case TOKENS_MONTH -> "tokens per month (limit " + refused.limit() + ", until the 1st, 00:00 UTC)";
      case COST_DAY -> "cost per day (limit $" + refused.limit() / 1e6 + ", until 00:00 UTC)";
      case COST_MONTH -> "cost per month (limit $" + refused.limit() / 1e6 + ", until the 1st, 00:00 UTC)";
    };
    boolean budget = refused.kind().shape() == LimitKind.Shape.BUDGET;
    String message = (budget ? "budget reached" : "rate limit reached") + " for tenant '" + ask.tenant()
        + "' by rule '" + rule.name() + "': " + what + "; try again in " + seconds(retryMillis);
    return new Admission.Refuse(429, refused.kind(), budget ? "insufficient_quota" : "rate_limit_exceeded", message,
        retryMillis, windows(buckets, tally));
  }

  /** Returns the tightest request rate and token rate of the request, for the rate-limit headers of its answer. */
  private static List<Admission.Window> windows(List<Bucket> buckets, Tally tally) {
    List<Admission.Window> out = new ArrayList<>(2);
    for (LimitKind kind : new LimitKind[] {LimitKind.REQUESTS, LimitKind.TOKENS}) {
      int best = -1;
      for (int i = 0; i < buckets.size(); i++) {
        if (buckets.get(i).kind() == kind && (best < 0 || tally.remaining()[i] < tally.remaining()[best])) {
          best = i;
        }
      }
      if (best >= 0) {
        out.add(new Admission.Window(kind, buckets.get(best).limit(), tally.remaining()[best],
            (tally.resetMicros()[best] + 999) / 1000));
      }
    }
    return out;
  }

  private static String seconds(long millis) {
    return millis < 1000 ? millis + " ms" : (millis + 999) / 1000 + " s";
  }

  /** Returns the cost of tokens at {@code price} in micro-dollars (0 without a price). */
  static long microDollars(Price price, long input, long output) {
    if (price == null) {
      return 0;
    }
    // A price per million tokens in dollars is a price per token in micro-dollars.
    return Math.round(input * price.input() + output * price.output());
  }

  private static Long dollars(Double value) {
    return value == null ? null : Math.round(value * 1e6);
  }

  private long micros() {
    Instant t = clock.instant();
    return t.getEpochSecond() * 1_000_000 + t.getNano() / 1_000;
  }

  /** Names the UTC day and month a budget counts in ({@code 20261205}, {@code 202612}) and when they end. */
  private record Periods(long epochDay, String day, String month, long dayEndMicros, long monthEndMicros) {}

  /** Returns the periods of {@code micros}, computed once a day. */
  private Periods periods(long micros) {
    long epochDay = Math.floorDiv(micros, 86_400_000_000L);
    Periods p = periods;
    if (p == null || p.epochDay() != epochDay) {
      LocalDate d = LocalDate.ofEpochDay(epochDay);
      long monthEnd = d.withDayOfMonth(1).plusMonths(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1_000_000;
      p = new Periods(epochDay, String.format("%04d%02d%02d", d.getYear(), d.getMonthValue(), d.getDayOfMonth()),
          String.format("%04d%02d", d.getYear(), d.getMonthValue()), (epochDay + 1) * 86_400_000_000L, monthEnd);
      periods = p;
    }
    return p;
  }

  /** Returns the state of the limits for the admin health answer. */
  public LimitHealth health() {
    long blocking = config.rules().stream().filter(r -> config.onError(r) == LimitOnError.BLOCK).count();
    if (store == null) {
      return new LimitHealth("none", "ok", 0, 0, null, 0, 0, 0);
    }
    boolean redis = store instanceof RedisStore;
    boolean failing = watch.consecutiveFailures() > 0 || redis && !((RedisStore) store).connected();
    return new LimitHealth(store.name(), failing ? "failing" : "ok", config.rules().size(), (int) blocking,
        watch.lastError(), watch.lastErrorMillis(), watch.errors(), watch.lastAnswerNanos() / 1000);
  }

  @Override
  public void close() {
    if (store != null) {
      store.close();
    }
  }
}
