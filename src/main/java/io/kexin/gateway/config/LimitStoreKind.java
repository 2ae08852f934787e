package io.kexin.gateway.config;

import com.fasterxml.jackson.annotation.JsonCreator;

/** Says where limit counters live: in this process ({@code local}) or in a Redis shared by every gateway pod. */
public enum LimitStoreKind {
  LOCAL,
  REDIS;

  /** Returns the store named in the config. */
  @JsonCreator
  public static LimitStoreKind parse(String name) {
    return EnumNames.parse(LimitStoreKind.class, "store", name);
  }
}
