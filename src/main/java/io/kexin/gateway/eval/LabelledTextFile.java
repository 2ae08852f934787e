package io.kexin.gateway.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes labelled JSONL, one {@code {"id", "text", "labels": [...]}} a line; blank lines are skipped and
 * other fields ignored. Thread-safe.
 */
public final class LabelledTextFile {
  private static final String EXPECTED = "(expected: {\"id\": \"...\", \"text\": \"...\", \"labels\": [\"pii:EMAIL\", ...]})";

  private final ObjectMapper json = new ObjectMapper();

  /** Reads every labelled text of {@code file}; a bad line stops reading with {@code file:line}. */
  public List<LabelledText> read(Path file) {
    List<LabelledText> texts = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int lineNo = 0;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (!line.isBlank()) {
          texts.add(parse(file, lineNo, line));
        }
      }
    } catch (NoSuchFileException e) {
      throw new DatasetException(file + ": not found (expected: a labelled JSONL file)");
    } catch (IOException e) {
      throw new DatasetException(file + ": cannot read: " + e);
    }
    return texts;
  }

  private LabelledText parse(Path file, int lineNo, String line) {
    JsonNode node;
    try {
      node = json.readTree(line);
    } catch (JsonProcessingException e) {
      throw new DatasetException(file, lineNo, "not JSON " + EXPECTED);
    }
    if (!node.isObject()) {
      throw new DatasetException(file, lineNo, "not a JSON object " + EXPECTED);
    }
    JsonNode id = node.get("id");
    if (id == null || !(id.isTextual() || id.isIntegralNumber())) {
      throw new DatasetException(file, lineNo, "id: " + id + " (expected: a string or an integer)");
    }
    JsonNode text = node.get("text");
    if (text == null || !text.isTextual()) {
      throw new DatasetException(file, lineNo, "text: " + text + " (expected: a string)");
    }
    JsonNode labels = node.get("labels");
    if (labels == null || !labels.isArray()) {
      throw new DatasetException(file, lineNo, "labels: " + labels + " (expected: an array of strings, may be empty)");
    }
    List<String> list = new ArrayList<>();
    for (JsonNode label : labels) {
      if (!label.isTextual() || !isLabel(label.asText())) {
        throw new DatasetException(file, lineNo,
            "label: " + label + " (expected: a name like secret or pii:EMAIL, no spaces)");
      }
      list.add(label.asText());
    }
    return new LabelledText(id.asText(), text.asText(), list);
  }

  /** Says whether {@code s} is a well-formed label: {@code family} or {@code family:ENTITY}, no spaces. */
  static boolean isLabel(String s) {
    return s.matches("[A-Za-z0-9_.-]+(:[A-Za-z0-9_.-]+)?");
  }

  /** Writes {@code texts} to {@code file}, one a line, creating its directory. */
  public void write(Path file, List<LabelledText> texts) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        for (LabelledText t : texts) {
          ObjectNode o = json.createObjectNode();
          o.put("id", t.id());
          o.put("text", t.text());
          ArrayNode labels = o.putArray("labels");
          t.labels().forEach(labels::add);
          out.write(json.writeValueAsString(o));
          out.write('\n');
        }
      }
    } catch (IOException e) {
      throw new DatasetException(file + ": cannot write: " + e.getMessage());
    }
  }
}
