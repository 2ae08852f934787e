package io.kexin.gateway.config;

import static java.util.Objects.requireNonNull;
import static java.util.Objects.requireNonNullElse;

import java.net.URI;
import java.nio.file.Path;

/**
 * Declares one LLM API the gateway forwards to: its base URL (http or https, optional path prefix), the schema it
 * speaks, the credential to inject (from the environment via {@code ${VAR}} or from a file) and its timeouts.
 */
public record UpstreamConfig(String name, URI baseUrl, Provider provider, String apiKey, Path apiKeyFile,
    Timeouts timeouts) {
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
  }

  @Override
  public String toString() {
    return "UpstreamConfig[name=" + name + ", baseUrl=" + baseUrl + ", provider=" + provider + "]";
  }
}
