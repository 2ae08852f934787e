package io.kexin.gateway.policy;

import static java.util.Objects.requireNonNull;

import io.kexin.gateway.content.Action;
import io.kexin.gateway.content.Role;
import io.kexin.gateway.detect.Detector;
import io.kexin.gateway.detect.Finding;
import java.util.List;
import java.util.Set;

/**
 * Holds one rule ready to run: its detector, where it applies, what it does, its effective mode (the policy's
 * mode and the rule's combined) and the values it never reports. Immutable and thread-safe.
 */
public record CompiledRule(String id, String policy, String description, Detector detector, String entity,
    Set<Direction> directions, Set<Role> roles, Action action, Severity severity, String message, int keepLast,
    Mode mode, List<String> tags, Set<String> allow) {
  public CompiledRule {
    requireNonNull(id, "id");
    requireNonNull(policy, "policy");
    requireNonNull(detector, "detector");
    requireNonNull(entity, "entity");
    directions = Set.copyOf(directions);
    roles = Set.copyOf(roles);
    requireNonNull(action, "action");
    requireNonNull(severity, "severity");
    requireNonNull(mode, "mode");
    tags = List.copyOf(tags);
    allow = Set.copyOf(allow);
  }

  /** Returns this rule running {@code shared} instead of its own detector (one pass shared by several rules). */
  CompiledRule withDetector(Detector shared) {
    return new CompiledRule(id, policy, description, shared, entity, directions, roles, action, severity, message,
        keepLast, mode, tags, allow);
  }

  /** Says whether the value of {@code finding} in {@code text} is on this rule's allow list. */
  public boolean allows(String text, Finding finding) {
    return !allow.isEmpty() && allow.contains(text.substring(finding.start(), finding.end()));
  }

  /** Says whether this rule looks at text of {@code role} travelling in {@code direction}. */
  public boolean appliesTo(Direction direction, Role role) {
    return mode != Mode.OFF && (directions.isEmpty() || directions.contains(direction))
        && (roles.isEmpty() || roles.contains(role));
  }
}
