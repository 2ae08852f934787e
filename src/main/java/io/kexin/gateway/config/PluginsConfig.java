package io.kexin.gateway.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Declares where detector plugin jars are read from (default {@code plugins/}, skipped when absent), the time budget
 * of one call into a plugin (default 50ms) and how many calls one plugin may run at once (default 8).
 */
public record PluginsConfig(Path dir, Duration budget, Integer threads) {
  public static final PluginsConfig DEFAULT = new PluginsConfig(null, null, null);

  public PluginsConfig {
    dir = dir == null ? Path.of("plugins") : dir;
    budget = budget == null ? Duration.ofMillis(50) : budget;
    threads = threads == null ? 8 : threads;
    if (budget.compareTo(Duration.ofMillis(1)) < 0 || budget.compareTo(Duration.ofSeconds(10)) > 0) {
      throw new IllegalArgumentException("budget: " + budget + " (expected: 1ms..10s)");
    }
    if (threads < 1 || threads > 256) {
      throw new IllegalArgumentException("threads: " + threads + " (expected: 1..256)");
    }
  }

  /** Returns this configuration with its directory resolved against {@code base}. */
  PluginsConfig resolvedAgainst(Path base) {
    return new PluginsConfig(base.resolve(dir), budget, threads);
  }
}
