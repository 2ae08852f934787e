package io.kexin.gateway.inspect;

import io.kexin.gateway.content.Role;
import io.kexin.gateway.detect.Finding;
import io.kexin.gateway.policy.CompiledRule;
import static java.util.Objects.requireNonNull;

/** Records one finding of one rule in one segment, and whether the rule enforces (else it only monitors). */
public record Hit(CompiledRule rule, String jsonPointer, Role role, Finding finding, boolean enforced) {
  public Hit {
    requireNonNull(rule, "rule");
    requireNonNull(jsonPointer, "jsonPointer");
    requireNonNull(role, "role");
    requireNonNull(finding, "finding");
  }
}
