package io.kexin.gateway.inspect;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Locale;

/** Says what happens to a finding; declaration order is precedence, the last one wins. */
public enum Action {
  ALLOW,
  FLAG,
  STRIP,
  PSEUDONYMIZE,
  MASK,
  REDACT,
  BLOCK;

  /** Returns the action named in a policy ({@code block}, {@code redact}, ...). */
  @JsonCreator
  public static Action parse(String name) {
    for (Action a : values()) {
      if (a.name().equalsIgnoreCase(name)) {
        return a;
      }
    }
    throw new IllegalArgumentException("action: " + name
        + " (expected: allow, flag, strip, pseudonymize, mask, redact, block)");
  }

  /** Returns the name used in policies. */
  public String policyName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Returns the more severe of two actions. */
  public Action max(Action other) {
    return compareTo(other) >= 0 ? this : other;
  }
}
