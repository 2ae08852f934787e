package io.kexin.gateway.eval;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Converts {@code presidio-research}'s {@code synth_dataset_v2.json}: each record's {@code full_text} is a text, and
 * its spans give the labels EMAIL_ADDRESS → {@code pii:EMAIL}, PHONE_NUMBER → {@code pii:PHONE}, IBAN_CODE →
 * {@code pii:IBAN}, US_SSN → {@code pii:US_SSN}, IP_ADDRESS → {@code pii:IP_ADDRESS}, and CREDIT_CARD →
 * {@code pii:CREDIT_CARD} or {@code pii:BANK_CARD} by the number's prefix ({@link CardLabel}, the same rule as for
 * the Chinese fixtures, so that a detector that follows our taxonomy is not charged for Maestro or old-JCB numbers);
 * PERSON → {@code pii:PERSON} and STREET_ADDRESS → {@code pii:STREET_ADDRESS}. Other entity types (GPE, ORGANIZATION,
 * DATE_TIME, ...) are dropped; a text with only those has no label.
 */
final class PresidioSynth {
  static final String NAME = "presidio-research";
  static final String FILE = "synth_dataset_v2.json";

  private static final Map<String, String> ENTITIES = Map.of(
      "EMAIL_ADDRESS", "pii:EMAIL",
      "PHONE_NUMBER", "pii:PHONE",
      "IBAN_CODE", "pii:IBAN",
      "US_SSN", "pii:US_SSN",
      "IP_ADDRESS", "pii:IP_ADDRESS",
      "PERSON", "pii:PERSON",
      "STREET_ADDRESS", "pii:STREET_ADDRESS");

  private final SourceLines source = new SourceLines();

  /** Converts the set in {@code dir}. */
  List<LabelledText> convert(Path dir) {
    Path file = dir.resolve(FILE);
    JsonNode records = source.readDocument(file);
    if (!records.isArray()) {
      throw new DatasetException(file + ": not a JSON array (expected: [{\"full_text\", \"spans\", ...}, ...])");
    }
    List<LabelledText> out = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      JsonNode r = records.get(i);
      JsonNode text = r.get("full_text");
      JsonNode spans = r.get("spans");
      if (text == null || !text.isTextual() || spans == null || !spans.isArray()) {
        throw new DatasetException(file + ": record " + i
            + ": no full_text string or spans array (expected: {\"full_text\": ..., \"spans\": [...]})");
      }
      Set<String> labels = new TreeSet<>();
      for (JsonNode span : spans) {
        String type = span.path("entity_type").asText();
        if (type.equals("CREDIT_CARD")) {
          labels.add(CardLabel.of(span.path("entity_value").asText()));
        } else if (ENTITIES.containsKey(type)) {
          labels.add(ENTITIES.get(type));
        }
      }
      String id = FILE + "#" + i + (r.has("template_id") ? "/template-" + r.get("template_id").asText() : "");
      out.add(new LabelledText(id, text.asText(), List.copyOf(labels)));
    }
    return out;
  }
}
