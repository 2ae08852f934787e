package io.kexin.gateway.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.kexin.gateway.config.EnumNames;

/** Says whether a policy or rule acts on traffic ({@code enforce}), only records ({@code monitor}), or is off. */
public enum Mode {
  ENFORCE,
  MONITOR,
  OFF;

  /** The file form of this constant, computed once: it is read on every request. */
  private final String fileForm = EnumNames.of(this);

  /** Returns the mode named in a policy file. */
  @JsonCreator
  public static Mode parse(String name) {
    return EnumNames.parse(Mode.class, "mode", name);
  }

  /** Returns the stricter-to-apply combination: off wins, then monitor, then enforce. */
  Mode and(Mode other) {
    return compareTo(other) >= 0 ? this : other;
  }

  /** Returns the name used in policy files and metrics. */
  public String label() {
    return fileForm;
  }
}
