package io.kexin.gateway.config;

import static java.util.Objects.requireNonNull;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Holds the last good value read from watched files and runs every reload of it the same way: reads the files
 * (again, up to three times, while they change under the read), keeps the value in force when the read gives its
 * revision, else checks and builds the candidate and swaps the result in, in one step, or keeps the last good value;
 * then logs, keeps the result and tells the listeners (the metrics among them). Reloads run one at a time holding
 * {@code lock}, on the caller's thread or the store's own, never on an event loop. Thread-safe.
 *
 * @param <C> what a read of the files gives
 * @param <T> what serves, built from a candidate
 * @param <R> how a reload ended, as the store reports it
 */
public final class ReloadStore<C, T, R> implements AutoCloseable {
  /** How many times a reload reads the files again when they changed while they were read. */
  private static final int MAX_UNSTABLE_READS = 3;

  /** Says how a reload ended. */
  public enum Outcome {
    /** A candidate passed every check and serves. */
    APPLIED,
    /** The files give the revision in force; nothing was swapped. */
    UNCHANGED,
    /** The candidate failed to read or to pass a check; the last good value keeps serving. */
    FAILED
  }

  /** Checks a candidate and builds what serves it; throws to refuse it. */
  @FunctionalInterface
  public interface Accept<C, T> {
    /** Returns what serves {@code candidate} of {@code revision}, reusing what it can of {@code current}. */
    T accept(C candidate, String revision, T current);
  }

  /** Makes the store's report of one reload. */
  @FunctionalInterface
  public interface Report<C, T, R> {
    /**
     * Returns the report of a reload that ended with {@code outcome} at {@code at}, with the revision in force after
     * it and the one tried (null when nothing was read), the error of a failure, the candidate read (null when none)
     * and what served before.
     */
    R of(Outcome outcome, String trigger, Instant at, String revision, String tried, ConfigException error,
        C candidate, T before);
  }

  /**
   * Names the steps of a store's reloads: {@code read} reads the files into a candidate (throwing, a {@link
   * ConfigException} with file:line:col where it can, to refuse it), {@code revision} names a candidate (a hash of
   * what was read), {@code accept} checks and builds it, {@code report} makes the store's report, and {@code
   * describe} what the log line of an applied reload adds after the revisions.
   */
  public record Steps<C, T, R>(Supplier<C> read, Function<C, String> revision, Accept<C, T> accept,
      Report<C, T, R> report, BiFunction<T, R, String> describe) {
    public Steps {
      requireNonNull(read, "read");
      requireNonNull(revision, "revision");
      requireNonNull(accept, "accept");
      requireNonNull(report, "report");
      requireNonNull(describe, "describe");
    }
  }

  /** Holds the value in force with its revision. */
  private record InForce<T>(T value, String revision) {}

  private final Logger log;
  private final String name;
  private final Path source;
  private final Supplier<List<Path>> watched;
  private final Steps<C, T, R> steps;
  private final Object lock;
  private final Clock clock;
  private final AtomicReference<InForce<T>> current;
  private final List<Consumer<R>> listeners = new CopyOnWriteArrayList<>();
  private final List<BiConsumer<T, T>> swaps = new CopyOnWriteArrayList<>();
  private final ExecutorService thread;
  private volatile R last;
  /** The fingerprint of the files last read, whether they loaded or not: a watcher reloads when it differs. */
  private volatile String readFingerprint;

