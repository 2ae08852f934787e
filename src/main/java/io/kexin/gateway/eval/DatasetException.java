package io.kexin.gateway.eval;

/** Reports an input file that cannot be used, with the file and line where the problem is. */
public final class DatasetException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception whose message reads {@code file:line: message}. */
  DatasetException(Object file, int line, String message) {
    super(file + ":" + line + ": " + message);
  }

  /** Creates an exception for a problem with no line in a file. */
  DatasetException(String message) {
    super(message);
  }
}
