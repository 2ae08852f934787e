package io.kexin.gateway.detect.person;

import static java.util.Objects.requireNonNull;

import io.kexin.gateway.detect.Detector;
import io.kexin.gateway.detect.Finding;
import io.kexin.gateway.text.ScanText;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds personal names in running prose — "Zhang Wei called yesterday", "cc: Priya Raman, Tom Becker",
 * "请把合同发给王建国" — and reports each as a {@code PERSON} finding whose score reaches a threshold. Immutable and
 * thread-safe.
 *
 * <p>Hand-written on purpose, not a statistical tagger: it runs on every request on the event loop, so it must be
 * linear, allocation-light and take a few microseconds per 2 KB, need no model download, and explain each finding;
 * a false positive rewrites the user's prompt, so every rule here trades recall for precision. Latin script: runs of
 * capitalized words with a given name of the shipped lists ({@link LatinNames}); Chinese: a surname and one or two
 * given-name characters with a cue ({@link HanNames}); either, in a table's column its header names a name column
 * ({@link CsvNameColumns}). The scan reads each character once and asks the lists only at
 * a capital letter or a surname character.
 */
public final class PersonDetector implements Detector {
  /** Bounds a name's span and the cues read around it: four words of 24 letters, spaces and initials. */
  private static final int MAX_MATCH = 2 * LatinNames.CUE_WINDOW + LatinNames.MAX_WORDS * (LatinNames.MAX_WORD + 4);

  private final String ruleId;
  private final double minScore;
  private final LatinNames latin;
  private final HanNames han;
  private final CsvNameColumns columns;

  private PersonDetector(String ruleId, double minScore, NameLists lists) {
    this.ruleId = ruleId;
    this.minScore = minScore;
    this.latin = new LatinNames(lists);
    this.han = new HanNames(lists.han());
    this.columns = new CsvNameColumns(lists.han());
  }

  /** Returns a detector reporting names that score at least {@code minScore}, with the shipped lists. */
  public static PersonDetector of(String ruleId, double minScore) {
    requireNonNull(ruleId, "ruleId");
    if (!(minScore > 0 && minScore <= 1)) {
      throw new IllegalArgumentException("minScore: " + minScore + " (expected: > 0 and <= 1)");
    }
    return new PersonDetector(ruleId, minScore, NameLists.shipped());
  }

  @Override
  public List<Finding> scan(ScanText text) {
    char[] units = text.units();
    int n = text.original().length();
    List<NameSpan> spans = null;
    boolean tabled = false;
    for (int i = 0; i < n; i++) {
      char c = units[i];
      // the precondition: a capital letter or a Han character, else no name can be found
      if (c >= HanTables.FIRST && c <= HanTables.LAST || LatinNames.upper(c)) {
        spans = new ArrayList<>();
        latin.find(units, n, minScore, spans);
        han.find(units, n, minScore, spans);
        int before = spans.size();
        columns.find(text.original(), units, n, spans);
        tabled = spans.size() > before;
        break;
      }
    }
    if (spans == null || spans.isEmpty()) {
      return List.of();
    }
    spans.sort((a, b) -> Integer.compare(a.start(), b.start()));
    if (tabled) {
      dropOverlaps(spans);
    }
    List<Finding> out = new ArrayList<>(spans.size());
    for (NameSpan s : spans) {
      out.add(new Finding(ruleId, "PERSON", s.start(), s.end(), s.score(), s.explanation()));
    }
    return out;
  }

  /** Drops from {@code spans}, sorted by start, each span that overlaps the one kept before it. */
  private static void dropOverlaps(List<NameSpan> spans) {
    int kept = 0;
    for (int i = 0; i < spans.size(); i++) {
      NameSpan s = spans.get(i);
      if (kept == 0 || s.start() >= spans.get(kept - 1).end()) {
        spans.set(kept++, s);
      }
    }
    spans.subList(kept, spans.size()).clear();
  }

  @Override
  public int maxMatchLength() {
    return MAX_MATCH;
  }

  @Override
  public String toString() {
    return "PersonDetector[" + ruleId + ", minScore=" + minScore + "]";
  }
}
