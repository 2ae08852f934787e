package io.kexin.gateway.config;

import static java.util.Objects.requireNonNull;
import static java.util.Objects.requireNonNullElse;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Declares a tenant: its virtual keys as SHA-256 hashes ({@code sha256:<64 hex>}), the policies that apply to it,
 * and the models it may call (empty: any), as exact names or globs ({@code gpt-4o*}). A glob never grants an alias:
 * an alias is allowed when the list names it exactly, or allows the model it stands for.
 */
public record TenantConfig(String name, List<String> keys, List<String> policies, List<String> models) {
  private static final Pattern KEY_HASH = Pattern.compile("sha256:[0-9a-f]{64}");

  public TenantConfig {
    requireNonNull(name, "name");
    keys = List.copyOf(requireNonNullElse(keys, List.of()));
    for (String key : keys) {
      if (!KEY_HASH.matcher(key).matches()) {
        throw new IllegalArgumentException("keys: a value that is not a key hash (expected: sha256:<64 lowercase hex>,"
            + " as printed by `./gateway hash-key`)");
      }
    }
    policies = List.copyOf(requireNonNullElse(policies, List.of()));
    models = List.copyOf(requireNonNullElse(models, List.of()));
    for (String model : models) {
      try {
        ModelConfig.of(model);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("models: " + e.getMessage().substring("name: ".length()));
      }
    }
  }
}
