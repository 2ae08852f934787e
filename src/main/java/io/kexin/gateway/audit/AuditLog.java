package io.kexin.gateway.audit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.kexin.gateway.inspect.DecisionRecorder;
import io.kexin.gateway.inspect.ExchangeInfo;
import io.kexin.gateway.inspect.Hit;
import io.kexin.gateway.inspect.Outcome;
import io.kexin.gateway.metrics.GatewayMetrics;
import io.kexin.gateway.policy.CompiledRule;
import io.kexin.gateway.policy.Direction;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Writes one JSON audit line per decision that found something (logger {@code kexin.audit}) and counts findings in
 * the metrics. An audit line names the rule, entity, action, mode, JSON location and span of each finding, never
 * the text: only its length. Thread-safe.
 */
public final class AuditLog implements DecisionRecorder {
  private static final Logger AUDIT = System.getLogger("kexin.audit");
  private final JsonFactory json = new JsonFactory();
  private final GatewayMetrics metrics;

  /** Creates an audit log that also counts into {@code metrics}. */
  public AuditLog(GatewayMetrics metrics) {
    this.metrics = requireNonNull(metrics, "metrics");
  }

  @Override
  public void record(ExchangeInfo exchange, Direction direction, Outcome outcome, String policyRevision) {
    if (outcome.hits().isEmpty() && outcome.errors().isEmpty()) {
      return;
    }
    for (Hit h : outcome.hits()) {
      metrics.finding(h.rule().policy(), h.rule().id(), h.rule().action().policyName(),
          h.enforced() ? "enforce" : "monitor", direction.label());
    }
    for (CompiledRule failed : outcome.errors()) {
      metrics.detectorFailed(failed.policy(), failed.id());
    }
    if (!AUDIT.isLoggable(Level.INFO)) {
      return;
    }
    StringWriter out = new StringWriter(256);
    try (JsonGenerator g = json.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("event", "decision");
      g.writeStringField("requestId", exchange.requestId());
      g.writeStringField("route", exchange.route());
      g.writeStringField("tenant", exchange.tenant());
      g.writeStringField("direction", direction.label());
      g.writeStringField("action", outcome.action().policyName());
      g.writeStringField("wouldBe", outcome.wouldBe().policyName());
      g.writeStringField("policyRevision", policyRevision);
      g.writeArrayFieldStart("findings");
      for (Hit h : outcome.hits()) {
        g.writeStartObject();
        g.writeStringField("rule", h.rule().id());
        g.writeStringField("policy", h.rule().policy());
        g.writeStringField("entity", h.finding().entity());
        g.writeStringField("action", h.rule().action().policyName());
        g.writeStringField("mode", h.enforced() ? "enforce" : "monitor");
        g.writeStringField("severity", io.kexin.gateway.config.EnumNames.of(h.rule().severity()));
        g.writeStringField("at", h.jsonPointer());
        g.writeNumberField("start", h.finding().start());
        g.writeNumberField("end", h.finding().end());
        g.writeEndObject();
      }
      g.writeEndArray();
      if (!outcome.errors().isEmpty()) {
        g.writeArrayFieldStart("failedRules");
        for (CompiledRule r : outcome.errors()) {
          g.writeString(r.id());
        }
        g.writeEndArray();
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    AUDIT.log(Level.INFO, out.toString());
  }

  @Override
  public void uninspected(ExchangeInfo exchange, Direction direction, String reason, boolean refused) {
    metrics.uninspected(exchange.route(), direction.label(), refused);
    AUDIT.log(Level.INFO, () -> "{\"event\":\"uninspected\",\"requestId\":\"" + exchange.requestId()
        + "\",\"direction\":\"" + direction.label() + "\",\"refused\":" + refused + ",\"reason\":\""
        + reason.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
  }
}
