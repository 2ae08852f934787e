package io.kexin.gateway.limit;

import io.kexin.gateway.metrics.GatewayMetrics;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Watches a limit store's calls: their latency and failures go to the metrics, and the last outcome and failure to
 * the health answer. Thread-safe.
 */
final class StoreWatch {
  private final String store;
  private final GatewayMetrics metrics;
  private final LongAdder errors = new LongAdder();
  private final AtomicLong consecutive = new AtomicLong();
  private volatile String lastError;
  private volatile long lastErrorMillis;
  private volatile long lastAnswerNanos;

  StoreWatch(String store, GatewayMetrics metrics) {
    this.store = store;
    this.metrics = metrics;
  }

  /** Records a call that answered after {@code nanos}. */
  void answered(String op, long nanos) {
    consecutive.set(0);
    lastAnswerNanos = nanos;
    metrics.limitStoreLatency(store, op, nanos);
  }

  /** Records a call that failed ({@code cause} null: not even sent, for want of a connection). */
  void failed(String op, Throwable cause) {
    String reason = RedisStore.reason(cause);
    errors.increment();
    consecutive.incrementAndGet();
    Throwable root = cause;
    while (root != null && root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    lastError = op + ": " + reason + (root == null ? "" : " (" + root.getClass().getSimpleName() + ")");
    lastErrorMillis = System.currentTimeMillis();
    metrics.limitStoreError(store, op, reason);
  }

  /** Returns the failures in a row since the last answer. */
  long consecutiveFailures() {
    return consecutive.get();
  }

  long errors() {
    return errors.sum();
  }

  String lastError() {
    return lastError;
  }

  long lastErrorMillis() {
    return lastErrorMillis;
  }

  long lastAnswerNanos() {
    return lastAnswerNanos;
  }
}
