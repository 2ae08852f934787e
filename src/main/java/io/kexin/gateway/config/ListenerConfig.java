package io.kexin.gateway.config;

import static java.util.Objects.requireNonNullElse;

/** Declares one listener: the address to bind, the port (0 picks a free one; null: the default) and optional TLS. */
public record ListenerConfig(String bind, Integer port, TlsConfig tls) {
  public ListenerConfig {
    bind = requireNonNullElse(bind, "0.0.0.0");
    if (port != null && (port < 0 || port > 65535)) {
      throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
    }
  }

  ListenerConfig withOverrides(Integer newPort, String newBind) {
    return new ListenerConfig(newBind != null ? newBind : bind, newPort != null ? newPort : port, tls);
  }
}
