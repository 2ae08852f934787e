package io.kexin.gateway.config;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Says how one reload of the gateway config ended: what asked for it, when, the revision in force afterwards, the
 * revision that was tried, for a failure the error with its {@code file:line:col}, and the settings that changed in
 * the file but keep their running values until a restart ({@code listeners.proxy}, {@code limits.inspectionThreads},
 * …; names only, never values).
 */
public record ConfigReloadResult(Outcome outcome, String trigger, Instant at, String revision, String tried,
    ConfigException error, List<String> restartRequired) {
  public ConfigReloadResult {
    requireNonNull(outcome, "outcome");
    requireNonNull(trigger, "trigger");
    requireNonNull(at, "at");
    requireNonNull(revision, "revision");
    restartRequired = List.copyOf(restartRequired);
    if ((outcome == Outcome.FAILED) != (error != null)) {
      throw new IllegalArgumentException("error: " + error + " with outcome " + outcome
          + " (expected: an error exactly when the reload failed)");
    }
  }

  /** Names how a reload ended; {@link #label()} is the {@code result} label of {@code kexin_config_reload_total}. */
  public enum Outcome {
    /** A new config passed every check and is in force. */
    APPLIED,
    /** The file gives the config already in force; nothing was swapped. */
    UNCHANGED,
    /** The new file failed a check; the last good config keeps serving. */
    FAILED;

    /** Returns the lower-case name used in metrics, logs and the admin API. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
