package io.kexin.gateway.route;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Is one address of an upstream with its shared state: consecutive failures and ejection (Envoy's outlier
 * detection), and the requests in flight and waiting for a connection, bounded by its limits. Shared by every event
 * loop and lock-free: every state change is one atomic operation. {@link #toString()} shows the label only.
 */
public final class Target {
  private final String label;
  private final String host;
  private final int port;
  private final boolean tls;
  private final String basePath;
  private final int weight;
  private final int priority;
  private final int maxConnections;
  private final int maxPending;
  /** The Host header value, built once: it goes on every request to this target. */
  private final String authority;
  private final AtomicInteger failures = new AtomicInteger();
  private final AtomicInteger ejections = new AtomicInteger();
  /** When the current ejection ends, in {@link System#nanoTime()} terms; meaningful while {@link #ejected} is set. */
  private final AtomicLong ejectedUntil = new AtomicLong();
  private volatile boolean ejected;
  private final AtomicInteger active = new AtomicInteger();
  private final AtomicInteger pending = new AtomicInteger();

  /** Creates a target; {@code maxConnections} and {@code maxPending} below 0 mean no limit. */
  public Target(String label, String host, int port, boolean tls, String basePath, int weight, int priority,
      int maxConnections, int maxPending) {
    this.label = requireNonNull(label, "label");
    this.host = requireNonNull(host, "host");
    this.basePath = requireNonNull(basePath, "basePath");
    if (weight < 1) {
      throw new IllegalArgumentException("weight: " + weight + " (expected: > 0)");
    }
    this.port = port;
    this.tls = tls;
    this.weight = weight;
    this.priority = priority;
    this.maxConnections = maxConnections;
    this.maxPending = maxPending;
    boolean defaultPort = tls ? port == 443 : port == 80;
    String h = host.contains(":") ? "[" + host + "]" : host;
    this.authority = defaultPort ? h : h + ":" + port;
  }

  /** Returns the label used in metrics, audit and errors: the configured name or {@code host:port}. */
  public String label() {
    return label;
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public boolean tls() {
    return tls;
  }

  /** Returns the path prefix put before each request path, without a trailing slash. */
  public String basePath() {
    return basePath;
  }

  public int weight() {
    return weight;
  }

  public int priority() {
    return priority;
  }

  /** Returns the Host header value for this target. */
  public String authority() {
    return authority;
  }

  /** Says whether the target takes traffic at {@code now}: not ejected, or its ejection is over. */
  public boolean available(long now) {
    if (!ejected) {
      return true;
    }
    if (now - ejectedUntil.get() >= 0) {
      ejected = false;
      return true;
    }
    return false;
  }

  /** Says whether the target is taking traffic now; read by the health gauge. */
  public boolean healthy() {
    return available(System.nanoTime());
  }

  /**
   * Records an answer that was not a failure: the run of consecutive failures ends, and once a returned target has
   * served for as long as its last ejection lasted, the ejection multiplier starts over (Envoy lowers it the same
   * way), so a target that recovered is not punished for old failures while one that keeps failing waits longer.
   */
  public void succeeded(OutlierPolicy policy, long now) {
    if (failures.get() != 0) {
      failures.set(0);
    }
    int times = ejections.get();
    if (times > 0 && !ejected && now - ejectedUntil.get() > Math.min(policy.maxNanos(), policy.baseNanos() * times)) {
      ejections.set(0);
    }
  }

  /**
   * Records a failure (connect failure, reset, 5xx, timeout); returns true when it ejects the target: the
   * {@code policy}'s run of failures reached, for its base time times the number of ejections, capped.
   */
  public boolean failed(OutlierPolicy policy, long now) {
    if (policy.consecutiveFailures() <= 0 || !available(now)) {
      return false; // failures of requests still in flight on an ejected target do not count again
    }
    int n = failures.incrementAndGet();
    // Of failures racing on several event loops, only the one that resets the count ejects, so once.
    if (n < policy.consecutiveFailures() || !failures.compareAndSet(n, 0)) {
      return false;
    }
    int times = ejections.incrementAndGet();
    long duration = Math.min(policy.maxNanos(), policy.baseNanos() * Math.max(1, times));
    ejectedUntil.set(now + duration);
    ejected = true;
    return true;
  }

  /** Takes one request slot; returns false, taking nothing, when {@code maxConnections} are in use. */
  public boolean acquire() {
    if (maxConnections < 0) {
      active.incrementAndGet();
      return true;
    }
    if (active.incrementAndGet() > maxConnections) {
      active.decrementAndGet();
      return false;
    }
    return true;
  }

  /** Gives back a request slot taken by {@link #acquire()}. */
  public void releaseSlot() {
    active.decrementAndGet();
  }

  /** Counts one request waiting for a new connection; returns false, counting nothing, over {@code maxPending}. */
  public boolean startConnect() {
    if (maxPending < 0) {
      pending.incrementAndGet();
      return true;
    }
    if (pending.incrementAndGet() > maxPending) {
      pending.decrementAndGet();
      return false;
    }
    return true;
  }

  /** Ends a wait counted by {@link #startConnect()}. */
  public void endConnect() {
    pending.decrementAndGet();
  }

  /** Returns the requests in flight on this target. */
  public int active() {
    return active.get();
  }

  @Override
  public String toString() {
    return "Target[" + label + "]";
  }
}
