package io.kexin.gateway.plugin;

import java.util.List;

/**
 * Provides one detector kind that policy files name like a built-in one ({@code detector: {<name>: {options}}}).
 * Found with {@link java.util.ServiceLoader}: list the implementing classes in
 * {@code META-INF/services/io.kexin.gateway.plugin.DetectorKind} of the plugin jar. Implementations need a public
 * no-argument constructor and must be thread-safe.
 */
public interface DetectorKind {
  /** Version of this SPI; a plugin may compare it with the version it was built against. */
  int SPI_VERSION = 1;

  /** Returns the name policy files use, in lowerCamelCase ({@code bankAccount}); must not be a built-in kind. */
  String name();

  /** Returns every option this kind accepts; any other option in a policy is a load error. */
  List<OptionSpec> options();

  /**
   * Returns a detector for one rule, built from {@code options} (already checked against {@link #options()}).
   * Called once per rule and policy revision, never per request.
   *
   * @throws IllegalArgumentException for a bad option value, with a message such as
   *     {@code "minLength: 3 (expected: 8..34)"} that starts with the option's name; the gateway reports it at the
   *     option's file:line:col
   */
  PluginDetector create(Options options);
}
