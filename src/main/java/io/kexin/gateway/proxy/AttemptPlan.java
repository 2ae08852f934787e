package io.kexin.gateway.proxy;

import io.kexin.gateway.audit.AuditLog;
import io.kexin.gateway.metrics.GatewayMetrics;
import io.kexin.gateway.route.RetryPolicy;
import io.kexin.gateway.route.Route;
import io.kexin.gateway.route.Target;
import io.kexin.gateway.route.Upstream;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans the attempts of one exchange across its route's upstreams: which upstream is in use, the targets already
 * tried on it, and what follows a failed attempt while nothing has reached the client (a retry after a wait, the
 * next fallback upstream, or nothing). Counts each retry and failover in the metrics. Used on one event loop only.
 */
final class AttemptPlan {
  /** Says what follows a failed attempt. */
  enum Step {
    /** Try the same upstream again after {@link #waitNanos()}. */
    RETRY,
    /** Try {@link #upstream()}, a fallback the plan moved to, at once. */
    FAIL_OVER,
    /** Nothing: the failure goes to the client. */
    GIVE_UP
  }

  private final Route route;
  private final GatewayMetrics metrics;
  private Upstream upstream;
  /** The index in the route's fallbacks from which the next fallback is looked for. */
  private int nextFallback;
  /** Attempts on {@link #upstream}, and on every upstream. */
  private int triesHere;
  private int attempts;
  private final List<Target> tried = new ArrayList<>(2);
  private List<AuditLog.Attempt> failed;
  private long waitNanos;

  AttemptPlan(Route route, GatewayMetrics metrics) {
    this.route = route;
    this.metrics = metrics;
    this.upstream = route.upstream();
  }

  /** Returns the upstream attempts go to now. */
  Upstream upstream() {
    return upstream;
  }

  /** Returns the targets already tried on the current upstream. */
  List<Target> tried() {
    return tried;
  }

  /**
   * Moves to a fallback with a target in service when every target of the current upstream is ejected; without one,
   * the current upstream stays (its ejected targets then serve in panic mode).
   */
  void beforeAttempt(long now, UpstreamRequest request) {
    if (!upstream.anyAvailable(now)) {
      Upstream next = fallback(now, true, request);
      if (next != null) {
        failOver(next);
      }
    }
  }

  /** Counts an attempt made on {@code target}. */
  void attempted(Target target) {
    attempts++;
    triesHere++;
    tried.add(target);
  }

  /**
   * Decides what follows the failure of the attempt on {@code target} for {@code reason}: a retry after the backoff
   * (or the {@code Retry-After} wait, {@code retryAfterNanos}, -1 for none) while the route's retries last and the wait
   * is within its maximum; else the route's next fallback upstream; else nothing. The caller has checked that the
   * request may still be re-sent.
   */
  Step afterFailure(Target target, String reason, long retryAfterNanos, UpstreamRequest request) {
    RetryPolicy policy = route.retry();
    if (!policy.retriesOn(reason)) {
      return Step.GIVE_UP;
    }
    if (failed == null) {
      failed = new ArrayList<>(2);
    }
    failed.add(new AuditLog.Attempt(upstream.name(), target.label(), reason));
    if (triesHere <= policy.retries() && retryAfterNanos <= policy.maxRetryAfterNanos()) {
      metrics.upstreamRetried(upstream.name(), target.label(), reason);
      waitNanos = Math.max(policy.backoffNanos(triesHere), retryAfterNanos);
      return Step.RETRY;
    }
    long now = System.nanoTime();
    Upstream next = fallback(now, true, request);
    if (next == null) {
      next = fallback(now, false, request);
    }
    if (next == null) {
      return Step.GIVE_UP;
    }
    failOver(next);
    return Step.FAIL_OVER;
  }

  /** Returns how long to wait before the retry {@link #afterFailure} planned. */
  long waitNanos() {
    return waitNanos;
  }

  /** Says whether the exchange took more than one attempt or left its route's upstream: then it is audited. */
  boolean eventful() {
    return attempts > 1 || upstream != route.upstream();
  }

  /** Returns the number of attempts made. */
  int attempts() {
    return attempts;
  }

  /** Returns the failed attempts, in order. */
  List<AuditLog.Attempt> failedAttempts() {
    return failed == null ? List.of() : failed;
  }

  /** Returns the route's next fallback that can take {@code request} (with a target in service, if {@code live}). */
  private Upstream fallback(long now, boolean live, UpstreamRequest request) {
    List<Upstream> fallbacks = route.fallbacks();
    for (int i = nextFallback; i < fallbacks.size(); i++) {
      Upstream u = fallbacks.get(i);
      if (request.servedBy(u) && (!live || u.anyAvailable(now))) {
        nextFallback = i + 1;
        return u;
      }
    }
    return null;
  }

  private void failOver(Upstream next) {
    metrics.failedOver(route.name(), upstream.name(), next.name());
    upstream = next;
    triesHere = 0;
    tried.clear();
  }
}
