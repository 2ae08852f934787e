package io.kexin.gateway.content;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.kexin.gateway.config.EnumNames;

/** Says what happens to a finding; declaration order is precedence, the last one wins. */
public enum Action {
  ALLOW,
  FLAG,
  STRIP,
  PSEUDONYMIZE,
  MASK,
  REDACT,
  BLOCK;

  /** The file form of this constant, computed once: it is read on every request. */
  private final String fileForm = EnumNames.of(this);

  /** Returns the action named in a policy ({@code block}, {@code redact}, ...). */
  @JsonCreator
  public static Action parse(String name) {
    return EnumNames.parse(Action.class, "action", name);
  }

  /** Returns the name used in policies. */
  public String policyName() {
    return fileForm;
  }

  /** Says whether this action changes the text it finds (strip, pseudonymize, mask, redact). */
  public boolean rewrites() {
    return this == STRIP || this == PSEUDONYMIZE || this == MASK || this == REDACT;
  }

  /** Returns the more severe of two actions. */
  public Action max(Action other) {
    return compareTo(other) >= 0 ? this : other;
  }
}
