package io.kexin.gateway.detect.regex;

import static java.util.Objects.requireNonNull;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.kexin.gateway.detect.Detector;
import io.kexin.gateway.detect.Finding;
import io.kexin.gateway.text.NormalizedText;
import io.kexin.gateway.text.ScanText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.apache.lucene.util.automaton.Automata;
import org.apache.lucene.util.automaton.CharacterRunAutomaton;
import org.apache.lucene.util.automaton.Operations;
import org.apache.lucene.util.automaton.TooComplexToDeterminizeException;

/**
 * Finds the matches of one security-team pattern with RE2J, in time linear in the text; patterns that need
 * backtracking are refused when built. Reports non-empty, non-overlapping matches, leftmost first. Immutable
 * and thread-safe. See the package documentation for the supported dialect.
 */
public final class RegexDetector implements Detector {
  /** Default cap on the program size of a compiled pattern, in RE2 instructions. */
  public static final int DEFAULT_MAX_PROGRAM_SIZE = 100_000;
  /** Ratio between original and normalized match length assumed when matching the normalized text. */
  public static final int NORMALIZED_EXPANSION_FACTOR = 8;
  /** Longest bounded match verified in a window around each prefilter hit instead of the rest of the text. */
  private static final int MAX_WINDOW = 1024;
  private static final int PREFILTER_WORK_LIMIT = 2_000;
  private static final long MAX_PREFILTER_BYTES = 1 << 20;
  /**
   * Most transitions of a pattern's automaton for which a prefilter is tried: determinizing costs up to the work
   * limit times the transitions of each state set, and larger automata (a union of hundreds of classes) take
   * seconds only to exceed {@link #MAX_PREFILTER_BYTES}.
   */
  private static final int MAX_PREFILTER_TRANSITIONS = 1_500;

  private final String ruleId;
  private final String entity;
  private final Pattern pattern;
  /** The capturing group reported as the finding, 0 for the whole match. */
  private final int group;
  /** The pattern anchored at the start of the input, for {@link #searchAtLiterals}; null when not needed. */
  private final Pattern anchored;
  /** The pattern's opening words and the rest, tried at a word in place of {@link #anchored}; or null. */
  private final OpeningWords opening;
  private final boolean normalized;
  private final OptionalInt boundedLength;
  private final int maxMatchLength;
  /** Deterministic automaton accepting wherever a match may end, or null to run RE2J over the whole text. */
  private final CharacterRunAutomaton prefilter;
  /** Longest match when it is short enough to verify candidates in a window, else 0. */
  private final int windowBound;
  /** What every match contains; decides, with the shared prefilter's hits, where RE2J runs. */
  private final Condition condition;
  /** Prefilter finding this pattern's literals and digit runs, or null when the condition is absent. */
  private final RegexPrefilter shared;
  /** Ids of {@link Condition#literals()} in {@link #shared}. */
  private final int[] literalIds;
  /**
   * Deterministic automaton of a superset of the pattern's matches, anchored at their start, for {@link #liveFrom};
   * null when none is small enough to build, for normalized patterns and for patterns that match the empty string.
   */
  private final CharacterRunAutomaton anchoredDfa;

  private RegexDetector(Builder builder, CompiledPattern compiled) {
    this.anchoredDfa = builder.normalized ? null : compiled.anchoredDfa();
    this.condition = compiled.condition();
    this.shared = compiled.literals();
    this.literalIds = shared == null ? new int[0] : shared.idsOf(condition);
    this.ruleId = builder.ruleId;
    this.entity = builder.entity;
    this.pattern = compiled.pattern();
    this.group = builder.group;
    this.anchored = compiled.anchored();
    this.opening = compiled.opening();
    this.normalized = builder.normalized;
    this.boundedLength = compiled.boundedLength();
    this.prefilter = compiled.prefilter();
    this.windowBound = boundedLength.isPresent() && boundedLength.getAsInt() <= MAX_WINDOW
        ? boundedLength.getAsInt() : 0;
    long bound = boundedLength.isPresent() ? boundedLength.getAsInt() : Integer.MAX_VALUE;
    if (normalized) {
      bound = Math.min(Integer.MAX_VALUE, bound * NORMALIZED_EXPANSION_FACTOR);
    }
    if (builder.maxMatchLength > 0) {
      bound = Math.min(bound, builder.maxMatchLength);
    }
    this.maxMatchLength = (int) bound;
  }

