package io.kexin.gateway.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import io.kexin.gateway.policy.Direction;
import io.kexin.gateway.route.ModelChoice;
import java.io.IOException;

/** Records a body the gateway could not inspect, why (never its text), and whether it was refused. */
record UninspectedEvent(long time, String requestId, String route, String tenant, Direction direction,
    boolean refused, String reason, String traceparent, ModelChoice model) implements AuditEvent {

  @Override
  public void writeFields(JsonGenerator g) throws IOException {
    AuditEvent.writeExchange(g, "uninspected", requestId, route, tenant, traceparent, model);
    g.writeStringField("direction", direction.label());
    g.writeBooleanField("refused", refused);
    g.writeStringField("reason", reason);
  }
}
