package io.kexin.gateway.detect.regex;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Keeps the compiled form of the patterns the last policy load used, so that the next load (a hot reload, most
 * often of a pack where one rule changed) takes an unchanged pattern as it was instead of determinizing its
 * automata again, which is most of a load's time. Holds the patterns of at most two loads: the last finished one
 * and the one under way. Thread-safe: a load may compile its patterns on several threads.
 */
public final class PatternCache {
  private Map<CompiledPattern.Key, CompiledPattern> previous = new HashMap<>();
  private Map<CompiledPattern.Key, CompiledPattern> current = new HashMap<>();
  private long compiled;

  /** Starts a load: the patterns of a load that did not finish are dropped, those of the last finished one kept. */
  public synchronized void begin() {
    current = new HashMap<>();
  }

  /** Finishes a load: its patterns are the ones the next load may take, and those it did not use are dropped. */
  public synchronized void finish() {
    previous = current;
    current = new HashMap<>();
  }

  /** Returns how many patterns were compiled rather than taken from this cache, since it was made. */
  public synchronized long compiled() {
    return compiled;
  }

  /**
   * Returns the compiled form of {@code key}, from this load, the last finished one, or {@code compile}; compiles
   * outside the lock, so that several threads compile different patterns at once.
   */
  CompiledPattern get(CompiledPattern.Key key, Function<CompiledPattern.Key, CompiledPattern> compile) {
    synchronized (this) {
      CompiledPattern c = current.get(key);
      if (c == null) {
        c = previous.get(key);
        if (c != null) {
          current.put(key, c);
        }
      }
      if (c != null) {
        return c;
      }
    }
    CompiledPattern made = compile.apply(key);
    synchronized (this) {
      CompiledPattern raced = current.putIfAbsent(key, made);
      if (raced != null) {
        return raced;
      }
      compiled++;
      return made;
    }
  }
}