  private RegexDetector(RegexDetector base, RegexPrefilter shared) {
    this.ruleId = base.ruleId;
    this.entity = base.entity;
    this.pattern = base.pattern;
    this.group = base.group;
    this.anchored = base.anchored;
    this.opening = base.opening;
    this.normalized = base.normalized;
    this.boundedLength = base.boundedLength;
    this.maxMatchLength = base.maxMatchLength;
    this.prefilter = base.prefilter;
    this.anchoredDfa = base.anchoredDfa;
    this.windowBound = base.windowBound;
    this.condition = base.condition;
    this.shared = base.shared == null ? null : shared;
    this.literalIds = this.shared == null ? new int[0] : shared.idsOf(condition);
  }

  /**
   * Returns detectors that find what {@code detectors} find, in the same order, sharing one literal prefilter
   * per text form (original, normalized): each text is scanned once for the required literals and digit runs of
   * all of them, and each pattern then runs only near its candidates, or not at all when it has none.
   */
  public static List<RegexDetector> sharingPrefilter(List<RegexDetector> detectors) {
    return sharingPrefilter(detectors, List.of());
  }

  /**
   * Returns what {@link #sharingPrefilter(List)} returns, the prefilter of the original text also telling, in the
   * same pass, which of {@code keywords} (non-empty, distinct) a text holds: see {@link #keywordsPresent}.
   */
  public static List<RegexDetector> sharingPrefilter(List<RegexDetector> detectors, List<String> keywords) {
    requireNonNull(detectors, "detectors");
    requireNonNull(keywords, "keywords");
    List<Condition> original = new ArrayList<>();
    List<Condition> normalized = new ArrayList<>();
    for (RegexDetector d : detectors) {
      if (d.shared != null) {
        (d.normalized ? normalized : original).add(d.condition);
      }
    }
    RegexPrefilter forOriginal = RegexPrefilter.of(original, false, keywords);
    RegexPrefilter forNormalized = RegexPrefilter.of(normalized, true);
    List<RegexDetector> shared = new ArrayList<>(detectors.size());
    for (RegexDetector d : detectors) {
      shared.add(new RegexDetector(d, d.normalized ? forNormalized : forOriginal));
    }
    return shared;
  }

  /**
   * Returns the keywords whose presence {@link #keywordsPresent} reports, in their order: those given to
   * {@link #sharingPrefilter(List, List)}, or none when this detector has no prefilter over the original text.
   */
  public List<String> keywords() {
    return shared == null || normalized ? List.of() : shared.keywords();
  }

  /**
   * Returns, by index in {@link #keywords()}, whether {@code text} holds the keyword, ignoring case as
   * {@link String#regionMatches(boolean, int, String, int, int)} does once the first unit equals the keyword's, its
   * lower or its upper case; false for a keyword with a surrogate unit, which the caller looks for itself. Found
   * in the prefilter's one pass over the text. Do not modify the array.
   */
  public boolean[] keywordsPresent(ScanText text) {
    return keywords().isEmpty() ? new boolean[0] : shared.hits(text).keywords();
  }

  /** Returns a builder for a detector of {@code pattern} (RE2 syntax) reporting under {@code ruleId}. */
  public static Builder builder(String ruleId, String pattern) {
    return new Builder(ruleId, pattern);
  }

