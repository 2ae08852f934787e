package io.kexin.gateway.train;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Lists what the held-out models got wrong, per category, language and set: the positives they missed and the benign
 * texts they flagged, each by a short hash of its text, its score and its first characters only (the shared data
 * are not ours to reprint whole). Stateless.
 */
final class Misses {
  /** Characters of a text shown: enough to tell its family, not enough to copy it. */
  static final int PREVIEW = 60;

  private Misses() {}

  /**
   * Returns, for each category and language with held-out positives, the missed positives and the flagged benign
   * texts grouped by set, counted, and up to {@code limit} of each set listed, nearest the threshold first.
   */
  static String report(List<Evaluation.Judged> judged, int limit) {
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
        "%nMisses at each model's threshold (held-out judgments as above; sha256 prefix, score, first %d characters):%n",
        PREVIEW));
    for (int c = 0; c < Category.ALL.size(); c++) {
      for (String lang : List.of("en", "zh")) {
        Map<String, List<Evaluation.Judged>> missed = new TreeMap<>();
        Map<String, List<Evaluation.Judged>> flagged = new TreeMap<>();
        Map<String, int[]> sizes = new TreeMap<>();
        for (Evaluation.Judged j : judged) {
          Sample s = j.sample();
          if (!s.lang().equals(lang)) {
            continue;
          }
          boolean positive = s.labels()[c] == 1;
          boolean negative = s.benign() && s.labels()[c] == 0;
          if (!positive && !negative) {
            continue;
          }
          String key = (positive ? "missed " : "flagged ") + s.set();
          sizes.computeIfAbsent(key, x -> new int[1])[0]++;
          if (positive && !j.flagged(c)) {
            missed.computeIfAbsent(key, x -> new ArrayList<>()).add(j);
          } else if (negative && j.flagged(c)) {
            flagged.computeIfAbsent(key, x -> new ArrayList<>()).add(j);
          }
        }
        if (missed.isEmpty() && flagged.isEmpty()) {
          continue;
        }
        out.append(String.format(Locale.ROOT, "%n== %s %s%n", Category.ALL.get(c), lang));
        for (Map<String, List<Evaluation.Judged>> group : List.of(missed, flagged)) {
          for (Map.Entry<String, List<Evaluation.Judged>> e : group.entrySet()) {
            List<Evaluation.Judged> js = new ArrayList<>(e.getValue());
            int cat = c;
            js.sort(Comparator.comparingDouble((Evaluation.Judged j) -> -j.scores()[cat])
                .thenComparing(j -> j.sample().text()));
            out.append(String.format(Locale.ROOT, "%s: %d of %d%n", e.getKey(), js.size(), sizes.get(e.getKey())[0]));
            for (Evaluation.Judged j : js.subList(0, Math.min(limit, js.size()))) {
              out.append(String.format(Locale.ROOT, "  %s %.3f  %s%n", hash(j.sample().text()), j.scores()[c],
                  preview(j.sample().text())));
            }
          }
        }
      }
    }
    return out.toString();
  }

  /** Returns the first 8 hex digits of the SHA-256 of {@code text}: enough to find it again in its set. */
  static String hash(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** Returns the first {@link #PREVIEW} code points of {@code text} on one line. */
  static String preview(String text) {
    String line = text.replaceAll("\\s+", " ");
    int end = line.offsetByCodePoints(0, Math.min(PREVIEW, line.codePointCount(0, line.length())));
    return end < line.length() ? line.substring(0, end) + "…" : line;
  }
}
