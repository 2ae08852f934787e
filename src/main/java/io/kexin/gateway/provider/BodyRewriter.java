package io.kexin.gateway.provider;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kexin.gateway.content.Replacement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import static java.util.Objects.requireNonNull;

/**
 * Rewrites string nodes of a parsed body in place; every other node, and the order of fields, stays as it was.
 * Stateless and thread-safe; a body must not be rewritten from two threads at once.
 */
public final class BodyRewriter {
  private BodyRewriter() {}

  /**
   * Sets the text at each replacement's pointer. Checks every pointer first and changes nothing if one fails.
   *
   * @throws IllegalArgumentException if a pointer is malformed, repeated, or does not name an existing string node
   */
  public static void rewrite(ObjectNode body, List<Replacement> replacements) {
    requireNonNull(body, "body");
    requireNonNull(replacements, "replacements");
    List<Runnable> writes = new ArrayList<>(replacements.size());
    Set<String> seen = new HashSet<>();
    for (Replacement replacement : replacements) {
      String pointer = requireNonNull(replacement, "replacement").jsonPointer();
      if (!seen.add(pointer)) {
        throw new IllegalArgumentException("jsonPointer: " + pointer + " (expected: each pointer once)");
      }
      writes.add(write(body, pointer, replacement.text()));
    }
    writes.forEach(Runnable::run);
  }

  private static Runnable write(ObjectNode body, String pointer, String text) {
    JsonPointer parsed;
    try {
      parsed = JsonPointer.compile(pointer);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("jsonPointer: " + pointer + " (expected: RFC 6901)", e);
    }
    if (parsed.matches()) {
      throw new IllegalArgumentException("jsonPointer: '' (expected: a string node, not the whole body)");
    }
    JsonNode parent = body.at(parsed.head());
    JsonPointer last = parsed.last();
    if (parent instanceof ObjectNode object) {
      String field = last.getMatchingProperty();
      if (object.path(field).isTextual()) {
        return () -> object.put(field, text);
      }
    } else if (parent instanceof ArrayNode array) {
      int index = last.getMatchingIndex();
      if (index >= 0 && array.path(index).isTextual()) {
        return () -> array.set(index, array.textNode(text));
      }
    }
    throw new IllegalArgumentException("jsonPointer: " + pointer + " (expected: an existing string node)");
  }
}