  /**
   * Returns the earliest start, among the last {@link #maxMatchLength()} units, from which the pattern's anchored
   * automaton (a superset of its matches) is still alive at the end of the text: from any earlier start it died
   * on a unit of the text, so every match from there ended before that unit, and the one character a boundary or
   * {@code $} reads after a match has arrived. Falls back to the default for normalized patterns, patterns without
   * an automaton, and when the automaton stays alive over many starts (a work budget of a few steps per unit).
   */
  @Override
  public int liveFrom(ScanText text) {
    if (anchoredDfa == null) {
      return Detector.super.liveFrom(text);
    }
    String s = text.original();
    int n = s.length();
    int from = Math.max(0, n - maxMatchLength);
    long budget = 4L * (n - from) + 256;
    for (int start = from; start < n; start++) {
      int state = 0;
      int i = start;
      while (i < n) {
        int cp = s.codePointAt(i);
        state = anchoredDfa.step(state, cp);
        if (state < 0 || --budget < 0) {
          break;
        }
        i += Character.charCount(cp);
      }
      if (budget < 0) {
        return Detector.super.liveFrom(text);
      }
      if (i >= n) {
        return start;
      }
    }
    return n;
  }

  @Override
  public List<Finding> scan(ScanText text) {
    requireNonNull(text, "text");
    if (!mayMatch(text)) {
      // most rules on most texts: the shared pass already says no match can be there, so nothing is allocated
      return List.of();
    }
    List<Finding> findings = new ArrayList<>();
    if (normalized) {
      NormalizedText n = text.normalized();
      search(text, n.text(), (start, end) -> findings.add(finding(n.originalStart(start), n.originalEnd(end - 1))));
    } else {
      search(text, text.original(), (start, end) -> findings.add(finding(start, end)));
    }
    return findings;
  }

  /** Says whether the shared pass over {@code text} leaves a match possible: the text holds what every match needs. */
  boolean mayMatch(ScanText text) {
    return shared == null || !absent(shared.hits(text));
  }

  /**
   * Says whether {@code hits}, the shared pass over a text, show that the text lacks every required literal or a long
   * enough digit run of this pattern, so that {@link #search} would report nothing.
   */
  private boolean absent(RegexPrefilter.Hits hits) {
    return literalHits(hits) == 0 || runHits(hits) == 0;
  }

  /** Returns how often the shared pass found this pattern's required literals, or -1 when it requires none. */
  private int literalHits(RegexPrefilter.Hits hits) {
    if (literalIds.length == 0) {
      return -1;
    }
    int count = 0;
    for (int id : literalIds) {
      count += hits.count(id);
    }
    return count;
  }

  /** Returns how many digit runs long enough for this pattern the shared pass found, or -1 when it needs none. */
  private int runHits(RegexPrefilter.Hits hits) {
    if (condition.digitRun() <= 0) {
      return -1;
    }
    int count = 0;
    int[] runs = hits.digitRuns();
    for (int i = 0; i < runs.length; i += 2) {
      if (runs[i + 1] - runs[i] >= condition.digitRun()) {
        count++;
      }
    }
    return count;
  }

  /**
   * Reports the matches of {@code s}, the form of {@code text} this pattern runs on, as {@link #find} would:
   * returns at once when the text lacks every required literal or a long enough digit run, searches only windows
   * that can hold a match when there are few candidates, and falls back to {@link #find} otherwise.
   */
  private void search(ScanText text, String s, Sink sink) {
    if (shared == null) {
      find(s, sink);
      return;
    }
    RegexPrefilter.Hits hits = shared.hits(text);
    int literalHits = literalHits(hits);
    int runHits = runHits(hits);
    if (literalHits == 0 || runHits == 0) {
      return;
    }
    int bound = condition.bound();
    if (literalHits > 0 && condition.startsWithLiteral()) {
      searchAtLiterals(s, hits, literalHits, bound, sink);
      return;
    }
    if (bound < 0) {
      if (literalHits > 0 && condition.alphabet() != null) {
        searchWindows(s, literalWindows(s, hits, literalHits, Integer.MAX_VALUE), sink);
      } else {
        find(s, sink);
      }
      return;
    }
    boolean byLiterals = literalHits > 0 && (runHits < 0 || literalHits <= runHits);
    searchWindows(s, byLiterals ? literalWindows(s, hits, literalHits, bound) : runWindows(s, hits, bound), sink);
  }

