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

  /** Says whether this tenant may call {@code model}. */
  public boolean allowsModel(String model) {
    return models.isEmpty() || models.contains(model);
  }
}
