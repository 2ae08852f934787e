package io.kexin.gateway.config;

import static java.util.Objects.requireNonNullElse;

/** Declares the proxy listener (where clients connect) and the admin listener (health, metrics). */
public record Listeners(ListenerConfig proxy, ListenerConfig admin) {
  static final Listeners DEFAULT = new Listeners(null, null);

  public Listeners {
    proxy = requireNonNullElse(proxy, new ListenerConfig(null, 8080, null));
    admin = requireNonNullElse(admin, new ListenerConfig(null, 9090, null));
  }

  Listeners withOverrides(Integer proxyPort, Integer adminPort, String bind) {
    return new Listeners(proxy.withOverrides(proxyPort, bind), admin.withOverrides(adminPort, bind));
  }
}
