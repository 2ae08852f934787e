package io.kexin.gateway.policy;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Says what one entry of a site override file changed: a {@code rule} (by id) or a {@code policy} (by name), the
 * changes as {@code field: old -> new} lines (list sizes, never their entries), and where the entry is
 * ({@code file:line:col}).
 */
public record AppliedOverride(Target target, String name, List<String> changes, String where) {
  public AppliedOverride {
    requireNonNull(target, "target");
    requireNonNull(name, "name");
    changes = List.copyOf(changes);
    requireNonNull(where, "where");
  }

  /** Names what an override entry changes. */
  public enum Target {
    POLICY,
    RULE;

    /** Returns the lower-case name used in output. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
