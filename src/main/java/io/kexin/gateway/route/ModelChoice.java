package io.kexin.gateway.route;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Says which model an exchange asked for and which one it gets: {@code requested} is the name in the client's body
 * (null: none as a string), {@code upstream} the name sent upstream (another one for an alias), {@code label} the
 * configured name or glob that matched, for metrics ({@code other} when no model entry matched), and {@code policies}
 * the model entry's own policies. Immutable; one per admitted request.
 */
public record ModelChoice(String requested, String upstream, String label, boolean alias, List<String> policies) {
  /** The label of a model no entry names. */
  public static final String OTHER = "other";

  public ModelChoice {
    requireNonNull(label, "label");
    policies = List.copyOf(policies);
  }

  /** Returns the choice of a route that takes any model: the name goes upstream as it is. */
  static ModelChoice any(String requested) {
    return new ModelChoice(requested, requested, OTHER, false, List.of());
  }

  /** Returns the choice {@code entry} makes for {@code requested}. */
  static ModelChoice of(ModelEntry entry, String requested) {
    return new ModelChoice(requested, entry.alias() ? entry.upstreamModel() : requested, entry.pattern().text(),
        entry.alias(), entry.policies());
  }
}
