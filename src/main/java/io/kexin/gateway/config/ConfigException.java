package io.kexin.gateway.config;

/** Reports a configuration that cannot be used, with the file, line and column where the problem is. */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception whose message reads {@code file:line:col: message}. */
  public ConfigException(String source, int line, int column, String message) {
    super(source + ":" + line + ":" + column + ": " + message);
  }

  /** Creates an exception for a problem with no position in a file. */
  public ConfigException(String message) {
    super(message);
  }
}
