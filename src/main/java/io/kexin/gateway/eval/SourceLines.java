package io.kexin.gateway.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a source data set's JSONL file into numbered JSON objects, with typed field access that names file:line. */
final class SourceLines {
  private final ObjectMapper json = new ObjectMapper();

  /** Holds one non-blank line of a source file. */
  record Line(Path file, int number, JsonNode node) {

    /** Returns the string field {@code name}; a missing or non-string field is an error. */
    String string(String name) {
      JsonNode v = node.get(name);
      if (v == null || !v.isTextual()) {
        throw new DatasetException(file, number, name + ": " + v + " (expected: a string)");
      }
      return v.asText();
    }

    /** Returns the integer field {@code name}; a missing or non-integer field is an error. */
    int integer(String name) {
      JsonNode v = node.get(name);
      if (v == null || !v.isIntegralNumber()) {
        throw new DatasetException(file, number, name + ": " + v + " (expected: an integer)");
      }
      return v.asInt();
    }

    /** Returns the boolean field {@code name}; a missing or non-boolean field is an error. */
    boolean bool(String name) {
      JsonNode v = node.get(name);
      if (v == null || !v.isBoolean()) {
        throw new DatasetException(file, number, name + ": " + v + " (expected: true or false)");
      }
      return v.asBoolean();
    }

    /** Returns an error about this line. */
    DatasetException error(String message) {
      return new DatasetException(file, number, message);
    }
  }

  /** Reads every non-blank line of {@code file} as a JSON object. */
  List<Line> read(Path file) {
    List<Line> lines = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String text;
      int number = 0;
      while ((text = in.readLine()) != null) {
        number++;
        if (text.isBlank()) {
          continue;
        }
        JsonNode node;
        try {
          node = json.readTree(text);
        } catch (JsonProcessingException e) {
          throw new DatasetException(file, number, "not JSON (expected: one JSON object a line)");
        }
        if (!node.isObject()) {
          throw new DatasetException(file, number, "not a JSON object (expected: one JSON object a line)");
        }
        lines.add(new Line(file, number, node));
      }
    } catch (NoSuchFileException e) {
      throw new DatasetException(file + ": not found (expected: the data set's JSONL file)");
    } catch (IOException e) {
      throw new DatasetException(file + ": cannot read: " + e);
    }
    return lines;
  }

  /** Reads {@code file} as one JSON document. */
  JsonNode readDocument(Path file) {
    try {
      return json.readTree(file.toFile());
    } catch (IOException e) {
      throw new DatasetException(file + ": cannot read JSON: " + e.getMessage());
    }
  }
}
