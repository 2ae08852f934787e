package io.kexin.gateway.detect.keyword;

import static java.util.Objects.requireNonNull;

import io.kexin.gateway.detect.CueWalk;
import io.kexin.gateway.detect.Detector;
import io.kexin.gateway.detect.Finding;
import io.kexin.gateway.detect.WordChars;
import io.kexin.gateway.text.NormalizedText;
import io.kexin.gateway.text.Normalizer;
import io.kexin.gateway.text.ScanText;
import io.kexin.gateway.text.TextTraits;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the terms of a keyword list in the normalized form of a text and reports them at their original
 * offsets, non-overlapping, leftmost-longest first. Immutable and thread-safe.
 *
 * <p>Terms are normalized with the same {@link Normalizer} as the text, so {@code 敏感詞} in the list matches
 * {@code 敏*感*词} in a request. With whole-word matching (the default) a term that starts or ends with a
 * letter or digit of an alphabetic script must not touch another letter or digit there; Han, Hiragana and
 * Katakana never need word boundaries. A {@link ScanText} built with another normalizer is normalized again,
 * uncached, with this detector's own.
 *
 * <p>{@link #maxMatchLength()} is {@code longest normalized term × expansionFactor} (default
 * {@value #DEFAULT_EXPANSION_FACTOR}): normalization can only shrink text, except for what it removes
 * (invisible characters, separators between Han ideographs, whitespace runs, combining sequences), which a
 * writer can insert without limit. The bound assumes at most {@code expansionFactor - 1} removed units per kept
 * unit. A stream bounds the text it holds for this detector by {@link #maxMatchLetters()} instead, which padding
 * cannot stretch.
 */
public final class KeywordDetector implements Detector {
  /** The word units, one bit each, for the automaton's tight loop. */
  private static final long[] WORD_UNITS = WordChars.unitBitmap();
  /** Default ratio between the original length of a match and its normalized length. */
  public static final int DEFAULT_EXPANSION_FACTOR = 8;

  /**
   * Fewest whole-word terms starting with a letter for which they are looked for only at word starts. With fewer,
   * one automaton stays at its root through most words and the test at every word start costs more than it saves
   * (100 KB of English prose: 4 terms 2.6 ns/unit in one automaton, 3.2 split; 5,000 terms 6.0 and 5.4).
   */
  static final int MIN_WORD_START_TERMS = 256;
  private static final byte LEFT_BOUNDARY = 1;
  private static final byte RIGHT_BOUNDARY = 2;

  private final String ruleId;
  private final String entity;
  private final Normalizer normalizer;
  /** Terms looked for at every offset: those that need no word boundary before them. */
  private final AhoCorasick automaton;
  /** Terms looked for only where a word starts: whole-word terms that begin with a word character. */
  private final AhoCorasick wordStarts;
  private final byte[] boundaries;
  /** The normalized terms, by term index. */
  private final String[] keys;
  private final int maxMatchLength;
  /** The gate shared with the other keyword detectors of a set, or null; this detector's index in it. */
  private final KeywordGate gate;
  private final int gateIndex;
  /** Answers a stream's questions from the end of a text: this detector's own, or the one shared with its set. */
  private final TailIndex tails;
  /**
   * The part of a cue walk over these terms shared with the content-safety detectors, or null: when that walk has
   * been made over a text already, it tells whether a term occurs instead of the gate's own pass.
   */
  private final CueWalk.Part walk;

  private KeywordDetector(Builder builder, AhoCorasick automaton, AhoCorasick wordStarts, byte[] boundaries,
      String[] keys) {
    this.ruleId = builder.ruleId;
    this.entity = builder.entity;
    this.normalizer = builder.normalizer;
    this.automaton = automaton;
    this.wordStarts = wordStarts;
    this.boundaries = boundaries;
    this.keys = keys;
    long bound = (long) Math.max(automaton.maxKeyLength(), wordStarts.maxKeyLength()) * builder.expansionFactor;
    this.maxMatchLength = (int) Math.min(Integer.MAX_VALUE, bound);
    this.gate = null;
    this.gateIndex = -1;
    this.tails = new TailIndex(normalizer, automaton, wordStarts);
    this.walk = null;
  }

  private KeywordDetector(KeywordDetector base, KeywordGate gate, int gateIndex, TailIndex tails) {
    this(base, gate, gateIndex, tails, base.walk);
  }

  private KeywordDetector(KeywordDetector base, KeywordGate gate, int gateIndex, TailIndex tails,
      CueWalk.Part walk) {
    this.ruleId = base.ruleId;
    this.entity = base.entity;
    this.normalizer = base.normalizer;
    this.automaton = base.automaton;
    this.wordStarts = base.wordStarts;
    this.boundaries = base.boundaries;
    this.keys = base.keys;
    this.maxMatchLength = base.maxMatchLength;
    this.gate = gate;
    this.gateIndex = gateIndex;
    this.tails = tails;
    this.walk = walk;
  }

  /** Returns the normalizer that the terms are normalized with and that texts are read through. */
  public Normalizer normalizer() {
    return normalizer;
  }

  /** Returns the normalized terms, by term index: what a shared cue walk needs. */
  public List<String> terms() {
    return List.of(keys);
  }

  /**
   * Says whether every term that starts with an ASCII letter or digit needs a word boundary before it (whole-word
   * matching): then a {@link CueWalk}, which looks for such terms only where a word starts, finds every start a match
   * may have.
   */
  public boolean boundedAtWordStarts() {
    for (int k = 0; k < keys.length; k++) {
      if (TextTraits.isAsciiLetterOrDigit(keys[k].charAt(0)) && (boundaries[k] & LEFT_BOUNDARY) == 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns this detector asking {@code walk}, a part of a cue walk over {@link #terms()} and this detector's
   * normalizer, whether a term occurs in a text the walk has been made over already (the same findings: it runs its
   * own pass only when one does). Only for a detector {@link #boundedAtWordStarts bounded at word starts}.
   */
  public KeywordDetector walkingWith(CueWalk.Part walk) {
    requireNonNull(walk, "walk");
    if (!boundedAtWordStarts()) {
      throw new IllegalArgumentException("walk: a term starts with a letter or digit without a word boundary"
          + " (expected: whole-word terms)");
    }
    return new KeywordDetector(this, gate, gateIndex, tails, walk);
  }

  /**
   * Returns detectors that find what {@code detectors} find, in the same order, where those with the same normalizer
   * share one {@link KeywordGate}: a text is then walked once for the terms of them all, and a detector runs its own
   * pass only when one of its terms occurs, and a stream asks them where a term may be live, and whether one occurs,
   * in one walk of one automaton over the terms of them all. A detector alone with its normalizer is returned as it
   * is.
   */
  public static List<KeywordDetector> sharing(List<KeywordDetector> detectors) {
    return sharing(detectors, new boolean[detectors.size()]);
  }

  /**
   * Returns what {@link #sharing(List)} returns, except that the detectors marked {@code apart} (by index) share a
   * gate among themselves and the others theirs, the stream's questions still answered for all together: detectors
   * that a {@link CueWalk} tells whether a term occurs where it has been made (see {@link #walkingWith}) then leave
   * the gate of the others small (a small term set rules out most texts from their units alone).
   */
  public static List<KeywordDetector> sharing(List<KeywordDetector> detectors, boolean[] apart) {
    if (apart.length != detectors.size()) {
      throw new IllegalArgumentException("apart: " + apart.length + " marks (expected: " + detectors.size() + ")");
    }
    Map<Normalizer, List<Integer>> byNormalizer = new IdentityHashMap<>();
    for (int i = 0; i < detectors.size(); i++) {
      byNormalizer.computeIfAbsent(detectors.get(i).normalizer, n -> new ArrayList<>()).add(i);
    }
    List<KeywordDetector> shared = new ArrayList<>(detectors);
    for (Map.Entry<Normalizer, List<Integer>> group : byNormalizer.entrySet()) {
      List<Integer> members = group.getValue();
      if (members.size() < 2) {
        continue;
      }
      TailIndex tails = new TailIndex(group.getKey(),
          AhoCorasick.build(members.stream().flatMap(i -> Arrays.stream(detectors.get(i).keys)).toArray(String[]::new)));
      for (boolean side : new boolean[] {false, true}) {
        List<Integer> gated = members.stream().filter(i -> apart[i] == side).toList();
        KeywordGate gate = gated.size() < 2 ? null
            : KeywordGate.of(group.getKey(), gated.stream().map(i -> detectors.get(i).keys).toList());
        for (int g = 0; g < gated.size(); g++) {
          shared.set(gated.get(g), new KeywordDetector(detectors.get(gated.get(g)), gate, gate == null ? -1 : g, tails));
        }
      }
    }
    return shared;
  }

  /** Returns a builder for a detector reporting findings under {@code ruleId}. */
  public static Builder builder(String ruleId) {
    return new Builder(ruleId);
  }

  @Override
  public List<Finding> scan(ScanText text) {
    requireNonNull(text, "text");
    if (walk != null && walk.serves(text) && walk.walked(text)) {
      // The cue walk of the injection and harm detectors, made already, found every term start a match may have.
      if (!walk.occurs(text)) {
        return List.of();
      }
    } else if (gate != null && gate.reads(text) && !gate.open(text)[gateIndex]) {
      return List.of();
    }
    NormalizedText normalized =
        text.normalizer() == normalizer ? text.normalized() : normalizer.normalize(text.original());
    char[] t = normalized.units();
    int n = normalized.length();
    List<Finding> findings = new ArrayList<>();
    automaton.findLeftmostLongest(t, n, wordStarts,
        (before, start) -> startsWord(t, before, start), WORD_UNITS,
        (term, start, end) -> onWordBoundaries(t, n, term, start, end),
        (term, start, end) -> findings.add(new Finding(ruleId, entity, normalized.originalStart(start),
            normalized.originalEnd(end - 1), 1.0, "keyword list term #" + term)));
    return findings;
  }

  @Override
  public int maxMatchLength() {
    return maxMatchLength;
  }

  /** Returns the longest normalized term, plus the unit before it that a whole-word term reads. */
  @Override
  public int maxMatchLetters() {
    return Math.max(automaton.maxKeyLength(), wordStarts.maxKeyLength()) + 1;
  }

  /**
   * Returns where the earliest term occurrence that more text could still create or change may start: the earliest
   * start, in the normalized text, from which the units up to its stable end are a prefix of some term of either
   * automaton (so a whole-word term ending there, whose right boundary the next character decides, stays live),
   * mapped back to the original. The stable end leaves out what normalization may still change once more text
   * arrives: trailing separators and spaces (dropped between Han ideographs, collapsed) and the last character (a
   * combining mark may join it). Units of one original character share its start, so the whole character the stable
   * end falls in stays live. Only the end of the text is normalized; in a set, the terms of every detector count
   * (see {@link #sharing}), which gives the least live index of the set to each, the one a stream releases to.
   */
  @Override
  public int liveFrom(ScanText text) {
    return tails.of(requireNonNull(text, "text")).liveFrom();
  }

  /**
   * Says whether a term (of any detector of this one's set) occurs in the normalized text at or after original index
   * {@code from}; when none does, {@link #scan} reports nothing starting there. Only the end of the text is
   * normalized.
   */
  @Override
  public boolean mayFindFrom(ScanText text, int from) {
    return tails.of(requireNonNull(text, "text")).occursFrom(from);
  }

  /** Returns the number of terms, duplicates included. */
  public int termCount() {
    return keys.length;
  }

  @Override
  public String toString() {
    return "KeywordDetector[ruleId=" + ruleId + ", entity=" + entity + ", terms=" + keys.length
        + (gate == null ? "" : ", gate=" + gate) + "]";
  }

  private boolean onWordBoundaries(char[] t, int n, int term, int start, int end) {
    byte b = boundaries[term];
    return ((b & LEFT_BOUNDARY) == 0 || start == 0 || !isWordChar(Character.codePointBefore(t, start)))
        && ((b & RIGHT_BOUNDARY) == 0 || end == n || !isWordChar(Character.codePointAt(t, end, n)));
  }

  /**
   * Returns whether no letter or digit of a script that separates words with spaces ends at unit {@code before},
   * just before {@code i > 0} in {@code t}.
   */
  private static boolean startsWord(char[] t, char before, int i) {
    return Character.isSurrogate(before) ? !isWordChar(Character.codePointBefore(t, i))
        : !WordChars.isWordUnit(before);
  }

  /** Returns whether {@code cp} is a letter or digit of a script that separates words with spaces. */
  static boolean isWordChar(int cp) {
    return WordChars.isWordChar(cp);
  }

  /** Collects the options of a keyword detector; not thread-safe. */
  public static final class Builder {
    private final String ruleId;
    private String entity = "KEYWORD";
    private boolean wholeWord = true;
    private int expansionFactor = DEFAULT_EXPANSION_FACTOR;
    private Normalizer normalizer = ScanText.defaultNormalizer();

    private Builder(String ruleId) {
      this.ruleId = requireNonNull(ruleId, "ruleId");
    }

    /** Sets the entity type of findings; {@code KEYWORD} by default. */
    public Builder entity(String entity) {
      this.entity = requireNonNull(entity, "entity");
      return this;
    }

    /** Sets whether terms of alphabetic scripts must sit on word boundaries; {@code true} by default. */
    public Builder wholeWord(boolean wholeWord) {
      this.wholeWord = wholeWord;
      return this;
    }

    /** Sets the ratio between {@link #maxMatchLength()} and the longest normalized term. */
    public Builder expansionFactor(int expansionFactor) {
      if (expansionFactor < 1) {
        throw new IllegalArgumentException("expansionFactor: " + expansionFactor + " (expected: >= 1)");
      }
      this.expansionFactor = expansionFactor;
      return this;
    }

    /** Sets the normalizer for terms and texts; {@link ScanText#defaultNormalizer()} by default. */
    public Builder normalizer(Normalizer normalizer) {
      this.normalizer = requireNonNull(normalizer, "normalizer");
      return this;
    }

    /** Returns a detector for {@code terms}; a finding's explanation names the term by its index here. */
    public KeywordDetector build(Collection<String> terms) {
      requireNonNull(terms, "terms");
      String[] keys = new String[terms.size()];
      byte[] boundaries = new byte[keys.length];
      int anchored = 0;
      int i = 0;
      for (String term : terms) {
        requireNonNull(term, "terms[" + i + "]");
        String key = normalizer.normalize(term).text().strip();
        if (key.isEmpty()) {
          throw new IllegalArgumentException("terms[" + i + "]: empty after normalization"
              + " (expected: at least one visible character)");
        }
        keys[i] = key;
        if (wholeWord) {
          boundaries[i] = (byte) ((isWordChar(key.codePointAt(0)) ? LEFT_BOUNDARY : 0)
              | (isWordChar(key.codePointBefore(key.length())) ? RIGHT_BOUNDARY : 0));
          anchored += (boundaries[i] & LEFT_BOUNDARY) != 0 ? 1 : 0;
        }
        i++;
      }
      if (anchored < MIN_WORD_START_TERMS) {
        anchored = 0;
      }
      String[] anywhere = new String[keys.length - anchored];
      int[] anywhereIds = new int[anywhere.length];
      String[] atWordStart = new String[anchored];
      int[] atWordStartIds = new int[anchored];
      int a = 0;
      int w = 0;
      for (int k = 0; k < keys.length; k++) {
        if (anchored > 0 && (boundaries[k] & LEFT_BOUNDARY) != 0) {
          atWordStart[w] = keys[k];
          atWordStartIds[w++] = k;
        } else {
          anywhere[a] = keys[k];
          anywhereIds[a++] = k;
        }
      }
      return new KeywordDetector(this, AhoCorasick.build(anywhere, anywhereIds),
          AhoCorasick.build(atWordStart, atWordStartIds), boundaries, keys);
    }
  }
}
