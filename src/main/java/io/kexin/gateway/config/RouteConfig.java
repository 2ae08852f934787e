package io.kexin.gateway.config;

import static java.util.Objects.requireNonNull;
import static java.util.Objects.requireNonNullElse;

import java.util.List;

/**
 * Declares a route: requests whose path starts with the prefix (and whose Host matches, if set) go to an upstream,
 * under the named policies; bodies of a shape the gateway cannot inspect are refused unless {@code unknownShapes:
 * pass}.
 */
public record RouteConfig(String name, String pathPrefix, String host, String upstream, List<String> policies,
    UnknownShapes unknownShapes) {
  public RouteConfig {
    requireNonNull(upstream, "upstream");
    pathPrefix = requireNonNullElse(pathPrefix, "/");
    if (!pathPrefix.startsWith("/")) {
      throw new IllegalArgumentException("pathPrefix: " + pathPrefix + " (expected: starts with /)");
    }
    name = requireNonNullElse(name, upstream);
    policies = List.copyOf(requireNonNullElse(policies, List.of()));
    unknownShapes = requireNonNullElse(unknownShapes, UnknownShapes.REFUSE);
  }

  /** Says what happens to a body whose shape the gateway cannot inspect: refuse it (fail closed) or pass it. */
  public enum UnknownShapes {
    REFUSE,
    PASS;

    /** Returns the choice named in the config. */
    @com.fasterxml.jackson.annotation.JsonCreator
    public static UnknownShapes parse(String name) {
      return EnumNames.parse(UnknownShapes.class, "unknownShapes", name);
    }
  }
}
