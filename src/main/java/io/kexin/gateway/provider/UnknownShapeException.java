package io.kexin.gateway.provider;

import static java.util.Objects.requireNonNull;

/**
 * Reports a body whose shape the adapter does not know, so the caller can fail closed. The message names the
 * JSON pointer and the expected shape; it never contains text from the body.
 */
public final class UnknownShapeException extends Exception {
  private final String jsonPointer;
  private final String reason;

  UnknownShapeException(String jsonPointer, String reason) {
    super("unknown shape at '" + jsonPointer + "': " + reason);
    this.jsonPointer = requireNonNull(jsonPointer, "jsonPointer");
    this.reason = requireNonNull(reason, "reason");
  }

  /** Returns the RFC 6901 pointer of the node whose shape is unknown; empty for the whole body. */
  public String jsonPointer() {
    return jsonPointer;
  }

  /** Returns what was found and what was expected. */
  public String reason() {
    return reason;
  }
}
