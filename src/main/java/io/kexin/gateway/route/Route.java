package io.kexin.gateway.route;

import static java.util.Objects.requireNonNull;

import io.kexin.gateway.config.CredentialFields;
import io.kexin.gateway.config.UnknownFields;
import java.util.List;

/**
 * Names a matched route, the upstream it forwards to, the policies bound to it, what it does with fields the
 * gateway does not know and with fields that carry a credential to the provider, when it retries, the upstreams
 * it falls back to, in order, and the models it serves (empty: any).
 */
public record Route(String name, String pathPrefix, String host, Upstream upstream, List<String> policies,
    UnknownFields unknownFields, CredentialFields credentialFields, RetryPolicy retry, List<Upstream> fallbacks,
    List<ModelEntry> models) {
  public Route {
    models = List.copyOf(models);
    requireNonNull(retry, "retry");
    fallbacks = List.copyOf(fallbacks);
    requireNonNull(unknownFields, "unknownFields");
    requireNonNull(credentialFields, "credentialFields");
    requireNonNull(name, "name");
    requireNonNull(pathPrefix, "pathPrefix");
    requireNonNull(upstream, "upstream");
    policies = List.copyOf(policies);
  }

  /** Returns a route that serves any model. */
  public Route(String name, String pathPrefix, String host, Upstream upstream, List<String> policies,
      UnknownFields unknownFields, CredentialFields credentialFields, RetryPolicy retry, List<Upstream> fallbacks) {
    this(name, pathPrefix, host, upstream, policies, unknownFields, credentialFields, retry, fallbacks, List.of());
  }

  /**
   * Returns the model entry that serves {@code model}, or null: an exact name first, else the glob with the longest
   * literal part, else the first in config order among equals.
   */
  public ModelEntry entryFor(String model) {
    ModelEntry best = null;
    for (ModelEntry e : models) {
      if (!e.pattern().matches(model)) {
        continue;
      }
      if (!e.pattern().glob()) {
        return e;
      }
      if (best == null || e.pattern().literalLength() > best.pattern().literalLength()) {
        best = e;
      }
    }
    return best;
  }

  /** Says whether any request on this route may be inspected: the route or one of its models names policies. */
  public boolean anyPolicies() {
    if (!policies.isEmpty()) {
      return true;
    }
    for (ModelEntry e : models) {
      if (!e.policies().isEmpty()) {
        return true;
      }
    }
    return false;
  }

  boolean matches(String requestHost, String path) {
    return path.startsWith(pathPrefix) && (host == null || host.equalsIgnoreCase(requestHost));
  }
}
