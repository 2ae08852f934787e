package io.kexin.gateway.config;

/** Declares the proxy listener (where clients connect) and the admin listener (health, metrics). */
public record Listeners(ListenerConfig proxy, ListenerConfig admin) {
  static final Listeners DEFAULT = new Listeners(null, null);

  public Listeners {
    proxy = withDefaultPort(proxy, 8080);
    admin = withDefaultPort(admin, 9090);
  }

  private static ListenerConfig withDefaultPort(ListenerConfig l, int port) {
    if (l == null) {
      return new ListenerConfig(null, port, null);
    }
    return l.port() == null ? new ListenerConfig(l.bind(), port, l.tls()) : l;
  }

  Listeners withOverrides(Integer proxyPort, Integer adminPort, String bind) {
    return new Listeners(proxy.withOverrides(proxyPort, bind), admin.withOverrides(adminPort, bind));
  }
}
