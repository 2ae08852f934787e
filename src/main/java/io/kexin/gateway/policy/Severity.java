package io.kexin.gateway.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.kexin.gateway.config.EnumNames;

/** Grades how serious a rule's finding is; recorded with every decision. */
public enum Severity {
  LOW,
  MEDIUM,
  HIGH,
  CRITICAL;

  /** Returns the severity named in a policy file. */
  @JsonCreator
  public static Severity parse(String name) {
    return EnumNames.parse(Severity.class, "severity", name);
  }
}
