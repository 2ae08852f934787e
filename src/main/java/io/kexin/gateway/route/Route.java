package io.kexin.gateway.route;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** Names a matched route, the upstream it forwards to, the policies bound to it and its unknown-shape choice. */
public record Route(String name, String pathPrefix, String host, Upstream upstream, List<String> policies,
    boolean passUnknownShapes) {
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