  /**
   * Reports the matches of a pattern whose every match starts with one of its literals and looks at nothing before
   * it: tries an anchored match at each literal occurrence, in increasing order, from the end of the last match.
   * The first that succeeds is the leftmost match, and its preferred match fits in {@code bound} units, so the
   * window ends there, plus one unit of context for boundaries and anchors. A failed try costs only the units read
   * before every thread of the anchored search dies, so keyword-dense text costs far less than searching it all.
   */
  private void searchAtLiterals(String s, RegexPrefilter.Hits hits, int count, int bound, Sink sink) {
    int[] starts = new int[count];
    int k = 0;
    for (int id : literalIds) {
      if (!hits.holds(id)) {
        continue;
      }
      int length = shared.literalLength(id);
      for (int i = hits.from(id), to = hits.from(id + 1); i < to; i++) {
        starts[k++] = hits.end(i) - length;
      }
    }
    if (literalIds.length > 1) {
      Arrays.sort(starts);
    }
    int n = s.length();
    int from = 0;
    Matcher m = null;
    java.util.BitSet alphabet = condition.alphabet();
    int minLength = condition.minLength();
    TextWindow window = new TextWindow(s);
    int previous = -1;
    for (int start : starts) {
      if (start < from || start == previous) {
        continue;
      }
      previous = start;
      if (alphabet != null && minLength > 0) {
        // A match consists of alphabet units only, so it cannot start where fewer than minLength of them follow.
        int runEnd = start;
        while (runEnd < n && runEnd - start < minLength && alphabet.get(s.charAt(runEnd))) {
          runEnd++;
        }
        if (runEnd - start < minLength) {
          continue;
        }
      }
      int end = (int) Math.min(n, (long) start + bound + 1);
      if (opening != null) {
        // The words tried in their order, each only where the text holds it: the first after which the rest
        // matches gives the pattern's preferred match (see OpeningWords).
        for (int w = opening.next(s, start, 0); w >= 0; w = opening.next(s, start, w + 1)) {
          int offset = start + opening.length(w) - opening.context(w);
          TextWindow rest = window.over(offset, Math.max(end, offset + opening.context(w)));
          m = m == null ? opening.rest().matcher(rest) : m.reset(rest);
          if (m.lookingAt()) {
            // The openers capture nothing, so only the whole match (group 0) starts before the rest's window.
            if (group == 0) {
              sink.match(start, offset + m.end());
            } else {
              report(m, offset, sink);
            }
            from = offset + m.end();
            break;
          }
        }
        continue;
      }
      TextWindow w = window.over(start, end);
      // RE2J stops an anchored search once its threads die only when the pattern itself starts with \A.
      m = m == null ? anchored.matcher(w) : m.reset(w);
      if (m.lookingAt() && m.end() > 0) {
        report(m, start, sink);
        from = start + m.end();
      }
    }
  }

  /**
   * Returns the windows, packed as {@code lo << 32 | hi}, that the required literals' occurrences in {@code text}
   * leave RE2J to search within this pattern's bound, or null when the shared pass does not place them (no
   * prefilter, no literal, an unbounded or a literal-first pattern).
   */
  long[] literalWindows(ScanText text) {
    if (shared == null || normalized || condition.bound() < 0 || condition.startsWithLiteral()) {
      return null;
    }
    RegexPrefilter.Hits hits = shared.hits(text);
    int count = literalHits(hits);
    return count < 0 ? null : literalWindows(text.original(), hits, count, condition.bound());
  }

