package io.kexin.gateway.stream;

/** Reports an event stream the gateway cannot accept, such as an event over the size bound. */
public final class SseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message fit for a log line. */
  public SseException(String message) {
    super(message);
  }
}
