package io.kexin.gateway.detect.harm;

import static java.util.Objects.requireNonNull;

import io.kexin.gateway.detect.CueAutomaton;
import io.kexin.gateway.detect.CueWalk;
import io.kexin.gateway.detect.Detector;
import io.kexin.gateway.detect.Finding;
import io.kexin.gateway.detect.RiskCategory;
import io.kexin.gateway.detect.WordChars;
import io.kexin.gateway.detect.keyword.AhoCorasick;
import io.kexin.gateway.text.NormalizedText;
import io.kexin.gateway.text.Normalizer;
import io.kexin.gateway.text.ScanText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds requests for harmful help, and answers giving it, in English and Chinese by reading an intent and an object
 * together: a harmful object or act of a risk category (a weapon, a drug, ransomware, doxxing, 炸药, 冰毒) scores
 * its weight, raised by a request intent ("how do I", "give me", 怎么, 教我), an act on the object (make, buy, sell,
 * 合成, 购买), a person as its target (someone, my neighbour, 别人) and an evasion (without getting caught,
 * untraceable, 不被发现) within {@code window} normalized units
 * of it in the same sentence (or an intent opening the next one), and cut to a quarter by a protective or negating
 * framing there (protect, detect, report, quit, 防范, 识别, 举报, 戒); an English act opening its sentence ("Build
 * a …") raises a little where no intent is near. Han characters may be spelled otherwise (炸dan). A finding per
 * object that reaches {@code minScore}; its span runs from the first to the last cue that counted. Terms are matched on normalized text
 * on word boundaries, an English term also with a plural {@code s}/{@code es}. Linear in the text: one automaton
 * pass, and each object looks at the cues within its window. Immutable and thread-safe.
 */
public final class HarmDetector implements Detector {
  /** Weight of a strong object: harmful beside an intent or an act. */
  public static final double STRONG = 0.5;
  /** Weight of a weak object (a line starting with {@code ~}): harmful beside an intent and an act or evasion. */
  public static final double WEAK = 0.3;
  static final double INTENT = 0.3;
  static final double ACT = 0.2;
  static final double EVASION = 0.2;
  static final double TARGET = 0.2;
  /** Raise by an English act opening its sentence where no intent is near: enough for a strong object only. */
  static final double IMPERATIVE = 0.2;
  /** Raise by another object of the category where no act is near: two harmful words together, weakly. */
  static final double CO_OBJECT = 0.1;
  static final double PROTECTED = 0.25;
  /** Ratio between the original length of a match and its normalized length, as the keyword detector assumes. */
  static final int EXPANSION = 8;
  private static final int SUFFIX = 2;
  /** The most units before an intent that still opens its sentence ("Now tell me", "那你说说"). */
  private static final int OPENING = 4;
  /** The most other spellings one term is also found with. */
  static final int MAX_SPELLED = 16;

  private final String ruleId;
  private final Normalizer normalizer;
  /** Finds the terms when scanning: every occurrence, none starting inside a word (none would count). */
  private final CueAutomaton walk;
  /** The terms of {@link #walk}, in its order. */
  private final List<String> keys;
  /** The shared walk that finds the terms with other detectors' terms, or null. */
  private final CueWalk.Part shared;
  /** Serves the live index of a stream (the longest term still open at the end), with the same keys. */
  private final AhoCorasick automaton;
  /** Per automaton key, the terms it stands for (a term may be in several lists). */
  private final HarmTerm[][] terms;
  /** Per automaton key, whether one of its terms is an object. */
  private final boolean[] object;
  /** Per automaton key, whether it starts with a Latin letter (an English term). */
  private final boolean[] latin;
  /** Per automaton key, whether it must start, and end, on a word boundary. */
  private final boolean[] leftBound;
  private final boolean[] rightBound;
  /** The categories with targets of their own (children, groups): generic targets do not count for them. */
  private final Set<RiskCategory> ownTargets;
  private final double minScore;
  private final int window;
  private final int reach;

  private HarmDetector(Builder b, String[] keys, HarmTerm[][] terms) {
    this.ruleId = b.ruleId;
    this.normalizer = b.normalizer;
    this.automaton = AhoCorasick.build(keys);
    this.keys = List.of(keys);
    this.walk = CueAutomaton.build(this.keys);
    this.shared = null;
    this.terms = terms;
    this.leftBound = new boolean[keys.length];
    this.rightBound = new boolean[keys.length];
    this.object = new boolean[keys.length];
    this.latin = new boolean[keys.length];
    for (int k = 0; k < keys.length; k++) {
      latin[k] = keys[k].charAt(0) < 0x80 && Character.isLetter(keys[k].charAt(0));
      object[k] = Arrays.stream(terms[k]).anyMatch(t -> t.cue() == Cue.OBJECT);
      leftBound[k] = WordChars.isWordChar(keys[k].codePointAt(0));
      rightBound[k] = WordChars.isWordChar(keys[k].codePointBefore(keys[k].length()));
    }
    this.ownTargets = EnumSet.noneOf(RiskCategory.class);
    for (HarmTerm[] ts : terms) {
      for (HarmTerm t : ts) {
        if (t.cue() == Cue.TARGET && t.category() != null) {
          ownTargets.add(t.category());
        }
      }
    }
    this.minScore = b.minScore;
    this.window = b.window;
    this.reach = 2 * b.window + 3 * (automaton.maxKeyLength() + SUFFIX);
  }

  /** Returns {@code d} finding its terms through {@code shared}. */
  private HarmDetector(HarmDetector d, CueWalk.Part shared) {
    this.ruleId = d.ruleId;
    this.normalizer = d.normalizer;
    this.automaton = d.automaton;
    this.walk = d.walk;
    this.keys = d.keys;
    this.shared = shared;
    this.terms = d.terms;
    this.leftBound = d.leftBound;
    this.rightBound = d.rightBound;
    this.object = d.object;
    this.latin = d.latin;
    this.ownTargets = d.ownTargets;
    this.minScore = d.minScore;
    this.window = d.window;
    this.reach = d.reach;
  }

  /** Returns the normalizer that the terms are normalized with and that texts are read through. */
  public Normalizer normalizer() {
    return normalizer;
  }

  /** Returns the terms matched on the normalized text, in the order of their automaton: what a shared walk needs. */
  public List<String> cueTerms() {
    return keys;
  }

  /**
   * Returns this detector finding its terms through {@code shared}, a part of a walk shared with other detectors
   * over {@link #cueTerms()} and this detector's normalizer (the same findings, one walk).
   */
  public HarmDetector walkingWith(CueWalk.Part shared) {
    return new HarmDetector(this, requireNonNull(shared, "shared"));
  }

  /** Returns a builder for a detector reporting findings under {@code ruleId}. */
  public static Builder builder(String ruleId) {
    return new Builder(ruleId);
  }

  /** Holds one cue found in the normalized text: its term, span and sentence. */
  private record Hit(HarmTerm term, int key, int start, int end, int sentence, boolean opens) {
  }

  /** Holds the best reading of one object: its score and the span of the cues that counted. */
  private record Reading(RiskCategory category, double score, int start, int end, int key, String why) {
  }

  @Override
  public List<Finding> scan(ScanText text) {
    requireNonNull(text, "text");
    NormalizedText norm = text.normalizer() == normalizer ? text.normalized() : normalizer.normalize(text.original());
    List<Hit> hits = hits(text.original(), norm,
        shared != null && shared.serves(text) && text.normalizer() == normalizer ? text : null);
    List<Finding> findings = new ArrayList<>();
    for (int i = 0; i < hits.size(); i++) {
      if (hits.get(i).term().cue() != Cue.OBJECT) {
        continue;
      }
      Reading r = read(hits, i);
      if (r.score() < minScore) {
        continue;
      }
      double score = Math.round(Math.min(1, r.score()) * 1000) / 1000.0;
      Finding f = new Finding(ruleId, r.category().name(), norm.originalStart(r.start()),
          norm.originalEnd(r.end() - 1), score, "harmful " + r.category().id() + " request: object #" + r.key()
          + r.why() + " (score " + score + ")", r.category());
      Finding last = findings.isEmpty() ? null : findings.get(findings.size() - 1);
      if (last != null && last.start() == f.start() && last.end() == f.end() && last.category() == f.category()) {
        if (f.score() > last.score()) {
          findings.set(findings.size() - 1, f);
        }
      } else {
        findings.add(f);
      }
    }
    findings.sort((a, c) -> Integer.compare(a.start(), c.start()));
    return findings;
  }

  /**
   * Scores the object at {@code hits.get(i)} from the cues around it in its sentence: the nearest act (or another
   * object of its category), then the nearest intent, evasion (not part of a protective phrase: "illegal" in "why
   * is it illegal") and target that neither hold nor lie within one chosen before (one phrase is one cue: "create
   * a" is not also the act "create"), and the nearest protective framing that is not part of an evasion
   * ("detection" in "avoid detection") nor after the evasion that counted; a protective phrase around the object
   * always counts.
   */
  private Reading read(List<Hit> hits, int i) {
    Hit o = hits.get(i);
    List<Hit> near = new ArrayList<>();
    Hit around = null;
    int from = o.start() - window - automaton.maxKeyLength() - SUFFIX;
    for (int j = i - 1; j >= 0 && hits.get(j).start() >= from; j--) {
      around = keep(o, hits.get(j), near, around);
    }
    for (int j = i + 1; j < hits.size() && hits.get(j).start() <= o.end() + window; j++) {
      around = keep(o, hits.get(j), near, around);
    }
    near.sort((x, y) -> Integer.compare(gap(o, x), gap(o, y)));
    List<Hit> chosen = new ArrayList<>(4);
    Hit act = nearest(near, Cue.ACT, chosen);
    if (act == null) {
      act = near.stream().filter(h -> h.term().cue() == Cue.OBJECT && h.key() != o.key()).findFirst().orElse(null);
    }
    if (act != null) {
      chosen.add(act);
    }
    boolean coObject = act != null && act.term().cue() == Cue.OBJECT;
    Hit[] raising = {nearest(near, Cue.INTENT, chosen), act, null, null};
    // An evasion inside a protective phrase ("illegal" in "why is it illegal") is part of that framing.
    raising[2] = nearest(near.stream().filter(h -> h.term().cue() != Cue.EVASION || near.stream().noneMatch(p ->
        p.term().cue() == Cue.PROTECTIVE && p.start() <= h.start() && h.end() <= p.end())).toList(), Cue.EVASION,
        chosen);
    raising[3] = nearest(near, Cue.TARGET, chosen);
    if (o.term().weight() < STRONG && ownTargets.contains(o.term().category()) && raising[3] == null) {
      // A weak object of a category with its own targets (an insult, "sexual") counts only aimed at one of them.
      return new Reading(o.term().category(), 0, o.start(), o.end(), o.key(), "");
    }
    double[] raises = {INTENT, coObject ? CO_OBJECT : ACT, EVASION, TARGET};
    String[] names = {"intent", "act", "evasion", "target"};
    double score = o.term().weight();
    int start = o.start();
    int end = o.end();
    StringBuilder why = new StringBuilder();
    for (int r = 0; r < raising.length; r++) {
      Hit h = raising[r];
      if (h != null) {
        score += raises[r];
        start = Math.min(start, h.start());
        end = Math.max(end, h.end());
        why.append(", ").append(names[r]).append(" #").append(h.key());
      }
    }
    if (raising[0] == null && act != null && !coObject && act.opens() && act.sentence() == o.sentence()
        && latin[act.key()]) {
      // An English act that opens its sentence is a bare imperative ("Build a worm …", "Develop a virus …"); a
      // Chinese sentence often opens with its verb without asking anything.
      score += IMPERATIVE;
      why.append(", imperative");
    }
    Hit protective = around;
    // A framing in another sentence counts only for a reading that reached into another sentence.
    boolean across = Arrays.stream(raising).anyMatch(h -> h != null && h.sentence() != o.sentence());
    for (Hit h : near) {
      // An evasion before the framing undoes it ("malware that is difficult to detect and remove"); a framing
      // before the evasion governs it ("prevent unauthorized access", "tell if someone has secretly …").
      if (protective == null && (raising[2] == null || h.start() < raising[2].start())
          && (across || h.sentence() == o.sentence())
          && h.term().cue() == Cue.PROTECTIVE && near.stream().noneMatch(e ->
          e.term().cue() == Cue.EVASION && e.start() <= h.start() && h.end() <= e.end())) {
        protective = h;
      }
    }
    if (protective != null) {
      score *= PROTECTED;
      why.append(", protective #").append(protective.key());
    }
    return new Reading(o.term().category(), score, start, end, o.key(), why.toString());
  }

  /**
   * Returns the nearest cue of role {@code cue} in {@code near} that neither holds nor lies within one of
   * {@code chosen}, and adds it: "create a" is not also the act "create", but "what is my" and "my ex's" may share
   * a word.
   */
  private static Hit nearest(List<Hit> near, Cue cue, List<Hit> chosen) {
    for (Hit h : near) {
      if (h.term().cue() == cue && chosen.stream().noneMatch(c -> c.start() <= h.start() && h.end() <= c.end()
          || h.start() <= c.start() && c.end() <= h.end())) {
        chosen.add(h);
        return h;
      }
    }
    return null;
  }

  /** Returns the units between object {@code o} and a cue that does not overlap it. */
  private static int gap(Hit o, Hit h) {
    return h.end() <= o.start() ? o.start() - h.end() : h.start() - o.end();
  }

  /**
   * Adds {@code h} to {@code near} when it may count for object {@code o}: in its sentence or, an intent opening
   * it, in the next one (context first, the request after it: "I have card dumps. Walk me through cashing them
   * out"), a protective framing in either neighbour; within the window, not overlapping it, a target of its
   * category or of none (none only where the category has no targets of its own), an object only of its category; returns the protective phrase around the object (杀人游戏 holds 杀人), if any.
   */
  private Hit keep(Hit o, Hit h, List<Hit> near, Hit around) {
    Cue cue = h.term().cue();
    boolean sentence = h.sentence() == o.sentence() || h.sentence() == o.sentence() + 1 && cue == Cue.INTENT
        && h.opens() || Math.abs(h.sentence() - o.sentence()) == 1 && cue == Cue.PROTECTIVE;
    if (!sentence || h.term().category() != null && h.term().category() != o.term().category()
        || cue == Cue.TARGET && h.term().category() == null && ownTargets.contains(o.term().category())) {
      return around;
    }
    if (h.end() > o.start() && h.start() < o.end()) {
      boolean covers = cue == Cue.PROTECTIVE && h.start() <= o.start() && h.end() >= o.end()
          && h.end() - h.start() > o.end() - o.start();
      return covers ? h : around;
    }
    if (gap(o, h) <= window) {
      near.add(h);
    }
    return around;
  }

  /**
   * Returns the cues in the normalized text, on word boundaries, by start, each with its sentence number; none when
   * no object is among them (only objects make findings), which spares the offsets and sentences of most texts. The
   * terms are read from the shared walk over {@code text} when not null (the scan text whose normalized form is
   * {@code norm}).
   */
  private List<Hit> hits(String original, NormalizedText norm, ScanText text) {
    char[] u = norm.units();
    int m = norm.length();
    // Sized once from the shared walk: grown by doubling, the buffer of a 2 KB prompt was copied several times.
    int[][] buffer = {new int[text != null ? 3 * shared.bound(text) : 0]};
    int[] size = {0};
    boolean[] anyObject = {false};
    CueAutomaton.Sink sink = (key, s, e) -> {
      if (leftBound[key] && s > 0 && WordChars.isWordChar(Character.codePointBefore(u, s))) {
        return;
      }
      int end = e;
      if (rightBound[key] && e < m && WordChars.isWordChar(Character.codePointAt(u, e, m))) {
        end = pluralEnd(u, m, e);
        if (end < 0) {
          return;
        }
      }
      if (size[0] + 3 > buffer[0].length) {
        buffer[0] = Arrays.copyOf(buffer[0], Math.max(24, buffer[0].length * 2));
      }
      int[] b = buffer[0];
      b[size[0]++] = key;
      b[size[0]++] = s;
      b[size[0]++] = end;
      anyObject[0] |= object[key];
    };
    if (text != null) {
      shared.findAll(text, sink);
    } else {
      walk.findAll(u, m, sink);
    }
    if (!anyObject[0]) {
      return List.of();
    }
    int[] found = buffer[0];
    int[] stops = sentenceStops(original, original.length());
    List<Hit> hits = new ArrayList<>();
    for (int k = 0; k < size[0]; k += 3) {
      int key = found[k];
      int s = found[k + 1];
      int end = found[k + 2];
      int at = norm.originalStart(s);
      int sentence = sentenceOf(stops, at);
      if (sentence != sentenceOf(stops, norm.originalEnd(end - 1) - 1)) {
        continue;
      }
      boolean opens = opens(original, sentence == 0 ? 0 : stops[sentence - 1] + 1, at);
      for (HarmTerm t : terms[key]) {
        hits.add(new Hit(t, key, s, end, sentence, opens));
      }
    }
    hits.sort((a, b) -> a.start() != b.start() ? Integer.compare(a.start(), b.start())
        : Integer.compare(a.end(), b.end()));
    return hits;
  }

  /** Returns whether original offset {@code at} opens the sentence from {@code from}: at most four units in. */
  private static boolean opens(String original, int from, int at) {
    int k = from;
    while (k < at && !Character.isLetterOrDigit(original.charAt(k))) {
      k++;
    }
    return at - k <= OPENING;
  }

  /** Returns the end of a plural {@code s} or {@code es} after an English term ending at {@code e}, or -1. */
  private static int pluralEnd(char[] u, int m, int e) {
    if (u[e - 1] > 0x7F) {
      return -1;
    }
    int k = e;
    if (u[k] == 'e' && k + 1 < m && u[k + 1] == 's') {
      k += 2;
    } else if (u[k] == 's') {
      k++;
    } else {
      return -1;
    }
    return k == m || !WordChars.isWordChar(Character.codePointAt(u, k, m)) ? k : -1;
  }

  /**
   * Returns the original offsets of the sentence stops in the first {@code limit} units: {@code 。！？；!?;} and line
   * breaks, and a full stop followed by a space (one at the very end is not yet known to be a stop).
   */
  private static int[] sentenceStops(String original, int limit) {
    int[] stops = new int[8];
    int count = 0;
    for (int i = 0; i < limit; i++) {
      char c = original.charAt(i);
      boolean stop = switch (c) {
        case '。', '！', '？', '；', '!', '?', ';', '\n' -> true;
        case '.' -> i + 1 < original.length() && Character.isWhitespace(original.charAt(i + 1));
        default -> false;
      };
      if (stop) {
        if (count == stops.length) {
          stops = Arrays.copyOf(stops, count * 2);
        }
        stops[count++] = i;
      }
    }
    return Arrays.copyOf(stops, count);
  }

  /** Returns the number of stops before original offset {@code at}. */
  private static int sentenceOf(int[] stops, int at) {
    int k = Arrays.binarySearch(stops, at);
    return k >= 0 ? k : -k - 1;
  }

  @Override
  public int maxMatchLength() {
    return reach * EXPANSION;
  }

  /** Returns the reach in normalized units: a finding's cues, and what it reads around them, lie within it. */
  @Override
  public boolean judgesText() {
    return true;
  }

  @Override
  public int maxMatchLetters() {
    return reach;
  }

  /**
   * Returns where a finding that more text could still create, change or cancel may start: after the last sentence
   * stop (a finding reads its own sentence and, for an object, the next one), or after the one before it when an
   * object lies between them, and at the earliest term (cue or object) within two windows and
   * three terms before the stable end of the normalized text (a cue arriving there reaches no further back), or at
   * a term begun at that end; the stable end itself when there is neither.
   */
  @Override
  public int liveFrom(ScanText text) {
    requireNonNull(text, "text");
    String original = text.original();
    int n = original.length();
    NormalizedText norm = text.normalizer() == normalizer ? text.normalized() : normalizer.normalize(original);
    int m = norm.length();
    if (m == 0) {
      return n;
    }
    char[] u = norm.units();
    int e = norm.stableEnd();
    // A finding spans cues and an object, each a whole term: only a term already begun at the stable end, or one
    // within the reach before it, can start, change or cancel a finding; prose without them flows at once.
    int from = Math.max(0, e - reach);
    int[] first = {automaton.liveStart(u, e)};
    int[] lastObject = {-1};
    char[] tail = Arrays.copyOfRange(u, from, e);
    automaton.findAll(tail, tail.length, (key, start, end) -> {
      int at = from + start;
      // a term that must start on a word boundary and does not ("her" in "weather") is no term
      if (!leftBound[key] || at == 0 || !WordChars.isWordChar(u[at - 1])) {
        first[0] = Math.min(first[0], at);
        if (object[key]) {
          lastObject[0] = Math.max(lastObject[0], at);
        }
      }
    });
    int live = normalizer.originalStartNearEnd(original, norm, first[0]);
    int[] stops = sentenceStops(original, n);
    if (stops.length > 0) {
      // The open sentence's cues reach back into the sentence before it when that one holds an object.
      int last = stops[stops.length - 1];
      boolean objectBefore = lastObject[0] >= 0
          && normalizer.originalStartNearEnd(original, norm, lastObject[0]) < last;
      int bound = !objectBefore ? last + 1 : stops.length > 1 ? stops[stops.length - 2] + 1 : 0;
      live = Math.max(live, bound);
    }
    return Math.min(live, n);
  }

  @Override
  public String toString() {
    return "HarmDetector[ruleId=" + ruleId + ", terms=" + terms.length + ", minScore=" + minScore + ", window="
        + window + "]";
  }

  /** Collects the lists and settings of a harm detector; not thread-safe. */
  public static final class Builder {
    private final String ruleId;
    private final Map<String, List<HarmTerm>> byKey = new LinkedHashMap<>();
    private final Map<Character, List<String>> spellings = new LinkedHashMap<>();
    private double minScore = 0.75;
    private int window = 60;
    private Normalizer normalizer = ScanText.defaultNormalizer();

    private Builder(String ruleId) {
      this.ruleId = requireNonNull(ruleId, "ruleId");
    }

    /** Sets the score a finding must reach, in (0, 1]; 0.75 by default. */
    public Builder minScore(double minScore) {
      if (!(minScore > 0 && minScore <= 1)) {
        throw new IllegalArgumentException("minScore: " + minScore + " (expected: > 0 and <= 1)");
      }
      this.minScore = minScore;
      return this;
    }

    /** Sets how many normalized units may lie between an object and a cue that counts for it; 60 by default. */
    public Builder window(int window) {
      if (window < 1 || window > 400) {
        throw new IllegalArgumentException("window: " + window + " (expected: 1..400)");
      }
      this.window = window;
      return this;
    }

    /** Sets the normalizer for terms and texts; {@link ScanText#defaultNormalizer()} by default. */
    public Builder normalizer(Normalizer normalizer) {
      this.normalizer = requireNonNull(normalizer, "normalizer");
      return this;
    }

    /** Adds request intents ("how do I", 怎么). */
    public Builder intents(Collection<String> list) {
      return add(list, Cue.INTENT, null, "intents");
    }

    /** Adds acts that turn an object into a request for it (make, buy, 合成). */
    public Builder acts(Collection<String> list) {
      return add(list, Cue.ACT, null, "acts");
    }

    /** Adds evasions (without getting caught, 不被发现). */
    public Builder evasions(Collection<String> list) {
      return add(list, Cue.EVASION, null, "evasions");
    }

    /** Adds people as targets (someone, my wife, 别人). */
    public Builder targets(Collection<String> list) {
      return add(list, Cue.TARGET, null, "targets");
    }

    /**
     * Adds other spellings of Han characters, a line each: the character, then its spellings separated by spaces
     * ({@code 弹 dan}, {@code 毒 du}); an object or act of two characters or more is then also found with any of
     * its characters so spelled (炸dan, du品, zhadan), up to 16 spellings of one term.
     */
    /**
     * Adds the terms of the list named {@code name} as a policy's harm lists are named: {@code intents},
     * {@code acts}, {@code evasions}, {@code targets}, {@code protective}, {@code spellings}, or a risk category,
     * whose objects they are.
     */
    public Builder list(String name, Collection<String> terms) {
      return switch (name) {
        case "intents" -> intents(terms);
        case "acts" -> acts(terms);
        case "evasions" -> evasions(terms);
        case "targets" -> targets(terms);
        case "protective" -> protective(terms);
        case "spellings" -> spellings(terms);
        default -> objects(RiskCategory.parse(name), terms);
      };
    }

    public Builder spellings(Collection<String> list) {
      int i = 0;
      for (String line : requireNonNull(list, "spellings")) {
        requireNonNull(line, "spellings[" + i + "]");
        String[] parts = line.strip().split("\\s+");
        if (parts.length < 2 || parts[0].length() != 1
            || Character.UnicodeScript.of(parts[0].charAt(0)) != Character.UnicodeScript.HAN) {
          throw new IllegalArgumentException("spellings[" + i + "]: \"" + line + "\" (expected: a Han character and"
              + " one or more spellings separated by spaces, e.g. \"弹 dan\")");
        }
        List<String> to = spellings.computeIfAbsent(parts[0].charAt(0), c -> new ArrayList<>());
        for (int k = 1; k < parts.length; k++) {
          String spelled = normalizer.normalize(parts[k]).text().strip();
          if (spelled.isEmpty()) {
            throw new IllegalArgumentException("spellings[" + i + "]: empty after normalization (expected: at least"
                + " one visible character)");
          }
          to.add(spelled);
        }
        i++;
      }
      return this;
    }

    /** Adds protective and negating framings (protect, report, 防范, 戒). */
    public Builder protective(Collection<String> list) {
      return add(list, Cue.PROTECTIVE, null, "protective");
    }

    /**
     * Adds the objects of {@code category}, a harmful-request category: strong ones as written, weak ones
     * written with a leading {@code ~}, and targets that count for this category only with a leading {@code @}
     * (children for sexual content, groups for hate).
     */
    public Builder objects(RiskCategory category, Collection<String> list) {
      requireNonNull(category, "category");
      if (category.group() != RiskCategory.Group.HARMFUL_REQUEST) {
        throw new IllegalArgumentException("objects: " + category.id() + " (expected: a harmful-request category,"
            + " one of " + Arrays.stream(RiskCategory.values()).filter(c -> c.group()
            == RiskCategory.Group.HARMFUL_REQUEST).map(RiskCategory::id).toList() + ")");
      }
      return add(list, Cue.OBJECT, category, "objects." + category.id());
    }

    private Builder add(Collection<String> list, Cue cue, RiskCategory category, String what) {
      int i = 0;
      for (String line : requireNonNull(list, what)) {
        requireNonNull(line, what + "[" + i + "]");
        boolean weak = cue == Cue.OBJECT && line.startsWith("~");
        boolean target = cue == Cue.OBJECT && line.startsWith("@");
        String key = normalizer.normalize(weak || target ? line.substring(1) : line).text().strip();
        if (key.isEmpty()) {
          throw new IllegalArgumentException(what + "[" + i + "]: empty after normalization (expected: at least"
              + " one visible character)");
        }
        byKey.computeIfAbsent(key, k -> new ArrayList<>())
            .add(new HarmTerm(target ? Cue.TARGET : cue, category, weak ? WEAK : STRONG));
        i++;
      }
      return this;
    }

    /** Returns the detector; it needs at least one intent and one object. */
    public HarmDetector build() {
      boolean intents = byKey.values().stream().flatMap(List::stream).anyMatch(t -> t.cue() == Cue.INTENT);
      boolean objects = byKey.values().stream().flatMap(List::stream).anyMatch(t -> t.cue() == Cue.OBJECT);
      if (!intents || !objects) {
        throw new IllegalArgumentException("no " + (intents ? "objects" : "intents") + " (expected: at least one"
            + " intent and one object)");
      }
      Map<String, List<HarmTerm>> all = new LinkedHashMap<>(byKey);
      if (!spellings.isEmpty()) {
        for (Map.Entry<String, List<HarmTerm>> e : byKey.entrySet()) {
          if (e.getKey().length() > 1 && e.getValue().stream().anyMatch(t -> t.cue() == Cue.OBJECT
              || t.cue() == Cue.ACT)) {
            for (String v : spelled(e.getKey())) {
              all.putIfAbsent(v, e.getValue());
            }
          }
        }
      }
      String[] keys = all.keySet().toArray(String[]::new);
      HarmTerm[][] terms = all.values().stream().map(l -> l.toArray(HarmTerm[]::new)).toArray(HarmTerm[][]::new);
      return new HarmDetector(this, keys, terms);
    }

    /** Returns the other spellings of {@code key}: each of its spelled characters as written or spelled. */
    private List<String> spelled(String key) {
      List<String> out = new ArrayList<>(List.of(""));
      for (int i = 0; i < key.length(); i++) {
        char c = key.charAt(i);
        List<String> alts = spellings.getOrDefault(c, List.of());
        List<String> next = new ArrayList<>();
        for (String prefix : out) {
          next.add(prefix + c);
          for (String alt : alts) {
            if (next.size() < MAX_SPELLED + 1) {
              next.add(prefix + alt);
            }
          }
        }
        out = next.size() > MAX_SPELLED + 1 ? next.subList(0, MAX_SPELLED + 1) : next;
      }
      return out.stream().filter(v -> !v.equals(key)).toList();
    }
  }
}
