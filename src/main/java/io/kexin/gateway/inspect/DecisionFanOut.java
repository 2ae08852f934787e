package io.kexin.gateway.inspect;

import static java.util.Objects.requireNonNull;

import io.kexin.gateway.policy.Direction;
import java.util.List;

/** Passes every decision to several recorders in turn (the audit log, the playground's recent decisions). */
public final class DecisionFanOut implements DecisionRecorder {
  private final List<DecisionRecorder> recorders;

  /** Creates a fan-out to {@code recorders}, called in this order. */
  public DecisionFanOut(List<DecisionRecorder> recorders) {
    this.recorders = List.copyOf(requireNonNull(recorders, "recorders"));
  }

  @Override
  public void record(ExchangeInfo exchange, Direction direction, Outcome outcome, String policyRevision) {
    for (DecisionRecorder r : recorders) {
      r.record(exchange, direction, outcome, policyRevision);
    }
  }

  @Override
  public void uninspected(ExchangeInfo exchange, Direction direction, String reason, boolean refused) {
    for (DecisionRecorder r : recorders) {
      r.uninspected(exchange, direction, reason, refused);
    }
  }

  @Override
  public void failed(ExchangeInfo exchange, Direction direction, String error, boolean refused) {
    for (DecisionRecorder r : recorders) {
      r.failed(exchange, direction, error, refused);
    }
  }

  @Override
  public void inspected(Direction direction, long nanos) {
    for (DecisionRecorder r : recorders) {
      r.inspected(direction, nanos);
    }
  }

  @Override
  public void imageRead(String outcome, long nanos) {
    for (DecisionRecorder r : recorders) {
      r.imageRead(outcome, nanos);
    }
  }

  @Override
  public void streamHeld(int chars) {
    for (DecisionRecorder r : recorders) {
      r.streamHeld(chars);
    }
  }

  @Override
  public void usage(ExchangeInfo exchange, String model, long inputTokens, long outputTokens) {
    for (DecisionRecorder r : recorders) {
      r.usage(exchange, model, inputTokens, outputTokens);
    }
  }
}
