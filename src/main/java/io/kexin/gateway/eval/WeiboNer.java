package io.kexin.gateway.eval;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts {@code weibo-ner}'s development files (train and dev; the test split stays held out): each message is a
 * text, labelled {@code pii:PERSON} when a span is a named person ({@code PER.NAM}); nominal mentions
 * ({@code PER.NOM}: 老师, 妈妈) and places or organisations are no personal data, so a text with only those has no
 * label.
 */
final class WeiboNer {
  static final String NAME = "weibo-ner";
  static final List<String> FILES = List.of("weiboNER_2nd_train.jsonl", "weiboNER_2nd_dev.jsonl");

  private final SourceLines source = new SourceLines();

  /** Converts the set in {@code dir}. */
  List<LabelledText> convert(Path dir) {
    List<LabelledText> out = new ArrayList<>();
    for (String name : FILES) {
      for (SourceLines.Line line : source.read(dir.resolve(name))) {
        String text = line.string("text");
        JsonNode spans = line.node().get("spans");
        if (spans == null || !spans.isArray()) {
          throw line.error("spans: " + spans + " (expected: an array of {\"entity_type\", \"start\", \"end\"})");
        }
        boolean person = false;
        for (JsonNode span : spans) {
          person |= span.path("entity_type").asText().equals("PER.NAM");
        }
        out.add(new LabelledText(name + ":" + line.number(), text, person ? List.of("pii:PERSON") : List.of()));
      }
    }
    return out;
  }
}