  /**
   * Returns the windows {@code [lo, hi)}, packed as {@code lo << 32 | hi} and increasing, that hold every match
   * containing one of the literal occurrences: within {@code bound} of the occurrence and inside the run of
   * {@link Condition#alphabet()} units around it, none shorter than {@link Condition#minLength()} or without a run of
   * {@link Condition#digitRun()} digits (it could hold no match). Linear in the text: runs are computed once each.
   */
  private long[] literalWindows(String s, RegexPrefilter.Hits hits, int count, int bound) {
    long[] occurrences = new long[count];
    int k = 0;
    for (int id : literalIds) {
      if (!hits.holds(id)) {
        continue;
      }
      int length = shared.literalLength(id);
      for (int i = hits.from(id), to = hits.from(id + 1); i < to; i++) {
        occurrences[k++] = (long) (hits.end(i) - length) << 32 | hits.end(i);
      }
    }
    if (literalIds.length > 1) {
      Arrays.sort(occurrences);
    }
    java.util.BitSet alphabet = condition.alphabet();
    int minLength = condition.minLength();
    int need = condition.digitRun();
    int[] runs = need > 0 ? hits.digitRuns() : null;
    int n = s.length();
    long[] windows = new long[count];
    int w = 0;
    int runStart = 0;
    int runEnd = -1;
    for (long o : occurrences) {
      int from = (int) (o >>> 32);
      int to = (int) o;
      int lo = (int) Math.max(0, (long) to - bound);
      int hi = (int) Math.min(n, (long) from + bound);
      if (alphabet != null) {
        if (from >= runEnd) {
          runStart = from;
          while (runStart > 0 && alphabet.get(s.charAt(runStart - 1))) {
            runStart--;
          }
          runEnd = from;
          while (runEnd < n && alphabet.get(s.charAt(runEnd))) {
            runEnd++;
          }
        }
        if (to > runEnd) {
          continue;
        }
        lo = Math.max(lo, runStart);
        hi = Math.min(hi, runEnd);
      }
      if (hi - lo < minLength || need > 0 && !holdsRun(runs, lo, hi, need)) {
        // Every match holding the occurrence lies in [lo, hi), and none is this short or lacks its digits there: a
        // province's character in a word (新的) is no plate's start, nor `, in ` far from five digits a US address.
        continue;
      }
      windows[w++] = (long) lo << 32 | hi;
    }
    windows = Arrays.copyOf(windows, w);
    Arrays.sort(windows);
    return merge(windows);
  }

  /** Says whether {@code [lo, hi)} holds {@code need} digits in a row of {@code runs}, increasing {@code [start, end)} pairs. */
  private static boolean holdsRun(int[] runs, int lo, int hi, int need) {
    int a = 0;
    int b = runs.length / 2;
    while (a < b) {
      // the first run ending after lo
      int m = (a + b) >>> 1;
      if (runs[2 * m + 1] <= lo) {
        a = m + 1;
      } else {
        b = m;
      }
    }
    for (int r = 2 * a; r < runs.length && runs[r] < hi; r += 2) {
      if (Math.min(runs[r + 1], hi) - Math.max(runs[r], lo) >= need) {
        return true;
      }
    }
    return false;
  }

  /** Returns the windows, as {@link #literalWindows}, that hold every match containing a long enough digit run. */
  private long[] runWindows(String s, RegexPrefilter.Hits hits, int bound) {
    int[] runs = hits.digitRuns();
    int need = condition.digitRun();
    long[] windows = new long[runs.length / 2];
    int w = 0;
    for (int i = 0; i < runs.length; i += 2) {
      if (runs[i + 1] - runs[i] >= need) {
        int lo = (int) Math.max(0, (long) runs[i] + need - bound);
        int hi = (int) Math.min(s.length(), (long) runs[i + 1] - need + bound);
        windows[w++] = (long) lo << 32 | hi;
      }
    }
    return merge(Arrays.copyOf(windows, w));
  }

  /** Merges sorted windows that overlap or touch, so that no match can span two of them. */
  private static long[] merge(long[] windows) {
    int w = 0;
    for (long window : windows) {
      int lo = (int) (window >>> 32);
      int hi = (int) window;
      if (lo >= hi) {
        continue;
      }
      if (w > 0 && lo <= (int) windows[w - 1]) {
        int last = (int) windows[w - 1];
        windows[w - 1] = (windows[w - 1] & 0xFFFFFFFF00000000L) | Math.max(last, hi);
      } else {
        windows[w++] = window;
      }
    }
    return Arrays.copyOf(windows, w);
  }

