package io.kexin.gateway.provider;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the string and number values of a tool call's arguments, in the order they are written — JSON text inside a
 * JSON string (OpenAI) or a parsed object (Anthropic's {@code input}): what a client hands to the tool, which an
 * answer's joined reading puts beside the text it shows (a number as the digits it writes, {@link NumberText}).
 * Arguments that are not JSON are one value, as written. Stateless and thread-safe.
 */
final class ArgumentValues {
  private static final JsonFactory FACTORY = new JsonFactory();

  private ArgumentValues() {}

  /** Adds to {@code out} the string and number values of {@code arguments} (not its keys), or {@code arguments}. */
  static void of(String arguments, List<String> out) {
    List<String> values = new ArrayList<>();
    try (JsonParser p = FACTORY.createParser(arguments)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if (t == JsonToken.VALUE_STRING) {
          values.add(p.getText());
        } else if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
          values.add(NumberText.of(JsonNodeFactory.instance.numberNode(p.getDecimalValue())));
        }
      }
    } catch (IOException e) {
      values.clear();
      values.add(arguments);
    }
    out.addAll(values);
  }

  /** Adds to {@code out} the string and number values under {@code node} (not its keys), in document order. */
  static void of(JsonNode node, List<String> out) {
    if (node.isTextual()) {
      out.add(node.textValue());
    } else if (node.isNumber()) {
      out.add(NumberText.of(node));
    } else {
      for (JsonNode child : node) {
        of(child, out);
      }
    }
  }
}
