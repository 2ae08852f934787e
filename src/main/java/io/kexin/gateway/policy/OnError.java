package io.kexin.gateway.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.kexin.gateway.config.EnumNames;

/** Says which way a policy fails when a detector throws: refuse the exchange, or let it pass (recorded). */
public enum OnError {
  BLOCK,
  ALLOW;

  /** Returns the failure direction named in a policy file. */
  @JsonCreator
  public static OnError parse(String name) {
    return EnumNames.parse(OnError.class, "onError", name);
  }
}
