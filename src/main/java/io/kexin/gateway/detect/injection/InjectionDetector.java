package io.kexin.gateway.detect.injection;

import static java.util.Objects.requireNonNull;

import io.kexin.gateway.detect.CueAutomaton;
import io.kexin.gateway.detect.CueWalk;
import io.kexin.gateway.detect.Detector;
import io.kexin.gateway.detect.Finding;
import io.kexin.gateway.detect.RiskCategory;
import io.kexin.gateway.detect.WordChars;
import io.kexin.gateway.text.NormalizedText;
import io.kexin.gateway.text.Normalizer;
import io.kexin.gateway.text.ScanText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds prompt injection and jailbreak attempts in English and Chinese with scored heuristics (see
 * {@code heuristics.txt}): instruction overrides, system-prompt extraction, chat-template tokens and fake headers,
 * role-play and "developer mode" personas, planted context, instructions hidden in HTML comments and styled-away
 * text, markdown image URLs that would carry data out, and any of these hidden by base64, hex, URL encoding, ROT13,
 * Unicode tag characters or letters spaced apart (decoded within bounds, two levels deep, and scanned again). Each
 * finding is the evidence span with a score; findings below the rule's minimum score are not reported. Words about
 * attacks (or fiction) before quoted evidence (a question about prompt injection) lower its score. Linear in the
 * text. Immutable and thread-safe.
 *
 * <p>It reads invisible characters itself (Unicode tags carry payloads); every other pass reads the normalized text,
 * where they are gone.
 */
public final class InjectionDetector implements Detector {
  /** Longest finding, in original units: spans are cut there. */
  static final int MAX_SPAN = Payloads.BLOCK;
  /** Bound on a match and on the context read before it, in original units (normalization removes units). */
  static final int MAX_MATCH = 16_384;
  static final int MAX_DEPTH = 2;
  static final int DECODE_BUDGET = 1 << 16;
  static final int COMMENT_WINDOW = 2048;
  static final int HIDDEN_WINDOW = 400;
  static final int IMAGE_WINDOW = 2400;
  static final int DISCUSS_WINDOW = 300;
  static final int NEAR_DISCUSS = 60;
  static final int QUOTE_WINDOW = 1000;
  /** Reach after a chat-template token of a word that names it as a thing ("the [INST] token"). */
  static final int NAMED_AFTER = 16;
  /** Span of normalized text in which weak evidence of different heuristics adds up. */
  static final int COMBINE_WINDOW = 2000;
  static final double WEAKEST = 0.25;
  private static final int MAX_COMBINED = 256;
  private static final int MAX_STEPS = 8;
  /** Bound on a literal term's length and on the number of literal terms, which {@link #rawLiterals} packs. */
  static final int LENGTH_MASK = 0xFFFF;
  private static final String[] PLACEHOLDERS = {"{", "}", "[", "]", "<", ">", "$", "%7b", "data", "secret",
      "password", "history", "conversation", "chat", "summary", "key", "token", "info", "message", "prompt", "记录",
      "密码", "内容", "信息", "聊天", "对话", "摘要"};

  private final String ruleId;
  private final double minScore;
  private final Set<RiskCategory> categories;
  private final Normalizer normalizer;
  private final Heuristics h;
  /** The shared walk that finds the cues of a whole normalized text with other detectors' terms, or null. */
  private final CueWalk.Part walk;

  /** Holds one piece of evidence while a text is analysed: a span, a weight and what it is. */
  private record Evidence(int start, int end, double weight, String entity, RiskCategory category, String why) {
    Evidence scaled(double factor, String reason) {
      return new Evidence(start, end, weight * factor, entity, category, why + "; " + reason);
    }
  }

  private InjectionDetector(String ruleId, double minScore, Set<RiskCategory> categories, Normalizer normalizer) {
    this(ruleId, minScore, categories, normalizer, Heuristics.shipped(normalizer), null);
  }

  private InjectionDetector(String ruleId, double minScore, Set<RiskCategory> categories, Normalizer normalizer,
      Heuristics h, CueWalk.Part walk) {
    this.ruleId = requireNonNull(ruleId, "ruleId");
    if (!(minScore >= 0 && minScore <= 1)) {
      throw new IllegalArgumentException("minScore: " + minScore + " (expected: 0..1)");
    }
    this.minScore = minScore;
    this.categories = categories.isEmpty() ? EnumSet.of(RiskCategory.INJECTION, RiskCategory.JAILBREAK)
        : EnumSet.copyOf(categories);
    for (RiskCategory c : this.categories) {
      if (c != RiskCategory.INJECTION && c != RiskCategory.JAILBREAK) {
        throw new IllegalArgumentException("categories: " + c.id() + " (expected: injection, jailbreak or both)");
      }
    }
    this.normalizer = requireNonNull(normalizer, "normalizer");
    this.h = h;
    this.walk = walk;
  }

