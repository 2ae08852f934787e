package io.kexin.gateway.config;

import com.fasterxml.jackson.annotation.JsonCreator;

/** Says what a limit does when its store cannot answer in time: let the request through, or refuse it (503). */
public enum LimitOnError {
  ALLOW,
  BLOCK;

  /** Returns the choice named in the config. */
  @JsonCreator
  public static LimitOnError parse(String name) {
    return EnumNames.parse(LimitOnError.class, "onError", name);
  }
}
