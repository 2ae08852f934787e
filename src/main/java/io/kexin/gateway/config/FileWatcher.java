package io.kexin.gateway.config;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Watches the files of a {@link Watchable} (a policy directory and its site directory, a config file) and reloads it
 * once a change has settled. Changes are seen through file events (Java's {@link WatchService} on each directory, its
 * visible sub-directories, and the directory of each watched file, where only events about that file or the
 * {@code ..} entries of a ConfigMap count) and, as a fallback for file systems without events and for links swapped
 * underneath (a Kubernetes ConfigMap mount, whose files are links through a {@code ..data} link replaced
 * atomically), through a fingerprint of the files taken every poll interval. A reload waits until the files have
 * been quiet for the debounce time, so an editor's several writes or a ConfigMap update make one reload; files that
 * failed to load are not tried again until they change. Runs on one daemon thread of its own. Thread-safe.
 */
public final class FileWatcher implements AutoCloseable {
  private static final Logger LOG = System.getLogger("kexin.watch");
  private final Watchable target;
  private final String what;
  private final long pollNanos;
  private final long debounceNanos;
  private final boolean useEvents;
  private final Thread thread;
  /** The names that count in each directory registered for events; null for every name. */
  private final Map<Path, Set<String>> relevant = new HashMap<>();
  private WatchService events;
  private volatile boolean closed;

  /**
   * Creates a watcher of {@code target}'s files ({@code what} names them in logs and the thread), with file events
   * where available unless {@code useEvents} is false; {@link #start()} starts it.
   */
  public FileWatcher(Watchable target, String what, Duration pollInterval, Duration debounce, boolean useEvents) {
    this.target = requireNonNull(target, "target");
    this.what = requireNonNull(what, "what");
    if (pollInterval.toMillis() < 1) {
      throw new IllegalArgumentException("pollInterval: " + pollInterval + " (expected: at least 1ms)");
    }
    if (debounce.isNegative()) {
      throw new IllegalArgumentException("debounce: " + debounce + " (expected: 0 or more)");
    }
    this.pollNanos = pollInterval.toNanos();
    this.debounceNanos = Math.max(debounce.toNanos(), TimeUnit.MILLISECONDS.toNanos(1));
    this.useEvents = useEvents;
    this.thread = new Thread(this::run, "kexin-watch-" + what);
    thread.setDaemon(true);
  }

  /** Starts watching; file events are used where the file system has them, else polling alone. */
  public FileWatcher start() {
    if (useEvents && !target.watched().isEmpty()) {
      try {
        events = target.watched().get(0).getFileSystem().newWatchService();
        register();
      } catch (IOException | UnsupportedOperationException e) {
        LOG.log(Level.INFO, what + " " + target.watched() + ": no file events (" + e.getMessage() + "); polling every "
            + TimeUnit.NANOSECONDS.toMillis(pollNanos) + " ms");
        closeEvents();
      }
    }
    thread.start();
    return this;
  }

  private void run() {
    String seen = fingerprint();
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
        now = fingerprint();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, what + " " + target.watched() + ": cannot list: " + e.getMessage());
        continue;
      }
      if (event || !now.equals(seen)) {
        // Still changing: wait until it has been quiet for the debounce time.
        seen = now;
        settling = true;
        continue;
      }
      settling = false;
      if (!now.equals(target.readFingerprint())) {
        register();
        try {
          target.filesChanged();
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, what + ": reload failed: " + e);
        }
      }
    }
  }

  private String fingerprint() {
    return FileTree.fingerprint(target.watched());
  }

  /** Waits up to {@code nanos} for file events; says whether any that count came. */
  private boolean await(long nanos) throws InterruptedException {
    if (events == null) {
      TimeUnit.NANOSECONDS.sleep(nanos);
      return false;
    }
    WatchKey key = events.poll(nanos, TimeUnit.NANOSECONDS);
    boolean any = false;
    while (key != null) {
      Set<String> names = relevant.get((Path) key.watchable());
      for (WatchEvent<?> e : key.pollEvents()) {
        String name = e.context() == null ? "" : e.context().toString();
        any |= names == null || names.contains(name) || name.startsWith("..")
            || e.kind() == StandardWatchEventKinds.OVERFLOW;
      }
      key.reset();
      key = events.poll();
    }
    return any;
  }

  /**
   * Registers every watched directory and its visible sub-directories (lists, tests) for all events, and the
   * directory of every watched file for events about that file; again after each change.
   */
  private synchronized void register() {
    if (events == null) {
      return;
    }
    for (Path root : target.watched()) {
      try {
        if (Files.isDirectory(root)) {
          registerOne(root, null);
          try (var children = Files.list(root)) {
            for (Path child : (Iterable<Path>) children::iterator) {
              if (Files.isDirectory(child) && !child.getFileName().toString().startsWith("..")) {
                registerOne(child, null);
              }
            }
          }
        } else {
          Path parent = root.toAbsolutePath().getParent();
          if (parent != null && Files.isDirectory(parent)) {
            registerOne(parent, root.getFileName().toString());
          }
        }
      } catch (IOException e) {
        // The directory may be gone or being swapped; polling still sees what happens next.
      }
    }
  }

  private void registerOne(Path d, String name) throws IOException {
    Path key = (Path) d.register(events, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
        StandardWatchEventKinds.ENTRY_MODIFY).watchable();
    if (name == null) {
      relevant.put(key, null);
    } else if (!relevant.containsKey(key) || relevant.get(key) != null) {
      relevant.computeIfAbsent(key, k -> new HashSet<>()).add(name);
    }
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
