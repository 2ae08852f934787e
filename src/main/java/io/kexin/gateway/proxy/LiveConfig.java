package io.kexin.gateway.proxy;

import static java.util.Objects.requireNonNull;

import io.kexin.gateway.config.GatewayConfig;
import io.kexin.gateway.route.Router;
import io.kexin.gateway.tenant.VirtualKeys;
import java.util.function.Supplier;

/**
 * Holds one validated revision of the gateway config together with what is built from it (routes and upstreams, the
 * key table). A reload builds a new one and swaps it in whole; an exchange reads it once, when its request is
 * admitted, and finishes on it. A section added to the config comes along in {@link #config()}. Immutable.
 */
public record LiveConfig(GatewayConfig config, Router router, VirtualKeys keys) {
  public LiveConfig {
    requireNonNull(config, "config");
    requireNonNull(router, "router");
    requireNonNull(keys, "keys");
  }

  /**
   * Builds the live form of {@code config}; an upstream whose settings and credential are those of {@code previous}
   * (null for none) keeps its state (target health, pooled connections).
   *
   * @throws IllegalStateException if a credential file cannot be read
   */
  public static LiveConfig of(GatewayConfig config, LiveConfig previous) {
    Router router = previous == null ? Router.fromConfig(config)
        : Router.fromConfig(config, previous.config(), previous.router());
    return new LiveConfig(config, router, VirtualKeys.fromConfig(config));
  }

  /** Returns a supplier of one live config with {@code router} and {@code keys} that never changes (tools, tests). */
  static Supplier<LiveConfig> fixed(Router router, VirtualKeys keys) {
    LiveConfig live = new LiveConfig(new GatewayConfig(null, null, null, null, null, null), router, keys);
    return () -> live;
  }
}
