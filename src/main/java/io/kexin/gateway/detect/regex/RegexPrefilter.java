package io.kexin.gateway.detect.regex;

import static java.util.Objects.requireNonNull;

import io.kexin.gateway.text.ScanText;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds, in one pass over a text, what the regex detectors sharing it need to rule the text out or to narrow their
 * search: every occurrence of every required literal (one Aho–Corasick automaton over all of them, case-folded)
 * and every run of ASCII digits. The result is cached in the {@link ScanText}, keyed by this instance, so the
 * detectors of a policy set that share one prefilter scan each text once. Immutable and thread-safe.
 */
final class RegexPrefilter implements ScanText.Derivation<RegexPrefilter.Hits> {
  private final boolean normalized;
  private final String[] literals;
  /** Maps a UTF-16 unit to the class of its folding among the literal units, 0 for none. */
  private final char[] classOf;
  private final int classes;
  /**
   * DFA over classes: {@code delta[state * classes + class]} holds the next state times {@code classes}, with the
   * sign bit set when that state has outputs, so that a step is one load.
   */
  private final int[] delta;
  /** Literal ids ending at each state, failure chain included; null when none. */
  private final int[][] outputs;
  private final boolean digitRuns;

  private RegexPrefilter(boolean normalized, String[] literals, boolean digitRuns) {
    this.normalized = normalized;
    this.literals = literals;
    this.digitRuns = digitRuns;
    LiteralAutomaton dfa = LiteralAutomaton.build(literals, null, c -> Literals.fold((char) c));
    classOf = dfa.classOf();
    classes = dfa.classes();
    delta = dfa.delta();
    outputs = dfa.outputs();
  }

  /**
   * Returns one prefilter for the literals of {@code conditions}, scanning the normalized text when
   * {@code normalized} is set; the literal ids are in {@link #idsOf(Condition)}.
   */
  static RegexPrefilter of(List<Condition> conditions, boolean normalized) {
    requireNonNull(conditions, "conditions");
    Map<String, Integer> ids = new LinkedHashMap<>();
    boolean digits = false;
    for (Condition c : conditions) {
      for (String l : c.literals()) {
        ids.putIfAbsent(l, ids.size());
      }
      digits |= c.digitRun() > 0;
    }
    return new RegexPrefilter(normalized, ids.keySet().toArray(new String[0]), digits);
  }

  /** Returns the ids of the literals of {@code condition}, which must be one this prefilter was built from. */
  int[] idsOf(Condition condition) {
    List<String> all = Arrays.asList(literals);
    return condition.literals().stream().mapToInt(l -> {
      int id = all.indexOf(l);
      if (id < 0) {
        throw new IllegalArgumentException("literal not in this prefilter: " + l.length() + " chars");
      }
      return id;
    }).toArray();
  }

  /** Returns the length of literal {@code id}. */
  int literalLength(int id) {
    return literals[id].length();
  }

  /** Returns whether this prefilter scans the normalized text. */
  boolean normalized() {
    return normalized;
  }

  /** Returns the hits in {@code text}, computed once per text and prefilter. */
  Hits hits(ScanText text) {
    return text.derived(this);
  }

  @Override
  public Hits derive(ScanText text) {
    String s = normalized ? text.normalized().text() : text.original();
    int n = s.length();
    int[][] ends = new int[literals.length][];
    int[] counts = new int[literals.length];
    IntList runs = new IntList();
    char[] classOf = this.classOf;
    int[] delta = this.delta;
    int classes = this.classes;
    int state = 0;
    int runStart = -1;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (digitRuns) {
        if (c >= '0' && c <= '9') {
          if (runStart < 0) {
            runStart = i;
          }
        } else if (runStart >= 0) {
          runs.add(runStart);
          runs.add(i);
          runStart = -1;
        }
      }
      int cls = classOf[c];
      if ((state | cls) == 0) {
        // The root stays the root on units outside every literal, and outputs nothing.
        continue;
      }
      int next = delta[state + cls];
      state = next & Integer.MAX_VALUE;
      if (next < 0) {
        for (int id : outputs[state / classes]) {
          int[] e = ends[id];
          if (e == null) {
            e = ends[id] = new int[8];
          } else if (counts[id] == e.length) {
            e = ends[id] = Arrays.copyOf(e, e.length * 2);
          }
          e[counts[id]++] = i + 1;
        }
      }
    }
    if (runStart >= 0) {
      runs.add(runStart);
      runs.add(n);
    }
    return new Hits(s, ends, counts, runs.toArray());
  }

  @Override
  public String toString() {
    return "RegexPrefilter[literals=" + literals.length + ", normalized=" + normalized + "]";
  }

  /**
   * Holds the hits of one text: for each literal id the end offsets of its occurrences, increasing, and the
   * digit runs as {@code [start, end)} pairs, increasing. Immutable once built; do not modify the arrays.
   */
  record Hits(String text, int[][] ends, int[] counts, int[] digitRuns) {}

  /** Collects ints; not thread-safe. */
  private static final class IntList {
    private int[] values = new int[16];
    private int size;

    void add(int v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    int[] toArray() {
      return Arrays.copyOf(values, size);
    }
  }
}
