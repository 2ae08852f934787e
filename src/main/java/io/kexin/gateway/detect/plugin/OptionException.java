package io.kexin.gateway.detect.plugin;

/** Says that a rule gave a plugin kind a bad option; {@code option} names it (null: the options as a whole). */
public final class OptionException extends RuntimeException {
  private final String option;

  /** Creates the exception. */
  OptionException(String option, String message) {
    super(message);
    this.option = option;
  }

  /** Returns the option at fault, or null when the options as a whole are. */
  public String option() {
    return option;
  }
}