  /**
   * Returns a detector reporting findings under {@code ruleId} that score at least {@code minScore}, in
   * {@code categories} (injection, jailbreak; both when empty).
   */
  public static InjectionDetector of(String ruleId, double minScore, Set<RiskCategory> categories) {
    return new InjectionDetector(ruleId, minScore, categories, ScanText.defaultNormalizer());
  }

  /** Returns the normalizer that the cue terms are normalized with and that texts are read through. */
  public Normalizer normalizer() {
    return normalizer;
  }

  /** Returns the cue terms matched on the normalized text, in the order of their automaton: what a shared walk needs. */
  public List<String> cueTerms() {
    return h.keys;
  }

  /**
   * Returns this detector finding the cues of a whole normalized text through {@code walk}, a part of a walk shared
   * with other detectors over {@link #cueTerms()} and this detector's normalizer (the same findings, one walk).
   */
  public InjectionDetector walkingWith(CueWalk.Part walk) {
    return new InjectionDetector(ruleId, minScore, categories, normalizer, h, requireNonNull(walk, "walk"));
  }

  @Override
  public List<Finding> scan(ScanText text) {
    requireNonNull(text, "text");
    List<Evidence> evidence = analyze(text.original(), text.units(), normalized(text), text, 0,
        new int[] {DECODE_BUDGET});
    List<Finding> findings = new ArrayList<>();
    for (Evidence e : evidence) {
      if (e.weight() >= minScore && categories.contains(e.category())) {
        double score = Math.round(e.weight() * 1000) / 1000.0;
        findings.add(new Finding(ruleId, e.entity(), e.start(), e.end(), score, e.why(), e.category()));
      }
    }
    findings.sort(Comparator.comparingInt(Finding::start).thenComparingInt(Finding::end)
        .thenComparing(Finding::entity));
    List<Finding> distinct = new ArrayList<>(findings.size());
    for (Finding f : findings) {
      Finding last = distinct.isEmpty() ? null : distinct.get(distinct.size() - 1);
      if (last != null && last.start() == f.start() && last.end() == f.end() && last.entity().equals(f.entity())) {
        if (f.score() > last.score()) {
          distinct.set(distinct.size() - 1, f);
        }
      } else {
        distinct.add(f);
      }
    }
    return distinct;
  }

  @Override
  public int maxMatchLength() {
    return MAX_MATCH;
  }

  @Override
  public boolean judgesText() {
    return true;
  }

  @Override
  public boolean readsInvisible() {
    return true;
  }

  /**
   * Returns where the earliest evidence that more text could still create or change may start: a cue term still
   * unfinished at the stable end of the normalized text (or finished there, its word boundary undecided), a chain of
   * cues that a next cue within its gap could complete, an HTML comment or hidden region still open, a markdown
   * image still within reach, a run of encodable characters or of spaced single letters at the end (its decoded
   * text may still change), and a spelled word whose reading's context still reaches the end.
   */
  @Override
  public int liveFrom(ScanText text) {
    requireNonNull(text, "text");
    String original = text.original();
    int n = original.length();
    if (n == 0) {
      return 0;
    }
    NormalizedText norm = normalized(text);
    int m = norm.length();
    int live = n;
    if (m > 0) {
      char[] u = norm.units();
      int e = norm.stableEnd();
      int start = Math.min(e, h.automaton.liveStart(u, e, false));
      int[] occ = occurrences(original, norm, e, null);
      for (int k = 0; k < occ.length / 4; k++) {
        if (occ[4 * k + 2] >= e - 1) {
          start = Math.min(start, occ[4 * k + 1]);
        }
      }
      // A cue still being written (or whose boundary is undecided) may start here: a chain within its gap of it lives.
      int pending = start;
      List<Evidence> weak = new ArrayList<>();
      ChainStates states = chains(occ, weak);
      int stableEnd = e < m ? norm.originalStart(e) : n;
      for (Evidence ev : weak) {
        if (norm.originalStart(ev.start()) + COMBINE_WINDOW > stableEnd) {
          start = Math.min(start, ev.start());
        }
      }
      for (int slot = 0; slot < states.capacity(); slot++) {
        int at = states.stepAt(slot);
        if (at < 0) {
          continue;
        }
        Heuristics.Pattern p = h.patterns.get(at / MAX_STEPS);
        if (at % MAX_STEPS < p.classes().length - 1 && states.end(slot) - 1 + p.gap() >= Math.min(e, pending)) {
          start = Math.min(start, states.start(slot));
        }
      }
      live = start >= m ? n : norm.originalStart(start);
    }
    int stable = n - 1;
    int[] literal = literals(original, text.units(), stable, text.derived(PayloadGates.PASS));
    live = Math.min(live, Math.min(literal[0], h.literal.liveStart(text.units(), stable, true)));
    for (int k = 1; k + 2 < literal.length; k += 3) {
      int c = literal[k];
      int s = literal[k + 1];
      if (s + COMBINE_WINDOW > stable || c == h.hidden && literal[k + 2] + HIDDEN_WINDOW > stable) {
        live = Math.min(live, s);
      }
    }
    int open = openComment(literal, stable);
    if (open >= 0) {
      live = Math.min(live, open);
    }
    for (int at = original.indexOf("![", Math.max(0, n - IMAGE_WINDOW)); at >= 0; at = original.indexOf("![", at + 1)) {
      live = Math.min(live, at);
      break;
    }
    live = Math.min(live, SpacedLetters.trailingStart(original));
    live = Math.min(live, SpelledReadings.liveStart(original, SpacedLetters.find(original, text.units(), MAX_SPAN)));
    int k = n;
    while (k > 0 && encodable(original.charAt(k - 1))) {
      k--;
    }
    if (k < n) {
      live = Math.min(live, Math.max(k, n - MAX_SPAN));
    }
    return Math.max(0, Math.min(live, n));
  }

