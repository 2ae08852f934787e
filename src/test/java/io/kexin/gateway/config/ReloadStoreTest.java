package io.kexin.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the reload shape the config and policy stores share, on a real file: a change swaps in what the check built
 * and tells the swap and reload listeners, the same content is unchanged, a refused or unreadable candidate keeps the
 * last good value with its error, and a failing listener leaves the others told.
 */
class ReloadStoreTest {
  @TempDir Path dir;

  /** Reports one reload as a store would: how it ended, the revisions, the error. */
  private record Report(ReloadStore.Outcome outcome, String trigger, String revision, String tried,
      ConfigException error) {}

  private final List<String> swaps = new ArrayList<>();
  private final List<Report> told = new ArrayList<>();

  /** Returns a store of the file's words, which refuses a word list that names "禁止" (forbidden). */
  private ReloadStore<List<String>, List<String>, Report> store(Path file) {
    List<String> initial = words(file);
    ReloadStore<List<String>, List<String>, Report> store = new ReloadStore<>("words", file, () -> List.of(file),
        initial, String.join(",", initial), FileTree.fingerprint(List.of(file)), new ReloadStore.Steps<>(
            () -> words(file), words -> String.join(",", words),
            (candidate, revision, current) -> {
              if (candidate.contains("禁止")) {
                throw new ConfigException(file + ":1:1: the word 禁止 is refused");
              }
              return candidate;
            },
            (outcome, trigger, at, revision, tried, error, candidate, before) -> new Report(outcome, trigger,
                revision, tried, error),
            (swapped, report) -> ", " + swapped.size() + " words"),
        new Object(), Clock.systemUTC());
    store.onSwap((before, after) -> swaps.add(before + " -> " + after));
    store.onReload(r -> {
      throw new IllegalStateException("a listener that fails");
    });
    store.onReload(told::add);
    return store;
  }

  private static List<String> words(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      if (text.startsWith("\0")) {
        throw new IllegalArgumentException("binary file");
      }
      return List.of(text.strip().split("\\s+"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void aChangeIsSwappedInAndTheSameContentIsUnchanged() throws Exception {
    Path file = Files.writeString(dir.resolve("words.txt"), "hello 你好");
    try (ReloadStore<List<String>, List<String>, Report> store = store(file)) {
      assertThat(store.reload("watch").outcome()).isEqualTo(ReloadStore.Outcome.UNCHANGED);
      assertThat(swaps).isEmpty();

      Files.writeString(file, "hello 你好 world");
      Report applied = store.reload("admin");

      assertThat(applied).isEqualTo(new Report(ReloadStore.Outcome.APPLIED, "admin", "hello,你好,world",
          "hello,你好,world", null));
      assertThat(store.get()).containsExactly("hello", "你好", "world");
      assertThat(swaps).containsExactly("[hello, 你好] -> [hello, 你好, world]");
      assertThat(told).extracting(Report::outcome).as("told after the failing listener")
          .containsExactly(ReloadStore.Outcome.UNCHANGED, ReloadStore.Outcome.APPLIED);
      assertThat(store.lastReload()).isEqualTo(applied);
      assertThat(store.readFingerprint()).isEqualTo(FileTree.fingerprint(List.of(file)));
    }
  }

  @Test
  void aRefusedOrUnreadableCandidateKeepsTheLastGoodValue() throws Exception {
    Path file = Files.writeString(dir.resolve("words.txt"), "hello 你好");
    try (ReloadStore<List<String>, List<String>, Report> store = store(file)) {
      Files.writeString(file, "hello 禁止");
      Report refused = store.reload("watch");

      assertThat(refused.outcome()).isEqualTo(ReloadStore.Outcome.FAILED);
      assertThat(refused.revision()).isEqualTo("hello,你好");
      assertThat(refused.tried()).isEqualTo("hello,禁止");
      assertThat(refused.error().getMessage()).isEqualTo(file + ":1:1: the word 禁止 is refused");
      assertThat(store.get()).containsExactly("hello", "你好");
      assertThat(store.readFingerprint()).as("what was read, though refused")
          .isEqualTo(FileTree.fingerprint(List.of(file)));

      Files.writeString(file, "\0binary");
      Report unreadable = store.reloadAsync("sighup").get(10, TimeUnit.SECONDS);

      assertThat(unreadable.outcome()).isEqualTo(ReloadStore.Outcome.FAILED);
      assertThat(unreadable.tried()).isNull();
      assertThat(unreadable.error().getMessage()).startsWith(file + ": cannot load the words: ")
          .contains("binary file");
      assertThat(store.get()).containsExactly("hello", "你好");
      assertThat(swaps).isEmpty();

      Files.writeString(file, "back 回来");
      assertThat(store.reload("watch").outcome()).isEqualTo(ReloadStore.Outcome.APPLIED);
      assertThat(store.get()).containsExactly("back", "回来");
    }
  }

  @Test
  void aClosedStoreRefusesAnAsyncReload() throws Exception {
    Path file = Files.writeString(dir.resolve("words.txt"), "hello");
    ReloadStore<List<String>, List<String>, Report> store = store(file);
    store.close();
    assertThat(store.reloadAsync("admin")).isCompletedExceptionally();
    assertThat(store.get()).containsExactly("hello");
  }
}
