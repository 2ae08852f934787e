package io.kexin.gateway.detect.regex;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.lucene.util.automaton.Automata;
import org.apache.lucene.util.automaton.Automaton;
import org.apache.lucene.util.automaton.Operations;

/**
 * Reads an RE2 pattern once to refuse the constructs that cannot run in linear time, to bound the length of a
 * match in UTF-16 units, and to build a Lucene automaton over code points that accepts every string the pattern
 * can match (a superset: zero-width assertions count as empty, {@code \p} classes as any character, case
 * folding is applied wherever a flag could turn it on). Lenient about other syntax errors, which RE2J reports;
 * use the results only for patterns that RE2J accepts. One instance per pattern; not thread-safe.
 */
final class PatternAnalyzer {
  static final String EXPECTED = "expected: RE2 syntax; backreferences, lookaround, atomic groups and"
      + " possessive quantifiers cannot run in linear time";

  private static final long UNBOUNDED = Long.MAX_VALUE;
  /** Largest automaton built before giving up on it; the pattern then runs without a prefilter. */
  private static final int MAX_STATES = 1_000;
  /** Most transitions of an automaton built, so that large classes repeated cannot make it costly either. */
  private static final int MAX_TRANSITIONS = 10_000;
  /** Most ranges of a character class given its own automaton; a larger one counts as any character. */
  private static final int MAX_CLASS_RANGES = 1_000;
  /** Largest repetition count, as RE2 has it. */
  static final int MAX_REPEAT = 1_000;
  /** Deepest nesting of groups read; deeper patterns are refused before any recursion can exhaust the stack. */
  static final int MAX_NESTING = 100;
  /** Longest pattern read, in UTF-16 units; long lists of terms belong in a keyword detector. */
  static final int MAX_PATTERN_LENGTH = 8_192;
  /** Instructions RE2J adds to every program (start, match and fail). */
  private static final long PROGRAM_BASE = 3;

  /**
   * Describes what a pattern can match; {@code automaton} is null when it grew too large, {@code required} lists
   * case-folded strings of which every match contains one (see {@link Literals}), or is null when there are none;
   * {@code alphabet} holds the BMP units below the surrogates that a match can consist of, a superset known even
   * when the automaton is not, or is null when a match can hold any other unit; {@code prefixes} lists
   * case-folded strings with one of which every match starts, whatever precedes it, or is null when unknown;
   * {@code programSize} estimates from above the RE2J program the pattern compiles to, in instructions.
   */
  record Analysis(OptionalLong maxLength, boolean nullable, Automaton automaton, Set<String> required,
      BitSet alphabet, Set<String> prefixes, long programSize) {}