  private NormalizedText normalized(ScanText text) {
    return text.normalizer() == normalizer ? text.normalized() : normalizer.normalize(text.original());
  }

  /**
   * Returns the evidence in {@code original}, whose normalized form is {@code norm}, at original offsets;
   * {@code text} is its scan text, or null for a decoded payload: its cues are then read from the shared walk when
   * that serves it, and its payload gates from the pass the policy engine reads too.
   */
  private List<Evidence> analyze(String original, char[] units, NormalizedText norm, ScanText text, int depth,
      int[] budget) {
    boolean walked = text != null && walk != null && walk.serves(text) && text.normalizer() == normalizer;
    int[] occ = occurrences(original, norm, norm.length(), walked ? text : null);
    List<Evidence> found = new ArrayList<>();
    chains(occ, found);
    List<Evidence> mapped = new ArrayList<>(found.size() + 4);
    // Evidence this weak is never reported, combined, raised by a region or taken from a payload, and dampening only
    // lowers it: left out, it spares the offsets of texts that hold nothing stronger.
    double floor = depth == 0 ? Math.min(WEAKEST, minScore) : WEAKEST;
    for (Evidence e : found) {
      if (e.weight() < floor) {
        continue;
      }
      int s = norm.originalStart(e.start());
      int end = Math.min(norm.originalEnd(e.end() - 1), s + MAX_SPAN);
      mapped.add(new Evidence(s, end, e.weight(), e.entity(), e.category(), e.why()));
    }
    PayloadGates gates = text != null ? text.derived(PayloadGates.PASS) : PayloadGates.of(units, original.length());
    int[] literal = literals(original, units, original.length(), gates);
    for (int k = 1; k + 2 < literal.length; k += 3) {
      for (int code : h.steps[literal[k]]) {
        Heuristics.Pattern p = h.patterns.get(code >>> 8);
        if (p.classes().length == 1) {
          mapped.add(new Evidence(literal[k + 1], literal[k + 2], p.weight(), p.entity(), p.category(),
              h.description(p)));
        }
      }
    }
    images(original, mapped);
    regions(literal, original.length(), mapped);
    combine(mapped);
    dampen(occ, norm, original, mapped);
    if (depth < MAX_DEPTH && budget[0] > 0) {
      List<Payloads.Decoded> hidden = new ArrayList<>(gates.prose() ? Payloads.find(original, budget[0]) : List.of());
      List<Payloads.Decoded> spaced = SpacedLetters.find(original, gates.spacedStart(), budget[0]);
      hidden.addAll(spaced);
      if (depth == 0) {
        spelled(original, spaced, gates.leet(), budget, mapped);
      }
      for (Payloads.Decoded d : hidden) {
        budget[0] -= d.text().length();
        Evidence best = null;
        for (Evidence inner : analyze(d.text(), d.text().toCharArray(), normalizer.normalize(d.text()), null,
            depth + 1, budget)) {
          if (best == null || inner.weight() > best.weight()) {
            best = inner;
          }
        }
        if (best != null && best.weight() >= 0.4) {
          mapped.add(new Evidence(d.start(), d.end(), Math.min(0.97, best.weight() + 0.05), "ENCODED_PAYLOAD",
              best.category(), d.encoding() + "-encoded " + best.entity() + " (" + best.why() + ")"));
        }
      }
    }
    return mapped;
  }

