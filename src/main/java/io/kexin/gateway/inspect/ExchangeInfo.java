package io.kexin.gateway.inspect;

import static java.util.Objects.requireNonNull;

import io.kexin.gateway.provider.Endpoint;
import io.kexin.gateway.provider.ProviderApi;
import java.util.List;

/**
 * Tells an inspection what it is looking at: request id, API schema and endpoint, route, tenant, the policies that
 * apply, whether the response streams, and whether a body of unknown shape passes ({@code false}: refused).
 */
public record ExchangeInfo(String requestId, ProviderApi api, Endpoint endpoint, String route, String tenant,
    List<String> policies, boolean stream, boolean passUnknownShapes) {
  public ExchangeInfo {
    requireNonNull(requestId, "requestId");
    requireNonNull(api, "api");
    requireNonNull(endpoint, "endpoint");
    requireNonNull(route, "route");
    requireNonNull(tenant, "tenant");
    policies = List.copyOf(policies);
  }
}
