package io.kexin.gateway.inspect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kexin.gateway.stream.SseEvent;
import java.util.List;

/** Lets every body and event through unchanged. Stateless, so one instance serves all exchanges. */
final class PassThroughInspection implements Inspection {
  static final PassThroughInspection INSTANCE = new PassThroughInspection();

  @Override
  public boolean active() {
    return false;
  }

  @Override
  public Verdict request(ObjectNode body) {
    return Verdict.pass();
  }

  @Override
  public Verdict response(ObjectNode body) {
    return Verdict.pass();
  }

  @Override
  public List<SseEvent> streamEvent(SseEvent event) {
    return List.of(event);
  }

  @Override
  public List<SseEvent> streamEnd() {
    return List.of();
  }
}