  /**
   * Adds to {@code mapped} what the sentences around words spelled with leet digits or spaced letters say when those
   * words are read plainly ({@link SpelledReadings}): per word, the strongest evidence that runs over it, on the word,
   * raised as a payload's is.
   */
  private void spelled(String original, List<Payloads.Decoded> spaced, boolean leet, int[] budget,
      List<Evidence> mapped) {
    for (SpelledReadings.Reading r : SpelledReadings.find(original, spaced, leet, budget[0])) {
      budget[0] -= r.text().length();
      Evidence best = null;
      for (Evidence inner : analyze(r.text(), r.text().toCharArray(), normalizer.normalize(r.text()), null, 1,
          budget)) {
        if (r.touches(inner.start(), inner.end()) && (best == null || inner.weight() > best.weight())) {
          best = inner;
        }
      }
      if (best != null && best.weight() >= 0.4) {
        mapped.add(new Evidence(r.start(), r.end(), Math.min(0.97, best.weight() + 0.05), best.entity(),
            best.category(), "spelled-out " + best.entity() + " (" + best.why() + ")"));
      }
    }
  }

  /**
   * Returns the {@link Heuristics#LITERAL} cues found in the first {@code limit} units of the original text
   * (chat-template tokens, headers, HTML comment marks, hiding styles; ASCII case folded): element 0 is where one that
   * more text could still complete or cancel may start ({@code limit} when none), then {@code (class, start, end)}
   * triples at original offsets; {@code gates} are the {@link PayloadGates} of the whole text.
   */
  private int[] literals(String original, char[] u, int limit, PayloadGates gates) {
    int n = original.length();
    int[] out = new int[16];
    int size = 1;
    out[0] = limit;
    long[] raw = rawLiterals(original, u, limit, gates);
    for (long r : raw) {
      int e = (int) (r >>> 32);
      int s = e - (LENGTH_MASK - (int) (r >>> 16 & LENGTH_MASK));
      int term = (int) (r & LENGTH_MASK);
      int f = h.literalFlags[term];
      if ((f & Heuristics.LEFT_BOUNDARY) != 0 && s > 0 && wordUnit(fold(u[s - 1]))
          || (f & Heuristics.LINE_START) != 0 && !lineStart(original, s)) {
        continue;
      }
      if ((f & Heuristics.RIGHT_BOUNDARY) != 0 && e >= limit) {
        out[0] = Math.min(out[0], s);
        continue;
      }
      if ((f & Heuristics.RIGHT_BOUNDARY) != 0 && e < n && wordUnit(fold(u[e]))) {
        continue;
      }
      if (size + 3 > out.length) {
        out = Arrays.copyOf(out, out.length * 2);
      }
      out[size++] = h.literalClass[term];
      out[size++] = s;
      out[size++] = e;
    }
    return Arrays.copyOf(out, size);
  }

  /**
   * Returns the literal cue terms in the first {@code limit} units of {@code u}, the units of {@code original}, ASCII
   * case folded (less the line-start terms away from a line start), in the order an Aho-Corasick pass reports them
   * (by end, the longer first, then by term), each as {@code end << 32 | (LENGTH_MASK - length) << 16 | term}.
   */
  private long[] rawLiterals(String original, char[] u, int limit, PayloadGates gates) {
    long[][] buffer = {new long[0]};
    int[] size = {0};
    h.literalCues.findAll(original, u, limit, gates, (term, s, e) -> {
      if (size[0] == buffer[0].length) {
        buffer[0] = Arrays.copyOf(buffer[0], Math.max(8, size[0] * 2));
      }
      buffer[0][size[0]++] = (long) e << 32 | (long) (LENGTH_MASK - (e - s)) << 16 | term;
    });
    long[] raw = Arrays.copyOf(buffer[0], size[0]);
    Arrays.sort(raw);
    return raw;
  }

  private static char fold(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
  }