  /**
   * Describes a sub-pattern while parsing; {@code prefixes} is {@link #TRANSPARENT} for a sub-pattern that
   * matches only the empty string without looking at the text (an empty group, a flag group); {@code size}
   * estimates from above the RE2J instructions it compiles to.
   */
  private record Node(long length, boolean nullable, Automaton automaton, Literals literals, BitSet alphabet,
      Set<String> prefixes, long size) {
    private static final Set<String> TRANSPARENT = Set.of("");
    private static final int MAX_PREFIXES = 64;

    /** Describes a one-instruction sub-pattern without sub-patterns, whose alphabet is read off its automaton. */
    Node(long length, boolean nullable, Automaton automaton, Literals literals) {
      this(length, nullable, automaton, literals, Condition.alphabet(automaton),
          nullable || literals.exact() == null || literals.exact().contains("") ? null : literals.exact(), 1);
    }

    static Node empty() {
      return new Node(0, true, Automata.makeEmptyString(), Literals.EMPTY, new BitSet(), TRANSPARENT, 0);
    }

    /** Returns an assertion ({@code ^ $ \b \B \A \z}): it matches the empty string but looks at the text. */
    static Node assertion() {
      return new Node(0, true, Automata.makeEmptyString(), Literals.EMPTY, new BitSet(), null, 1);
    }

    /** Returns this sub-pattern compiling to {@code extra} more instructions (a capture's two, say). */
    Node plus(long extra) {
      return new Node(length, nullable, automaton, literals, alphabet, prefixes, addSize(size, extra));
    }

    private Node withAutomaton(Automaton a) {
      return new Node(length, nullable, a, literals, alphabet, prefixes, size);
    }

    /** Returns the concatenation of {@code parts}, their automata joined at once: joined in pairs, they cost n². */
    static Node sequence(List<Node> parts) {
      Node node = empty().withAutomaton(null);
      for (Node part : parts) {
        node = node.then(part.withAutomaton(null));
      }
      return node.withAutomaton(parts.isEmpty() ? Automata.makeEmptyString() : join(parts, true));
    }

    /** Returns the alternation of {@code branches} (at least one), their automata joined at once. */
    static Node choice(List<Node> branches) {
      if (branches.size() == 1) {
        return branches.get(0);
      }
      Node node = branches.get(0).withAutomaton(null);
      for (Node branch : branches.subList(1, branches.size())) {
        node = node.or(branch.withAutomaton(null));
      }
      return node.withAutomaton(join(branches, false));
    }

    /** Concatenates or unites the automata of {@code nodes}, or returns null when one is missing or all are too big. */
    private static Automaton join(List<Node> nodes, boolean concatenate) {
      if (nodes.size() == 1) {
        return nodes.get(0).automaton;
      }
      List<Automaton> automata = new ArrayList<>(nodes.size());
      long states = 0;
      long transitions = 0;
      for (Node n : nodes) {
        if (n.automaton == null) {
          return null;
        }
        states += n.automaton.getNumStates();
        transitions += n.automaton.getNumTransitions();
        automata.add(n.automaton);
      }
      if (states > MAX_STATES || transitions > MAX_TRANSITIONS) {
        return null;
      }
      return capped(concatenate ? Operations.concatenate(automata) : Operations.union(automata));
    }

    Node then(Node next) {
      Literals l = literals.then(next.literals);
      Set<String> p = prefixes == TRANSPARENT ? next.prefixes : nullable ? null : prefixes;
      if (p != null && p != TRANSPARENT && l.exact() != null && !l.exact().contains("")) {
        p = l.exact();
      }
      return new Node(add(length, next.length), nullable && next.nullable,
          !fit(automaton, next.automaton) ? null
              : capped(Operations.concatenate(automaton, next.automaton)), l, union(alphabet, next.alphabet), p,
          addSize(size, next.size));
    }

    Node or(Node other) {
      Set<String> p = null;
      if (prefixes != null && other.prefixes != null && prefixes != TRANSPARENT && other.prefixes != TRANSPARENT
          && prefixes.size() + other.prefixes.size() <= MAX_PREFIXES) {
        Set<String> u = new HashSet<>(prefixes);
        u.addAll(other.prefixes);
        p = Set.copyOf(u);
      }
      return new Node(Math.max(length, other.length), nullable || other.nullable,
          !fit(automaton, other.automaton) ? null : capped(Operations.union(automaton, other.automaton)),
          literals.or(other.literals), union(alphabet, other.alphabet), p, addSize(addSize(size, other.size), 1));
    }

    private static BitSet union(BitSet a, BitSet b) {
      if (a == null || b == null) {
        return null;
      }
      BitSet u = (BitSet) a.clone();
      u.or(b);
      return u;
    }
  }

  private final String pattern;
  private final boolean ignoreCase;
  private final long maxProgramSize;
  private int pos;
  private int depth;

  private PatternAnalyzer(String pattern, boolean caseInsensitive, long maxProgramSize) {
    this.pattern = pattern;
    this.ignoreCase = caseInsensitive || mayTurnOnCaseInsensitivity(pattern);
    this.maxProgramSize = maxProgramSize;
  }

