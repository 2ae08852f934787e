package io.kexin.gateway.detect.plugin;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the calls into one plugin on its own bounded set of daemon threads, whose context class loader is the
 * plugin's, and waits for each at most its budget: a call that throws, runs late or finds every thread taken (by
 * calls still running past their budget) fails with a {@link PluginException}. Thread-safe.
 */
final class PluginWorker implements AutoCloseable {
  private final String plugin;
  private final int threads;
  private final ThreadPoolExecutor executor;
  /** One permit per thread, held from submission until the call ends, however late: the queue never waits. */
  private final Semaphore permits;

  PluginWorker(String plugin, ClassLoader loader, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads: " + threads + " (expected: > 0)");
    }
    this.plugin = plugin;
    this.threads = threads;
    AtomicInteger n = new AtomicInteger();
    this.permits = new Semaphore(threads);
    this.executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, "kexin-plugin-" + plugin + "-" + n.incrementAndGet());
      t.setDaemon(true);
      t.setContextClassLoader(loader);
      return t;
    });
    executor.allowCoreThreadTimeOut(true);
  }

  /** Returns what {@code task} returns, or fails if it throws or takes longer than {@code budget}; {@code what} names it. */
  <T> T call(String what, Duration budget, Callable<T> task) {
    if (!permits.tryAcquire()) {
      throw new PluginException(what + ": plugin " + plugin + " is busy (all " + threads + " of its threads are"
          + " running; a call past its time budget still holds one)");
    }
    Future<T> future;
    try {
      future = executor.submit(() -> {
        try {
          return task.call();
        } finally {
          permits.release();
        }
      });
    } catch (RejectedExecutionException e) {
      permits.release();
      throw new PluginException(what + ": plugin " + plugin + " is closed");
    }
    try {
      return future.get(budget.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new PluginException(what + ": plugin " + plugin + " ran past its time budget of " + budget.toMillis()
          + " ms");
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new PluginException(what + ": interrupted while waiting for plugin " + plugin);
    } catch (ExecutionException e) {
      // The plugin's own message may quote the text it was given: only the exception's type is told.
      throw new PluginException(what + ": plugin " + plugin + " threw " + e.getCause().getClass().getName());
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