  /**
   * Returns the cue occurrences in the first {@code limit} units of the normalized text, sorted by start, as
   * {@code (class, start, end, flags)} quadruples; terms whose word boundary or line start does not hold are left out,
   * and so is every cue inside a {@code NOT} term ("don't forget" holds no IGNORE). The cues of the whole text
   * are read from the shared walk over {@code shared} when not null.
   */
  private int[] occurrences(String original, NormalizedText norm, int limit, ScanText shared) {
    char[] u = norm.units();
    int m = norm.length();
    boolean walked = shared != null && limit == m;
    // Sized once from the shared walk: grown by doubling, the buffer of a 2 KB prompt was copied three times.
    int[][] buffer = {new int[walked ? Math.max(64, 4 * walk.bound(shared)) : 64]};
    int[] size = {0};
    CueAutomaton.Sink sink = (term, s, e) -> {
      int f = h.termFlags[term];
      if ((f & Heuristics.LEFT_BOUNDARY) != 0 && s > 0 && wordUnit(u[s - 1])
          || (f & Heuristics.RIGHT_BOUNDARY) != 0 && e < m && wordUnit(u[e])
          || (f & Heuristics.LINE_START) != 0 && !lineStart(original, norm.originalStart(s))) {
        return;
      }
      if (size[0] + 4 > buffer[0].length) {
        buffer[0] = Arrays.copyOf(buffer[0], buffer[0].length * 2);
      }
      int[] b = buffer[0];
      b[size[0]++] = h.termClass[term];
      b[size[0]++] = s;
      b[size[0]++] = e;
      b[size[0]++] = f;
    };
    if (walked) {
      walk.findAll(shared, sink);
    } else {
      h.automaton.findAll(u, limit, sink);
    }
    int count = size[0] / 4;
    int[] b = buffer[0];
    long[] order = new long[count];
    for (int k = 0; k < count; k++) {
      order[k] = (long) b[4 * k + 1] << 40 | (long) b[4 * k + 2] << 20 | k;
    }
    Arrays.sort(order);
    int[] sorted = new int[count * 4];
    int kept = 0;
    int notEnd = -1;
    for (int k = 0; k < count; k++) {
      int from = (int) (order[k] & 0xFFFFF);
      if (b[4 * from] == h.not) {
        notEnd = Math.max(notEnd, b[4 * from + 2]);
      }
      for (int l = k + 1; l < count && (int) (order[l] >>> 40) == b[4 * from + 1]; l++) {
        int other = (int) (order[l] & 0xFFFFF);
        if (b[4 * other] == h.not) {
          notEnd = Math.max(notEnd, b[4 * other + 2]);
        }
      }
      if (b[4 * from] != h.not && b[4 * from + 2] <= notEnd) {
        continue;
      }
      System.arraycopy(b, 4 * from, sorted, 4 * kept++, 4);
    }
    return Arrays.copyOf(sorted, 4 * kept);
  }

  /**
   * Chains the occurrences into the patterns, adding a piece of evidence to {@code found} (when not null) for each
   * completed chain; returns the last chain state per pattern step, {@code (start, end + 1)} pairs, 0 when empty
   * (so that a new array needs no filling), shared and all empty when there are no occurrences: do not modify.
   */
  private ChainStates chains(int[] occ, List<Evidence> found) {
    // The steps a class can fill, counted once per class: a prompt repeats its cues, and a table sized by every
    // occurrence's steps was mostly zeroing.
    long[] seen = new long[(h.steps.length + 63) >>> 6];
    int steps = 0;
    for (int k = 0; k < occ.length / 4; k++) {
      int c = occ[4 * k];
      if ((seen[c >>> 6] & 1L << c) == 0) {
        seen[c >>> 6] |= 1L << c;
        steps += h.steps[c].length;
      }
    }
    ChainStates states = new ChainStates(steps, h.patterns.size() * MAX_STEPS);
    for (int k = 0; k < occ.length / 4; k++) {
      int c = occ[4 * k];
      int s = occ[4 * k + 1];
      int e = occ[4 * k + 2];
      boolean rotated = (occ[4 * k + 3] & Heuristics.ROT13) != 0;
      for (int code : h.steps[c]) {
        Heuristics.Pattern p = h.patterns.get(code >>> 8);
        int j = code & 0xFF;
        int at = p.index() * MAX_STEPS + j;
        int slot;
        if (j == 0) {
          slot = states.slot(at);
          states.set(slot, at, s, e + 1, rotated);
        } else {
          int prev = states.find(at - 1);
          int prevEnd = prev < 0 ? -1 : states.end(prev) - 1;
          if (prevEnd < 0 || s < prevEnd || s - prevEnd > p.gap()) {
            continue;
          }
          int chainStart = states.start(prev);
          boolean chainRotated = states.rotated(prev) || rotated;
          slot = states.slot(at);
          states.set(slot, at, chainStart, e + 1, chainRotated);
        }
        if (j == p.classes().length - 1 && found != null) {
          found.add(new Evidence(states.start(slot), e, p.weight(), p.entity(), p.category(),
              states.rotated(slot) ? "rot13-encoded " + h.description(p) : h.description(p)));
        }
      }
    }
    return states;
  }

