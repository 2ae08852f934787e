package io.kexin.gateway.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Names where audit lines go: standard output, standard error, a file, or nowhere. */
public enum AuditSink {
  STDOUT,
  STDERR,
  FILE,
  OFF;

  /** Returns the sink named in the config. */
  @JsonCreator
  public static AuditSink parse(String name) {
    return EnumNames.parse(AuditSink.class, "sink", name);
  }

  /** Returns the name used in the config. */
  @JsonValue
  public String configName() {
    return EnumNames.of(this);
  }
}
