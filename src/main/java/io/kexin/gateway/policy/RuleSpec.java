package io.kexin.gateway.policy;

import static java.util.Objects.requireNonNull;
import static java.util.Objects.requireNonNullElse;

import io.kexin.gateway.content.Action;
import io.kexin.gateway.content.Role;
import io.kexin.gateway.detect.RiskCategory;
import java.util.List;

/**
 * Mirrors one rule of a policy file as written; {@code category} names the {@link RiskCategory} its findings fall in
 * when its detector does not say (a site's keyword list for a category).
 */
record RuleSpec(String id, String description, DetectorSpec detector, AppliesTo appliesTo, Action action,
    Severity severity, String message, String entity, Integer keepLast, Mode mode, List<String> tags,
    Allow allow, Examples examples, String category) {

  RuleSpec {
    if (id == null || !id.matches("[a-z][a-z0-9]*\\.[a-z0-9]+(-[a-z0-9]+)*")) {
      throw new IllegalArgumentException("id: " + id + " (expected: family.kebab-name, e.g. secret.aws-access-key)");
    }
    requireNonNull(detector, "detector");
    requireNonNull(action, "action");
    description = requireNonNullElse(description, "");
    appliesTo = requireNonNullElse(appliesTo, AppliesTo.EVERYWHERE);
    severity = requireNonNullElse(severity, Severity.MEDIUM);
    mode = requireNonNullElse(mode, Mode.ENFORCE);
    tags = List.copyOf(requireNonNullElse(tags, List.of()));
    allow = requireNonNullElse(allow, Allow.NONE);
    examples = requireNonNullElse(examples, Examples.NONE);
    if (category != null) {
      RiskCategory.parse(category);
    }
    if (keepLast != null && (keepLast < 0 || keepLast > 64)) {
      throw new IllegalArgumentException("keepLast: " + keepLast + " (expected: 0..64)");
    }
    if (keepLast != null && action != Action.MASK) {
      throw new IllegalArgumentException("keepLast: set on a rule whose action is " + action.policyName()
          + " (expected: only with action mask)");
    }
  }

  /** Says which directions and roles a rule looks at; empty lists mean all. */
  record AppliesTo(List<Direction> directions, List<Role> roles) {
    static final AppliesTo EVERYWHERE = new AppliesTo(null, null);

    AppliesTo {
      directions = List.copyOf(requireNonNullElse(directions, List.of()));
      roles = List.copyOf(requireNonNullElse(roles, List.of()));
    }
  }

  /** Lists values the rule never reports: inline, and from a list file relative to the policy. */
  record Allow(List<String> values, String list) {
    static final Allow NONE = new Allow(null, null);

    Allow {
      values = List.copyOf(requireNonNullElse(values, List.of()));
    }
  }

  /** Lists texts the rule must match and texts it must not; checked when the policy loads. */
  record Examples(List<String> match, List<String> noMatch) {
    static final Examples NONE = new Examples(null, null);

    Examples {
      match = List.copyOf(requireNonNullElse(match, List.of()));
      noMatch = List.copyOf(requireNonNullElse(noMatch, List.of()));
    }
  }
}
