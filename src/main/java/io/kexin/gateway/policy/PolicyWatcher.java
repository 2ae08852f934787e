package io.kexin.gateway.policy;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Watches a policy store's directory and reloads the store once a change has settled. Changes are seen through
 * file events (Java's {@link WatchService} on the directory and its sub-directories) and, as a fallback for file
 * systems without events and for links swapped underneath (a Kubernetes ConfigMap mount, whose files are links
 * through a {@code ..data} link replaced atomically), through a fingerprint of the files taken every poll interval.
 * A reload waits until the files have been quiet for the debounce time, so an editor's several writes or a
 * ConfigMap update make one reload; files that failed to load are not tried again until they change. Runs on one
 * daemon thread of its own. Thread-safe.
 */
public final class PolicyWatcher implements AutoCloseable {
  private static final Logger LOG = System.getLogger("kexin.policy");
  private final PolicyStore store;
  private final long pollNanos;
  private final long debounceNanos;
  private final boolean useEvents;
  private final Thread thread;
  private WatchService events;
  private volatile boolean closed;

  /** Creates a watcher of {@code store}'s directory with file events where available; {@link #start()} starts it. */
  public PolicyWatcher(PolicyStore store, Duration pollInterval, Duration debounce) {
    this(store, pollInterval, debounce, true);
  }

  /** Creates a watcher that polls alone unless {@code useEvents}; {@link #start()} starts it. */
  public PolicyWatcher(PolicyStore store, Duration pollInterval, Duration debounce, boolean useEvents) {
    this.store = requireNonNull(store, "store");
    if (pollInterval.toMillis() < 1) {
      throw new IllegalArgumentException("pollInterval: " + pollInterval + " (expected: at least 1ms)");
    }
    if (debounce.isNegative()) {
      throw new IllegalArgumentException("debounce: " + debounce + " (expected: 0 or more)");
    }
    this.pollNanos = pollInterval.toNanos();
    this.debounceNanos = Math.max(debounce.toNanos(), TimeUnit.MILLISECONDS.toNanos(1));
    this.useEvents = useEvents;
    this.thread = new Thread(this::run, "kexin-policy-watch");
    thread.setDaemon(true);
  }

  /** Starts watching; file events are used where the file system has them, else polling alone. */
  public PolicyWatcher start() {
    if (!useEvents) {
      thread.start();
      return this;
    }
    try {
      events = store.dir().getFileSystem().newWatchService();
      register();
    } catch (IOException | UnsupportedOperationException e) {
      LOG.log(Level.INFO, "policy directory " + store.dir() + ": no file events (" + e.getMessage()
          + "); polling every " + TimeUnit.NANOSECONDS.toMillis(pollNanos) + " ms");
      closeEvents();
    }
    thread.start();
    return this;
  }

  private void run() {
    String seen = PolicyFiles.fingerprint(store.dir());
    boolean settling = false;
    while (!closed) {
      boolean event;
      try {
        event = await(settling ? debounceNanos : pollNanos);
      } catch (InterruptedException | ClosedWatchServiceException e) {
        return;
      }
      String now;
      try {
        now = PolicyFiles.fingerprint(store.dir());
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "policy directory " + store.dir() + ": cannot list: " + e.getMessage());
        continue;
      }
      if (event || !now.equals(seen)) {
        // Still changing: wait until it has been quiet for the debounce time.
        seen = now;
        settling = true;
        continue;
      }
      settling = false;
      if (!now.equals(store.readFingerprint())) {
        register();
        store.reload("watch");
      }
    }
  }

  /** Waits up to {@code nanos} for file events; says whether any came. */
  private boolean await(long nanos) throws InterruptedException {
    if (events == null) {
      TimeUnit.NANOSECONDS.sleep(nanos);
      return false;
    }
    WatchKey key = events.poll(nanos, TimeUnit.NANOSECONDS);
    boolean any = false;
    while (key != null) {
      any |= !key.pollEvents().isEmpty();
      key.reset();
      key = events.poll();
    }
    return any;
  }

  /** Registers the directory and its visible sub-directories (lists, tests) for events; again after each change. */
  private void register() {
    if (events == null) {
      return;
    }
    try {
      registerOne(store.dir());
      try (var children = Files.list(store.dir())) {
        for (Path child : (Iterable<Path>) children::iterator) {
          if (Files.isDirectory(child) && !child.getFileName().toString().startsWith("..")) {
            registerOne(child);
          }
        }
      }
    } catch (IOException e) {
      // The directory may be gone or being swapped; polling still sees what happens next.
    }
  }

  private void registerOne(Path d) throws IOException {
    d.register(events, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
        StandardWatchEventKinds.ENTRY_MODIFY);
  }

  private void closeEvents() {
    if (events != null) {
      try {
        events.close();
      } catch (IOException e) {
        // nothing more to release
      }
      events = null;
    }
  }

  /** Stops watching and waits briefly for the thread to end. */
  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeEvents();
  }
}
