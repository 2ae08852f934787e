package io.kexin.gateway.detect.regex;

import java.util.BitSet;
import java.util.OptionalLong;

/**
 * Reads an RE2 pattern once to refuse the constructs that cannot run in linear time, to bound the length of a
 * match in UTF-16 units and to find the UTF-16 units a match can start with. Lenient about other syntax
 * errors, which RE2J reports; use the results only for patterns that RE2J accepts. All results
 * over-approximate. One instance per pattern; not thread-safe.
 */
final class PatternAnalyzer {
  static final String EXPECTED = "expected: RE2 syntax; backreferences, lookaround, atomic groups and"
      + " possessive quantifiers cannot run in linear time";

  private static final long UNBOUNDED = Long.MAX_VALUE;
  private static final int UNITS = Character.MAX_VALUE + 1;

  /**
   * Describes what a pattern can match: the longest match, whether it can be empty, the units a match can start
   * with (null when any) and a prefix every match starts with (compared ignoring case when
   * {@code ignoreCase}).
   */
  record Analysis(OptionalLong maxLength, boolean nullable, BitSet first, String prefix, boolean ignoreCase) {}

  /**
   * Describes a sub-pattern while parsing; {@code literal} is the text it always matches (zero-width assertions
   * aside) or null, {@code prefix} a text every match starts with.
   */
  private record Node(long length, boolean nullable, BitSet first, String literal, String prefix) {
    static final Node EMPTY = new Node(0, true, new BitSet(), "", "");

    Node(long length, boolean nullable, BitSet first) {
      this(length, nullable, first, null, "");
    }

    Node then(Node next) {
      return new Node(add(length, next.length), nullable && next.nullable,
          nullable ? union(first, next.first) : first,
          literal != null && next.literal != null ? literal + next.literal : null,
          literal != null ? literal + next.prefix : prefix);
    }

    Node or(Node other) {
      int common = 0;
      while (common < prefix.length() && common < other.prefix.length()
          && prefix.charAt(common) == other.prefix.charAt(common)) {
        common++;
      }
      return new Node(Math.max(length, other.length), nullable || other.nullable, union(first, other.first),
          null, prefix.substring(0, common));
    }
  }

  private final String pattern;
  private int pos;

  private PatternAnalyzer(String pattern) {
    this.pattern = pattern;
  }

  /**
   * Returns what {@code pattern} can match.
   *
   * @throws IllegalArgumentException naming the first refused construct and its index
   */
  static Analysis analyze(String pattern, boolean caseInsensitive) {
    PatternAnalyzer analyzer = new PatternAnalyzer(pattern);
    Node node = analyzer.alternation();
    while (analyzer.pos < pattern.length()) {
      // An unbalanced ')' that RE2J refuses; keep scanning for refused constructs after it.
      analyzer.pos++;
      node = node.then(analyzer.alternation());
    }
    BitSet first = node.first;
    boolean ignoreCase = caseInsensitive || analyzer.mayTurnOnCaseInsensitivity();
    if (first != null && ignoreCase) {
      first = caseClosure(first);
    }
    return new Analysis(node.length == UNBOUNDED ? OptionalLong.empty() : OptionalLong.of(node.length),
        node.nullable, first, node.prefix, ignoreCase);
  }

  private Node alternation() {
    Node node = concatenation();
    while (pos < pattern.length() && pattern.charAt(pos) == '|') {
      pos++;
      node = node.or(concatenation());
    }
    return node;
  }

