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
 * and every run of ASCII digits; and, in the same pass, which of a set of keywords the text holds (the gate of the
 * secret rules, ignoring case as {@link String#regionMatches(boolean, int, String, int, int)} does once the first
 * unit equals the keyword's, its lower or its upper case; keywords with surrogates are left to the caller). The
 * result is cached in the {@link ScanText}, keyed by this instance, so the detectors of a policy set that share
 * one prefilter scan each text once. Immutable and thread-safe.
 */
final class RegexPrefilter implements ScanText.Derivation<RegexPrefilter.Hits> {
  private final boolean normalized;
  private final String[] literals;
  /** Keywords whose presence the scan reports; automaton ids {@code literals.length + k}. */
  private final List<String> keywords;
  /** One automaton over all literals and keywords without surrogates, case-folded. */
  private final LiteralAutomaton automaton;
  private final boolean digitRuns;
  /** The hits of a text holding none: shared, never modified. */
  private final boolean[] noKeywords;
  private static final int[] NO_RUNS = new int[0];
  private static final long[] NO_LITERALS = new long[0];
  /** Below this many hits a text's hits are sorted by comparison, above it by counting. */
  private static final int SMALL_SORT = 24;

  private RegexPrefilter(boolean normalized, String[] literals, List<String> keywords, boolean digitRuns) {
    this.normalized = normalized;
    this.literals = literals;
    this.keywords = keywords;
    this.digitRuns = digitRuns;
    this.noKeywords = new boolean[keywords.size()];
    String[] keys = new String[literals.length + keywords.size()];
    boolean[] skip = new boolean[keys.length];
    System.arraycopy(literals, 0, keys, 0, literals.length);
    for (int k = 0; k < keywords.size(); k++) {
      String w = keywords.get(k);
      char[] folded = new char[w.length()];
      for (int i = 0; i < w.length(); i++) {
        skip[literals.length + k] |= Character.isSurrogate(w.charAt(i));
        folded[i] = Literals.fold(w.charAt(i));
      }
      keys[literals.length + k] = new String(folded);
    }
    this.automaton = LiteralAutomaton.build(keys, skip, c -> Literals.fold((char) c));
  }

  /**
   * Returns one prefilter for the literals of {@code conditions}, scanning the normalized text when
   * {@code normalized} is set; the literal ids are in {@link #idsOf(Condition)}.
   */
  static RegexPrefilter of(List<Condition> conditions, boolean normalized) {
    return of(conditions, normalized, List.of());
  }

  /**
   * Returns what {@link #of(List, boolean)} returns, also telling which of {@code keywords} (non-empty, distinct)
   * each text holds, by their index in the list.
   */
  static RegexPrefilter of(List<Condition> conditions, boolean normalized, List<String> keywords) {
    requireNonNull(conditions, "conditions");
    Map<String, Integer> ids = new LinkedHashMap<>();
    boolean digits = false;
    for (Condition c : conditions) {
      for (String l : c.literals()) {
        ids.putIfAbsent(l, ids.size());
      }
      digits |= c.digitRun() > 0;
    }
    return new RegexPrefilter(normalized, ids.keySet().toArray(new String[0]), List.copyOf(keywords), digits);
  }

  /** Returns the keywords whose presence {@link Hits#keywords()} reports, in their order. */
  List<String> keywords() {
    return keywords;
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
    char[] units = normalized ? text.normalized().units() : text.units();
    Collect hits = new Collect(s);
    automaton.scan(units, s.length(), hits);
    return new Hits(s, hits.literals(), hits.seen, digitRuns ? units : null,
        hits.present == null ? noKeywords : hits.present);
  }

  /**
   * Collects the hits of one scan as {@code id << 32 | end} values, few on most texts, so nothing is made per
   * literal; the keyword array is made on the first keyword.
   */
  private final class Collect implements LiteralAutomaton.Sink {
    private final String text;
    private long[] hits = NO_LITERALS;
    private int size;
    private boolean[] present;
    /** By literal id, whether the literal occurs: made on the first literal hit. */
    private long[] seen = NO_LITERALS;

    Collect(String text) {
      this.text = text;
    }

    @Override
    public void ended(int[] ids, int end) {
      for (int id : ids) {
        if (id >= literals.length) {
          keyword(id - literals.length, end);
          continue;
        }
        if (size == hits.length) {
          hits = Arrays.copyOf(hits, Math.max(16, size * 2));
          if (size == 0) {
            seen = new long[(literals.length + 63) >>> 6];
          }
        }
        hits[size++] = (long) id << 32 | end;
        seen[id >>> 6] |= 1L << id;
      }
    }

    /**
     * Returns the hits by literal id, then end: they came in by end, so a stable counting sort by id orders them (a
     * text holding many literals, {@code .} and {@code -} in prose, would otherwise pay a comparison sort).
     */
    long[] literals() {
      if (size == 0) {
        return NO_LITERALS;
      }
      if (size < SMALL_SORT) {
        long[] sorted = Arrays.copyOf(hits, size);
        Arrays.sort(sorted);
        return sorted;
      }
      int[] firsts = new int[literals.length + 1];
      for (int k = 0; k < size; k++) {
        firsts[(int) (hits[k] >>> 32) + 1]++;
      }
      for (int id = 1; id < firsts.length; id++) {
        firsts[id] += firsts[id - 1];
      }
      long[] sorted = new long[size];
      for (int k = 0; k < size; k++) {
        sorted[firsts[(int) (hits[k] >>> 32)]++] = hits[k];
      }
      return sorted;
    }

    private void keyword(int k, int end) {
      String w = keywords.get(k);
      if ((present == null || !present[k]) && LiteralAutomaton.firstUnitMatches(text.charAt(end - w.length()), w.charAt(0))) {
        if (present == null) {
          present = new boolean[keywords.size()];
        }
        present[k] = true;
      }
    }
  }

  /** Returns the runs of ASCII digits of the first {@code n} units of {@code s} as {@code [start, end)} pairs. */
  static int[] digitRuns(char[] s, int n) {
    IntList runs = new IntList();
    int i = 0;
    while (i < n) {
      if ((char) (s[i] - '0') > 9) {
        i++;
        continue;
      }
      int start = i;
      while (i < n && (char) (s[i] - '0') <= 9) {
        i++;
      }
      runs.add(start);
      runs.add(i);
    }
    return runs.toArray();
  }

  @Override
  public String toString() {
    return "RegexPrefilter[literals=" + literals.length + ", keywords=" + keywords.size() + ", normalized="
        + normalized + "]";
  }

  /**
   * Holds the hits of one text: the literal occurrences as {@code id << 32 | end}, increasing (so by id, then end),
   * the digit runs as {@code [start, end)} pairs, increasing, found on first use (most texts are ruled out by their
   * keywords or literals before a rule asks), and by keyword index whether the text holds the keyword (false for
   * keywords with surrogates). Confined to the thread scanning the text; do not modify the arrays.
   */
  static final class Hits {
    private final String text;
    private final long[] literals;
    /**
     * By literal id, a bit set when the literal occurs (empty when none does): most of a rule's literals are absent
     * from a text, and a bit test tells so where two binary searches over the hits did (4 % of the pack route's
     * event loop, the licence-plate rule's 31 literals on every text).
     */
    private final long[] seen;
    private final boolean[] keywords;
    /** The text's units while its digit runs are still to be found; null once found or when none are looked for. */
    private char[] units;
    private int[] digitRuns = NO_RUNS;

    Hits(String text, long[] literals, long[] seen, char[] units, boolean[] keywords) {
      this.text = text;
      this.literals = literals;
      this.seen = seen;
      this.units = units;
      this.keywords = keywords;
    }

    /** Returns the text the hits are in. */
    String text() {
      return text;
    }

    /** Returns the literal occurrences as {@code id << 32 | end}, increasing. */
    long[] literals() {
      return literals;
    }

    /** Returns the runs of ASCII digits as {@code [start, end)} pairs, increasing; none when not looked for. */
    int[] digitRuns() {
      char[] u = units;
      if (u != null) {
        digitRuns = RegexPrefilter.digitRuns(u, text.length());
        units = null;
      }
      return digitRuns;
    }

    /** Returns by keyword index whether the text holds the keyword. */
    boolean[] keywords() {
      return keywords;
    }

    /** Returns the index in {@link #literals()} of the first occurrence of literal {@code id} or a later one. */
    int from(int id) {
      int i = Arrays.binarySearch(literals, (long) id << 32);
      return i >= 0 ? i : -i - 1;
    }

    /** Says whether literal {@code id} occurs. */
    boolean holds(int id) {
      int word = id >>> 6;
      return word < seen.length && (seen[word] & 1L << id) != 0;
    }

    /** Returns how many times literal {@code id} occurs. */
    int count(int id) {
      return holds(id) ? from(id + 1) - from(id) : 0;
    }

    /** Returns the end offset of occurrence {@code index} of {@link #literals()}. */
    int end(int index) {
      return (int) literals[index];
    }
  }

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