  /**
   * Returns what {@code pattern} can match. Reading it costs time and memory linear in its length, whatever its
   * repetitions expand to: a pattern longer than {@link #MAX_PATTERN_LENGTH}, with groups nested deeper than
   * {@link #MAX_NESTING}, with a count above {@link #MAX_REPEAT}, or whose program would exceed
   * {@code maxProgramSize} instructions is refused before anything is compiled.
   *
   * @throws IllegalArgumentException naming the first refused construct and its index
   */
  static Analysis analyze(String pattern, boolean caseInsensitive, long maxProgramSize) {
    if (pattern.length() > MAX_PATTERN_LENGTH) {
      throw new IllegalArgumentException("pattern: " + pattern.length() + " characters long (expected: at most "
          + MAX_PATTERN_LENGTH + "; a long list of terms belongs in a keyword detector's wordList)");
    }
    PatternAnalyzer analyzer = new PatternAnalyzer(pattern, caseInsensitive, maxProgramSize);
    Node node = analyzer.alternation();
    while (analyzer.pos < pattern.length()) {
      // An unbalanced ')' that RE2J refuses; keep scanning for refused constructs after it.
      analyzer.pos++;
      node = node.then(analyzer.alternation());
    }
    long size = addSize(node.size, PROGRAM_BASE);
    if (size > maxProgramSize) {
      throw new IllegalArgumentException("pattern: compiles to about " + size + " instructions (expected: at most "
          + maxProgramSize + "; shorten the pattern)");
    }
    return new Analysis(node.length == UNBOUNDED ? OptionalLong.empty() : OptionalLong.of(node.length),
        node.nullable, node.automaton, node.nullable ? null : node.literals.factors(), node.alphabet,
        node.nullable || node.prefixes == Node.TRANSPARENT ? null : node.prefixes, size);
  }

  private Node alternation() {
    List<Node> branches = new ArrayList<>();
    branches.add(concatenation());
    while (pos < pattern.length() && pattern.charAt(pos) == '|') {
      pos++;
      branches.add(concatenation());
    }
    return Node.choice(branches);
  }

  private Node concatenation() {
    List<Node> parts = new ArrayList<>();
    while (pos < pattern.length() && pattern.charAt(pos) != '|' && pattern.charAt(pos) != ')') {
      parts.add(quantified(atom()));
    }
    return Node.sequence(parts);
  }

  private Node atom() {
    int start = pos;
    char c = pattern.charAt(pos);
    switch (c) {
      case '(':
        return group(start);
      case '[':
        return characterClass();
      case '\\':
        return escape(start);
      case '.':
        pos++;
        return anyChar();
      case '^':
      case '$':
        pos++;
        return Node.assertion();
      default:
        int cp = pattern.codePointAt(pos);
        pos += Character.charCount(cp);
        return literal(cp);
    }
  }

  private static Node anyChar() {
    return new Node(2, false, Automata.makeAnyChar(), Literals.ANY);
  }

  private Node literal(int cp) {
    Ranges ranges = new Ranges();
    ranges.add(cp, cp);
    return new Node(Character.charCount(cp), false, ranges.automaton(ignoreCase),
        Literals.ofCodePoints(new int[] {cp}, ignoreCase));
  }

  private Node group(int start) {
    if (++depth > MAX_NESTING) {
      throw new IllegalArgumentException("pattern: groups nested more than " + MAX_NESTING + " deep at index "
          + start + " (expected: at most " + MAX_NESTING + " levels of parentheses)");
    }
    try {
      return groupBody(start);
    } finally {
      depth--;
    }
  }

  private Node groupBody(int start) {
    pos++;
    boolean capturing = true;
    if (startsWith("?")) {
      refuse(start, "(?=", "lookahead");
      refuse(start, "(?!", "negative lookahead");
      refuse(start, "(?<=", "lookbehind");
      refuse(start, "(?<!", "negative lookbehind");
      refuse(start, "(?>", "atomic group");
      refuse(start, "(?P=", "named backreference");
      refuse(start, "(?P>", "recursion");
      refuse(start, "(?&", "recursion");
      refuse(start, "(?R", "recursion");
      refuse(start, "(?(", "conditional");
      if (start + 2 < pattern.length() && Character.isDigit(pattern.charAt(start + 2))) {
        refuse(start, pattern.substring(start, start + 3), "recursion");
      }
      if (startsWith("?P<") || startsWith("?<")) {
        int close = pattern.indexOf('>', pos);
        pos = close < 0 ? pattern.length() : close + 1;
      } else {
        // Flags: "(?i)" sets them for the rest of the group, "(?i:" opens a group.
        while (pos < pattern.length() && pattern.charAt(pos) != ')' && pattern.charAt(pos) != ':') {
          pos++;
        }
        if (pos < pattern.length() && pattern.charAt(pos) == ')') {
          pos++;
          return Node.empty();
        }
        pos++;
        capturing = false;
      }
    }
    Node node = alternation();
    if (pos < pattern.length()) {
      pos++;
    }
    // A capture saves the position where it opens and where it closes.
    return capturing ? node.plus(2) : node;
  }