  private Node concatenation() {
    Node node = Node.EMPTY;
    while (pos < pattern.length() && pattern.charAt(pos) != '|' && pattern.charAt(pos) != ')') {
      node = node.then(quantified(atom()));
    }
    return node;
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
        return new Node(2, false, null);
      case '^':
      case '$':
        pos++;
        return Node.EMPTY;
      default:
        int cp = pattern.codePointAt(pos);
        pos += Character.charCount(cp);
        return literal(cp);
    }
  }

  private static Node literal(int cp) {
    BitSet first = new BitSet();
    first.set(Character.isBmpCodePoint(cp) ? cp : Character.highSurrogate(cp));
    String text = new String(Character.toChars(cp));
    return new Node(Character.charCount(cp), false, first, text, text);
  }

  private Node group(int start) {
    pos++;
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
          return Node.EMPTY;
        }
        pos++;
      }
    }
    Node node = alternation();
    if (pos < pattern.length()) {
      pos++;
    }
    return node;
  }

  private Node characterClass() {
    pos++;
    boolean negated = startsWith("^");
    if (negated) {
      pos++;
    }
    long length = negated ? 2 : 1;
    BitSet first = new BitSet();
    boolean any = negated;
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
        first.set(0, 0x80);
        pos = close < 0 ? pos + 1 : close + 2;
        continue;
      }
      int lo;
      if (c == '\\' && pos + 1 < pattern.length()) {
        char e = pattern.charAt(pos + 1);
        if ("dswDSWpP".indexOf(e) >= 0) {
          int before = pos;
          Node escaped = escape(before);
          length = Math.max(length, escaped.length);
          any |= escaped.first == null;
          if (escaped.first != null) {
            first.or(escaped.first);
          }
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
        continue;
      }
      addRange(first, lo, hi);
      length = Math.max(length, hi > 0xFFFF ? 2 : 1);
    }
    return new Node(any ? 2 : length, false, any ? null : first);
  }

  private static void addRange(BitSet set, int lo, int hi) {
    if (lo > hi) {
      return;
    }
    if (lo <= Character.MAX_VALUE) {
      set.set(lo, Math.min(hi, Character.MAX_VALUE) + 1);
    }
    if (hi > Character.MAX_VALUE) {
      set.set(Character.MIN_HIGH_SURROGATE, Character.MAX_HIGH_SURROGATE + 1);
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
      return new Node(1, false, null);
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
    BitSet first = new BitSet();
    switch (e) {
      case 'Q':
        return quoted();
      case 'p':
      case 'P':
        skipUnicodeClass();
        return new Node(2, false, null);
      case 'b':
      case 'B':
      case 'A':
      case 'z':
        pos += 2;
        return Node.EMPTY;
      case 'd':
        pos += 2;
        first.set('0', '9' + 1);
        return new Node(1, false, first);
      case 's':
        pos += 2;
        first.set('\t', '\r' + 1);
        first.set(' ');
        return new Node(1, false, first);
      case 'w':
        pos += 2;
        first.set('0', '9' + 1);
        first.set('A', 'Z' + 1);
        first.set('a', 'z' + 1);
        first.set('_');
        return new Node(1, false, first);
      case 'D':
      case 'S':
      case 'W':
        pos += 2;
        return new Node(2, false, null);
      default:
        int cp = escapedChar();
        if (cp < 0) {
          return new Node(2, false, null);
        }
        return literal(cp);
    }
  }

  private Node quoted() {
    pos += 2;
    int end = pattern.indexOf("\\E", pos);
    int stop = end < 0 ? pattern.length() : end;
    String text = pattern.substring(pos, stop);
    Node node = stop > pos
        ? new Node(stop - pos, false, literal(pattern.codePointAt(pos)).first, text, text) : Node.EMPTY;
    pos = end < 0 ? stop : end + 2;
    return node;
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
      long min;
      long max;
      if (c == '*' || c == '+') {
        pos++;
        min = c == '*' ? 0 : 1;
        max = UNBOUNDED;
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
          max = comma == body.length() - 1 ? UNBOUNDED : parseCount(body.substring(comma + 1));
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
      long length = node.length == 0 || max == 0 ? 0
          : max == UNBOUNDED || node.length == UNBOUNDED ? UNBOUNDED : multiply(node.length, max);
      node = max == 0 ? Node.EMPTY : new Node(length, node.nullable || min == 0, node.first,
          min == 1 && max == 1 ? node.literal : null, min >= 1 ? node.prefix : "");
    }
    return node;
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
  private boolean mayTurnOnCaseInsensitivity() {
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

  /** Returns {@code set} with every unit that is equal to one of its members ignoring case. */
  private static BitSet caseClosure(BitSet set) {
    BitSet closed = (BitSet) set.clone();
    BitSet keys = new BitSet();
    for (int c = set.nextSetBit(0); c >= 0 && c < UNITS; c = set.nextSetBit(c + 1)) {
      keys.set(caseKey(c));
    }
    for (int c = 0; c < UNITS; c++) {
      if (keys.get(caseKey(c))) {
        closed.set(c);
      }
    }
    if (closed.nextSetBit(Character.MIN_HIGH_SURROGATE) >= 0
        && closed.nextSetBit(Character.MIN_HIGH_SURROGATE) <= Character.MAX_HIGH_SURROGATE) {
      closed.set(Character.MIN_HIGH_SURROGATE, Character.MAX_HIGH_SURROGATE + 1);
    }
    return closed;
  }

  private static int caseKey(int c) {
    return Character.toLowerCase(Character.toUpperCase(c));
  }

  private static long parseCount(String digits) {
    return digits.isEmpty() ? 0 : digits.length() > 9 ? UNBOUNDED : Long.parseLong(digits);
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

  private static BitSet union(BitSet a, BitSet b) {
    if (a == null || b == null) {
      return null;
    }
    BitSet u = (BitSet) a.clone();
    u.or(b);
    return u;
  }

  private static long add(long a, long b) {
    return a == UNBOUNDED || b == UNBOUNDED || a + b >= Integer.MAX_VALUE ? UNBOUNDED : a + b;
  }

  private static long multiply(long a, long b) {
    return a > (Integer.MAX_VALUE - 1) / b ? UNBOUNDED : a * b;
  }
}
