package io.kexin.gateway.policy;

import java.nio.file.Path;

/**
 * Loads the shipped pack in {@code policies/} once per test JVM: compiling it takes more than a second, and a
 * {@link PolicySet} is immutable, so the many gateways the proxy tests start can share one.
 */
public final class ShippedPolicies {
  private ShippedPolicies() {}

  /** Returns the shipped pack, compiled on first use. */
  public static PolicySet pack() {
    return Holder.PACK;
  }

  private static final class Holder {
    static final PolicySet PACK = new PolicyLoader().load(Path.of("policies"));
  }
}
