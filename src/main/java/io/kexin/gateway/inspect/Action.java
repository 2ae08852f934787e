package io.kexin.gateway.inspect;

/** Says what happens to a finding; declaration order is precedence, the last one wins. */
public enum Action {
  ALLOW,
  FLAG,
  PSEUDONYMIZE,
  MASK,
  REDACT,
  BLOCK;

  /** Returns the more severe of two actions. */
  public Action max(Action other) {
    return compareTo(other) >= 0 ? this : other;
  }
}
