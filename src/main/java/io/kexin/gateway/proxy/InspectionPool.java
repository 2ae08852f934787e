package io.kexin.gateway.proxy;

import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Runs the inspection of large bodies on a bounded pool of threads, off the event loops, so a body that takes long
 * to inspect (a megabyte of pathological text) delays only its own exchange, not every client on its event loop.
 * The result comes back on the event loop that asked. When every thread is busy and the queue is full the work is
 * refused, and the caller answers 503. Thread-safe.
 */
final class InspectionPool implements AutoCloseable {
  private final ThreadPoolExecutor executor;

  InspectionPool(int threads, int queue) {
    executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue),
        new DefaultThreadFactory("kexin-inspect", true));
    executor.allowCoreThreadTimeOut(true);
  }

  /**
   * Runs {@code work} on the pool, then {@code then} on {@code loop} with its result, or with the failure it threw
   * (a {@link StackOverflowError} counts as one: a deeply nested body must not kill the thread). Returns false,
   * running nothing, when the pool is full.
   */
  <T> boolean submit(EventExecutor loop, Supplier<T> work, BiConsumer<T, Throwable> then) {
    try {
      executor.execute(() -> {
        T result = null;
        Throwable failure = null;
        try {
          result = work.get();
        } catch (RuntimeException | StackOverflowError e) {
          failure = e;
        }
        T r = result;
        Throwable f = failure;
        loop.execute(() -> then.accept(r, f));
      });
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
