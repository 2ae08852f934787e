package io.kexin.gateway.config;

/** Reports a configuration that cannot be used, with the file, line and column where the problem is. */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String source;
  private final int line;
  private final int column;
  private final String detail;

  /** Creates an exception whose message reads {@code file:line:col: message}. */
  public ConfigException(String source, int line, int column, String message) {
    super(source + ":" + line + ":" + column + ": " + message);
    this.source = source;
    this.line = line;
    this.column = column;
    this.detail = message;
  }

  /** Creates an exception for a problem with no position in a file. */
  public ConfigException(String message) {
    super(message);
    this.source = null;
    this.line = 0;
    this.column = 0;
    this.detail = message;
  }

  /** Returns the file the problem is in, or null when it has no position. */
  public String source() {
    return source;
  }

  /** Returns the 1-based line of the problem, or 0 when it has no position. */
  public int line() {
    return line;
  }

  /** Returns the 1-based column of the problem, or 0 when it has no position. */
  public int column() {
    return column;
  }

  /** Returns the message without the {@code file:line:col: } prefix. */
  public String detail() {
    return detail;
  }
}
