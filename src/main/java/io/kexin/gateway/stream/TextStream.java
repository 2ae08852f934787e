package io.kexin.gateway.stream;

/** Inspects one streamed text piece by piece, releasing what is safe to send. Used from one thread. */
public interface TextStream {

  /** Adds the next piece of text; returns the text that may be sent now (possibly empty). */
  String feed(String delta);

  /** Ends the text; returns everything still held, inspected. */
  String finish();

  /**
   * Says whether what was fed so far is decided as far as the other texts of its run go ({@link TextKey#run()}), so
   * that finishing it now does not end their joined reading early; a text read alone always is.
   */
  default boolean settled() {
    return true;
  }

  /** Returns how many units fed so far are still held back, not yet released. */
  int pending();
}
