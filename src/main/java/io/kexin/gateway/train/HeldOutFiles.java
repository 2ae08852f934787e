package io.kexin.gateway.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kexin.gateway.detect.classifier.LinearModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scores labelled files that no model was trained on ({@code {"text", "labels": [category, ...]}} per line, {@code []}
 * benign) with a trained model, at the thresholds it chose: per file, language and label the rate flagged for each
 * category. Stateless.
 */
final class HeldOutFiles {
  private HeldOutFiles() {}

  /** Returns the report for {@code files} as text; an unreadable or malformed file is an error naming it. */
  static String report(LinearModel model, List<Path> files) {
    ObjectMapper json = new ObjectMapper();
    int k = Category.ALL.size();
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
        "%nHeld-out files scored by the model trained on everything (rate flagged per category at its thresholds):%n"
            + "%-28s %-3s %-16s %5s %s%n", "file", "lng", "labelled", "n", "injection jailbreak harmful-request offensive"));
    for (Path f : files) {
      // Per language and label: count, then flagged per category.
      Map<String, int[]> rows = new TreeMap<>();
      String text;
      try {
        text = Files.readString(f, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new IllegalArgumentException(f + ": cannot read (expected: a JSON Lines file of {\"text\", \"labels\"})");
      }
      int line = 0;
      for (String l : text.split("\n")) {
        line++;
        if (l.isBlank()) {
          continue;
        }
        JsonNode n;
        try {
          n = json.readTree(l);
        } catch (IOException e) {
          throw new IllegalArgumentException(f + ":" + line + ": not JSON");
        }
        if (n.get("text") == null || n.get("labels") == null || !n.get("labels").isArray()) {
          throw new IllegalArgumentException(f + ":" + line + ": expected {\"text\", \"labels\": [category, ...]}");
        }
        String label = n.get("labels").isEmpty() ? "(benign)" : n.get("labels").get(0).asText();
        char[] t = n.get("text").asText().strip().toCharArray();
        int lang = LinearModel.language(t, 0, t.length);
        int[] row = rows.computeIfAbsent((lang == 1 ? "zh" : "en") + "\t" + label, x -> new int[k + 1]);
        row[0]++;
        double[] raw = new double[k];
        model.rawScores(t, 0, t.length, raw);
        for (int c = 0; c < k; c++) {
          row[c + 1] += model.calibrate(lang, c, raw[c]) >= model.threshold(lang, c) ? 1 : 0;
        }
      }
      for (Map.Entry<String, int[]> e : rows.entrySet()) {
        String[] key = e.getKey().split("\t");
        int[] row = e.getValue();
        StringBuilder rates = new StringBuilder();
        for (int c = 0; c < k; c++) {
          rates.append(String.format(Locale.ROOT, " %6.3f", (double) row[c + 1] / row[0]));
        }
        out.append(String.format(Locale.ROOT, "%-28s %-3s %-16s %5d%s%n", f.getFileName(), key[0], key[1], row[0],
            rates));
      }
    }
    return out.toString();
  }
}
