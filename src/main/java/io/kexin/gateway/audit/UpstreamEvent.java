package io.kexin.gateway.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import io.kexin.gateway.route.ModelChoice;
import java.io.IOException;
import java.util.List;

/**
 * Records an exchange that took more than one upstream attempt: how many, the upstream and target that gave the
 * final answer, its status, and each failed attempt's upstream, target and reason. Targets are labels (a configured
 * name or host:port), never URLs.
 */
record UpstreamEvent(long time, String requestId, String route, String tenant, int attempts, String upstream,
    String target, int status, List<AuditLog.Attempt> failed, ModelChoice model) implements AuditEvent {
  UpstreamEvent {
    failed = List.copyOf(failed);
  }

  @Override
  public void writeFields(JsonGenerator g) throws IOException {
    AuditEvent.writeExchange(g, "upstream", requestId, route, tenant, null, model);
    g.writeNumberField("attempts", attempts);
    g.writeStringField("upstream", upstream);
    g.writeStringField("target", target);
    g.writeNumberField("status", status);
    g.writeArrayFieldStart("failed");
    for (AuditLog.Attempt a : failed) {
      g.writeStartObject();
      g.writeStringField("upstream", a.upstream());
      g.writeStringField("target", a.target());
      g.writeStringField("reason", a.reason());
      g.writeEndObject();
    }
    g.writeEndArray();
  }
}
