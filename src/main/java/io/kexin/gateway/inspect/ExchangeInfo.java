package io.kexin.gateway.inspect;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** Tells an inspection what it is looking at: request id, path, route, tenant and the policies that apply. */
public record ExchangeInfo(String requestId, String path, String route, String tenant, List<String> policies,
    boolean stream) {
  public ExchangeInfo {
    requireNonNull(requestId, "requestId");
    requireNonNull(path, "path");
    requireNonNull(route, "route");
    requireNonNull(tenant, "tenant");
    policies = List.copyOf(policies);
  }
}
