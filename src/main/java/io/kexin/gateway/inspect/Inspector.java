package io.kexin.gateway.inspect;

/** Opens an {@link Inspection} for each exchange. Thread-safe. */
public interface Inspector {

  /** Returns the inspection for one exchange. */
  Inspection open(ExchangeInfo exchange);

  /** Returns an inspector that lets everything through unchanged. */
  static Inspector passThrough() {
    return exchange -> PassThroughInspection.INSTANCE;
  }
}
