package io.kexin.gateway.inspect;

import io.kexin.gateway.content.Action;
import io.kexin.gateway.detect.Finding;
import static java.util.Objects.requireNonNull;

/**
 * Pairs a finding with the action its rule asks for; {@code keepLast} is how many trailing code points a mask
 * leaves visible, and is ignored by every other action.
 */
public record Treatment(Finding finding, Action action, int keepLast) {
  public Treatment {
    requireNonNull(finding, "finding");
    requireNonNull(action, "action");
    if (keepLast < 0) {
      throw new IllegalArgumentException("keepLast: " + keepLast + " (expected: >= 0)");
    }
  }

  /** Returns a treatment that keeps no trailing characters when masking. */
  public static Treatment of(Finding finding, Action action) {
    return new Treatment(finding, action, 0);
  }

  /** Returns a mask that leaves the last {@code keepLast} code points visible. */
  public static Treatment mask(Finding finding, int keepLast) {
    return new Treatment(finding, Action.MASK, keepLast);
  }
}
