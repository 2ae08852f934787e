package io.kexin.gateway.config;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Holds the gateway config in force, with what is built from it ({@code S}: routes, upstreams, keys), and replaces
 * both in one atomic swap, only with a config that loaded strictly and that {@code builder} accepted (it builds and
 * checks off the event loops); otherwise the last good config keeps serving and the error is kept, logged and
 * reported to listeners. Settings fixed at start keep their running values and are reported as restart required.
 * The whole validated snapshot is swapped, so a section added to the config comes along with no work here. Reloads
 * run one at a time, holding {@code lock} (shared with the policy store, so a config and a policy revision are
 * checked against each other), on the caller's thread or the store's own. Thread-safe.
 */
public final class ConfigStore<S> implements Supplier<S>, Watchable, AutoCloseable {
  private static final Logger LOG = System.getLogger("kexin.config");
  /** How many times a reload reads the file again when it changed while it was read. */
  private static final int MAX_UNSTABLE_READS = 3;

  /** Builds what serves a candidate config, or refuses it with a {@link ConfigException}. */
  @FunctionalInterface
  public interface Builder<S> {
    /** Returns what serves {@code candidate}, reusing what it can of {@code previous}; throws to refuse it. */
    S build(GatewayConfig candidate, S previous);
  }

  /** Holds one config in force: the config, what serves it, and its revision (a hash of the files read). */
  public record Snapshot<S>(GatewayConfig config, S live, String revision) {}

