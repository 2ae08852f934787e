package io.kexin.gateway.detect.guard;

/** Says that a guard model or detection service could not judge a text: slow, down, busy or answering out of form. */
public final class GuardException extends RuntimeException {
  /** Creates the exception; {@code message} never contains the judged text. */
  public GuardException(String message) {
    super(message);
  }
}
