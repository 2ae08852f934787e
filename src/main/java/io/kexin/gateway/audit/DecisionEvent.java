package io.kexin.gateway.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import io.kexin.gateway.config.EnumNames;
import io.kexin.gateway.content.Action;
import io.kexin.gateway.content.TextSegment;
import io.kexin.gateway.inspect.Hit;
import io.kexin.gateway.policy.CompiledRule;
import io.kexin.gateway.policy.Direction;
import io.kexin.gateway.route.ModelChoice;
import java.io.IOException;
import java.util.List;

/**
 * Records one decision that found something: the exchange, what took effect and what monitored rules would have
 * done, and per finding the rule, entity, risk category (content safety), action, mode, JSON location, span and,
 * with a configured key, the keyed hash of the value ({@code valueHashes}, by hit; empty without a key) — never the
 * text; and the exchange's W3C traceparent and model (with the upstream model of an alias) when it has them.
 */
record DecisionEvent(long time, String requestId, String route, String tenant, Direction direction, Action action,
    Action wouldBe, String policyRevision, List<Hit> hits, List<CompiledRule> failedRules, List<String> valueHashes,
    String traceparent, ModelChoice model) implements AuditEvent {
  DecisionEvent {
    hits = List.copyOf(hits);
    failedRules = List.copyOf(failedRules);
  }

  /** Records a decision without value hashes. */
  DecisionEvent(long time, String requestId, String route, String tenant, Direction direction, Action action,
      Action wouldBe, String policyRevision, List<Hit> hits, List<CompiledRule> failedRules) {
    this(time, requestId, route, tenant, direction, action, wouldBe, policyRevision, hits, failedRules, List.of(), null,
        null);
  }

  @Override
  public void writeFields(JsonGenerator g) throws IOException {
    boolean modelFlagged = false;
    for (Hit h : hits) {
      modelFlagged |= h.jsonPointer().equals(TextSegment.MODEL);
    }
    AuditEvent.writeExchange(g, "decision", requestId, route, tenant, traceparent, model, modelFlagged);
    g.writeStringField("direction", direction.label());
    g.writeStringField("action", action.policyName());
    g.writeStringField("wouldBe", wouldBe.policyName());
    g.writeStringField("policyRevision", policyRevision);
    g.writeArrayFieldStart("findings");
    for (int i = 0; i < hits.size(); i++) {
      Hit h = hits.get(i);
      g.writeStartObject();
      g.writeStringField("rule", h.rule().id());
      g.writeStringField("policy", h.rule().policy());
      g.writeStringField("entity", h.finding().entity());
      if (h.finding().category() != null) {
        g.writeStringField("category", h.finding().category().id());
      }
      g.writeStringField("action", h.rule().action().policyName());
      g.writeStringField("mode", h.enforced() ? "enforce" : "monitor");
      g.writeStringField("severity", EnumNames.of(h.rule().severity()));
      g.writeStringField("at", h.jsonPointer());
      g.writeNumberField("start", h.finding().start());
      g.writeNumberField("end", h.finding().end());
      if (i < valueHashes.size() && valueHashes.get(i) != null) {
        g.writeStringField("valueHash", valueHashes.get(i));
      }
      g.writeEndObject();
    }
    g.writeEndArray();
    if (!failedRules.isEmpty()) {
      g.writeArrayFieldStart("failedRules");
      for (CompiledRule r : failedRules) {
        g.writeString(r.id());
      }
      g.writeEndArray();
    }
  }
}
