package io.kexin.gateway.config;

import static java.util.Objects.requireNonNull;
import static java.util.Objects.requireNonNullElse;

import java.util.List;

/**
 * Declares a route: requests whose path starts with the prefix (and whose Host matches, if set) go to an upstream,
 * under the named policies. {@code unknownFields} says what happens to a field the gateway does not know (inspect,
 * refuse or pass; {@code unknownShapes} is its older name: {@code pass} there is {@code pass} here), and
 * {@code credentialFields} whether fields that carry a credential to the provider may pass. {@code retry} says when a
 * failed upstream call is tried again, and {@code fallbacks} name upstreams of the same API schema that take the
 * request when every target of the upstream is ejected or its retries are spent on a retryable failure.
 * {@code models} limits the route to the models it names (exact names, globs, aliases, each with its own policies);
 * empty, the route takes any model.
 */
public record RouteConfig(String name, String pathPrefix, String host, String upstream, List<String> policies,
    UnknownShapes unknownShapes, UnknownFields unknownFields, CredentialFields credentialFields, RetryConfig retry,
    List<String> fallbacks, List<ModelConfig> models) {
  public RouteConfig {
    requireNonNull(upstream, "upstream");
    pathPrefix = requireNonNullElse(pathPrefix, "/");
    if (!pathPrefix.startsWith("/")) {
      throw new IllegalArgumentException("pathPrefix: " + pathPrefix + " (expected: starts with /)");
    }
    name = requireNonNullElse(name, upstream);
    policies = List.copyOf(requireNonNullElse(policies, List.of()));
    unknownShapes = requireNonNullElse(unknownShapes, UnknownShapes.REFUSE);
    unknownFields = requireNonNullElse(unknownFields,
        unknownShapes == UnknownShapes.PASS ? UnknownFields.PASS : UnknownFields.INSPECT);
    credentialFields = requireNonNullElse(credentialFields, CredentialFields.REFUSE);
    retry = requireNonNullElse(retry, RetryConfig.DEFAULT);
    fallbacks = List.copyOf(requireNonNullElse(fallbacks, List.of()));
    models = List.copyOf(requireNonNullElse(models, List.of()));
  }

  /** Returns a route that takes any model. */
  public RouteConfig(String name, String pathPrefix, String host, String upstream, List<String> policies,
      UnknownShapes unknownShapes, UnknownFields unknownFields, CredentialFields credentialFields, RetryConfig retry,
      List<String> fallbacks) {
    this(name, pathPrefix, host, upstream, policies, unknownShapes, unknownFields, credentialFields, retry, fallbacks,
        null);
  }

  /** Returns a route with the default retries and no fallback. */
  public RouteConfig(String name, String pathPrefix, String host, String upstream, List<String> policies,
      UnknownShapes unknownShapes, UnknownFields unknownFields, CredentialFields credentialFields) {
    this(name, pathPrefix, host, upstream, policies, unknownShapes, unknownFields, credentialFields, null, null, null);
  }

  /** Returns a route with the default choices for unknown and credential fields. */
  public RouteConfig(String name, String pathPrefix, String host, String upstream, List<String> policies) {
    this(name, pathPrefix, host, upstream, policies, null, null, null, null, null, null);
  }

  /** Says what happens to a body whose shape the gateway cannot inspect; the older name of {@link UnknownFields}. */
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
