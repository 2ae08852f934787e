package io.kexin.gateway.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Declares where policy files are read from (default: the shipped {@code policies/} directory), the site directory
 * layered over them ({@code site}: local policies, overrides of the pack's rules and the site's own test suites;
 * none by default), and how changes are picked up: watched (file events plus a poll every {@code pollInterval},
 * default 2s) and reloaded once the files have been quiet for {@code debounce} (default 500ms).
 */
public record PoliciesConfig(Path dir, Boolean watch, Duration pollInterval, Duration debounce, Path site) {
  static final PoliciesConfig DEFAULT = new PoliciesConfig(null);

  public PoliciesConfig {
    dir = dir == null ? Path.of("policies") : dir;
    watch = watch == null || watch;
    pollInterval = pollInterval == null ? Duration.ofSeconds(2) : pollInterval;
    debounce = debounce == null ? Duration.ofMillis(500) : debounce;
    if (pollInterval.compareTo(Duration.ofMillis(10)) < 0) {
      throw new IllegalArgumentException("pollInterval: " + pollInterval + " (expected: at least 10ms)");
    }
    if (debounce.isNegative()) {
      throw new IllegalArgumentException("debounce: " + debounce + " (expected: 0 or more)");
    }
  }

  /** Reads policies from {@code dir}, watched with the defaults. */
  public PoliciesConfig(Path dir) {
    this(dir, null, null, null, null);
  }

  /** Reads policies from {@code dir} without a site directory. */
  public PoliciesConfig(Path dir, Boolean watch, Duration pollInterval, Duration debounce) {
    this(dir, watch, pollInterval, debounce, null);
  }

  /** Returns this configuration with its paths resolved against {@code base}. */
  PoliciesConfig resolvedAgainst(Path base) {
    return new PoliciesConfig(base.resolve(dir), watch, pollInterval, debounce, site == null ? null
        : base.resolve(site));
  }
}
