package io.kexin.gateway.stream;

/** Inspects one streamed text piece by piece, releasing what is safe to send. Used from one thread. */
public interface TextStream {

  /** Adds the next piece of text; returns the text that may be sent now (possibly empty). */
  String feed(String delta);

  /** Ends the text; returns everything still held, inspected. */
  String finish();
}
