package io.kexin.gateway.plugin;

import static java.util.Objects.requireNonNull;

/** Declares one option of a detector kind: its name, its type, whether a policy must give it, and what it does. */
public record OptionSpec(String name, Type type, boolean required, String description) {
  /** Names the YAML type an option's value must have. */
  public enum Type {
    /** A YAML string. */
    STRING,
    /** A YAML integer that fits a Java {@code long}. */
    INTEGER,
    /** A YAML number. */
    NUMBER,
    /** {@code true} or {@code false}. */
    BOOLEAN,
    /** A YAML list of strings. */
    STRING_LIST
  }

  public OptionSpec {
    requireNonNull(name, "name");
    requireNonNull(type, "type");
    description = description == null ? "" : description;
    if (!name.matches("[a-z][A-Za-z0-9]*")) {
      throw new IllegalArgumentException("name: " + name + " (expected: lowerCamelCase)");
    }
  }

  /** Returns an optional option. */
  public static OptionSpec optional(String name, Type type, String description) {
    return new OptionSpec(name, type, false, description);
  }

  /** Returns an option every rule of the kind must give. */
  public static OptionSpec required(String name, Type type, String description) {
    return new OptionSpec(name, type, true, description);
  }
}