  private Node characterClass() {
    pos++;
    boolean negated = startsWith("^");
    if (negated) {
      pos++;
    }
    Ranges ranges = new Ranges();
    boolean any = false;
    boolean isFirst = true;
    while (pos < pattern.length()) {
      char c = pattern.charAt(pos);
      if (c == ']' && !isFirst) {
        pos++;
        break;
      }
      isFirst = false;
      if (startsWith("[:")) {
        int close = pattern.indexOf(":]", pos + 2);
        any |= startsWith("[:^");
        ranges.add(0, 0x7F);
        pos = close < 0 ? pos + 1 : close + 2;
        continue;
      }
      int lo;
      if (c == '\\' && pos + 1 < pattern.length()) {
        char e = pattern.charAt(pos + 1);
        if ("dswDSWpP".indexOf(e) >= 0) {
          any |= !perlClass(e, ranges);
          continue;
        }
        lo = escapedChar();
      } else {
        lo = pattern.codePointAt(pos);
        pos += Character.charCount(lo);
      }
      int hi = lo;
      if (startsWith("-") && pos + 1 < pattern.length() && pattern.charAt(pos + 1) != ']') {
        pos++;
        if (pattern.charAt(pos) == '\\' && pos + 1 < pattern.length()) {
          hi = escapedChar();
        } else {
          hi = pattern.codePointAt(pos);
          pos += Character.charCount(hi);
        }
      }
      if (lo < 0 || hi < 0) {
        any = true;
      } else {
        ranges.add(lo, hi);
      }
    }
    if (any || (negated && ignoreCase) || ranges.size() > MAX_CLASS_RANGES) {
      // A negated class under case folding excludes whole orbits; any character is the simple superset, and
      // the cheap one for a class of very many ranges.
      return anyChar();
    }
    long length = negated || ranges.max() > 0xFFFF ? 2 : 1;
    int[] members = negated ? null : ranges.codePoints(8);
    return new Node(length, false, negated ? ranges.complement().automaton(false) : ranges.automaton(ignoreCase),
        members == null ? Literals.ANY : Literals.ofCodePoints(members, ignoreCase));
  }

  /** Adds the ranges of {@code \d \s \w} to {@code ranges}; returns false for classes taken as any character. */
  private boolean perlClass(char e, Ranges ranges) {
    switch (e) {
      case 'd':
        pos += 2;
        ranges.add('0', '9');
        return true;
      case 's':
        pos += 2;
        ranges.add('\t', '\r');
        ranges.add(' ', ' ');
        return true;
      case 'w':
        pos += 2;
        ranges.add('0', '9');
        ranges.add('A', 'Z');
        ranges.add('a', 'z');
        ranges.add('_', '_');
        return true;
      case 'p':
      case 'P':
        skipUnicodeClass();
        return false;
      default:
        pos += 2;
        return false;
    }
  }

  /** Reads a single-character escape at {@code pos} and returns its code point, or -1 when unknown. */
  private int escapedChar() {
    char e = pattern.charAt(pos + 1);
    switch (e) {
      case 'x':
        return hexEscape();
      case 'a':
        pos += 2;
        return 7;
      case 'f':
        pos += 2;
        return '\f';
      case 'n':
        pos += 2;
        return '\n';
      case 'r':
        pos += 2;
        return '\r';
      case 't':
        pos += 2;
        return '\t';
      case 'v':
        pos += 2;
        return 11;
      default:
        int cp = pattern.codePointAt(pos + 1);
        pos += 1 + Character.charCount(cp);
        return Character.isLetterOrDigit(cp) ? -1 : cp;
    }
  }

