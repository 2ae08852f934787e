package io.kexin.gateway.route;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** Names a matched route, the upstream it forwards to and the policies bound to it. */
public record Route(String name, String pathPrefix, String host, Upstream upstream, List<String> policies) {
  public Route {
    requireNonNull(name, "name");
    requireNonNull(pathPrefix, "pathPrefix");
    requireNonNull(upstream, "upstream");
    policies = List.copyOf(policies);
  }

  boolean matches(String requestHost, String path) {
    return path.startsWith(pathPrefix) && (host == null || host.equalsIgnoreCase(requestHost));
  }
}
