package io.kexin.gateway.detect.secret;

import static java.util.Objects.requireNonNull;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.kexin.gateway.detect.Detector;
import io.kexin.gateway.detect.Finding;
import io.kexin.gateway.detect.Opening;
import io.kexin.gateway.detect.regex.PatternCache;
import io.kexin.gateway.detect.regex.RegexDetector;
import io.kexin.gateway.text.ScanText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds one kind of credential the way a gitleaks rule does: the text must contain one of the rule's keywords
 * (case-insensitive) before the pattern runs at all; each match's secret group is the finding, kept only when its
 * Shannon entropy reaches the rule's minimum and it is not a placeholder (see {@link Placeholders}). Patterns are
 * RE2 syntax, validated and bounded by {@link RegexDetector}, whose prefilter also finds the candidate matches.
 * Detectors made by {@link #sharing} look for their keywords and literals in one pass per text for all of them.
 * Explanations name the rule, the length and the entropy, never the secret. Immutable and thread-safe.
 */
public final class SecretDetector implements Detector {
  private final String ruleId;
  private final String entity;
  private final List<String> keywords;
  /**
   * Whether keywords must occur in exactly their case; the {@link #index} tells where they occur in any case, and
   * only then is the text searched for them in their own case.
   */
  private final boolean keywordCase;
  /** Index telling which keywords a text holds in any case, possibly shared with other detectors. */
  private final KeywordIndex index;
  /** Ids of {@link #keywords} in {@link #index}. */
  private final int[] keywordIds;
  /** What opens this rule on a text: its keywords in the index; null without keywords (it reads every text). */
  private final Opening opening;
  private final RegexDetector candidates;
  private final Pattern pattern;
  private final int secretGroup;
  private final double minEntropy;
  /** Whether the keywords are the key's prefix, after which it may be written in groups (see {@link GroupedKeys}). */
  private final boolean grouped;
  /** The prefixes a grouped key starts with: the keywords as given; {@link #keywords} adds their heads. */
  private final List<String> prefixes;
  private final int maxMatchLength;

  private SecretDetector(Builder b, RegexDetector candidates, Pattern pattern, int maxMatchLength) {
    this.ruleId = b.ruleId;
    this.entity = b.entity;
    this.keywords = b.grouped ? GroupedKeys.withHeads(b.keywords) : b.keywords;
    this.prefixes = b.keywords;
    this.keywordCase = b.keywordCase;
    this.index = KeywordIndex.of(keywords);
    this.keywordIds = idsIn(index, keywords);
    this.opening = keywords.isEmpty() ? null : new Opening(index, keywordIds);
    this.candidates = candidates;
    this.pattern = pattern;
    this.secretGroup = b.secretGroup;
    this.minEntropy = b.minEntropy;
    this.grouped = b.grouped;
    this.maxMatchLength = maxMatchLength;
  }

  private SecretDetector(SecretDetector base, KeywordIndex index, RegexDetector candidates) {
    this.ruleId = base.ruleId;
    this.entity = base.entity;
    this.keywords = base.keywords;
    this.prefixes = base.prefixes;
    this.keywordCase = base.keywordCase;
    this.index = index;
    this.keywordIds = idsIn(index, keywords);
    this.opening = keywords.isEmpty() ? null : new Opening(index, keywordIds);
    this.candidates = candidates;
    this.pattern = base.pattern;
    this.secretGroup = base.secretGroup;
    this.minEntropy = base.minEntropy;
    this.grouped = base.grouped;
    this.maxMatchLength = base.maxMatchLength;
  }

  private static int[] idsIn(KeywordIndex index, List<String> keywords) {
    return keywords.stream().mapToInt(index::idOf).toArray();
  }

  /**
   * Returns detectors that find what {@code detectors} find, in the same order, sharing one keyword index, so
   * that each text is scanned once for the keywords of all of them; each detector's candidates come from the
   * same-position element of {@code candidates}, which must hold {@link #candidates()} of {@code detectors} or
   * the detectors {@link RegexDetector#sharingPrefilter(List)} made of them.
   *
   * @throws IllegalArgumentException if the lists differ in size or a candidate has another rule id or pattern
   */
  public static List<SecretDetector> sharing(List<SecretDetector> detectors, List<RegexDetector> candidates) {
    requireNonNull(detectors, "detectors");
    requireNonNull(candidates, "candidates");
    if (detectors.size() != candidates.size()) {
      throw new IllegalArgumentException("candidates: " + candidates.size() + " detectors (expected: "
          + detectors.size() + ", one per secret detector)");
    }
    RegexDetector prefilter = null;
    for (RegexDetector c : candidates) {
      prefilter = prefilter == null && !c.keywords().isEmpty() ? c : prefilter;
    }
    KeywordIndex index = KeywordIndex.of(keywordsOf(detectors), prefilter);
    List<SecretDetector> shared = new ArrayList<>(detectors.size());
    for (int i = 0; i < detectors.size(); i++) {
      SecretDetector d = detectors.get(i);
      RegexDetector c = candidates.get(i);
      if (!c.toString().equals(d.candidates.toString()) || !c.pattern().equals(d.candidates.pattern())) {
        throw new IllegalArgumentException("candidates[" + i + "]: " + c + " (expected: the candidates of " + d
            + ")");
      }
      shared.add(new SecretDetector(d, index, c));
    }
    return shared;
  }

  /**
   * Returns the keywords {@link #sharing} indexes for {@code detectors}, distinct, in order: give them to
   * {@link RegexDetector#sharingPrefilter(List, List)} so that the candidates' prefilter finds them in its pass.
   */
  public static List<String> keywordsOf(List<SecretDetector> detectors) {
    List<String> keywords = new ArrayList<>();
    for (SecretDetector d : detectors) {
      // Exact-case keywords too: found in any case in the shared pass, they are looked for in their case only then.
      keywords.addAll(d.keywords);
    }
    return KeywordIndex.distinct(keywords);
  }

  /** Returns the regex detector that finds this rule's candidate matches, to share its prefilter with others. */
  public RegexDetector candidates() {
    return candidates;
  }

  /** Returns a builder for a detector of {@code pattern} (RE2 syntax) reporting under {@code ruleId}. */
  public static Builder builder(String ruleId, String pattern) {
    return new Builder(ruleId, pattern);
  }

  /** Returns the keywords that open this rule (ignoring case; exact-case rules check their case in {@link #scan}). */
  @Override
  public Opening opening() {
    return opening;
  }

  @Override
  public boolean findsCredentials() {
    return true;
  }

  /**
   * Returns the findings in {@code text}; a credential written in full-width or mathematical letters, or letter-spaced,
   * is found in its folded form and reported at its span in the text.
   */
  @Override
  public List<Finding> scan(ScanText text) {
    requireNonNull(text, "text");
    // Keywords are looked for in the folded text, once per text for every rule sharing the index.
    if (!keywords.isEmpty() && !anyKeywordIn(text)) {
      return List.of();
    }
    SecretFold fold = text.derived(SecretFold.DERIVATION);
    if (fold.identity()) {
      return scanFolded(text);
    }
    List<Finding> found = scanFolded(fold.text());
    List<Finding> mapped = new ArrayList<>(found.size());
    for (Finding f : found) {
      mapped.add(new Finding(f.ruleId(), f.entity(), fold.originalStart(f.start()), fold.originalEnd(f.end()),
          f.score(), f.explanation()));
    }
    return mapped;
  }

  private List<Finding> scanFolded(ScanText text) {
    String s = text.original();
    List<Finding> found = candidates.scan(text);
    if (found.isEmpty()) {
      return grouped ? grouped(s, List.of()) : List.of();
    }
    List<Finding> findings = new ArrayList<>(found.size());
    Matcher m = pattern.matcher(s);
    for (Finding candidate : found) {
      // The leftmost match from the candidate's start is the candidate itself; RE2J now fills in the groups.
      if (!m.find(candidate.start()) || m.start() != candidate.start()) {
        continue;
      }
      int start = m.start(secretGroup);
      int end = m.end(secretGroup);
      if (start < 0 || end <= start) {
        continue;
      }
      String secret = s.substring(start, end);
      double entropy = Entropy.bitsPerChar(secret);
      if (entropy < minEntropy || Placeholders.isPlaceholder(secret)) {
        continue;
      }
      findings.add(new Finding(ruleId, entity, start, end, 1.0, String.format(Locale.ROOT,
          "%s: %d-char secret, entropy %.2f bits/char (min %.2f)", ruleId, end - start, entropy, minEntropy)));
    }
    return grouped ? grouped(s, findings) : findings;
  }

  /**
   * Returns {@code findings} with the keys written in groups after a keyword that is their prefix ({@code AKIA 2E5R
   * …}, {@code sk-p roj- abcd …}, the prefix itself cut after its head): each joined value {@link GroupedKeys}
   * offers, longest first, is matched against the pattern as if written whole, between the characters around it;
   * the first that matches, reaches the entropy and is no placeholder is reported at the span from its prefix to its
   * last character.
   */
  private List<Finding> grouped(String s, List<Finding> findings) {
    List<Finding> out = findings;
    for (String k : prefixes) {
      String head = GroupedKeys.head(k);
      for (int at = s.indexOf(head); at >= 0; at = s.indexOf(head, at + 1)) {
        if (at > 0 && GroupedKeys.groupChar(s.charAt(at - 1)) || covered(out, at)) {
          continue;
        }
        Finding f = joined(s, at, k);
        if (f != null) {
          out = out == findings ? new ArrayList<>(findings) : out;
          out.add(f);
        }
      }
    }
    if (out != findings) {
      out.sort((a, b) -> Integer.compare(a.start(), b.start()));
    }
    return out;
  }

  private static boolean covered(List<Finding> findings, int at) {
    for (Finding f : findings) {
      if (f.start() <= at && at < f.end()) {
        return true;
      }
    }
    return false;
  }

  /** Returns the finding of a key written in groups after the prefix {@code k} at {@code at}, or null. */
  private Finding joined(String s, int at, String k) {
    for (GroupedKeys.Joined j : GroupedKeys.at(s, at, k)) {
      int off = at > 0 ? 1 : 0;
      String test = (off == 1 ? s.substring(at - 1, at) : "") + j.value()
          + (j.nextChar() >= 0 ? String.valueOf((char) j.nextChar()) : "");
      Matcher m = pattern.matcher(test);
      for (boolean more = m.find(0); more; more = m.find()) {
        int start = m.start(secretGroup);
        int end = m.end(secretGroup);
        if (start != off || end <= start || end > off + j.value().length()
            || !j.even() && end != off + j.value().length()) {
          continue;
        }
        String secret = test.substring(start, end);
        double entropy = Entropy.bitsPerChar(secret);
        if (entropy < minEntropy || Placeholders.isPlaceholder(secret)) {
          break;
        }
        return new Finding(ruleId, entity, j.origin()[0], j.origin()[end - off - 1] + 1, 1.0,
            String.format(Locale.ROOT, "%s: %d-char secret written in %d groups, entropy %.2f bits/char (min %.2f)",
                ruleId, end - start, j.groups(), entropy, minEntropy));
      }
    }
    return null;
  }

  /**
   * Says whether the folded text holds one of the keywords, in exactly their case when {@link #keywordCase}: the
   * shared index tells which it holds in any case (which an exact occurrence is too), so only those are searched for
   * in their own case.
   */
  boolean anyKeywordIn(ScanText text) {
    boolean[] present = index.present(text);
    String folded = null;
    for (int k = 0; k < keywordIds.length; k++) {
      if (!present[keywordIds[k]]) {
        continue;
      }
      if (!keywordCase) {
        return true;
      }
      folded = folded == null ? text.derived(SecretFold.DERIVATION).text().original() : folded;
      if (folded.contains(keywords.get(k))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns the longest possible match of the whole pattern (context included, so a streamed secret is held back
   * with its context): the bound derived from the pattern, capped by {@link Builder#maxMatchLength(int)}.
   */
  @Override
  public int maxMatchLength() {
    return maxMatchLength;
  }

  @Override
  public String toString() {
    return "SecretDetector[ruleId=" + ruleId + ", entity=" + entity + "]";
  }

  /** Collects the options of a secret detector; not thread-safe. */
  public static final class Builder {
    private final String ruleId;
    private final String pattern;
    private String entity = "SECRET";
    private List<String> keywords = List.of();
    private boolean keywordCase;
    private int secretGroup;
    private double minEntropy;
    private boolean grouped;
    private int maxMatchLength;
    private PatternCache cache;

    private Builder(String ruleId, String pattern) {
      this.ruleId = requireNonNull(ruleId, "ruleId");
      this.pattern = requireNonNull(pattern, "pattern");
    }

    /** Sets the entity type of findings; {@code SECRET} by default. */
    public Builder entity(String entity) {
      this.entity = requireNonNull(entity, "entity");
      return this;
    }

    /** Sets the keywords of which at least one must occur (case-insensitive) for the pattern to run; none: always. */
    public Builder keywords(List<String> keywords) {
      requireNonNull(keywords, "keywords");
      for (String k : keywords) {
        if (k == null || k.isEmpty()) {
          throw new IllegalArgumentException("keywords: " + keywords + " (expected: non-empty strings)");
        }
      }
      this.keywords = List.copyOf(keywords);
      return this;
    }

    /**
     * Makes the keywords match only in exactly their case, for short ones that a format writes in one case but prose
     * holds in another ({@code SK} of Twilio key SIDs is in "risks"); false, ignoring case, by default.
     */
    public Builder keywordCase(boolean exact) {
      this.keywordCase = exact;
      return this;
    }

    /** Sets the capture group that is the secret and the finding's span; 0, the default, is the whole match. */
    public Builder secretGroup(int secretGroup) {
      if (secretGroup < 0) {
        throw new IllegalArgumentException("secretGroup: " + secretGroup + " (expected: >= 0)");
      }
      this.secretGroup = secretGroup;
      return this;
    }

    /** Sets the least Shannon entropy, in bits per character, of a secret worth reporting; 0 by default. */
    public Builder minEntropy(double minEntropy) {
      if (!(minEntropy >= 0 && minEntropy <= 32)) {
        throw new IllegalArgumentException("minEntropy: " + minEntropy + " (expected: 0..32 bits/char)");
      }
      this.minEntropy = minEntropy;
      return this;
    }

    /**
     * Says that the keywords are the prefix of the key, which may be written in groups after it ({@code AKIA 2E5R
     * 7QXB …}, {@code sk-proj- abcd efgh …}) or from its start ({@code sk-p roj- abcd …}): such keys are found too
     * (see {@link GroupedKeys}), and the first four characters of a longer keyword open the rule too; false by
     * default.
     */
    public Builder grouped(boolean grouped) {
      this.grouped = grouped;
      return this;
    }

    /** Takes the compiled pattern from {@code cache} when an earlier load compiled it; none by default. */
    public Builder cache(PatternCache cache) {
      this.cache = cache;
      return this;
    }

    /** Caps {@link SecretDetector#maxMatchLength()}, for example to stream an unbounded pattern. */
    public Builder maxMatchLength(int maxMatchLength) {
      if (maxMatchLength <= 0) {
        throw new IllegalArgumentException("maxMatchLength: " + maxMatchLength + " (expected: > 0)");
      }
      this.maxMatchLength = maxMatchLength;
      return this;
    }

    /**
     * Compiles the pattern into the cache set with {@link #cache}, as {@link RegexDetector.Builder#prepare()} does.
     *
     * @throws IllegalArgumentException as {@link #build()} does for the pattern
     */
    public void prepare() {
      candidates().prepare();
    }

    private RegexDetector.Builder candidates() {
      RegexDetector.Builder regex = RegexDetector.builder(ruleId, pattern).entity(entity).cache(cache);
      if (maxMatchLength > 0) {
        regex.maxMatchLength(maxMatchLength);
      }
      return regex;
    }

    /**
     * Returns the detector.
     *
     * @throws IllegalArgumentException if the pattern is refused as {@link RegexDetector} refuses it (not RE2,
     *     not linear time, too large), or has fewer capture groups than {@code secretGroup}
     */
    public SecretDetector build() {
      RegexDetector candidates = candidates().build();
      Pattern compiled = Pattern.compile(pattern);
      if (secretGroup > compiled.groupCount()) {
        throw new IllegalArgumentException("secretGroup: " + secretGroup + " (expected: 0.."
            + compiled.groupCount() + ", the pattern's capture groups)");
      }
      int longest = candidates.maxMatchLength();
      if (grouped) {
        if (keywords.isEmpty()) {
          throw new IllegalArgumentException("grouped: true (expected: keywords, the prefixes of the key)");
        }
        int prefix = keywords.stream().mapToInt(String::length).max().orElse(0);
        longest = Math.max(longest, prefix * (1 + GroupedKeys.MAX_SEPARATOR) + GroupedKeys.maxSpan() + 2);
      }
      return new SecretDetector(this, candidates, compiled, longest);
    }
  }
}