  /**
   * Holds the chain state of each pattern step a text's cues reached (where the chain started, where its last cue
   * ended plus one, whether a cue was ROT13-encoded), in an open-addressing table sized by the steps the cues can
   * reach: a text reaches a few of the thousands of steps, so a table of all of them per text was mostly zeroing.
   */
  private static final class ChainStates {
    private final int[] keys;
    private final int[] starts;
    private final int[] ends;
    private final boolean[] rot;
    private final int mask;
    /**
     * One bit per pattern step, set once a cue reached it: most steps a cue could extend were never reached, and the
     * bit says so without probing the table.
     */
    private final long[] reached;

    ChainStates(int steps, int allSteps) {
      int capacity = Integer.highestOneBit(Math.max(2, steps) * 2 - 1) << 1;
      reached = new long[(allSteps + 63) >>> 6];
      keys = new int[capacity];
      starts = new int[capacity];
      ends = new int[capacity];
      rot = new boolean[capacity];
      mask = capacity - 1;
    }

    int capacity() {
      return keys.length;
    }

    /** Returns the slot of step {@code at}, or -1 when no cue reached it. */
    int find(int at) {
      if ((reached[at >>> 6] & 1L << at) == 0) {
        return -1;
      }
      for (int i = (at * 0x9E3779B1 >>> 16) & mask; ; i = (i + 1) & mask) {
        if (keys[i] == 0) {
          return -1;
        }
        if (keys[i] == at + 1) {
          return i;
        }
      }
    }

    /** Returns the slot of step {@code at}, a free one when no cue reached it yet. */
    int slot(int at) {
      int i = (at * 0x9E3779B1 >>> 16) & mask;
      while (keys[i] != 0 && keys[i] != at + 1) {
        i = (i + 1) & mask;
      }
      return i;
    }

    void set(int slot, int at, int start, int end, boolean rotated) {
      reached[at >>> 6] |= 1L << at;
      keys[slot] = at + 1;
      starts[slot] = start;
      ends[slot] = end;
      rot[slot] = rotated;
    }

    /** Returns the step held in {@code slot}, or -1 for a free slot. */
    int stepAt(int slot) {
      return keys[slot] - 1;
    }

    int start(int slot) {
      return starts[slot];
    }

    int end(int slot) {
      return ends[slot];
    }

    boolean rotated(int slot) {
      return rot[slot];
    }
  }

  /**
   * Adds evidence where weak evidence of at least two different heuristics falls within {@value #COMBINE_WINDOW}
   * units: the span from the first to the last, scored {@code 1 - Π(1 - w)} over the strongest of each heuristic
   * (at most 0.95). Long jailbreak templates are made of many such cues, none decisive alone.
   */
  private static void combine(List<Evidence> found) {
    List<Evidence> attacks = new ArrayList<>();
    for (Evidence e : found) {
      if (e.weight() >= WEAKEST && attacks.size() < MAX_COMBINED) {
        attacks.add(e);
      }
    }
    if (attacks.size() < 2) {
      return;
    }
    attacks.sort(Comparator.comparingInt(Evidence::start));
    int coveredTo = -1;
    for (int i = 0; i < attacks.size(); i++) {
      Evidence first = attacks.get(i);
      List<String> kinds = new ArrayList<>();
      List<Double> weights = new ArrayList<>();
      Evidence strongest = first;
      int end = first.end();
      // Overlapping evidence is one piece: its strongest counts, so that cues never add up with themselves.
      Evidence best = null;
      int groupEnd = -1;
      for (int j = i; ; j++) {
        Evidence e = j < attacks.size() && attacks.get(j).start() - first.start() <= COMBINE_WINDOW
            ? attacks.get(j) : null;
        if (best != null && (e == null || e.start() >= groupEnd)) {
          int at = kinds.indexOf(best.why());
          if (at < 0) {
            kinds.add(best.why());
            weights.add(best.weight());
          } else {
            weights.set(at, Math.max(weights.get(at), best.weight()));
          }
          strongest = best.weight() > strongest.weight() ? best : strongest;
          end = Math.max(end, groupEnd);
          best = null;
        }
        if (e == null) {
          break;
        }
        if (best == null) {
          best = e;
          groupEnd = e.end();
        } else {
          best = e.weight() > best.weight() ? e : best;
          groupEnd = Math.max(groupEnd, e.end());
        }
      }
      if (kinds.size() < 2 || end <= coveredTo) {
        continue;
      }
      double miss = 1;
      for (double w : weights) {
        miss *= 1 - w;
      }
      double combined = Math.min(0.95, 1 - miss);
      if (combined > strongest.weight()) {
        found.add(new Evidence(first.start(), end, combined, strongest.entity(), strongest.category(),
            "combined evidence of " + kinds.size() + " heuristics, strongest: " + strongest.why()));
        coveredTo = end;
      }
    }
  }

