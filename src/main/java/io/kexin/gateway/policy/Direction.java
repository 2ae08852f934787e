package io.kexin.gateway.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.kexin.gateway.config.EnumNames;

/** Says which way text travels: from the client to the model, or back. */
public enum Direction {
  REQUEST,
  RESPONSE;

  /** The file form of this constant, computed once: it is read on every request. */
  private final String fileForm = EnumNames.of(this);

  /** Returns the direction named in a policy file. */
  @JsonCreator
  public static Direction parse(String name) {
    return EnumNames.parse(Direction.class, "direction", name);
  }

  /** Returns the name used in policy files and metrics. */
  public String label() {
    return fileForm;
  }
}
