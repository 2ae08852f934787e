package io.kexin.gateway.inspect;

import io.kexin.gateway.policy.Direction;

/** Receives every inspection decision, for audit and metrics. Implementations are thread-safe and never block. */
public interface DecisionRecorder {

  /** Records what the policies decided for one direction of an exchange. */
  void record(ExchangeInfo exchange, Direction direction, Outcome outcome, String policyRevision);

  /** Records a body the gateway could not inspect (unknown shape, uninspectable media), and what it did. */
  void uninspected(ExchangeInfo exchange, Direction direction, String reason, boolean refused);

  /** Records an inspection that threw ({@code error} names the failure, never any text) and what it did. */
  void failed(ExchangeInfo exchange, Direction direction, String error, boolean refused);

  /** Records the time the policies took on one body or one streamed event of {@code direction}. */
  default void inspected(Direction direction, long nanos) { }

  /**
   * Records one image's OCR: {@code outcome} is {@code read}, {@code cached} (known clean, not read again) or
   * {@code unreadable}; {@code nanos} the wall time the engine took (0 when it did not run).
   */
  default void imageRead(String outcome, long nanos) { }

  /** Records the characters a stream holds back for inspection after one event. */
  default void streamHeld(int chars) { }

  /** Records the tokens the upstream reported for an exchange that asked for {@code model} (null if none). */
  default void usage(ExchangeInfo exchange, String model, long inputTokens, long outputTokens) { }
}
