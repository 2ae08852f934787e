package io.kexin.gateway.config;

import static java.util.Objects.requireNonNull;
import static java.util.Objects.requireNonNullElse;

import java.util.List;

/** Declares a route: requests whose path starts with the prefix (and whose Host matches, if set) go to an upstream. */
public record RouteConfig(String name, String pathPrefix, String host, String upstream, List<String> policies) {
  public RouteConfig {
    requireNonNull(upstream, "upstream");
    pathPrefix = requireNonNullElse(pathPrefix, "/");
    if (!pathPrefix.startsWith("/")) {
      throw new IllegalArgumentException("pathPrefix: " + pathPrefix + " (expected: starts with /)");
    }
    name = requireNonNullElse(name, upstream);
    policies = List.copyOf(requireNonNullElse(policies, List.of()));
  }
}
