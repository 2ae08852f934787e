package io.kexin.gateway.limit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kexin.gateway.inspect.ExchangeInfo;
import io.kexin.gateway.inspect.Inspection;
import io.kexin.gateway.inspect.TokenUsage;
import io.kexin.gateway.inspect.Verdict;
import io.kexin.gateway.policy.Direction;
import io.kexin.gateway.provider.Endpoint;
import io.kexin.gateway.stream.SseEvent;
import java.io.IOException;
import java.util.List;

/**
 * Reads the tokens an upstream reports ({@code usage} in a whole body or in stream events) for an exchange whose
 * tenant has token or cost limits, and passes every decision to the inspection it wraps. When that one does not look
 * at bodies, this one still does, asks an OpenAI stream for its usage, and keeps the usage-only chunk it asked for
 * from the client. One instance per exchange, used from one thread.
 */
public final class MeteredInspection implements Inspection {
  private final Inspection inner;
  private final ExchangeInfo exchange;
  private final ObjectMapper json;
  private final TokenUsage usage = new TokenUsage();
  private boolean usageAsked;

  MeteredInspection(Inspection inner, ExchangeInfo exchange, ObjectMapper json) {
    this.inner = inner;
    this.exchange = exchange;
    this.json = json;
  }

  /** Returns the tokens read so far. */
  TokenUsage usage() {
    return usage;
  }

  /** Says whether the wrapped inspection reads bodies (and so reports tokens to the metrics itself). */
  boolean innerActive() {
    return inner.active();
  }

  @Override
  public Verdict request(ObjectNode body) {
    if (inner.active()) {
      return inner.request(body);
    }
    if (!exchange.stream() || exchange.endpoint() != Endpoint.CHAT && exchange.endpoint() != Endpoint.COMPLETIONS
        || !body.path("stream").asBoolean(false)) {
      return Verdict.pass();
    }
    JsonNode options = body.get("stream_options");
    if (options != null && (!options.isObject() || options.has("include_usage"))) {
      return Verdict.pass();
    }
    ObjectNode o = options == null ? body.putObject("stream_options") : (ObjectNode) options;
    o.put("include_usage", true);
    usageAsked = true;
    return new Verdict.Rewrite(body);
  }

  @Override
  public Verdict uninspectable(String what) {
    return inner.uninspectable(what);
  }

  @Override
  public Verdict response(ObjectNode body) {
    usage.read(body);
    return inner.response(body);
  }

  @Override
  public Verdict errorResponse(ObjectNode body) {
    return inner.errorResponse(body);
  }

  @Override
  public Verdict errorText(String text) {
    return inner.errorText(text);
  }

  @Override
  public List<SseEvent> streamEvent(SseEvent event) {
    if (event.data() != null && TokenUsage.mayCarry(event.data())) {
      try {
        JsonNode node = json.readTree(event.data());
        usage.read(node);
        if (usageAsked && node.path("choices").isArray() && node.path("choices").isEmpty()) {
          return List.of();
        }
      } catch (IOException e) {
        // not JSON: the wrapped inspection decides what becomes of it
      }
    }
    return inner.streamEvent(event);
  }

  @Override
  public List<SseEvent> streamEnd() {
    return inner.streamEnd();
  }

  @Override
  public Verdict failed(Direction direction, Throwable cause) {
    // Without policies, a body this wrapper could not read passes as it would have passed unread.
    return inner.active() ? inner.failed(direction, cause) : Verdict.pass();
  }

  @Override
  public boolean answersWait() {
    return inner.answersWait();
  }

  @Override
  public boolean streamStopped() {
    return inner.streamStopped();
  }
}
