package io.kexin.gateway.route;

import static java.util.Objects.requireNonNull;

import io.kexin.gateway.config.CredentialFields;
import io.kexin.gateway.config.UnknownFields;
import java.util.List;

/**
 * Names a matched route, the upstream it forwards to, the policies bound to it, what it does with fields the
 * gateway does not know and with fields that carry a credential to the provider, when it retries, and the upstreams
 * it falls back to, in order.
 */
public record Route(String name, String pathPrefix, String host, Upstream upstream, List<String> policies,
    UnknownFields unknownFields, CredentialFields credentialFields, RetryPolicy retry, List<Upstream> fallbacks) {
  public Route {
    requireNonNull(retry, "retry");
    fallbacks = List.copyOf(fallbacks);
    requireNonNull(unknownFields, "unknownFields");
    requireNonNull(credentialFields, "credentialFields");
    requireNonNull(name, "name");
    requireNonNull(pathPrefix, "pathPrefix");
    requireNonNull(upstream, "upstream");
    policies = List.copyOf(policies);
  }

  boolean matches(String requestHost, String path) {
    return path.startsWith(pathPrefix) && (host == null || host.equalsIgnoreCase(requestHost));
  }
}
