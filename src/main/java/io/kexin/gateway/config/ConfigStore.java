package io.kexin.gateway.config;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
  /** Builds what serves a candidate config, or refuses it with a {@link ConfigException}. */
  @FunctionalInterface
  public interface Builder<S> {
    /** Returns what serves {@code candidate}, reusing what it can of {@code previous}; throws to refuse it. */
    S build(GatewayConfig candidate, S previous);
  }

  /** Holds one config in force: the config, what serves it, and its revision (a hash of the files read). */
  public record Snapshot<S>(GatewayConfig config, S live, String revision) {}

  private final Path file;
  private final ReloadStore<GatewayConfig, Snapshot<S>, ConfigReloadResult> store;

  /**
   * Creates a store serving {@code running} (built as {@code live}), read from {@code file}; a reload reads the file
   * with {@code loader} and builds with {@code builder}, holding {@code lock}.
   */
  public ConfigStore(Path file, GatewayConfig running, S live, Function<Path, GatewayConfig> loader,
      Builder<S> builder, Object lock, Clock clock) {
    this.file = requireNonNull(file, "file");
    requireNonNull(loader, "loader");
    requireNonNull(builder, "builder");
    String revision = revision(watched(requireNonNull(running, "running")));
    this.store = new ReloadStore<>("config", file, this::watched,
        new Snapshot<>(running, requireNonNull(live, "live"), revision), revision,
        FileTree.fingerprint(watched(running)), new ReloadStore.Steps<GatewayConfig, Snapshot<S>, ConfigReloadResult>(
            () -> loader.apply(file), candidate -> revision(watched(candidate)),
            (candidate, tried, old) -> {
              GatewayConfig pinned = RestartRequired.pin(old.config(), candidate).config();
              return new Snapshot<>(pinned, builder.build(pinned, old.live()), tried);
            },
            ConfigStore::report,
            (swapped, report) -> report.restartRequired().isEmpty() ? "" : "; restart required for "
                + String.join(", ", report.restartRequired()) + " (running values kept)"),
        lock, clock);
  }

  /** Returns the report of one reload; a swap names the settings that keep their running values. */
  private static <S> ConfigReloadResult report(ReloadStore.Outcome outcome, String trigger, Instant at,
      String revision, String tried, ConfigException error, GatewayConfig candidate, Snapshot<S> before) {
    List<String> restart = outcome == ReloadStore.Outcome.APPLIED
        ? RestartRequired.pin(before.config(), candidate).changed() : List.of();
    return new ConfigReloadResult(ConfigReloadResult.Outcome.valueOf(outcome.name()), trigger, at, revision, tried,
        error, restart);
  }

  /** Returns what serves the config in force. */
  @Override
  public S get() {
    return store.get().live();
  }

  /** Returns the config in force, its built form and its revision, read together. */
  public Snapshot<S> snapshot() {
    return store.get();
  }

  /** Returns the config file. */
  public Path file() {
    return file;
  }

  /** Returns how the last reload ended, or null before the first. */
  public ConfigReloadResult lastReload() {
    return store.lastReload();
  }

  /** Returns the files read: the config file and the credential files of its upstreams. */
  @Override
  public List<Path> watched() {
    return watched(store.get().config());
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
    return store.readFingerprint();
  }

  @Override
  public void filesChanged() {
    reload("watch");
  }

  /** Adds a listener told of every reload's result, on the reloading thread; it must not block. */
  public void onReload(Consumer<ConfigReloadResult> listener) {
    store.onReload(listener);
  }

  /** Adds a listener told of every swap, with what served before and what serves now; it must not block. */
  public void onSwap(BiConsumer<S, S> listener) {
    store.onSwap((before, after) -> listener.accept(before.live(), after.live()));
  }

  /** Reloads on the store's own thread; the future completes with the result. */
  public CompletableFuture<ConfigReloadResult> reloadAsync(String trigger) {
    return store.reloadAsync(trigger);
  }

  /**
   * Reads, validates and builds the config file, and swaps it in if it passed; returns how it ended.
   * {@code trigger} says what asked (watch, sighup, admin, …).
   */
  public ConfigReloadResult reload(String trigger) {
    return store.reload(trigger);
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
    store.close();
  }
}
