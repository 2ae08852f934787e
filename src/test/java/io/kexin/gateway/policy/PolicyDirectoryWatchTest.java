package io.kexin.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.kexin.gateway.config.ConfigException;
import io.kexin.gateway.config.FileWatcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Watches a policy directory for real: plain edits, and the Kubernetes ConfigMap layout, whose visible files are links
 * through a {@code ..data} link that the kubelet swaps atomically to a new timestamped directory. Waits on the store's
 * reload results, never on the clock.
 */
class PolicyDirectoryWatchTest {
  @TempDir
  Path dir;

  private static String policy(String term, String action) {
    return """
        apiVersion: kexin.io/v1
        kind: Policy
        metadata: {name: p}
        rules:
          - id: keyword.watched
            detector: {keyword: {terms: [%s], wordList: lists/extra.txt}}
            action: %s
        """.formatted(term, action);
  }

  /** Opens a store on {@code dir} whose every reload result lands in {@code results}. */
  private static PolicyStore store(Path dir, BlockingQueue<ReloadResult> results) {
    PolicyStore store = PolicyStore.open(dir, new PolicyLoader()::load, (candidate, from) -> { }, Clock.systemUTC());
    store.onReload(results::add);
    return store;
  }

  private static ReloadResult next(BlockingQueue<ReloadResult> results) throws InterruptedException {
    ReloadResult r = results.poll(20, TimeUnit.SECONDS);
    assertThat(r).as("a reload within 20 s").isNotNull();
    return r;
  }

