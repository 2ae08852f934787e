package io.kexin.gateway.detect.guard;

/** Says that a guard model could not judge a text: slow, down, busy or answering in an unknown form. */
public final class GuardException extends RuntimeException {
  /** Creates the exception; {@code message} never contains the judged text. */
  public GuardException(String message) {
    super(message);
  }
}