  private Node escape(int start) {
    if (pos + 1 >= pattern.length()) {
      pos++;
      return anyChar();
    }
    char e = pattern.charAt(pos + 1);
    if (e >= '1' && e <= '9') {
      refuse(start, pattern.substring(start, start + 2), "backreference");
    }
    if (e == 'k' && pos + 2 < pattern.length() && "<{'".indexOf(pattern.charAt(pos + 2)) >= 0) {
      refuse(start, pattern.substring(start, start + 3), "named backreference");
    }
    if (e == 'g' && pos + 2 < pattern.length()
        && (pattern.charAt(pos + 2) == '{' || Character.isDigit(pattern.charAt(pos + 2)))) {
      refuse(start, pattern.substring(start, start + 3), "backreference");
    }
    switch (e) {
      case 'Q':
        return quoted();
      case 'b':
      case 'B':
      case 'A':
      case 'z':
        pos += 2;
        return Node.assertion();
      case 'd':
      case 's':
      case 'w':
      case 'D':
      case 'S':
      case 'W':
      case 'p':
      case 'P':
        Ranges ranges = new Ranges();
        boolean exact = perlClass(e, ranges);
        if (!exact) {
          return anyChar();
        }
        return new Node(1, false, ranges.automaton(ignoreCase), Literals.ANY);
      default:
        int cp = escapedChar();
        return cp < 0 ? anyChar() : literal(cp);
    }
  }

  private Node quoted() {
    pos += 2;
    int end = pattern.indexOf("\\E", pos);
    int stop = end < 0 ? pattern.length() : end;
    List<Node> parts = new ArrayList<>();
    for (int i = pos; i < stop; ) {
      int cp = pattern.codePointAt(i);
      i += Character.charCount(cp);
      parts.add(literal(cp));
    }
    pos = end < 0 ? stop : end + 2;
    return Node.sequence(parts);
  }

  private void skipUnicodeClass() {
    pos += 2;
    if (startsWith("{")) {
      int close = pattern.indexOf('}', pos);
      pos = close < 0 ? pattern.length() : close + 1;
    } else if (pos < pattern.length()) {
      pos++;
    }
  }

