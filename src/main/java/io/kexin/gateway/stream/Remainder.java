package io.kexin.gateway.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.kexin.gateway.provider.EventFields;
import io.kexin.gateway.provider.ImageData;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Inspects what a shape did not handle in an event: every string value and every object key that the shape's
 * {@link EventFields} do not declare, each as one complete text, and the values of declared fields as their kind
 * says ({@link DeclaredValues}), rewritten in place. This is the fail-closed rule of the stream path: a field nobody
 * knows is still text, and a field declared not text still carries nothing unread. One instance per stream; not
 * thread-safe.
 */
final class Remainder {
  private final EventFields fields;
  private final DeclaredValues declared;
  /** The nodes of the current event that the shape handled itself (streamed texts, text replaced with what was sent). */
  private final Set<JsonNode> handled = Collections.newSetFromMap(new IdentityHashMap<>());

  Remainder(EventFields fields) {
    this.fields = fields;
    this.declared = new DeclaredValues(fields);
  }

  /** Returns how this stream reads its declared fields, for a shape that reads some of them itself. */
  DeclaredValues declared() {
    return declared;
  }

  /** Marks {@code node} (and all below it) as handled by the shape, so it is not inspected again. */
  void handled(JsonNode node) {
    if (node != null) {
      handled.add(node);
    }
  }

  /** Inspects every unhandled, undeclared string and key of {@code data}; returns whether any was rewritten. */
  boolean inspect(ObjectNode data, TextStreams streams) {
    try {
      return object(data, streams);
    } finally {
      handled.clear();
    }
  }

  private boolean object(ObjectNode o, TextStreams streams) {
    boolean changed = false;
    Map<String, JsonNode> values = null;
    Map<String, String> renames = null;
    for (Map.Entry<String, JsonNode> e : o.properties()) {
      String name = e.getKey();
      JsonNode v = e.getValue();
      if (!handled.contains(v)) {
        if (v.isTextual()) {
          String sent = value(name, v.asText(), streams);
          if (sent != null) {
            values = values == null ? new LinkedHashMap<>() : values;
            values.put(name, TextNode.valueOf(sent));
          }
        } else if (v.isContainerNode()) {
          changed |= container(v, name, streams);
        }
      }
      if (!fields.known(name)) {
        String sent = text(name, streams);
        if (sent != null) {
          renames = renames == null ? new LinkedHashMap<>() : renames;
          renames.put(name, sent);
        }
      }
    }
    if (values != null) {
      o.setAll(values);
      changed = true;
    }
    if (renames != null) {
      List<Map.Entry<String, JsonNode>> all = new ArrayList<>(o.properties());
      o.removeAll();
      for (Map.Entry<String, JsonNode> e : all) {
        o.set(renames.getOrDefault(e.getKey(), e.getKey()), e.getValue());
      }
      changed = true;
    }
    return changed;
  }

  private boolean container(JsonNode node, String name, TextStreams streams) {
    if (node instanceof ObjectNode o) {
      return object(o, streams);
    }
    ArrayNode a = (ArrayNode) node;
    boolean changed = false;
    for (int i = 0; i < a.size(); i++) {
      JsonNode v = a.get(i);
      if (handled.contains(v)) {
        continue;
      }
      if (v.isTextual()) {
        String sent = value(name, v.asText(), streams);
        if (sent != null) {
          a.set(i, TextNode.valueOf(sent));
          changed = true;
        }
      } else if (v.isContainerNode()) {
        changed |= container(v, name, streams);
      }
    }
    return changed;
  }

  /**
   * Returns what to send in place of the string {@code value} of field {@code name}, or null when it is unchanged. An
   * image in any field (a Responses {@code partial_image_b64} or image generation {@code result}, a chat delta's
   * {@code images}, an Anthropic image block's {@code data}, which is declared opaque) is read as an image, where
   * images are read.
   */
  private String value(String name, String value, TextStreams streams) {
    byte[] image = ImageData.carried(value);
    String read = image == null ? null : streams.image(value, image);
    if (read != null) {
      return read.equals(value) ? null : read;
    }
    if (!fields.notText(name)) {
      return text(value, streams);
    }
    String sent = declared.sent(name, value, streams);
    return sent.equals(value) ? null : sent;
  }

  /** Returns the text to send in place of {@code text}, or null when it is unchanged. */
  private static String text(String text, TextStreams streams) {
    if (text.isEmpty()) {
      return null;
    }
    String sent = streams.whole(text);
    return sent.equals(text) ? null : sent;
  }
}