  private final Path file;
  private final Function<Path, GatewayConfig> loader;
  private final Builder<S> builder;
  private final Object lock;
  private final Clock clock;
  private final AtomicReference<Snapshot<S>> current;
  private final List<Consumer<ConfigReloadResult>> listeners = new CopyOnWriteArrayList<>();
  private final List<BiConsumer<S, S>> swaps = new CopyOnWriteArrayList<>();
  private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "kexin-config-reload");
    t.setDaemon(true);
    return t;
  });
  private volatile ConfigReloadResult last;
  private volatile String readFingerprint;

  /**
   * Creates a store serving {@code running} (built as {@code live}), read from {@code file}; a reload reads the file
   * with {@code loader} and builds with {@code builder}, holding {@code lock}.
   */
  public ConfigStore(Path file, GatewayConfig running, S live, Function<Path, GatewayConfig> loader,
      Builder<S> builder, Object lock, Clock clock) {
    this.file = requireNonNull(file, "file");
    this.loader = requireNonNull(loader, "loader");
    this.builder = requireNonNull(builder, "builder");
    this.lock = requireNonNull(lock, "lock");
    this.clock = requireNonNull(clock, "clock");
    this.current = new AtomicReference<>(new Snapshot<>(requireNonNull(running, "running"),
        requireNonNull(live, "live"), revision(watched(running))));
    this.readFingerprint = FileTree.fingerprint(watched());
  }

  /** Returns what serves the config in force. */
  @Override
  public S get() {
    return current.get().live();
  }

  /** Returns the config in force, its built form and its revision, read together. */
  public Snapshot<S> snapshot() {
    return current.get();
  }

  /** Returns the config file. */
  public Path file() {
    return file;
  }

  /** Returns how the last reload ended, or null before the first. */
  public ConfigReloadResult lastReload() {
    return last;
  }

  /** Returns the files read: the config file and the credential files of its upstreams. */
  @Override
  public List<Path> watched() {
    return watched(current.get().config());
  }

  private List<Path> watched(GatewayConfig config) {
    List<Path> files = new ArrayList<>();
    files.add(file);
    for (UpstreamConfig u : config.upstreams()) {
      if (u.apiKeyFile() != null && !files.contains(u.apiKeyFile())) {
        files.add(u.apiKeyFile());
      }
    }
    return files;
  }

  @Override
  public String readFingerprint() {
    return readFingerprint;
  }

  @Override
  public void filesChanged() {
    reload("watch");
  }

  /** Adds a listener told of every reload's result, on the reloading thread; it must not block. */
  public void onReload(Consumer<ConfigReloadResult> listener) {
    listeners.add(requireNonNull(listener, "listener"));
  }

  /** Adds a listener told of every swap, with what served before and what serves now; it must not block. */
  public void onSwap(BiConsumer<S, S> listener) {
    swaps.add(requireNonNull(listener, "listener"));
  }

  /** Reloads on the store's own thread; the future completes with the result. */
  public CompletableFuture<ConfigReloadResult> reloadAsync(String trigger) {
    try {
      return CompletableFuture.supplyAsync(() -> reload(trigger), thread);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Reads, validates and builds the config file, and swaps it in if it passed; returns how it ended.
   * {@code trigger} says what asked (watch, sighup, admin, …).
   */
  public ConfigReloadResult reload(String trigger) {
    synchronized (lock) {
      return reloadHoldingLock(trigger);
    }
  }

  private ConfigReloadResult reloadHoldingLock(String trigger) {
    Snapshot<S> old = current.get();
    GatewayConfig candidate = null;
    String tried = null;
    ConfigException error = null;
    for (int attempt = 0; attempt < MAX_UNSTABLE_READS; attempt++) {
      String before = FileTree.fingerprint(watched());
      try {
        candidate = loader.apply(file);
        tried = revision(watched(candidate));
        error = null;
      } catch (ConfigException e) {
        candidate = null;
        error = e;
      } catch (RuntimeException e) {
        candidate = null;
        error = new ConfigException(file + ": cannot load the config: " + e.getMessage());
      }
      String after = FileTree.fingerprint(watched());
      readFingerprint = after;
      if (before.equals(after)) {
        break;
      }
      // The file changed while it was read (an editor's save, a ConfigMap swap): what was read may mix two states.
    }
    ConfigReloadResult result;
    List<String> restart = List.of();
    if (candidate != null && tried.equals(old.revision())) {
      result = new ConfigReloadResult(ConfigReloadResult.Outcome.UNCHANGED, trigger, clock.instant(),
          old.revision(), tried, null, List.of());
      LOG.log(Level.INFO, "config unchanged (" + trigger + "): revision " + old.revision() + " keeps serving");
    } else {
      S built = null;
      GatewayConfig pinned = null;
      if (candidate != null) {
        try {
          RestartRequired.Pinned p = RestartRequired.pin(old.config(), candidate);
          pinned = p.config();
          restart = p.changed();
          built = builder.build(pinned, old.live());
        } catch (ConfigException e) {
          error = e;
        } catch (RuntimeException e) {
          error = new ConfigException(file + ": " + e.getMessage());
        }
      }
      if (error == null) {
        current.set(new Snapshot<>(pinned, built, tried));
        result = new ConfigReloadResult(ConfigReloadResult.Outcome.APPLIED, trigger, clock.instant(), tried, tried,
            null, restart);
        LOG.log(Level.INFO, "config reloaded (" + trigger + "): revision " + old.revision() + " -> " + tried
            + (restart.isEmpty() ? "" : "; restart required for " + String.join(", ", restart)
                + " (running values kept)"));
        for (BiConsumer<S, S> l : swaps) {
          try {
            l.accept(old.live(), built);
          } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "a config swap listener failed: " + e);
          }
        }
      } else {
        result = new ConfigReloadResult(ConfigReloadResult.Outcome.FAILED, trigger, clock.instant(), old.revision(),
            tried, error, List.of());
        LOG.log(Level.WARNING, "config reload failed (" + trigger + "); revision " + old.revision()
            + " keeps serving: " + error.getMessage());
      }
    }
    last = result;
    for (Consumer<ConfigReloadResult> l : listeners) {
      try {
        l.accept(result);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "a config reload listener failed: " + e);
      }
    }
    return result;
  }

  /** Returns a short hash of the names and contents of {@code files}: a config revision's name. */
  private static String revision(List<Path> files) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
    for (Path f : files) {
      digest.update(f.toString().getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
      try {
        digest.update(Files.readAllBytes(f));
      } catch (IOException e) {
        digest.update("unreadable".getBytes(StandardCharsets.UTF_8));
      }
      digest.update((byte) 0);
    }
    return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
  }

  /** Stops the reload thread; a reload in progress finishes. */
  @Override
  public void close() {
    thread.shutdown();
  }
}
