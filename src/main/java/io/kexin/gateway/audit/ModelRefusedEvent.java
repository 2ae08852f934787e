package io.kexin.gateway.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import io.kexin.gateway.config.ModelConfig;
import java.io.IOException;

/**
 * Records a request refused for its model: why ({@code not_found}, {@code not_allowed}, {@code invalid}) and the
 * model asked for when it is a well-formed name (anything else a client put there is never written).
 */
record ModelRefusedEvent(long time, String requestId, String route, String tenant, String model, String reason)
    implements AuditEvent {

  @Override
  public void writeFields(JsonGenerator g) throws IOException {
    AuditEvent.writeExchange(g, "model_refused", requestId, route, tenant);
    if (model != null && ModelConfig.NAME.matcher(model).matches()) {
      g.writeStringField("model", model);
    }
    g.writeStringField("reason", reason);
  }
}
