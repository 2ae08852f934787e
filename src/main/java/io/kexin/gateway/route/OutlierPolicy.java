package io.kexin.gateway.route;

import io.kexin.gateway.config.OutlierConfig;

/** Says when an upstream's target is ejected and for how long, in nanoseconds; {@code consecutiveFailures} 0: never. */
public record OutlierPolicy(int consecutiveFailures, long baseNanos, long maxNanos) {

  static OutlierPolicy of(OutlierConfig c) {
    return new OutlierPolicy(c.consecutiveFailures(), c.baseEjectionTime().toNanos(), c.maxEjectionTime().toNanos());
  }
}
