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

  private final String ruleId;
  private final String entity;
  private final Pattern pattern;
  private final boolean normalized;
  private final OptionalInt boundedLength;
  private final int maxMatchLength;
  /** Deterministic automaton accepting wherever a match may end, or null to run RE2J over the whole text. */
  private final CharacterRunAutomaton prefilter;
  /** Longest match when it is short enough to verify candidates in a window, else 0. */
  private final int windowBound;

  private RegexDetector(Builder builder, Pattern pattern, OptionalInt boundedLength,
      CharacterRunAutomaton prefilter) {
    this.ruleId = builder.ruleId;
    this.entity = builder.entity;
    this.pattern = pattern;
    this.normalized = builder.normalized;
    this.boundedLength = boundedLength;
    this.prefilter = prefilter;
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

  /** Returns a builder for a detector of {@code pattern} (RE2 syntax) reporting under {@code ruleId}. */
  public static Builder builder(String ruleId, String pattern) {
    return new Builder(ruleId, pattern);
  }

  @Override
  public List<Finding> scan(ScanText text) {
    requireNonNull(text, "text");
    List<Finding> findings = new ArrayList<>();
    if (normalized) {
      NormalizedText n = text.normalized();
      find(n.text(), (start, end) -> findings.add(finding(n.originalStart(start), n.originalEnd(end - 1))));
    } else {
      find(text.original(), (start, end) -> findings.add(finding(start, end)));
    }
    return findings;
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
          sink.match(m.start(), m.end());
        }
      }
      return;
    }
    int n = s.length();
    int falseAlarmsLeft = 8 + n / 64;
    Matcher whole = null;
    Matcher windowed = null;
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
        String w = s.substring(windowStart, Math.min(n, end + windowBound + 1));
        windowed = windowed == null ? pattern.matcher(w) : windowed.reset(w);
        if (windowed.find(searchFrom - windowStart) && windowStart + windowed.start() < end) {
          sink.match(windowStart + windowed.start(), windowStart + windowed.end());
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
        sink.match(whole.start(), whole.end());
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
     *     in linear time (the message names it and its index), or compiles to too large a program
     */
    public RegexDetector build() {
      PatternAnalyzer.Analysis analysis = PatternAnalyzer.analyze(pattern, caseInsensitive);
      Pattern compiled;
      try {
        compiled = Pattern.compile(pattern, caseInsensitive ? Pattern.CASE_INSENSITIVE : 0);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(syntaxError(e), e);
      }
      if (compiled.programSize() > maxProgramSize) {
        throw new IllegalArgumentException("pattern: program size " + compiled.programSize()
            + " (expected: <= " + maxProgramSize + "; reduce nested repetition counts)");
      }
      OptionalLong bound = analysis.maxLength();
      return new RegexDetector(this, compiled,
          bound.isPresent() ? OptionalInt.of((int) bound.getAsLong()) : OptionalInt.empty(), prefilter(analysis));
    }

    /** Returns a DFA accepting at every end of a possible match, or null when none is small enough to build. */
    private static CharacterRunAutomaton prefilter(PatternAnalyzer.Analysis analysis) {
      if (analysis.nullable() || analysis.automaton() == null) {
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

    private String syntaxError(PatternSyntaxException e) {
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
