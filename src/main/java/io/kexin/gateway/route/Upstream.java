package io.kexin.gateway.route;

import static java.util.Objects.requireNonNull;

import io.kexin.gateway.config.Provider;
import io.kexin.gateway.config.Timeouts;

/**
 * Describes an upstream ready to call: host, port, TLS, the path prefix to put before each request path, and the
 * credential to inject. {@link #toString()} never prints the credential.
 */
public record Upstream(String name, Provider provider, String host, int port, boolean tls, String basePath,
    String credential, Timeouts timeouts) {
  public Upstream {
    requireNonNull(name, "name");
    requireNonNull(provider, "provider");
    requireNonNull(host, "host");
    requireNonNull(basePath, "basePath");
    requireNonNull(timeouts, "timeouts");
  }

  /** Returns the Host header value for this upstream. */
  public String authority() {
    boolean defaultPort = tls ? port == 443 : port == 80;
    String h = host.contains(":") ? "[" + host + "]" : host;
    return defaultPort ? h : h + ":" + port;
  }

  @Override
  public String toString() {
    return "Upstream[" + name + " " + (tls ? "https" : "http") + "://" + authority() + basePath + "]";
  }
}