  /**
   * Reports the matches inside each window. Every match of the text lies inside one window and windows neither
   * overlap nor touch, so RE2J run over a window, with one unit of context on each side for boundaries and
   * anchors, finds exactly the matches that a search of the whole text finds there.
   */
  private void searchWindows(String s, long[] windows, Sink sink) {
    Matcher m = null;
    int n = s.length();
    TextWindow view = new TextWindow(s);
    for (long window : windows) {
      int lo = (int) (window >>> 32);
      int hi = (int) window;
      int contextStart = Math.max(0, lo - 1);
      TextWindow w = view.over(contextStart, Math.min(n, hi + 1));
      m = m == null ? pattern.matcher(w) : m.reset(w);
      int from = lo - contextStart;
      while (from < hi - contextStart && m.find(from)) {
        if (m.start() + contextStart >= hi) {
          break;
        }
        report(m, contextStart, sink);
        from = m.end() > m.start() ? m.end() : m.end() + 1;
      }
    }
  }

  /**
   * Reports the span of {@link #group} in the match {@code m} found in a window starting at {@code offset}, or
   * nothing when that group took no part in the match or is empty (a context word alone is no finding).
   */
  private void report(Matcher m, int offset, Sink sink) {
    int start = m.start(group);
    int end = m.end(group);
    if (start >= 0 && end > start) {
      sink.match(offset + start, offset + end);
    }
  }

  /** Receives the span of one match. */
  @FunctionalInterface
  private interface Sink {
    void match(int start, int end);
  }