  /**
   * Writes one ConfigMap revision as the kubelet's atomic writer does: the files into a new {@code ..<timestamp>}
   * directory, a {@code ..data_tmp} link to it renamed over {@code ..data}, the old directory removed; the visible
   * names are links through {@code ..data}, made once.
   */
  private void configMapRevision(String name, String policy, String extra) throws Exception {
    Path ts = dir.resolve(".." + name);
    Files.createDirectories(ts.resolve("lists"));
    Files.writeString(ts.resolve("p.yaml"), policy);
    Files.writeString(ts.resolve("lists/extra.txt"), extra);
    Path old = Files.isSymbolicLink(dir.resolve("..data")) ? dir.resolve(Files.readSymbolicLink(dir.resolve("..data")))
        : null;
    Path tmp = dir.resolve("..data_tmp");
    Files.createSymbolicLink(tmp, ts.getFileName());
    Files.move(tmp, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    if (!Files.exists(dir.resolve("p.yaml"), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      Files.createSymbolicLink(dir.resolve("p.yaml"), Path.of("..data/p.yaml"));
      Files.createSymbolicLink(dir.resolve("lists"), Path.of("..data/lists"));
    }
    if (old != null) {
      try (Stream<Path> files = Files.walk(old)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  @ParameterizedTest(name = "poll only: {0}")
  @ValueSource(booleans = {false, true})
  void aConfigMapSymlinkSwapIsReloadedOnceAndABrokenSwapKeepsTheLastGood(boolean pollOnly) throws Exception {
    configMapRevision("2026_12_05_12_00_00.000000001", policy("凤凰计划", "redact"), "Bluebird\n");
    BlockingQueue<ReloadResult> results = new LinkedBlockingQueue<>();
    try (PolicyStore store = store(dir, results);
        FileWatcher watcher = new FileWatcher(store, "policies", Duration.ofMillis(pollOnly ? 50 : 60_000),
            Duration.ofMillis(100), !pollOnly).start()) {
      String first = store.get().revision();
      assertThat(store.get().all()).hasSize(1);

      configMapRevision("2026_12_05_12_01_00.000000002", policy("凤凰计划", "block"), "Bluebird\n青鸟项目\n");
      ReloadResult applied = next(results);
      assertThat(applied.outcome()).isEqualTo(ReloadResult.Outcome.APPLIED);
      assertThat(applied.trigger()).isEqualTo("watch");
      assertThat(applied.revision()).isNotEqualTo(first).isEqualTo(store.get().revision());
      assertThat(store.get().get("p").orElseThrow().rules().get(0).action().policyName()).isEqualTo("block");
      assertThat(store.get().get("p").orElseThrow().rules().get(0).detector()
          .scan(io.kexin.gateway.text.ScanText.of("青鸟项目"))).as("the new word list is in force").isNotEmpty();

      configMapRevision("2026_12_05_12_02_00.000000003", policy("凤凰计划", "shred"), "Bluebird\n");
      ReloadResult failed = next(results);
      assertThat(failed.outcome()).isEqualTo(ReloadResult.Outcome.FAILED);
      assertThat(failed.error().getMessage()).startsWith(dir.resolve("p.yaml") + ":7:13:");
      assertThat(store.get().revision()).isEqualTo(applied.revision());

      configMapRevision("2026_12_05_12_03_00.000000004", policy("凤凰计划", "redact"), "Bluebird\n");
      assertThat(next(results).outcome()).isEqualTo(ReloadResult.Outcome.APPLIED);
      assertThat(store.get().revision()).isEqualTo(first);
      assertThat(results.poll(300, TimeUnit.MILLISECONDS)).as("one reload per swap, none for a failure repeated")
          .isNull();
    }
  }

  @Test
  void severalWritesInARowMakeOneReload() throws Exception {
    Files.createDirectories(dir.resolve("lists"));
    Files.writeString(dir.resolve("lists/extra.txt"), "Bluebird\n");
    Files.writeString(dir.resolve("p.yaml"), policy("凤凰计划", "redact"));
    BlockingQueue<ReloadResult> results = new LinkedBlockingQueue<>();
    try (PolicyStore store = store(dir, results);
        FileWatcher watcher = new FileWatcher(store, "policies", Duration.ofSeconds(60), Duration.ofMillis(300), true)
            .start()) {
      // An editor's save: truncate, write half, write the rest; the half file alone would not load.
      Files.writeString(dir.resolve("p.yaml"), "");
      Files.writeString(dir.resolve("p.yaml"), policy("凤凰计划", "block").substring(0, 60));
      Files.writeString(dir.resolve("p.yaml"), policy("凤凰计划", "block"));
      Files.writeString(dir.resolve("lists/extra.txt"), "Bluebird\n青鸟项目\n");

      ReloadResult r = next(results);
      assertThat(r.outcome()).isEqualTo(ReloadResult.Outcome.APPLIED);
      assertThat(results.poll(500, TimeUnit.MILLISECONDS)).isNull();
    }
  }

  @Test
  void aMissingDirectoryIsWatchedUntilItAppears() throws Exception {
    Path later = dir.resolve("later");
    BlockingQueue<ReloadResult> results = new LinkedBlockingQueue<>();
    try (PolicyStore store = store(later, results);
        FileWatcher watcher = new FileWatcher(store, "policies", Duration.ofMillis(50), Duration.ofMillis(50), true)
            .start()) {
      assertThat(store.get().all()).isEmpty();
      Files.createDirectories(later.resolve("lists"));
      Files.writeString(later.resolve("lists/extra.txt"), "Bluebird\n");
      Files.writeString(later.resolve("p.yaml"), policy("凤凰计划", "redact"));

      ReloadResult r = next(results);
      while (r.outcome() != ReloadResult.Outcome.APPLIED) {
        r = next(results); // a write caught half-way fails once, then the settled files load
      }
      assertThat(store.get().all()).hasSize(1);
    }
  }

  @Test
  void aChangeInTheSiteDirectoryIsReloadedToo() throws Exception {
    Path pack = Files.createDirectories(dir.resolve("pack/lists"));
    Files.writeString(pack.resolve("extra.txt"), "Bluebird\n");
    Files.writeString(dir.resolve("pack/p.yaml"), policy("凤凰计划", "redact"));
    Path site = Files.createDirectories(dir.resolve("site/lists")).getParent();
    Files.writeString(site.resolve("lists/acme.txt"), "Kestrel\n");
    Files.writeString(dir.resolve("site/acme.yaml"), """
        apiVersion: kexin.io/v1
        kind: PolicyOverride
        metadata: {name: acme}
        rules:
          - {id: keyword.watched, wordList: lists/acme.txt}
        """);
    Path packDir = pack.getParent();
    PolicyLoader loader = new PolicyLoader();
    BlockingQueue<ReloadResult> results = new LinkedBlockingQueue<>();
    try (PolicyStore store = new PolicyStore(packDir, site, loader.load(packDir, site),
            PolicyStore.fingerprint(packDir, site), d -> loader.load(d, site), (candidate, from) -> { },
            Clock.systemUTC());
        FileWatcher watcher = new FileWatcher(store, "policies", Duration.ofMillis(50), Duration.ofMillis(100), true)
            .start()) {
      store.onReload(results::add);
      assertThat(store.watched()).containsExactly(packDir, site);
      Files.writeString(site.resolve("lists/acme.txt"), "Kestrel\n青鸟项目\n");

      ReloadResult r = next(results);
      assertThat(r.outcome()).isEqualTo(ReloadResult.Outcome.APPLIED);
      assertThat(store.get().get("p").orElseThrow().rules().get(0).detector()
          .scan(io.kexin.gateway.text.ScanText.of("青鸟项目"))).as("the site's new word is in force").isNotEmpty();
      assertThat(store.get().overrides()).hasSize(1);
    }
  }

  @Test
  void aCheckThatThrowsKeepsTheRevision() throws Exception {
    Files.createDirectories(dir.resolve("lists"));
    Files.writeString(dir.resolve("lists/extra.txt"), "Bluebird\n");
    Files.writeString(dir.resolve("p.yaml"), policy("凤凰计划", "redact"));
    try (PolicyStore store = PolicyStore.open(dir, new PolicyLoader()::load, (candidate, from) -> {
          throw new ConfigException("tests/x.yaml", 3, 5, "policy test 'x/y' failed");
        }, Clock.systemUTC())) {
      String before = store.get().revision();
      Files.writeString(dir.resolve("p.yaml"), policy("凤凰计划", "block"));
      ReloadResult r = store.reload("test");
      assertThat(r.outcome()).isEqualTo(ReloadResult.Outcome.FAILED);
      assertThat(r.error().getMessage()).isEqualTo("tests/x.yaml:3:5: policy test 'x/y' failed");
      assertThat(r.tried()).isNotEqualTo(before);
      assertThat(store.get().revision()).isEqualTo(before);
    }
  }
}
