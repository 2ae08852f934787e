package io.kexin.gateway.proxy;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kexin.gateway.inspect.Inspection;
import io.kexin.gateway.inspect.Verdict;
import io.kexin.gateway.policy.Direction;
import io.kexin.gateway.stream.SseEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers with the alias a client asked for: wraps the exchange's inspection and, in what it lets through, renames
 * the model the upstream names ({@code model} at the top of a whole response or a stream chunk, {@code message.model}
 * of Anthropic's {@code message_start}, {@code response.model} of Responses events) to the alias, so the client never
 * sees which model stands behind it. Always active, so a response of an aliased exchange is read even without
 * policies. One per exchange, used from one thread.
 */
final class AliasedInspection implements Inspection {
  private static final String[] HOLDERS = {"message", "response"};
  private final Inspection inner;
  private final String alias;
  private final ObjectMapper json;

  AliasedInspection(Inspection inner, String alias, ObjectMapper json) {
    this.inner = requireNonNull(inner, "inner");
    this.alias = requireNonNull(alias, "alias");
    this.json = requireNonNull(json, "json");
  }

  @Override
  public Verdict request(ObjectNode body) {
    return inner.active() ? inner.request(body) : Verdict.pass();
  }

  @Override
  public Verdict uninspectable(String what) {
    return inner.uninspectable(what);
  }

  @Override
  public Verdict response(ObjectNode body) {
    Verdict v = inner.active() ? inner.response(body) : Verdict.pass();
    if (v instanceof Verdict.Rewrite rewrite) {
      rename(rewrite.body());
      return rewrite;
    }
    if (v instanceof Verdict.Pass && rename(body)) {
      return new Verdict.Rewrite(body);
    }
    return v;
  }

  @Override
  public Verdict errorResponse(ObjectNode body) {
    return inner.active() ? inner.errorResponse(body) : Verdict.pass();
  }

  @Override
  public Verdict errorText(String text) {
    return inner.active() ? inner.errorText(text) : Verdict.pass();
  }

  @Override
  public List<SseEvent> streamEvent(SseEvent event) {
    return renamed(inner.active() ? inner.streamEvent(event) : List.of(event));
  }

  @Override
  public List<SseEvent> streamEnd() {
    return renamed(inner.active() ? inner.streamEnd() : List.of());
  }

  @Override
  public Verdict failed(Direction direction, Throwable cause) {
    return inner.failed(direction, cause);
  }

  @Override
  public boolean answersWait() {
    return inner.answersWait();
  }

  @Override
  public boolean streamStopped() {
    return inner.streamStopped();
  }

  /** Returns the events with the model renamed where they name one; events that name none pass as they are. */
  private List<SseEvent> renamed(List<SseEvent> events) {
    List<SseEvent> out = null;
    for (int i = 0; i < events.size(); i++) {
      SseEvent e = events.get(i);
      SseEvent r = renamed(e);
      if (r != e && out == null) {
        out = new ArrayList<>(events.subList(0, i));
      }
      if (out != null) {
        out.add(r);
      }
    }
    return out == null ? events : out;
  }

  private SseEvent renamed(SseEvent event) {
    String data = event.data();
    if (data == null || !data.contains("\"model\"")) {
      return event;
    }
    JsonNode node;
    try {
      node = json.readTree(data);
    } catch (IOException e) {
      return event; // not JSON ([DONE]): names no model
    }
    if (!(node instanceof ObjectNode object) || !rename(object)) {
      return event;
    }
    try {
      return event.withData(json.writeValueAsString(object));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Renames the model {@code body} names to the alias; says whether that changed anything. */
  private boolean rename(ObjectNode body) {
    boolean renamed = renameField(body);
    for (String holder : HOLDERS) {
      if (body.get(holder) instanceof ObjectNode inner) {
        renamed |= renameField(inner);
      }
    }
    return renamed;
  }

  private boolean renameField(ObjectNode node) {
    JsonNode model = node.get("model");
    if (model == null || !model.isTextual()) {
      return false;
    }
    if (model.asText().equals(alias)) {
      return false;
    }
    node.put("model", alias);
    return true;
  }
}