  /** Returns the start of an HTML comment among the {@code literal} cues not closed and still open at {@code limit}. */
  private int openComment(int[] literal, int limit) {
    int open = -1;
    for (int k = 1; k + 2 < literal.length; k += 3) {
      int c = literal[k];
      if (c == h.commentOpen && open < 0) {
        open = literal[k + 1];
      } else if (c == h.commentClose && open >= 0) {
        open = -1;
      }
    }
    return open >= 0 && open + COMMENT_WINDOW > limit ? open : -1;
  }

  /**
   * Adds indirect-injection evidence for evidence inside an HTML comment or styled-away text: the span from where
   * the region opens to the end of the evidence, scored higher than the evidence alone.
   */
  private void regions(int[] literal, int n, List<Evidence> found) {
    if (found.isEmpty()) {
      return;
    }
    List<int[]> regions = new ArrayList<>();
    int open = -1;
    for (int k = 1; k + 2 < literal.length; k += 3) {
      int c = literal[k];
      int s = literal[k + 1];
      int e = literal[k + 2];
      if (c == h.commentOpen && open < 0) {
        open = s;
      } else if (c == h.commentClose && open >= 0) {
        regions.add(new int[] {open, Math.min(e, open + COMMENT_WINDOW), 0});
        open = -1;
      } else if (c == h.hidden) {
        regions.add(new int[] {s, Math.min(n, e + HIDDEN_WINDOW), 1});
      }
    }
    if (open >= 0) {
      regions.add(new int[] {open, Math.min(n, open + COMMENT_WINDOW), 0});
    }
    int before = found.size();
    for (int i = 0; i < before; i++) {
      Evidence ev = found.get(i);
      if (ev.weight() < 0.4) {
        continue;
      }
      for (int[] r : regions) {
        if (r[0] <= ev.start() && ev.start() < r[1]) {
          found.add(new Evidence(r[0], ev.end(), Math.min(0.97, Math.max(0.85, ev.weight() + 0.2)),
              "INDIRECT_INJECTION", RiskCategory.INJECTION,
              (r[2] == 0 ? "in an HTML comment: " : "in hidden styled text: ") + ev.why()));
          break;
        }
      }
    }
  }

  /**
   * Adds exfiltration evidence for markdown images whose URL carries a query: high when a query value looks like a
   * placeholder for data ({@code {…}}, {@code [DATA]}, {@code $…}, "conversation", …), low otherwise.
   */
  private static void images(String original, List<Evidence> found) {
    int m = original.length();
    for (int s = original.indexOf("!["); s >= 0; s = original.indexOf("![", s + 2)) {
      int close = original.indexOf("](", s + 2);
      if (close < 0 || close - s > 300) {
        continue;
      }
      int q = close + 2;
      while (q < m && original.charAt(q) == ' ') {
        q++;
      }
      if (!original.regionMatches(true, q, "http://", 0, 7) && !original.regionMatches(true, q, "https://", 0, 8)) {
        continue;
      }
      int end = q;
      while (end < m && end - q < IMAGE_WINDOW - 300 && original.charAt(end) != ')' && original.charAt(end) != ' '
          && original.charAt(end) != '"') {
        end++;
      }
      String url = original.substring(q, end).toLowerCase(Locale.ROOT);
      int query = url.indexOf('?');
      if (query < 0 || url.indexOf('=', query) < 0) {
        continue;
      }
      String params = url.substring(query);
      boolean placeholder = false;
      for (String p : PLACEHOLDERS) {
        placeholder |= params.contains(p);
      }
      double w = placeholder ? 0.9 : 0.35;
      found.add(new Evidence(s, Math.min(m, end + 1), w, "EXFILTRATION", RiskCategory.INJECTION,
          "markdown image URL with a query" + (placeholder ? " that holds a placeholder for data" : "")
              + " (weight " + w + ")"));
    }
  }

