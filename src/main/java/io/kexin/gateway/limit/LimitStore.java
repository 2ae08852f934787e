package io.kexin.gateway.limit;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Holds limit counters: takes a request from all its buckets at once or from none, and settles them after. */
interface LimitStore extends AutoCloseable {

  /**
   * Takes {@code buckets}' costs, all or none, and a concurrency slot named {@code lease} in each lease bucket;
   * completes with the tally, or exceptionally when the store cannot answer.
   */
  CompletableFuture<Tally> take(List<Bucket> buckets, String lease);

  /**
   * Settles a request that was taken: adds each bucket's cost (a correction, which may be negative) to its count, and
   * gives back the slot {@code lease} of each lease bucket. Never waits; a failure is counted, not thrown.
   */
  void settle(List<Bucket> corrections, String lease);

  /** Names the store for the health answer and the metrics: {@code local} or {@code redis}. */
  String name();

  @Override
  void close();
}
