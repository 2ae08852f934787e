package io.kexin.gateway.config;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * Says what happens, on an inspected route, to a field of a body that the gateway's description of the API does not
 * know: inspect it as text (the default: fail closed, yet new provider fields keep working), refuse the body, or
 * pass it uninspected. Bodies of a shape the gateway cannot read at all are refused unless this is {@code pass}.
 */
public enum UnknownFields {
  INSPECT,
  REFUSE,
  PASS;

  /** Returns the choice named in the config. */
  @JsonCreator
  public static UnknownFields parse(String name) {
    return EnumNames.parse(UnknownFields.class, "unknownFields", name);
  }
}
