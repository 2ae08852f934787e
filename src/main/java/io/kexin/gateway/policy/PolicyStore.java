package io.kexin.gateway.policy;

import static java.util.Objects.requireNonNull;

import io.kexin.gateway.config.ConfigException;
import io.kexin.gateway.config.FileTree;
import io.kexin.gateway.config.ReloadStore;
import io.kexin.gateway.config.Watchable;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Holds the policy revision in force and replaces it, in one atomic swap, only with a revision that compiled (every
 * rule's examples included) and passed every check (the names the config uses, the golden test suites); otherwise the
 * last good revision keeps serving and the error is kept, logged and reported to listeners. Exchanges read the
 * revision once when they open, so an exchange or stream in flight finishes on the revision it started with.
 * Reloads run one at a time on the caller's thread ({@link #reload}) or on the store's own thread
 * ({@link #reloadAsync}), never on an event loop. With a site directory, both directories are read and watched.
 * Thread-safe.
 */
public final class PolicyStore implements Supplier<PolicySet>, Watchable, AutoCloseable {
  /** Checks a compiled candidate revision before it may serve; throws to refuse it. */
  @FunctionalInterface
  public interface Check {
    /**
     * Refuses {@code candidate}, read from {@code dir}, with a {@link ConfigException} naming file:line:col where it
     * can, or returns normally to accept it.
     */
    void verify(PolicySet candidate, Path dir);
  }

  private final Path dir;
  private final Path site;
  private final ReloadStore<PolicySet, PolicySet, ReloadResult> store;

  /**
   * Creates a store serving {@code initial}, read from {@code dir} (whose files had {@code fingerprint} when read);
   * a reload reads {@code dir} with {@code loader} and verifies with {@code check}.
   */
  public PolicyStore(Path dir, PolicySet initial, String fingerprint, Function<Path, PolicySet> loader, Check check,
      Clock clock) {
    this(dir, null, initial, fingerprint, loader, check, clock);
  }

  /**
   * Creates a store serving {@code initial}, read from {@code dir} and the site directory {@code site} (null for
   * none; their files had {@code fingerprint} when read); a reload reads {@code dir} with {@code loader}, which
   * layers the site over it, and verifies with {@code check}. Reloads hold this store's lock, which the config
   * store shares.
   */
  public PolicyStore(Path dir, Path site, PolicySet initial, String fingerprint, Function<Path, PolicySet> loader,
      Check check, Clock clock) {
    this.dir = requireNonNull(dir, "dir");
    this.site = site;
    requireNonNull(loader, "loader");
    requireNonNull(check, "check");
    this.store = new ReloadStore<>("policies", dir, this::watched, requireNonNull(initial, "initial"),
        initial.revision(), requireNonNull(fingerprint, "fingerprint"), new ReloadStore.Steps<>(
            () -> loader.apply(dir), PolicySet::revision,
            (candidate, tried, old) -> {
              check.verify(candidate, dir);
              return candidate;
            },
            (outcome, trigger, at, revision, tried, error, candidate, before) -> new ReloadResult(
                ReloadResult.Outcome.valueOf(outcome.name()), trigger, at, revision, tried, error),
            (swapped, report) -> ", " + swapped.all().size() + " policies"),
        this, clock);
  }

  /** Reads and compiles {@code dir} for a first revision, and returns a store serving it (no check beyond loading). */
  public static PolicyStore open(Path dir, Function<Path, PolicySet> loader, Check check, Clock clock) {
    String before = fingerprint(dir, null);
    PolicySet set = loader.apply(dir);
    return new PolicyStore(dir, set, before, loader, check, clock);
  }

  /** Returns the fingerprint of the files under {@code dir} now: what the watcher compares. */
  public static String fingerprint(Path dir) {
    return fingerprint(dir, null);
  }

  /** Returns the fingerprint of the files under {@code dir} and {@code site} (null for none) now. */
  public static String fingerprint(Path dir, Path site) {
    return FileTree.fingerprint(roots(dir, site));
  }

  private static List<Path> roots(Path dir, Path site) {
    return site == null ? List.of(dir) : List.of(dir, site);
  }

  /** Returns the directories read: the pack, then the site directory if there is one. */
  @Override
  public List<Path> watched() {
    return roots(dir, site);
  }

  /** Reloads because the watched files changed. */
  @Override
  public void filesChanged() {
    reload("watch");
  }

  /** Returns the site directory layered over the pack, or null. */
  public Path site() {
    return site;
  }

  /** Returns the revision in force. */
  @Override
  public PolicySet get() {
    return store.get();
  }

  /** Returns the directory the store reads. */
  public Path dir() {
    return dir;
  }

  /** Returns the files below the directory (policies, lists, tests), relative to it, sorted. */
  public List<String> files() {
    return PolicyFiles.list(dir).stream().map(f -> dir.relativize(f).toString()).toList();
  }

  /** Returns the files below the site directory, relative to it, sorted; empty without a site. */
  public List<String> siteFiles() {
    return site == null ? List.of()
        : PolicyFiles.list(site).stream().map(f -> site.relativize(f).toString()).toList();
  }

  /** Returns how the last reload ended, or null before the first. */
  public ReloadResult lastReload() {
    return store.lastReload();
  }

  /** Returns the fingerprint of the files the last load read, good or bad. */
  @Override
  public String readFingerprint() {
    return store.readFingerprint();
  }

  /** Adds a listener told of every reload's result, on the reloading thread; it must not block. */
  public void onReload(Consumer<ReloadResult> listener) {
    store.onReload(listener);
  }

  /** Reloads on the store's own thread; the future completes with the result. */
  public CompletableFuture<ReloadResult> reloadAsync(String trigger) {
    return store.reloadAsync(trigger);
  }

  /**
   * Reads, compiles and checks the directory, and swaps the new revision in if it passed; returns how it ended.
   * {@code trigger} says what asked (watch, sighup, admin, …).
   */
  public ReloadResult reload(String trigger) {
    return store.reload(trigger);
  }

  /** Stops the reload thread; a reload in progress finishes. */
  @Override
  public void close() {
    store.close();
  }
}
