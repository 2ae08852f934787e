package io.kexin.gateway.detect.keyword;

import io.kexin.gateway.detect.regex.LiteralAutomaton;
import io.kexin.gateway.text.NormalizedText;
import io.kexin.gateway.text.Normalizer;
import io.kexin.gateway.text.ScanText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tells which keyword detectors of a set may find something in a text: one pass of one automaton over the terms of
 * them all, cached in the {@link ScanText}, instead of one pass per detector. A detector none of whose terms occurs
 * in the normalized text (word boundaries aside) cannot match, so it skips its own pass; one whose term occurs runs
 * it to decide boundaries and leftmost-longest choice exactly as alone. The pass runs a {@link LiteralAutomaton}
 * (a complete DFA: one load a step, most units skipped by its start filter) rather than the detectors' own
 * {@link AhoCorasick}, which keeps failure links for leftmost-longest matching that presence does not need. A small
 * term set first asks its {@link AnchorFilter}, which rules out most texts from their units as they are, so that they
 * are neither normalized nor walked.
 * Immutable and thread-safe.
 */
final class KeywordGate implements ScanText.Derivation<boolean[]> {
  private final Normalizer normalizer;
  private final LiteralAutomaton automaton;
  /** Tells, on most texts without a term, that none occurs without normalizing them; null for a large term set. */
  private final AnchorFilter anchors;
  /** By distinct term id: the indexes of the detectors that hold the term. */
  private final int[][] holders;
  private final int detectors;

  private KeywordGate(Normalizer normalizer, LiteralAutomaton automaton, AnchorFilter anchors, int[][] holders,
      int detectors) {
    this.normalizer = normalizer;
    this.automaton = automaton;
    this.anchors = anchors;
    this.holders = holders;
    this.detectors = detectors;
  }

  /** Returns a gate over the terms of {@code keysByDetector}, normalized with {@code normalizer}, by list index. */
  static KeywordGate of(Normalizer normalizer, List<String[]> keysByDetector) {
    Map<String, List<Integer>> holdersOf = new LinkedHashMap<>();
    for (int d = 0; d < keysByDetector.size(); d++) {
      for (String key : keysByDetector.get(d)) {
        List<Integer> h = holdersOf.computeIfAbsent(key, k -> new ArrayList<>(1));
        if (h.isEmpty() || h.get(h.size() - 1) != d) {
          h.add(d);
        }
      }
    }
    String[] keys = holdersOf.keySet().toArray(new String[0]);
    int[][] holders = holdersOf.values().stream()
        .map(h -> h.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
    return new KeywordGate(normalizer, LiteralAutomaton.build(keys, null, c -> c), AnchorFilter.of(normalizer, keys),
        holders, keysByDetector.size());
  }

  /** Returns whether the normalizer of {@code text} is the one the gate's terms were normalized with. */
  boolean reads(ScanText text) {
    return text.normalizer() == normalizer;
  }

  /** Returns, by detector index, whether a term of that detector occurs in {@code text}; once per text. */
  boolean[] open(ScanText text) {
    return text.derived(this);
  }

  @Override
  public boolean[] derive(ScanText text) {
    boolean[] open = new boolean[detectors];
    if (anchors != null && !anchors.mayOccur(text.units(), text.original().length())) {
      return open;
    }
    NormalizedText normalized = text.normalized();
    automaton.scan(normalized.units(), normalized.length(), (terms, end) -> {
      for (int term : terms) {
        for (int d : holders[term]) {
          open[d] = true;
        }
      }
    });
    return open;
  }

  @Override
  public String toString() {
    return "KeywordGate[detectors=" + detectors + ", terms=" + holders.length + (anchors != null ? ", anchored" : "")
        + "]";
  }
}
