package io.kexin.gateway.detect.regex;

import java.util.OptionalLong;

/**
 * Reads an RE2 pattern once to refuse the constructs that cannot run in linear time and to compute an upper
 * bound on the length of a match in UTF-16 units. Lenient about other syntax errors, which RE2J reports; use
 * the bound only for patterns that RE2J accepts. One instance per pattern; not thread-safe.
 */
final class PatternAnalyzer {
  static final String EXPECTED = "expected: RE2 syntax; backreferences, lookaround, atomic groups and"
      + " possessive quantifiers cannot run in linear time";

  private static final long UNBOUNDED = Long.MAX_VALUE;

  private final String pattern;
  private int pos;

  private PatternAnalyzer(String pattern) {
    this.pattern = pattern;
  }

  /**
   * Returns the longest possible match of {@code pattern} in UTF-16 units, or empty when unbounded.
   *
   * @throws IllegalArgumentException naming the first refused construct and its index
   */
  static OptionalLong maxLength(String pattern) {
    PatternAnalyzer analyzer = new PatternAnalyzer(pattern);
    long max = analyzer.alternation();
    while (analyzer.pos < pattern.length()) {
      // An unbalanced ')' that RE2J refuses; keep scanning for refused constructs after it.
      analyzer.pos++;
      max = add(max, analyzer.alternation());
    }
    return max == UNBOUNDED ? OptionalLong.empty() : OptionalLong.of(max);
  }

  private long alternation() {
    long max = concatenation();
    while (pos < pattern.length() && pattern.charAt(pos) == '|') {
      pos++;
      max = Math.max(max, concatenation());
    }
    return max;
  }

  private long concatenation() {
    long sum = 0;
    while (pos < pattern.length() && pattern.charAt(pos) != '|' && pattern.charAt(pos) != ')') {
      sum = add(sum, quantified(atom()));
    }
    return sum;
  }

  private long atom() {
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
        return 2;
      case '^':
      case '$':
        pos++;
        return 0;
      default:
        int cp = pattern.codePointAt(pos);
        pos += Character.charCount(cp);
        return Character.charCount(cp);
    }
  }

  private long group(int start) {
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
          return 0;
        }
        pos++;
      }
    }
    long max = alternation();
    if (pos < pattern.length()) {
      pos++;
    }
    return max;
  }

  private long characterClass() {
    pos++;
    long max = 1;
    if (startsWith("^")) {
      pos++;
      max = 2;
    }
    boolean first = true;
    while (pos < pattern.length()) {
      char c = pattern.charAt(pos);
      if (c == ']' && !first) {
        pos++;
        break;
      }
      first = false;
      if (startsWith("[:")) {
        int close = pattern.indexOf(":]", pos + 2);
        pos = close < 0 ? pos + 1 : close + 2;
      } else if (c == '\\' && pos + 1 < pattern.length()) {
        max = Math.max(max, classEscape());
      } else {
        int cp = pattern.codePointAt(pos);
        pos += Character.charCount(cp);
        max = Math.max(max, Character.charCount(cp));
      }
    }
    return max;
  }

  private long classEscape() {
    char e = pattern.charAt(pos + 1);
    switch (e) {
      case 'p':
      case 'P':
        skipUnicodeClass();
        return 2;
      case 'x':
        return hexEscape();
      case 'D':
      case 'S':
      case 'W':
        pos += 2;
        return 2;
      default:
        pos += 1 + Character.charCount(pattern.codePointAt(pos + 1));
        return 1;
    }
  }

  private long escape(int start) {
    if (pos + 1 >= pattern.length()) {
      pos++;
      return 1;
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
      case 'p':
      case 'P':
        skipUnicodeClass();
        return 2;
      case 'x':
        return hexEscape();
      case 'b':
      case 'B':
      case 'A':
      case 'z':
        pos += 2;
        return 0;
      case 'D':
      case 'S':
      case 'W':
        pos += 2;
        return 2;
      default:
        pos += 1 + Character.charCount(pattern.codePointAt(pos + 1));
        return 1;
    }
  }

  private long quoted() {
    pos += 2;
    int end = pattern.indexOf("\\E", pos);
    int stop = end < 0 ? pattern.length() : end;
    long length = stop - pos;
    pos = end < 0 ? stop : end + 2;
    return length;
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

  private long hexEscape() {
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
      return Integer.parseInt(digits, 16) > 0xFFFF ? 2 : 1;
    } catch (NumberFormatException e) {
      return 2;
    }
  }

  private long quantified(long atom) {
    long length = atom;
    while (pos < pattern.length()) {
      int start = pos;
      char c = pattern.charAt(pos);
      long max;
      if (c == '*' || c == '+') {
        pos++;
        max = UNBOUNDED;
      } else if (c == '?') {
        pos++;
        max = 1;
      } else if (c == '{' && repeat()) {
        int close = pattern.indexOf('}', pos);
        String body = pattern.substring(pos + 1, close);
        pos = close + 1;
        int comma = body.indexOf(',');
        if (comma < 0) {
          max = parseCount(body);
        } else if (comma == body.length() - 1) {
          max = UNBOUNDED;
        } else {
          max = parseCount(body.substring(comma + 1));
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
      length = length == 0 ? 0 : max == UNBOUNDED || length == UNBOUNDED ? UNBOUNDED : multiply(length, max);
    }
    return length;
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

  private static long parseCount(String digits) {
    return digits.length() > 9 ? UNBOUNDED : Long.parseLong(digits);
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
    return b != 0 && a > (Integer.MAX_VALUE - 1) / b ? UNBOUNDED : a * b;
  }
}
