package io.kexin.gateway.limit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Keeps limit counters in this process, in a Caffeine cache (a counter unused for 32 days goes; budgets carry their
 * period in their key, so a new day or month starts at zero). One lock makes a take atomic over all its buckets; a
 * take is a few map reads, so the lock is held for well under a microsecond. Thread-safe.
 */
final class LocalStore implements LimitStore {
  private final Cache<String, Cell> cells = Caffeine.newBuilder().expireAfterAccess(Duration.ofDays(32))
      .maximumSize(1_000_000).build();
  private final Clock clock;

  /** Holds one counter: a GCRA theoretical arrival time in microseconds, a budget's use, or the slots taken. */
  private static final class Cell {
    long value;
  }

  LocalStore(Clock clock) {
    this.clock = clock;
  }

  @Override
  public CompletableFuture<Tally> take(List<Bucket> buckets, String lease) {
    return CompletableFuture.completedFuture(takeNow(buckets));
  }

  /** Takes as {@link #take} does, returning the tally at once. */
  synchronized Tally takeNow(List<Bucket> buckets) {
    long now = micros();
    int n = buckets.size();
    long[] remaining = new long[n];
    long[] reset = new long[n];
    long[] next = new long[n];
    Cell[] touched = new Cell[n];
    int refused = -1;
    long retry = 0;
    for (int i = 0; i < n; i++) {
      Bucket b = buckets.get(i);
      Cell cell = cells.get(b.key(), k -> new Cell());
      touched[i] = cell;
      switch (b.kind().shape()) {
        case RATE -> {
          double interval = (double) b.windowMicros() / b.limit();
          long tat = Math.max(cell.value, now);
          long newTat = tat + (long) Math.ceil(b.cost() * interval);
          if (newTat - now > b.windowMicros()) {
            remaining[i] = Math.max(0, (long) ((b.windowMicros() - (tat - now)) / interval));
            reset[i] = tat - now;
            if (refused < 0) {
              refused = i;
              retry = b.cost() > b.limit() ? b.windowMicros() : newTat - now - b.windowMicros();
            }
          } else {
            remaining[i] = (long) ((b.windowMicros() - (newTat - now)) / interval);
            reset[i] = newTat - now;
          }
          next[i] = newTat;
        }
        case BUDGET -> {
          long used = cell.value;
          reset[i] = b.windowMicros();
          remaining[i] = Math.max(0, b.limit() - used - b.cost());
          if ((used >= b.limit() || used + b.cost() > b.limit()) && refused < 0) {
            refused = i;
            retry = b.windowMicros();
          }
          next[i] = used + b.cost();
        }
        case LEASE -> {
          long active = cell.value;
          remaining[i] = Math.max(0, b.limit() - active - 1);
          if (active >= b.limit() && refused < 0) {
            refused = i;
            retry = 1_000_000;
          }
          next[i] = active + 1;
        }
        default -> throw new IllegalStateException();
      }
    }
    if (refused < 0) {
      for (int i = 0; i < n; i++) {
        touched[i].value = next[i];
      }
    }
    return new Tally(refused, remaining, reset, retry);
  }

  @Override
  public synchronized void settle(List<Bucket> corrections, String lease) {
    for (Bucket b : corrections) {
      Cell cell = cells.get(b.key(), k -> new Cell());
      switch (b.kind().shape()) {
        case RATE -> cell.value += (long) Math.ceil(b.cost() * ((double) b.windowMicros() / b.limit()));
        case BUDGET -> cell.value += b.cost();
        case LEASE -> cell.value = Math.max(0, cell.value - 1);
        default -> throw new IllegalStateException();
      }
    }
  }

  private long micros() {
    java.time.Instant t = clock.instant();
    return t.getEpochSecond() * 1_000_000 + t.getNano() / 1_000;
  }

  @Override
  public String name() {
    return "local";
  }

  @Override
  public void close() {}
}