  /** Reads {@code \xHH} or {@code \x{H...}} at {@code pos} and returns its code point, or -1 when invalid. */
  private int hexEscape() {
    pos += 2;
    String digits;
    if (startsWith("{")) {
      int close = pattern.indexOf('}', pos);
      int end = close < 0 ? pattern.length() : close;
      digits = pattern.substring(pos + 1, end);
      pos = close < 0 ? end : close + 1;
    } else {
      int end = Math.min(pos + 2, pattern.length());
      digits = pattern.substring(pos, end);
      pos = end;
    }
    try {
      int cp = Integer.parseInt(digits, 16);
      return cp <= Character.MAX_CODE_POINT ? cp : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private Node quantified(Node atom) {
    Node node = atom;
    while (pos < pattern.length()) {
      int start = pos;
      char c = pattern.charAt(pos);
      int min;
      int max;
      if (c == '*' || c == '+') {
        pos++;
        min = c == '*' ? 0 : 1;
        max = -1;
      } else if (c == '?') {
        pos++;
        min = 0;
        max = 1;
      } else if (c == '{' && repeat()) {
        int close = pattern.indexOf('}', pos);
        String body = pattern.substring(pos + 1, close);
        pos = close + 1;
        int comma = body.indexOf(',');
        if (comma < 0) {
          min = parseCount(body);
          max = min;
        } else {
          min = parseCount(body.substring(0, comma));
          max = comma == body.length() - 1 ? -1 : parseCount(body.substring(comma + 1));
        }
        if (min > MAX_REPEAT || max > MAX_REPEAT) {
          throw new IllegalArgumentException("pattern: invalid repeat count '" + pattern.substring(start, pos)
              + "' at index " + start + " (expected: counts of at most " + MAX_REPEAT + ")");
        }
      } else {
        break;
      }
      if (startsWith("+")) {
        refuse(start, pattern.substring(start, pos + 1), "possessive quantifier");
      }
      if (startsWith("?")) {
        pos++;
      }
      node = repeat(node, min, max);
      if (node.size > maxProgramSize) {
        throw new IllegalArgumentException("pattern: repetition '" + pattern.substring(start, pos) + "' at index "
            + start + " expands the pattern to about " + node.size + " instructions (expected: at most "
            + maxProgramSize + "; reduce nested repetition counts)");
      }
    }
    return node;
  }

  /** Returns {@code node} repeated {@code min} to {@code max} times, {@code max} -1 for no limit. */
  private static Node repeat(Node node, int min, int max) {
    if (max == 0) {
      return Node.empty();
    }
    long length = node.length == 0 ? 0
        : max < 0 || node.length == UNBOUNDED ? UNBOUNDED : multiply(node.length, max);
    Automaton automaton = null;
    long copies = Math.max(min, Math.max(max, 1));
    if (node.automaton != null && node.automaton.getNumStates() * copies <= MAX_STATES
        && node.automaton.getNumTransitions() * copies <= MAX_TRANSITIONS) {
      automaton = capped(max < 0 ? Operations.repeat(node.automaton, min)
          : Operations.repeat(node.automaton, min, max));
    }
    // RE2 writes x{n,m} as n copies of x and m-n optional ones, each optional one with a branch instruction.
    long size = max < 0 ? addSize(multiplySize(node.size, Math.max(min, 1)), 1)
        : addSize(multiplySize(node.size, max), max - min);
    return new Node(length, node.nullable || min == 0, automaton, node.literals.repeat(min, max), node.alphabet,
        min == 0 || node.prefixes == Node.TRANSPARENT ? null : node.prefixes, size);
  }

  /** Returns whether a repetition {@code {n}}, {@code {n,}} or {@code {n,m}} starts at {@code pos}. */
  private boolean repeat() {
    int i = pos + 1;
    int digits = 0;
    while (i < pattern.length() && Character.isDigit(pattern.charAt(i))) {
      i++;
      digits++;
    }
    if (digits == 0 || i >= pattern.length()) {
      return false;
    }
    if (pattern.charAt(i) == '}') {
      return true;
    }
    if (pattern.charAt(i) != ',') {
      return false;
    }
    i++;
    while (i < pattern.length() && Character.isDigit(pattern.charAt(i))) {
      i++;
    }
    return i < pattern.length() && pattern.charAt(i) == '}';
  }

  /** Returns whether a flag group such as {@code (?i)} or {@code (?si:} appears anywhere. */
  private static boolean mayTurnOnCaseInsensitivity(String pattern) {
    for (int i = pattern.indexOf("(?"); i >= 0; i = pattern.indexOf("(?", i + 2)) {
      for (int k = i + 2; k < pattern.length(); k++) {
        char c = pattern.charAt(k);
        if (c == 'i') {
          return true;
        }
        if (!Character.isLetter(c) && c != '-') {
          break;
        }
      }
    }
    return false;
  }

  /**
   * Returns whether two automata are small enough together to be joined: checked before joining, since a join
   * copies both, and repeated joins of a large automaton would cost the square of its size.
   */
  private static boolean fit(Automaton a, Automaton b) {
    return a != null && b != null && a.getNumStates() + b.getNumStates() <= MAX_STATES
        && a.getNumTransitions() + b.getNumTransitions() <= MAX_TRANSITIONS;
  }

  private static Automaton capped(Automaton automaton) {
    return automaton.getNumStates() > MAX_STATES || automaton.getNumTransitions() > MAX_TRANSITIONS ? null
        : automaton;
  }

  private static int parseCount(String digits) {
    return digits.isEmpty() ? 0 : digits.length() > 6 ? 1_000_000 : Integer.parseInt(digits);
  }

  /** Adds instruction counts, saturating instead of overflowing. */
  private static long addSize(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }

  /** Multiplies instruction counts, saturating instead of overflowing. */
  private static long multiplySize(long a, long b) {
    return b != 0 && a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
  }

  private boolean startsWith(String prefix) {
    return pattern.startsWith(prefix, pos);
  }

  private void refuse(int start, String construct, String name) {
    if (pattern.startsWith(construct, start)) {
      throw new IllegalArgumentException(
          "pattern: " + name + " '" + construct + "' at index " + start + " (" + EXPECTED + ")");
    }
  }

  private static long add(long a, long b) {
    return a == UNBOUNDED || b == UNBOUNDED || a + b >= Integer.MAX_VALUE ? UNBOUNDED : a + b;
  }

  private static long multiply(long a, long b) {
    return a > (Integer.MAX_VALUE - 1) / b ? UNBOUNDED : a * b;
  }

  /** Collects code point ranges of one character class and turns them into a one-transition automaton. */
  private static final class Ranges {
    private final List<int[]> ranges = new ArrayList<>();

    void add(int lo, int hi) {
      if (lo <= hi) {
        ranges.add(new int[] {lo, hi});
      }
    }

    int size() {
      return ranges.size();
    }

    /** Returns the code points of these ranges, or null when there are more than {@code limit}. */
    int[] codePoints(int limit) {
      List<Integer> points = new ArrayList<>();
      for (int[] r : ranges) {
        if (r[1] - r[0] >= limit || points.size() + r[1] - r[0] >= limit) {
          return null;
        }
        for (int c = r[0]; c <= r[1]; c++) {
          points.add(c);
        }
      }
      return points.stream().mapToInt(Integer::intValue).toArray();
    }

    int max() {
      int max = -1;
      for (int[] r : ranges) {
        max = Math.max(max, r[1]);
      }
      return max;
    }

    Ranges complement() {
      ranges.sort((a, b) -> Integer.compare(a[0], b[0]));
      Ranges complement = new Ranges();
      int next = 0;
      for (int[] r : ranges) {
        complement.add(next, r[0] - 1);
        next = Math.max(next, r[1] + 1);
      }
      complement.add(next, Character.MAX_CODE_POINT);
      return complement;
    }

    Automaton automaton(boolean ignoreCase) {
      Automaton a = new Automaton();
      int from = a.createState();
      int to = a.createState();
      a.setAccept(to, true);
      for (int[] r : ranges) {
        a.addTransition(from, to, r[0], r[1]);
      }
      if (ignoreCase) {
        for (int[] orbit : CaseOrbits.ORBITS) {
          if (intersects(orbit)) {
            for (int c : orbit) {
              a.addTransition(from, to, c, c);
            }
          }
        }
        if (max() > 0xFFFF) {
          // Supplementary letters fold within their own planes; folding them all is the simple superset.
          a.addTransition(from, to, 0x10000, Character.MAX_CODE_POINT);
        }
      }
      a.finishState();
      return a;
    }

    private boolean intersects(int[] orbit) {
      for (int c : orbit) {
        for (int[] r : ranges) {
          if (c >= r[0] && c <= r[1]) {
            return true;
          }
        }
      }
      return false;
    }
  }

  /** Holds the BMP characters that are equal ignoring case, grouped, for orbits of two or more; immutable. */
  private static final class CaseOrbits {
    static final int[][] ORBITS = build();

    private static int[][] build() {
      Map<Integer, List<Integer>> byKey = new HashMap<>();
      for (int c = 0; c <= Character.MAX_VALUE; c++) {
        byKey.computeIfAbsent(Character.toLowerCase(Character.toUpperCase(c)), k -> new ArrayList<>()).add(c);
      }
      List<int[]> orbits = new ArrayList<>();
      for (List<Integer> members : byKey.values()) {
        if (members.size() > 1) {
          orbits.add(members.stream().mapToInt(Integer::intValue).toArray());
        }
      }
      return orbits.toArray(new int[0][]);
    }
  }
}
