package io.kexin.gateway.proxy;

/** Signals an upstream body the gateway would not decode: corrupt, or expanding past a bound. Never carries content. */
final class UndecodableBodyException extends Exception {
  private static final long serialVersionUID = 1L;

  UndecodableBodyException(String message) {
    super(message, null, false, false);
  }
}
