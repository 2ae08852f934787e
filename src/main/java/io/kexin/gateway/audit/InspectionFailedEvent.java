package io.kexin.gateway.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import io.kexin.gateway.policy.Direction;
import io.kexin.gateway.route.ModelChoice;
import java.io.IOException;

/** Records an inspection that threw: the failure's kind (never a message, which could quote text) and the outcome. */
record InspectionFailedEvent(long time, String requestId, String route, String tenant, Direction direction,
    boolean refused, String error, String traceparent, ModelChoice model) implements AuditEvent {

  @Override
  public void writeFields(JsonGenerator g) throws IOException {
    AuditEvent.writeExchange(g, "inspection_failed", requestId, route, tenant, traceparent, model);
    g.writeStringField("direction", direction.label());
    g.writeBooleanField("refused", refused);
    g.writeStringField("error", error);
  }
}
