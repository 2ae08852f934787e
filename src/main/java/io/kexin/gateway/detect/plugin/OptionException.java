package io.kexin.gateway.detect.plugin;

/** Says that a rule gave a plugin kind a bad option; {@code option} names it (null: the options as a whole). */
public final class OptionException extends RuntimeException {
  private final String option;
  private final boolean unknown;

  /** Creates the exception. */
  OptionException(String option, String message) {
    this(option, message, false);
  }

  /** Creates the exception; {@code unknown} says the option is not one the kind declares. */
  OptionException(String option, String message, boolean unknown) {
    super(message);
    this.option = option;
    this.unknown = unknown;
  }

  /** Says whether the option is not one the kind declares (its key is at fault, not its value). */
  public boolean unknown() {
    return unknown;
  }

  /** Returns the option at fault, or null when the options as a whole are. */
  public String option() {
    return option;
  }
}
