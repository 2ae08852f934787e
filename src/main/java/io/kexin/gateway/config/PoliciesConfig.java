package io.kexin.gateway.config;

import java.nio.file.Path;

/** Declares where policy files are read from (default: the shipped {@code policies/} directory). */
public record PoliciesConfig(Path dir) {
  static final PoliciesConfig DEFAULT = new PoliciesConfig(null);

  public PoliciesConfig {
    dir = dir == null ? Path.of("policies") : dir;
  }
}
