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
  /** Longest bounded match searched in a window around each candidate start instead of the whole text. */
  private static final int MAX_WINDOW = 1024;

  private final String ruleId;
  private final String entity;
  private final Pattern pattern;
  private final boolean normalized;
  private final OptionalInt boundedLength;
  private final int maxMatchLength;
  /** Bit set of the UTF-16 units a match can start with, or null to run RE2J over the whole text. */
  private final long[] firstUnits;
  /** Length of the text window that holds any match and its context, or 0 to search unwindowed. */
  private final int window;
  /** Text every match starts with, checked before running RE2J on a window. */
  private final String prefix;
  private final boolean prefixIgnoresCase;

  private RegexDetector(Builder builder, Pattern pattern, OptionalInt boundedLength, long[] firstUnits,
      String prefix, boolean prefixIgnoresCase) {
    this.ruleId = builder.ruleId;
    this.entity = builder.entity;
    this.pattern = pattern;
    this.normalized = builder.normalized;
    this.boundedLength = boundedLength;
    this.firstUnits = firstUnits;
    this.prefix = prefix;
    this.prefixIgnoresCase = prefixIgnoresCase;
    this.window = boundedLength.isPresent() && boundedLength.getAsInt() <= MAX_WINDOW
        ? boundedLength.getAsInt() + 2 : 0;
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
   * Reports the non-empty matches of {@code s}, as repeated {@link Matcher#find()} would. When the units a match
   * can start with are known, skips to the next such unit; when matches are also short, runs RE2J only on a
   * window around that unit (one unit of context before, the longest match plus one unit after), which is
   * enough for the same match, boundaries and anchors included. Falls back to searching the whole rest of the
   * text once candidates prove dense, so the cost stays linear in the text.
   */
  private void find(String s, Sink sink) {
    if (firstUnits == null) {
      Matcher m = pattern.matcher(s);
      while (m.find()) {
        if (m.end() > m.start()) {
          sink.match(m.start(), m.end());
        }
      }
      return;
    }
    int n = s.length();
    // A window costs about as much as RE2J scanning a hundred units; past this budget, search the rest whole.
    int windowsLeft = window == 0 ? 0 : 8 + n / 128;
    Matcher whole = null;
    Matcher windowed = null;
    int from = 0;
    while (from < n) {
      int p = nextCandidate(s, from);
      if (p < 0) {
        return;
      }
      if (windowsLeft > 0) {
        if (prefix.length() > 1 && !s.regionMatches(prefixIgnoresCase, p, prefix, 0, prefix.length())) {
          from = p + 1;
          continue;
        }
        windowsLeft--;
        int windowStart = Math.max(0, p - 1);
        String w = s.substring(windowStart, Math.min(n, p - 1 + window));
        windowed = windowed == null ? pattern.matcher(w) : windowed.reset(w);
        if (windowed.find(p - windowStart) && windowed.start() == p - windowStart) {
          sink.match(p, windowStart + windowed.end());
          from = windowStart + windowed.end();
        } else {
          from = p + 1;
        }
        continue;
      }
      whole = whole == null ? pattern.matcher(s) : whole;
      if (!whole.find(p)) {
        return;
      }
      sink.match(whole.start(), whole.end());
      from = whole.end();
    }
  }

  private int nextCandidate(String s, int from) {
    long[] units = firstUnits;
    for (int i = from, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if ((units[c >>> 6] & (1L << c)) != 0) {
        return i;
      }
    }
    return -1;
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
      long[] firstUnits = null;
      if (!analysis.nullable() && analysis.first() != null) {
        firstUnits = Arrays.copyOf(analysis.first().toLongArray(), (Character.MAX_VALUE + 1) / 64);
      }
      return new RegexDetector(this, compiled,
          bound.isPresent() ? OptionalInt.of((int) bound.getAsLong()) : OptionalInt.empty(), firstUnits,
          analysis.prefix(), analysis.ignoreCase());
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
