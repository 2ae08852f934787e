package io.kexin.gateway.stream;

import io.kexin.gateway.inspect.Hit;
import io.kexin.gateway.policy.CompiledRule;

/** Inspects one streamed text piece by piece, releasing what is safe to send. Used from one thread. */
public interface TextStream {

  /** Adds the next piece of text; returns the text that may be sent now (possibly empty). */
  String feed(String delta);

  /** Ends the text; returns everything still held, inspected. */
  String finish();

  /** Returns the enforced block finding that stopped this text, or null. */
  Hit blockedBy();

  /** Returns the rule whose detector failed in a policy that fails closed, or null. */
  CompiledRule failedRule();

  /** Says whether the held text outgrew its bound, which stops the text. */
  boolean overflowed();
}
