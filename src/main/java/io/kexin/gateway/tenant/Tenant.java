package io.kexin.gateway.tenant;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Set;

/** Names a tenant, the policies bound to it and the models it may call (empty: any). */
public record Tenant(String name, List<String> policies, Set<String> models) {
  public Tenant {
    requireNonNull(name, "name");
    policies = List.copyOf(policies);
    models = Set.copyOf(models);
  }

  /**
   * Says whether this tenant may call {@code model}; null stands for a request that names no model as a string
   * (missing, null, an array, an object, or a stored prompt), which only a tenant without an allowlist may send.
   */
  public boolean allowsModel(String model) {
    return models.isEmpty() || model != null && models.contains(model);
  }
}
