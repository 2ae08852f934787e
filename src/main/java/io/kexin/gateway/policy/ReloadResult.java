package io.kexin.gateway.policy;

import static java.util.Objects.requireNonNull;

import io.kexin.gateway.config.ConfigException;
import java.time.Instant;

/**
 * Says how one reload of the policy directory ended: what asked for it, when, the revision in force afterwards, the
 * revision that was tried, and for a failure the error with its {@code file:line:col} (never any protected text).
 */
public record ReloadResult(Outcome outcome, String trigger, Instant at, String revision, String tried,
    ConfigException error) {
  public ReloadResult {
    requireNonNull(outcome, "outcome");
    requireNonNull(trigger, "trigger");
    requireNonNull(at, "at");
    requireNonNull(revision, "revision");
    if ((outcome == Outcome.FAILED) != (error != null)) {
      throw new IllegalArgumentException("error: " + error + " with outcome " + outcome
          + " (expected: an error exactly when the reload failed)");
    }
  }

  /** Names how a reload ended; {@link #label()} is the {@code result} label of {@code kexin_policy_reload_total}. */
  public enum Outcome {
    /** A new revision passed every check and is in force. */
    APPLIED,
    /** The files give the revision already in force; nothing was swapped. */
    UNCHANGED,
    /** The new files failed a check; the last good revision keeps serving. */
    FAILED;

    /** Returns the lower-case name used in metrics, logs and the admin API. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
