package io.kexin.gateway.config;

import static java.util.Objects.requireNonNull;
import static java.util.Objects.requireNonNullElse;

import java.net.URI;
import java.nio.file.Path;

/**
 * Declares one LLM API the gateway forwards to: its base URL (http or https, optional path prefix), the schema it
 * speaks, the credential to inject (from the environment via {@code ${VAR}} or from a file) and its timeouts. A
 * credential goes over plain HTTP only to a loopback address, or where {@code insecure: true} says so.
 */
public record UpstreamConfig(String name, URI baseUrl, Provider provider, String apiKey, Path apiKeyFile,
    Timeouts timeouts, Boolean insecure) {
  public UpstreamConfig {
    requireNonNull(name, "name");
    requireNonNull(baseUrl, "baseUrl");
    requireNonNull(provider, "provider");
    String scheme = baseUrl.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme)) {
      throw new IllegalArgumentException("baseUrl: " + baseUrl + " (expected: an http:// or https:// URL)");
    }
    if (baseUrl.getHost() == null) {
      throw new IllegalArgumentException("baseUrl: " + baseUrl + " (expected: a URL with a host)");
    }
    if (apiKey != null && apiKeyFile != null) {
      throw new IllegalArgumentException("apiKey and apiKeyFile: both set (expected: at most one)");
    }
    timeouts = requireNonNullElse(timeouts, Timeouts.DEFAULT);
    insecure = requireNonNullElse(insecure, false);
    if ("http".equals(scheme) && (apiKey != null || apiKeyFile != null) && !insecure && !loopback(baseUrl.getHost())) {
      throw new IllegalArgumentException("baseUrl: " + baseUrl + " (expected: https:// when a credential is sent, or a"
          + " loopback address; set insecure: true to send the credential in clear anyway)");
    }
  }

  /** Returns an upstream that is not marked insecure. */
  public UpstreamConfig(String name, URI baseUrl, Provider provider, String apiKey, Path apiKeyFile,
      Timeouts timeouts) {
    this(name, baseUrl, provider, apiKey, apiKeyFile, timeouts, null);
  }

  /** Says whether {@code host} names this machine: {@code localhost}, 127.0.0.0/8 or ::1 (no name is resolved). */
  private static boolean loopback(String host) {
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    return h.equalsIgnoreCase("localhost") || h.startsWith("127.") || h.equals("::1")
        || h.equals("0:0:0:0:0:0:0:1");
  }

  @Override
  public String toString() {
    return "UpstreamConfig[name=" + name + ", baseUrl=" + baseUrl + ", provider=" + provider + "]";
  }
}
