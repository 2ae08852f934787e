package io.kexin.gateway.config;

import static java.util.Objects.requireNonNull;
import static java.util.Objects.requireNonNullElse;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * Declares one target of an upstream: a base URL (http or https, optional path prefix), its share of the traffic
 * ({@code weight}, default 1), its {@code priority} (default 0; lower is preferred: a higher one is used only while
 * every target of a better priority is ejected), and optional per-target limits: requests in flight
 * ({@code maxConnections}, HTTP/1.1 carries one request per connection) and requests waiting for a new connection
 * ({@code maxPendingRequests}). {@code name} labels the target in metrics and audit (default {@code host:port}).
 */
public record TargetConfig(String name, URI baseUrl, Integer weight, Integer priority, Integer maxConnections,
    Integer maxPendingRequests) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

  public TargetConfig {
    requireNonNull(baseUrl, "baseUrl");
    checkUrl(baseUrl);
    if (name != null && !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("name: " + name + " (expected: letters, digits, '.', '_', ':', '-', at most"
          + " 64)");
    }
    weight = requireNonNullElse(weight, 1);
    if (weight < 1 || weight > 1000) {
      throw new IllegalArgumentException("weight: " + weight + " (expected: 1 to 1000)");
    }
    priority = requireNonNullElse(priority, 0);
    if (priority < 0 || priority > 100) {
      throw new IllegalArgumentException("priority: " + priority + " (expected: 0 to 100, lower is preferred)");
    }
    if (maxConnections != null && maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections: " + maxConnections + " (expected: > 0)");
    }
    if (maxPendingRequests != null && maxPendingRequests < 0) {
      throw new IllegalArgumentException("maxPendingRequests: " + maxPendingRequests + " (expected: >= 0)");
    }
  }

  /** Returns a target of weight 1 and priority 0, without limits: the form a single {@code baseUrl} stands for. */
  public static TargetConfig of(URI baseUrl) {
    return new TargetConfig(null, baseUrl, null, null, null, null);
  }

  /** Returns the label for metrics, audit and errors: the name, or {@code host:port}, never a whole URL. */
  public String label() {
    if (name != null) {
      return name;
    }
    int port = baseUrl.getPort() > 0 ? baseUrl.getPort() : "https".equals(baseUrl.getScheme()) ? 443 : 80;
    return baseUrl.getHost() + ":" + port;
  }

  /** Checks that {@code url} is an http or https URL with a host. */
  static void checkUrl(URI url) {
    String scheme = url.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme)) {
      throw new IllegalArgumentException("baseUrl: " + url + " (expected: an http:// or https:// URL)");
    }
    if (url.getHost() == null) {
      throw new IllegalArgumentException("baseUrl: " + url + " (expected: a URL with a host)");
    }
    if (url.getRawUserInfo() != null) {
      throw new IllegalArgumentException("baseUrl: a URL with user info (expected: the credential in apiKey or"
          + " apiKeyFile, never in the URL)");
    }
  }
}