  /**
   * Reports the non-empty matches of {@code s}, as repeated {@link Matcher#find()} would, running RE2J only
   * where the prefilter automaton, which accepts a superset of the pattern, says a match may end.
   *
   * <p>When the prefilter first accepts at {@code e}, no match ends before {@code e}, so the leftmost match
   * starts at or after {@code e - bound}. For a bounded pattern RE2J then searches the window from there to
   * {@code e + bound}, plus one unit of context on each side for boundaries and anchors: a match it finds
   * starting before {@code e} is the leftmost one, and if there is none, no match starts before {@code e} and
   * the prefilter restarts there. Unbounded patterns, and bounded ones once false alarms exceed a budget, search
   * the rest of the text with RE2J instead. Either way the cost stays linear in the text.
   */
  private void find(String s, Sink sink) {
    if (prefilter == null) {
      Matcher m = pattern.matcher(s);
      while (m.find()) {
        if (m.end() > m.start()) {
          report(m, 0, sink);
        }
      }
      return;
    }
    int n = s.length();
    int falseAlarmsLeft = 8 + n / 64;
    Matcher whole = null;
    Matcher windowed = null;
    TextWindow view = null;
    int from = 0;
    int state = 0;
    int i = 0;
    while (i < n) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      state = prefilter.step(state, cp);
      if (state < 0) {
        state = 0;
        continue;
      }
      if (!prefilter.isAccept(state)) {
        continue;
      }
      int end = i;
      if (windowBound > 0 && falseAlarmsLeft > 0) {
        int searchFrom = Math.max(from, end - windowBound);
        int windowStart = Math.max(0, searchFrom - 1);
        view = view == null ? new TextWindow(s) : view;
        TextWindow w = view.over(windowStart, Math.min(n, end + windowBound + 1));
        windowed = windowed == null ? pattern.matcher(w) : windowed.reset(w);
        if (windowed.find(searchFrom - windowStart) && windowStart + windowed.start() < end) {
          report(windowed, windowStart, sink);
          from = windowStart + windowed.end();
        } else {
          falseAlarmsLeft--;
          from = end;
        }
      } else {
        whole = whole == null ? pattern.matcher(s) : whole;
        if (!whole.find(from)) {
          return;
        }
        report(whole, 0, sink);
        from = whole.end();
      }
      i = from;
      state = 0;
    }
  }

  private Finding finding(int start, int end) {
    return new Finding(ruleId, entity, start, end, 1.0, "pattern match of " + (end - start) + " chars");
  }

  /**
   * Returns the longest match in original UTF-16 units: the explicit cap if one was set and is smaller, else the
   * bound derived from the pattern, else {@link Integer#MAX_VALUE} for unbounded patterns.
   */
  @Override
  public int maxMatchLength() {
    return maxMatchLength;
  }

  /** Returns the upper bound on match length derived from the pattern, or empty when it is unbounded. */
  public OptionalInt boundedLength() {
    return boundedLength;
  }

  /** Returns whether every match holds one of a set of literals, so that texts without them are never searched. */
  boolean gatedByLiterals() {
    return !condition.literals().isEmpty();
  }

  /** Returns the memory taken by the prefilter automaton, or -1 when the pattern runs without one. */
  long prefilterBytes() {
    return prefilter == null ? -1 : prefilter.ramBytesUsed();
  }

  /** Returns the pattern as written. */
  public String pattern() {
    return pattern.pattern();
  }

  @Override
  public String toString() {
    return "RegexDetector[ruleId=" + ruleId + ", entity=" + entity + "]";
  }

  /** Collects the options of a regex detector; not thread-safe. */
  public static final class Builder {
    private final String ruleId;
    private final String pattern;
    private String entity = "PATTERN";
    private boolean caseInsensitive;
    private boolean normalized;
    private int maxMatchLength;
    private int maxProgramSize = DEFAULT_MAX_PROGRAM_SIZE;
    private int group;
    private PatternCache cache;

    private Builder(String ruleId, String pattern) {
      this.ruleId = requireNonNull(ruleId, "ruleId");
      this.pattern = requireNonNull(pattern, "pattern");
    }

    /** Sets the entity type of findings; {@code PATTERN} by default. */
    public Builder entity(String entity) {
      this.entity = requireNonNull(entity, "entity");
      return this;
    }

    /** Sets whether letters match regardless of case (Unicode simple case folding); off by default. */
    public Builder caseInsensitive(boolean caseInsensitive) {
      this.caseInsensitive = caseInsensitive;
      return this;
    }

    /**
     * Sets whether the pattern runs on {@link ScanText#normalized()} instead of the original text; off by
     * default. The normalized text is case-folded, half-width, without invisible characters and with single
     * spaces, so write patterns in that form.
     */
    public Builder normalized(boolean normalized) {
      this.normalized = normalized;
      return this;
    }

    /** Caps {@link RegexDetector#maxMatchLength()}, for example to stream an unbounded pattern. */
    public Builder maxMatchLength(int maxMatchLength) {
      if (maxMatchLength <= 0) {
        throw new IllegalArgumentException("maxMatchLength: " + maxMatchLength + " (expected: > 0)");
      }
      this.maxMatchLength = maxMatchLength;
      return this;
    }

    /**
     * Sets the capturing group whose span is the finding, so that a context word the pattern requires (微信, Name:)
     * is not rewritten with the value; 0, the whole match, by default. A match whose group is empty or took no part
     * reports nothing.
     */
    public Builder group(int group) {
      if (group < 0) {
        throw new IllegalArgumentException("group: " + group + " (expected: >= 0)");
      }
      this.group = group;
      return this;
    }

    /** Takes the compiled pattern from {@code cache} when an earlier load compiled it; none by default. */
    public Builder cache(PatternCache cache) {
      this.cache = cache;
      return this;
    }

    /** Sets the largest compiled program accepted, in RE2 instructions; guards memory against huge repeats. */
    public Builder maxProgramSize(int maxProgramSize) {
      if (maxProgramSize <= 0) {
        throw new IllegalArgumentException("maxProgramSize: " + maxProgramSize + " (expected: > 0)");
      }
      this.maxProgramSize = maxProgramSize;
      return this;
    }

    /**
     * Returns the detector.
     *
     * @throws IllegalArgumentException if the pattern is not valid RE2 syntax, uses a construct that cannot run
     *     in linear time (the message names it and its index), is too long or too deeply nested, or compiles to
     *     too large a program (refused before compiling it when its repetitions expand it)
     */
    public RegexDetector build() {
      CompiledPattern.Key key = key();
      CompiledPattern compiled = cache == null ? compile(key) : cache.get(key, Builder::compile);
      if (group > compiled.pattern().groupCount()) {
        throw new IllegalArgumentException("group: " + group + " (expected: 0.." + compiled.pattern().groupCount()
            + ", the pattern's capturing groups)");
      }
      return new RegexDetector(this, compiled);
    }

    /**
     * Compiles the pattern into the cache set with {@link #cache}, without building a detector, so that a load can
     * compile its rules' patterns on several threads before it builds them in order; does nothing without a cache.
     *
     * @throws IllegalArgumentException as {@link #build()} does for the pattern
     */
    public void prepare() {
      if (cache != null) {
        cache.get(key(), Builder::compile);
      }
    }

    private CompiledPattern.Key key() {
      return new CompiledPattern.Key(pattern, caseInsensitive, normalized, maxProgramSize);
    }

    /** Compiles a pattern: its RE2J program, its automata and its literal condition. */
    static CompiledPattern compile(CompiledPattern.Key key) {
      // The analysis estimates the program from the pattern first: RE2J would build all of it before its size
      // could be checked, and nested counts such as ((a{1000}){1000}){1000} would exhaust the heap doing so.
      PatternAnalyzer.Analysis analysis = PatternAnalyzer.analyze(key.pattern(), key.caseInsensitive(),
          key.maxProgramSize());
      Pattern compiled;
      try {
        compiled = Pattern.compile(key.pattern(), key.caseInsensitive() ? Pattern.CASE_INSENSITIVE : 0);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(syntaxError(key.pattern(), e), e);
      }
      if (compiled.programSize() > key.maxProgramSize()) {
        throw new IllegalArgumentException("pattern: program size " + compiled.programSize()
            + " (expected: <= " + key.maxProgramSize() + "; reduce nested repetition counts)");
      }
      OptionalLong bound = analysis.maxLength();
      OptionalInt bounded = bound.isPresent() ? OptionalInt.of((int) bound.getAsLong()) : OptionalInt.empty();
      Condition condition = Condition.of(analysis, bounded.orElse(-1));
      OpeningWords opening = condition.startsWithLiteral() ? OpeningWords.of(key.pattern(), compiled.flags()) : null;
      Pattern anchored = condition.startsWithLiteral() && opening == null
          ? Pattern.compile("\\A(?:" + compiled.pattern() + ")", compiled.flags()) : null;
      RegexPrefilter literals = condition.present() ? RegexPrefilter.of(List.of(condition), key.normalized()) : null;
      return new CompiledPattern(compiled, bounded, prefilter(analysis), anchored(analysis), condition, anchored,
          opening, literals);
    }

    /** Returns a DFA accepting at every end of a possible match, or null when none is small enough to build. */
    private static CharacterRunAutomaton prefilter(PatternAnalyzer.Analysis analysis) {
      if (analysis.nullable() || analysis.automaton() == null
          || analysis.automaton().getNumTransitions() > MAX_PREFILTER_TRANSITIONS) {
        return null;
      }
      try {
        CharacterRunAutomaton dfa = new CharacterRunAutomaton(
            Operations.concatenate(Automata.makeAnyString(), analysis.automaton()), PREFILTER_WORK_LIMIT);
        return dfa.ramBytesUsed() <= MAX_PREFILTER_BYTES ? dfa : null;
      } catch (TooComplexToDeterminizeException e) {
        return null;
      }
    }

    /** Returns a DFA accepting a superset of the pattern's matches from their start, or null (see liveFrom). */
    private static CharacterRunAutomaton anchored(PatternAnalyzer.Analysis analysis) {
      if (analysis.nullable() || analysis.automaton() == null) {
        return null;
      }
      try {
        CharacterRunAutomaton dfa = new CharacterRunAutomaton(analysis.automaton(), PREFILTER_WORK_LIMIT);
        return dfa.ramBytesUsed() <= MAX_PREFILTER_BYTES ? dfa : null;
      } catch (TooComplexToDeterminizeException e) {
        return null;
      }
    }

    private static String syntaxError(String pattern, PatternSyntaxException e) {
      String description = e.getDescription();
      String fragment = e.getPattern();
      StringBuilder message = new StringBuilder("pattern: ").append(description);
      if (fragment != null && !fragment.isEmpty()) {
        message.append(" '").append(fragment.length() > 40 ? fragment.substring(0, 40) + "..." : fragment)
            .append('\'');
        int index = pattern.indexOf(fragment);
        if (index >= 0) {
          message.append(" at index ").append(index);
        }
      }
      return message.append(" (").append(PatternAnalyzer.EXPECTED).append(')').toString();
    }
  }
}