  /**
   * Creates a store named {@code name} (in logs and its thread's name) serving {@code initial} of {@code revision},
   * read from {@code source}, whose {@code watched} files had {@code fingerprint} when read; a reload runs
   * {@code steps} holding {@code lock}.
   */
  public ReloadStore(String name, Path source, Supplier<List<Path>> watched, T initial, String revision,
      String fingerprint, Steps<C, T, R> steps, Object lock, Clock clock) {
    this.name = requireNonNull(name, "name");
    this.log = System.getLogger("kexin." + name);
    this.source = requireNonNull(source, "source");
    this.watched = requireNonNull(watched, "watched");
    this.current = new AtomicReference<>(new InForce<>(requireNonNull(initial, "initial"),
        requireNonNull(revision, "revision")));
    this.readFingerprint = requireNonNull(fingerprint, "fingerprint");
    this.steps = requireNonNull(steps, "steps");
    this.lock = requireNonNull(lock, "lock");
    this.clock = requireNonNull(clock, "clock");
    this.thread = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "kexin-" + name + "-reload");
      t.setDaemon(true);
      return t;
    });
  }

  /** Returns what serves now. */
  public T get() {
    return current.get().value();
  }

  /** Returns the report of the last reload, or null before the first. */
  public R lastReload() {
    return last;
  }

  /** Returns the fingerprint of the files the last read saw, good or bad. */
  public String readFingerprint() {
    return readFingerprint;
  }

  /** Adds a listener told of every reload's report, on the reloading thread; it must not block. */
  public void onReload(Consumer<R> listener) {
    listeners.add(requireNonNull(listener, "listener"));
  }

  /** Adds a listener told of every swap, with what served before and what serves now; it must not block. */
  public void onSwap(BiConsumer<T, T> listener) {
    swaps.add(requireNonNull(listener, "listener"));
  }

  /** Reloads on the store's own thread; the future completes with the report. */
  public CompletableFuture<R> reloadAsync(String trigger) {
    try {
      return CompletableFuture.supplyAsync(() -> reload(trigger), thread);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Reads, checks and builds, and swaps the new value in if it passed; returns the report. {@code trigger} says
   * what asked (watch, sighup, admin, …).
   */
  public R reload(String trigger) {
    synchronized (lock) {
      return reloadHoldingLock(trigger);
    }
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }

  private R reloadHoldingLock(String trigger) {
    long started = System.nanoTime();
    InForce<T> old = current.get();
    C candidate = null;
    String tried = null;
    ConfigException error = null;
    for (int attempt = 0; attempt < MAX_UNSTABLE_READS; attempt++) {
      String before = FileTree.fingerprint(watched.get());
      try {
        candidate = steps.read().get();
        tried = steps.revision().apply(candidate);
        error = null;
      } catch (ConfigException e) {
        candidate = null;
        error = e;
      } catch (RuntimeException e) {
        candidate = null;
        error = new ConfigException(source + ": cannot load the " + name + ": " + e);
      }
      String after = FileTree.fingerprint(watched.get());
      readFingerprint = after;
      if (before.equals(after)) {
        break;
      }
      // The files changed while they were read (an editor's save, a ConfigMap swap): what was read may mix two states.
    }
    R report;
    if (candidate != null && tried.equals(old.revision())) {
      report = steps.report().of(Outcome.UNCHANGED, trigger, clock.instant(), old.revision(), tried, null, candidate,
          old.value());
      log.log(Level.INFO, name + " unchanged (" + trigger + "): revision " + old.revision() + " keeps serving");
    } else {
      T built = null;
      if (candidate != null) {
        try {
          built = steps.accept().accept(candidate, tried, old.value());
        } catch (ConfigException e) {
          error = e;
        } catch (RuntimeException e) {
          error = new ConfigException(source + ": " + e);
        }
      }
      if (error == null) {
        current.set(new InForce<>(built, tried));
        report = steps.report().of(Outcome.APPLIED, trigger, clock.instant(), tried, tried, null, candidate,
            old.value());
        log.log(Level.INFO, name + " reloaded (" + trigger + ") in " + millisSince(started) + " ms: revision "
            + old.revision() + " -> " + tried + steps.describe().apply(built, report));
        for (BiConsumer<T, T> l : swaps) {
          try {
            l.accept(old.value(), built);
          } catch (RuntimeException e) {
            log.log(Level.WARNING, "a " + name + " swap listener failed: " + e);
          }
        }
      } else {
        report = steps.report().of(Outcome.FAILED, trigger, clock.instant(), old.revision(), tried, error, candidate,
            old.value());
        log.log(Level.WARNING, name + " reload failed (" + trigger + ") in " + millisSince(started) + " ms; revision "
            + old.revision() + " keeps serving: " + error.getMessage());
      }
    }
    last = report;
    for (Consumer<R> l : listeners) {
      try {
        l.accept(report);
      } catch (RuntimeException e) {
        log.log(Level.WARNING, "a " + name + " reload listener failed: " + e);
      }
    }
    return report;
  }

  /** Stops the reload thread; a reload in progress finishes. */
  @Override
  public void close() {
    thread.shutdown();
  }
}
