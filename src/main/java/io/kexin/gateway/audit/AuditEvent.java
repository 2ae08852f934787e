package io.kexin.gateway.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import io.kexin.gateway.config.ModelConfig;
import io.kexin.gateway.route.ModelChoice;
import java.io.IOException;

/**
 * Holds what one audit line says, captured on the event loop and rendered later by the writer thread. Immutable:
 * an event crosses threads.
 */
interface AuditEvent {

  /** Returns when the event happened, in milliseconds since the epoch. */
  long time();

  /** Writes the line's fields after {@code time}: {@code event} first, then what this kind of event records. */
  void writeFields(JsonGenerator g) throws IOException;

  /** Writes the fields every event of one exchange starts with: its kind, the request id, route and tenant. */
  static void writeExchange(JsonGenerator g, String event, String requestId, String route, String tenant)
      throws IOException {
    g.writeStringField("event", event);
    g.writeStringField("requestId", requestId);
    g.writeStringField("route", route);
    g.writeStringField("tenant", tenant);
  }

  /** Writes the exchange's fields as above, then the W3C {@code traceparent} sent upstream when there is one. */
  static void writeExchange(JsonGenerator g, String event, String requestId, String route, String tenant,
      String traceparent) throws IOException {
    writeExchange(g, event, requestId, route, tenant);
    if (traceparent != null) {
      g.writeStringField("traceparent", traceparent);
    }
  }

  /** Writes the exchange's fields, traceparent and model as below, for a model name no rule found anything in. */
  static void writeExchange(JsonGenerator g, String event, String requestId, String route, String tenant,
      String traceparent, ModelChoice model) throws IOException {
    writeExchange(g, event, requestId, route, tenant, traceparent, model, false);
  }

  /**
   * Writes the exchange's fields and traceparent as above, then its model when there is one: {@code model} as the
   * client asked (only a well-formed name, never an arbitrary client string: else {@code "(not a model name)"}; and
   * {@code "(withheld)"} when {@code flagged}, a rule having found something in it), the configured entry that
   * matched ({@code modelRule}, {@code other} for a route that takes any model), and {@code upstreamModel} when an
   * alias sent another model upstream.
   */
  static void writeExchange(JsonGenerator g, String event, String requestId, String route, String tenant,
      String traceparent, ModelChoice model, boolean flagged) throws IOException {
    writeExchange(g, event, requestId, route, tenant, traceparent);
    if (model == null || model.requested() == null) {
      return;
    }
    String requested = model.requested();
    g.writeStringField("model", flagged ? "(withheld)"
        : ModelConfig.NAME.matcher(requested).matches() ? requested : "(not a model name)");
    g.writeStringField("modelRule", model.label());
    if (model.alias()) {
      g.writeStringField("upstreamModel", model.upstream());
    }
  }
}
