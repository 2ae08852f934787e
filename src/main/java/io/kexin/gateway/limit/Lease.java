package io.kexin.gateway.limit;

import io.kexin.gateway.config.Price;
import io.kexin.gateway.inspect.TokenUsage;
import io.kexin.gateway.metrics.GatewayMetrics;
import java.util.ArrayList;
import java.util.List;

/**
 * Holds what one admitted request took from its limits, and settles it when the exchange ends: the tokens the
 * upstream reported replace the estimate (a failed exchange without usage gives the estimate back), the cost follows
 * them, and concurrency slots are given back. Used from the exchange's thread; {@link #end} acts once.
 */
public final class Lease {
  /** Holds nothing: a request no limit counts, or one let through while the store failed. */
  static final Lease NONE = new Lease(null, List.of(), "", 0, 0, null, null, null, null, null, List.of());

  private final LimitStore store;
  private final List<Bucket> buckets;
  private final String id;
  private final long estimate;
  private final long estimatedCost;
  private final Price price;
  private final MeteredInspection meter;
  private final GatewayMetrics metrics;
  private final String tenant;
  private final String model;
  private final List<Admission.Window> windows;
  private boolean ended;

  Lease(LimitStore store, List<Bucket> buckets, String id, long estimate, long estimatedCost, Price price,
      MeteredInspection meter, GatewayMetrics metrics, String tenant, String model, List<Admission.Window> windows) {
    this.store = store;
    this.buckets = buckets;
    this.id = id;
    this.estimate = estimate;
    this.estimatedCost = estimatedCost;
    this.price = price;
    this.meter = meter;
    this.metrics = metrics;
    this.tenant = tenant;
    this.model = model;
    this.windows = List.copyOf(windows);
  }

  /**
   * Returns the request and token rates as they stood once this request was taken (the tightest of each), for the
   * rate-limit headers of its answer; empty when no rate counts it.
   */
  public List<Admission.Window> windows() {
    return windows;
  }

  /** Settles the request after its exchange ended with {@code status}; later calls do nothing. */
  public void end(int status) {
    if (ended || this == NONE) {
      return;
    }
    ended = true;
    TokenUsage usage = meter == null ? null : meter.usage();
    long tokens;
    long cost;
    if (usage != null && usage.seen()) {
      tokens = usage.input() + usage.output();
      cost = Quotas.microDollars(price, usage.input(), usage.output());
      if (cost > 0) {
        metrics.cost(tenant, model, cost / 1e6);
      }
      if (!meter.innerActive()) {
        metrics.tokens(tenant, model, usage.input(), usage.output());
      }
    } else if (status >= 400) {
      tokens = 0;
      cost = 0;
    } else {
      tokens = estimate;
      cost = estimatedCost;
    }
    List<Bucket> corrections = new ArrayList<>(buckets.size());
    for (Bucket b : buckets) {
      long delta = b.kind().tokens() ? tokens - estimate : b.kind().cost() ? cost - estimatedCost : 0;
      if (b.kind() == LimitKind.CONCURRENT || delta != 0) {
        corrections.add(new Bucket(b.key(), b.kind(), b.limit(), delta, b.windowMicros(), b.rule()));
      }
    }
    store.settle(corrections, id);
  }
}
