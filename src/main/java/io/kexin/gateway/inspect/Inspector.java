package io.kexin.gateway.inspect;

/** Opens an {@link Inspection} for each exchange. Thread-safe. */
public interface Inspector {

  /** Returns the inspection for one exchange. */
  Inspection open(ExchangeInfo exchange);

  /** Says whether an inspection may wait on a remote service, so that it must run off the event loops. */
  default boolean blocks() {
    return false;
  }

  /** Says whether inspections read the text in images by OCR, so that a body carrying one must run off the event loops. */
  default boolean readsImages() {
    return false;
  }

  /** Returns an inspector that lets everything through unchanged. */
  static Inspector passThrough() {
    return exchange -> PassThroughInspection.INSTANCE;
  }
}
