package io.kexin.gateway.inspect;

import io.kexin.gateway.content.Role;
import io.kexin.gateway.detect.Finding;
import io.kexin.gateway.policy.CompiledRule;
import static java.util.Objects.requireNonNull;

/**
 * Records one finding of one rule in one segment, whether the rule enforces (else it only monitors), and the matched
 * text ({@code value}, null when unknown) for the audit's keyed hash only: it is never written, and
 * {@link #toString()} leaves it out.
 */
public record Hit(CompiledRule rule, String jsonPointer, Role role, Finding finding, boolean enforced, String value) {
  public Hit {
    requireNonNull(rule, "rule");
    requireNonNull(jsonPointer, "jsonPointer");
    requireNonNull(role, "role");
    requireNonNull(finding, "finding");
  }

  /** Records a hit whose matched text is not kept. */
  public Hit(CompiledRule rule, String jsonPointer, Role role, Finding finding, boolean enforced) {
    this(rule, jsonPointer, role, finding, enforced, null);
  }

  @Override
  public String toString() {
    return "Hit[rule=" + rule.id() + ", at=" + jsonPointer + ", role=" + role + ", finding=" + finding
        + ", enforced=" + enforced + "]";
  }
}