  /**
   * Lowers evidence that reads as talk about attacks: inside quotation marks with words about attacks or fiction
   * shortly before (a question about prompt injection, a novel's line), ending inside such a quotation (a villain
   * who "has no restrictions"), right after words about attacks, or a chat-template token named as a thing ("what
   * does the [INST] token do"). Reads text before the evidence and a few units after it; evidence is at original
   * offsets, {@code occ} at normalized ones.
   */
  private void dampen(int[] occ, NormalizedText norm, String original, List<Evidence> found) {
    if (found.isEmpty() || h.discuss < 0) {
      return;
    }
    // Per kind (0: words about attacks, 1: fiction that quotes them), the original ends of its cues; then the
    // original starts of words that name what comes before them (token, 这类攻击).
    List<List<Integer>> ends = List.of(new ArrayList<>(), new ArrayList<>());
    List<Integer> namings = new ArrayList<>();
    for (int k = 0; k < occ.length / 4; k++) {
      int c = occ[4 * k];
      if (c == h.discuss || c == h.quoting) {
        ends.get(c == h.discuss ? 0 : 1).add(norm.originalEnd(occ[4 * k + 2] - 1));
      } else if (c == h.talkAfter) {
        namings.add(norm.originalStart(occ[4 * k + 1]));
      }
    }
    if (ends.get(0).isEmpty() && ends.get(1).isEmpty() && namings.isEmpty()) {
      return;
    }
    for (int i = 0; i < found.size(); i++) {
      Evidence ev = found.get(i);
      if (ev.entity().equals("TEMPLATE_INJECTION") && namedAfter(namings, ev.end())) {
        found.set(i, ev = ev.scaled(0.5, "named as a token x0.5"));
      }
      int about = nearestBefore(ends.get(0), ev.start());
      int fiction = nearestBefore(ends.get(1), ev.start());
      if (about < 0 && fiction < 0) {
        continue;
      }
      if (quoted(original, ev.start())) {
        found.set(i, ev.scaled(0.45, (about >= 0 ? "quoted after words about attacks" : "quoted in fiction")
            + " x0.45"));
      } else if (ev.end() > ev.start() && quoted(original, ev.end() - 1)) {
        found.set(i, ev.scaled(0.45, (about >= 0 ? "ends in a quotation after words about attacks"
            : "ends in a quotation in fiction") + " x0.45"));
      } else if (about >= 0 && ev.start() - about <= NEAR_DISCUSS) {
        found.set(i, ev.scaled(0.8, "after words about attacks x0.8"));
      }
    }
  }

  /** Says whether one of {@code starts} lies within {@value #NAMED_AFTER} units after {@code end}. */
  private static boolean namedAfter(List<Integer> starts, int end) {
    for (int s : starts) {
      if (s >= end && s - end <= NAMED_AFTER) {
        return true;
      }
    }
    return false;
  }

  /** Returns the greatest of {@code ends} at or before {@code at} and within {@value #DISCUSS_WINDOW} of it, or -1. */
  private static int nearestBefore(List<Integer> ends, int at) {
    int nearest = -1;
    for (int end : ends) {
      if (end <= at && at - end <= DISCUSS_WINDOW) {
        nearest = Math.max(nearest, end);
      }
    }
    return nearest;
  }

  /** Says whether a quotation opened in the {@value #QUOTE_WINDOW} units before {@code at} is still open there. */
  private static boolean quoted(String original, int at) {
    boolean straight = false;
    int back = 0;
    int curly = 0;
    int corner = 0;
    int angle = 0;
    boolean single = false;
    for (int k = Math.max(0, at - QUOTE_WINDOW); k < at; k++) {
      switch (original.charAt(k)) {
        case '"', '＂' -> straight = !straight;
        // A single quote opens after a non-letter and closes before one; an apostrophe (don't) does neither.
        case '\'', '‘', '’' -> single = single ? Character.isLetterOrDigit(original.charAt(k + 1))
            : k == 0 || !Character.isLetterOrDigit(original.charAt(k - 1));
        case '`' -> back ^= 1;
        case '“' -> curly++;
        case '”' -> curly = Math.max(0, curly - 1);
        case '「', '『' -> corner++;
        case '」', '』' -> corner = Math.max(0, corner - 1);
        case '《' -> angle++;
        case '》' -> angle = Math.max(0, angle - 1);
        default -> { }
      }
    }
    return straight || single || back != 0 || curly > 0 || corner > 0 || angle > 0;
  }

  private static boolean lineStart(String original, int at) {
    int k = at - 1;
    while (k >= 0 && (original.charAt(k) == ' ' || original.charAt(k) == '\t')) {
      k--;
    }
    return k < 0 || original.charAt(k) == '\n' || original.charAt(k) == '\r';
  }

  private static boolean wordUnit(char c) {
    return WordChars.isWordUnit(c);
  }

  /** Says whether {@code c} may belong to an encoded run that more text could extend. */
  private static boolean encodable(char c) {
    return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '-'
        || c == '_' || c == '=' || c == '%' || c == '\\' || Character.isSurrogate(c);
  }

  @Override
  public String toString() {
    return "InjectionDetector[ruleId=" + ruleId + ", minScore=" + minScore + ", categories=" + categories + "]";
  }
}
