package io.kexin.gateway.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Converts {@code zh-pii-fixtures}: neednlab's sentences (labelled for one entity type each) and neednlab's and
 * python-stdnum's single values (each value becomes a text of its own, labelled when upstream calls it valid).
 *
 * <p>Label decisions, faithful to upstream and to SOURCE.md:
 * <ul>
 * <li>CN_ID_CARD and CN_RIC_ID_CARD → {@code pii:CN_ID_CARD}; CN_PHONE_NUMBER → {@code pii:PHONE_CN}; CN_EMAIL →
 *     {@code pii:EMAIL}; CN_PASSPORT → {@code pii:CN_PASSPORT}; CN_USCC → {@code pii:CN_USCC}.
 * <li>CN_BANK_CARD → {@code pii:CREDIT_CARD} or {@code pii:BANK_CARD} by the card's prefix ({@link CardLabel});
 *     upstream's "valid" cards are the Visa/MC/Discover/JCB test PANs, so they all become {@code pii:CREDIT_CARD}.
 * <li>A sentence's label is about its entity type only; a label-0 sentence gets no label even when it holds another
 *     entity, except where SOURCE.md says what it holds ("统一社会信用代码91310000552936878J" holds a valid USCC).
 *     Ambiguous and kept as upstream says: "编号A4111111111111111" and "产品编号ABC4111111111111111XYZ" hold a Luhn-valid
 *     test PAN inside a longer code and are not cards; "通行证C12345678" and the value H12345678 are labelled
 *     CN_PASSPORT though a C/H prefix is what our taxonomy would call CN_HK_MACAU_PERMIT.
 * <li>stdnum RIC values rejected only for an unknown birth-place code (InvalidComponent, correct check digit) stay
 *     unlabelled, as upstream says, though a format-and-checksum detector will find them (they show as FP).
 * </ul>
 */
final class ZhPiiFixtures {
  static final String NAME = "zh-pii-fixtures";

  private static final Map<String, String> ENTITIES = Map.of(
      "CN_ID_CARD", "pii:CN_ID_CARD",
      "CN_RIC_ID_CARD", "pii:CN_ID_CARD",
      "CN_PHONE_NUMBER", "pii:PHONE_CN",
      "CN_EMAIL", "pii:EMAIL",
      "CN_PASSPORT", "pii:CN_PASSPORT",
      "CN_USCC", "pii:CN_USCC",
      "CN_BANK_CARD", CardLabel.BANK_CARD);

  /** Labels SOURCE.md gives to sentences beyond their own entity type. */
  private static final Map<String, List<String>> DOCUMENTED = Map.of(
      "统一社会信用代码91310000552936878J", List.of("pii:CN_USCC"));

  private static final Pattern DIGIT_GROUPS = Pattern.compile("[0-9](?:[0-9 ]*[0-9])?");

  private final SourceLines source = new SourceLines();

  /** Converts the set in {@code dir}. */
  List<LabelledText> convert(Path dir) {
    List<LabelledText> out = new ArrayList<>();
    for (SourceLines.Line l : source.read(dir.resolve("neednlab_texts.jsonl"))) {
      String text = l.string("text");
      String entity = l.string("entity_type");
      Set<String> labels = new TreeSet<>(DOCUMENTED.getOrDefault(text, List.of()));
      int label = l.integer("label");
      if (label != 0 && label != 1) {
        throw l.error("label: " + label + " (expected: 0 or 1)");
      }
      if (label == 1) {
        labels.addAll(labels(l, entity, text));
      }
      out.add(new LabelledText("neednlab_texts.jsonl:" + l.number() + "/" + entity, text, List.copyOf(labels)));
    }
    for (String file : List.of("neednlab_values.jsonl", "stdnum_cn_values.jsonl")) {
      for (SourceLines.Line l : source.read(dir.resolve(file))) {
        String value = l.string("value");
        String entity = l.string("entity_type");
        boolean valid = l.bool("valid");
        List<String> labels = valid ? labels(l, entity, value) : List.of();
        out.add(new LabelledText(file + ":" + l.number() + "/" + entity + "/" + (valid ? "valid" : "invalid"),
            value, labels));
      }
    }
    return out;
  }

  private static List<String> labels(SourceLines.Line l, String entity, String text) {
    String label = ENTITIES.get(entity);
    if (label == null) {
      throw l.error("entity_type: " + entity + " (expected: one of " + new TreeSet<>(ENTITIES.keySet()) + ")");
    }
    if (!entity.equals("CN_BANK_CARD")) {
      return List.of(label);
    }
    Set<String> cards = new TreeSet<>();
    Matcher m = DIGIT_GROUPS.matcher(text);
    while (m.find()) {
      String digits = m.group().replace(" ", "");
      if (digits.length() >= 12 && digits.length() <= 19) {
        cards.add(CardLabel.of(digits));
      }
    }
    return cards.isEmpty() ? List.of(CardLabel.BANK_CARD) : List.copyOf(cards);
  }
}
