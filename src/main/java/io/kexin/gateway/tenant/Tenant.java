package io.kexin.gateway.tenant;

import static java.util.Objects.requireNonNull;

import io.kexin.gateway.route.ModelChoice;
import io.kexin.gateway.route.ModelPattern;
import java.util.List;
import java.util.Set;

/**
 * Names a tenant, the policies bound to it and the models it may call (empty: any), as exact names or globs.
 */
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
    if (models.isEmpty()) {
      return true;
    }
    for (String m : models) {
      if (new ModelPattern(m).matches(model)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Says whether this tenant may make the exchange {@code choice} describes. An alias is allowed when the list names
   * it exactly, or allows the model it stands for: a glob that happens to match an alias's name never grants it, so
   * {@code gpt-4o*} does not open an alias {@code gpt-4o-fast} that stands for another model.
   */
  public boolean allows(ModelChoice choice) {
    if (!choice.alias()) {
      return allowsModel(choice.requested());
    }
    return models.isEmpty() || models.contains(choice.requested()) || allowsModel(choice.upstream());
  }
}
