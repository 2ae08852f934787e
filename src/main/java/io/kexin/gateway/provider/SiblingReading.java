package io.kexin.gateway.provider;

import io.kexin.gateway.content.Role;
import io.kexin.gateway.content.TextSegment;
import io.kexin.gateway.text.HanNumerals;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the strings of one request that a model reads together as one text ({@link TextSegment.Form#SIBLINGS}): the
 * elements of an array ({@code stop}, a schema's {@code enum}, embeddings {@code input[]}, completions
 * {@code prompt[]}), an object's string values, the string values of every tool call's arguments, the texts of every
 * turn and of the tool definitions, in the order a model is shown them (tool names, then the rest of the tool
 * definitions and the system texts, then everything else in body order). A value cut into pieces that each look
 * harmless ({@code "1381234"}, {@code "5678"}) reaches the model whole once it is asked to join them. The pieces are
 * read twice, in one text: glued by {@link TextSegment#PART_BREAK}, which detectors read through (with a space only
 * where letters meet digits, {@link #apart}), and then set apart by a space wherever digits do not meet digits:
 * {@code 13812345678} and {@code 138 1234 5678} both match, as a model joins them either way, and a word beside the
 * first or last piece ({@code "hi"}, {@code "AKIAQ3EGRT"}, {@code "5YB2MZXW7P"}, {@code "ok"}) does not hide it.
 * Digits always meet glued: a list of numbers ({@code enum: ["2019", "2020", …]}) read spaced would be a phone number
 * in groups, and glued it is one long run of digits that no rule takes for a value.
 *
 * <p>Only what could hold a split value is read, which keeps the reading cheap and keeps it from inventing values out
 * of unrelated strings: two strings are joined only where the first ends (white space aside) with a letter (not a Han
 * character), a digit (a Chinese numeral that writes one, {@link HanNumerals}, included: {@code "一三八"},
 * {@code "一二三四五六七八"}) or one of {@code @ _ - +} (not a sentence's full stop) and the next begins with one of those
 * or {@code . : / #}, and a digit or an {@code @} stands within {@value #NEAR} characters of the join on either side,
 * or an {@code @} in the word that touches it (an address whose domain is cut: {@code "zhang.wei@examplecompanygroup"},
 * {@code ".com"});
 * two words of prose that meet are read apart in both readings ({@link #prose}); and of a string, only the
 * {@value #WINDOW} characters next to each joined end are read, since the split values the rules look for (phone and
 * ID numbers, e-mail addresses) are shorter, and, past them, the run without spaces or Han text that touches the end,
 * up to {@value #LONG} characters, and {@value #NEAR} before it: a key or token (a JWT with a long header, a private
 * key's base64 lines) is written so, and prose breaks such a run within a few words. A string longer than its two
 * windows between two joins ends one run of joined strings and starts the next; runs, and the two readings, are set apart by
 * {@link TextSegment#RUN_BREAK}, across which no finding counts. Each string alone keeps its own segment and its
 * treatment; this reading only adds findings across two strings, which block. Not thread-safe: one instance per
 * reading.
 */
final class SiblingReading {
  /** Characters read next to each joined end of a string. */
  static final int WINDOW = 128;

  /**
   * Characters on either side of a join among which a digit or an {@code @} must be: every value the rules look for
   * holds one within that reach of any cut (phone and ID numbers, addresses, keys and tokens, which mix digits in),
   * and two words of prose side by side hold none.
   */
  static final int NEAR = 16;

  /**
   * Bounds the run without spaces or Han text that a window next to a joined end takes in past {@value #WINDOW}
   * characters: the longest token a credential rule of the pack matches (a JWT of three 1,000-character parts).
   */
  static final int LONG = 4096;

  /** Ends the pointer of the reading; what a block names (the texts read lie all over the body). */
  static final String POINTER = "#siblings" + TextSegment.JOINED_SUFFIX;

  private final StringBuilder text = new StringBuilder();
  /** Whether every join is read with a space ({@link #apart}); else only where letters meet digits. */
  private final boolean spaced;
  /** The string read last, whose end the next one may join; null at the start. */
  private String previous;
  /** Whether the current run has two or more strings joined. */
  private boolean runJoined;
  /** Where the current run starts in {@link #text}, and whether, set apart, it reads other than glued. */
  private int runStart;
  private boolean differs;

  private SiblingReading(StringBuilder text, boolean spaced) {
    this.text.append(text);
    this.spaced = spaced;
  }

  /**
   * Returns the reading of the plain texts, nested JSON text and decoded token ids among {@code segments}, or null when
   * no two of them join.
   */
  static TextSegment of(List<TextSegment> segments) {
    List<String> pieces = new ArrayList<>(segments.size() + 4);
    // What a model is shown first: tool names, then the rest of the tool definitions and the system texts.
    for (TextSegment s : segments) {
      if (s.role() == Role.SYSTEM && s.jsonPointer().endsWith("/name")) {
        piece(s, pieces);
      }
    }
    for (TextSegment s : segments) {
      if (s.role() == Role.SYSTEM && !s.jsonPointer().endsWith("/name")) {
        piece(s, pieces);
      }
    }
    for (TextSegment s : segments) {
      if (s.role() != Role.SYSTEM) {
        piece(s, pieces);
      }
    }
    if (pieces.size() < 2) {
      return null;
    }
    SiblingReading glued = new SiblingReading(new StringBuilder(), false);
    pieces.forEach(glued::add);
    if (glued.text.isEmpty()) {
      return null;
    }
    // Read twice: glued, where a value's pieces meet (an address cut inside a word), and set apart, where a word
    // before or after a number or a key would be read as part of it (a run of digits, a key, an ID ending in X).
    SiblingReading apart = new SiblingReading(glued.text.append(TextSegment.RUN_BREAK), true);
    pieces.forEach(apart::add);
    apart.endRun();
    int end = apart.text.length();
    if (endsWith(apart.text, TextSegment.RUN_BREAK)) {
      end -= TextSegment.RUN_BREAK.length();
    }
    return new TextSegment(POINTER, Role.USER, apart.text.substring(0, end), TextSegment.Form.SIBLINGS);
  }

  private static void piece(TextSegment s, List<String> pieces) {
    switch (s.form()) {
      case TEXT, TOKENS -> pieces.add(s.text());
      case JSON -> JsonStrings.each(s.text(), pieces::add);
      default -> { }
    }
  }

  /** Reads the next string: joined to the one before when both ends could be part of one value. */
  private void add(String s) {
    int first = firstVisible(s);
    if (first < 0) {
      return;
    }
    int head = s.codePointAt(first);
    int tail = previous == null ? ' ' : lastVisible(previous);
    if (!valueChar(head) || !endsValue(tail) || !digitOrAt(previous, previous.length() - NEAR, previous.length())
        && !digitOrAt(s, 0, NEAR) && !atInEndWord(previous, true) && !atInEndWord(s, false)) {
      endRun();
      previous = s;
      return;
    }
    if (!runJoined) {
      // The run starts with the end of the string before.
      runStart = text.length();
      differs = false;
      if (!text.isEmpty() && !endsWith(text, TextSegment.RUN_BREAK)) {
        text.append(TextSegment.RUN_BREAK);
      }
      text.append(previous, cut(previous, tailStart(previous)), previous.length());
      runJoined = true;
    }
    text.append(TextSegment.PART_BREAK);
    if (first == 0 && !Character.isWhitespace(previous.charAt(previous.length() - 1))) {
      boolean glued = !apart(tail, head) && !(Character.isLetter(tail) && Character.isLetter(head)
          && prose(previous, s));
      boolean space = spaced ? !digit(tail) || !digit(head) : !glued;
      differs |= spaced && space == glued;
      if (space) {
        text.append(' ');
      }
    }
    int headEnd = headEnd(s);
    if (headEnd >= tailStart(s)) {
      text.append(s);
    } else {
      // A long string: its head ends this run; its tail may start the next.
      text.append(s, 0, cut(s, headEnd));
      endRun();
    }
    previous = s;
  }

  /**
   * Returns where the window next to the end of {@code s} starts: {@value #WINDOW} characters before its end, or
   * {@value #NEAR} before the run of units without spaces or Han text that ends it, when that starts earlier.
   */
  private static int tailStart(String s) {
    int n = s.length();
    int from = n - WINDOW;
    if (from <= 0) {
      return 0;
    }
    int i = n;
    int floor = Math.max(0, n - LONG);
    // where the run stops unless header lines passed over lead back to a boundary
    int unless = -1;
    while (i > floor) {
      if (token(s.charAt(i - 1))) {
        i--;
        continue;
      }
      // a private key's armour lines hold spaces (-----BEGIN RSA PRIVATE KEY-----, Proc-Type: 4,ENCRYPTED): whole
      int line = lineStart(s, i - 1, floor);
      int armour = armourStart(s, line, i);
      if (armour == -1 && header(s, line, i)) {
        unless = unless < 0 ? i : unless;
        armour = line;
      } else if (armour >= 0 && s.startsWith("-----", armour)) {
        unless = -1;
      }
      if (armour < 0 || armour >= i) {
        break;
      }
      i = armour;
    }
    i = unless >= 0 ? unless : i;
    return Math.max(0, Math.min(from, i - NEAR));
  }

  /**
   * Returns where the window next to the start of {@code s} ends: {@value #WINDOW} characters after its start, or
   * {@value #NEAR} past the run of units without spaces or Han text that starts it, when that ends later.
   */
  private static int headEnd(String s) {
    int n = s.length();
    if (n <= WINDOW) {
      return n;
    }
    int i = 0;
    int ceiling = Math.min(n, LONG);
    // whether a boundary or an encrypted key's header was passed over, after which any header line is armour too
    boolean boundary = false;
    while (i < ceiling) {
      if (token(s.charAt(i))) {
        i++;
        continue;
      }
      int line = lineStart(s, i, 0);
      int lineEnd = i;
      while (lineEnd < ceiling && s.charAt(lineEnd) != '\n') {
        lineEnd++;
      }
      int armour = armourStart(s, line, lineEnd);
      if (armour < 0 && !(boundary && header(s, line, lineEnd))) {
        break;
      }
      boundary |= armour >= 0;
      i = lineEnd;
    }
    return Math.min(n, Math.max(WINDOW, i + NEAR));
  }

  /**
   * Returns where a private key's armour starts in the line {@code s[line, end)}, which holds a space: an
   * encapsulation boundary ({@code -----BEGIN RSA PRIVATE KEY-----}, or its end cut off by a join) from its
   * dashes on, or an encrypted key's header line ({@code Proc-Type: 4,ENCRYPTED}, {@code DEK-Info: AES-256-CBC,…})
   * whole; -1 for any other line, such as prose. Such a line stands between a key's first line and its body, so
   * that a key cut at its body still reads whole next to the join.
   */
  private static int armourStart(String s, int line, int end) {
    if (end <= line) {
      return -1;
    }
    if (s.startsWith("Proc-Type:", line) || s.startsWith("DEK-Info:", line)) {
      return line;
    }
    for (int dashes = line; dashes + 5 <= end; dashes++) {
      if (s.startsWith("-----", dashes)) {
        return dashes;
      }
    }
    // a boundary's end cut off by a join (-----BEGIN RSA PRI | VATE KEY-----): the line closes with its dashes
    return line == 0 && end - line >= 5 && s.startsWith("-----", end - 5) ? line : -1;
  }

  /** Returns where the line holding {@code i} starts, at least {@code floor}. */
  private static int lineStart(String s, int i, int floor) {
    int line = i;
    while (line > floor && s.charAt(line - 1) != '\n') {
      line--;
    }
    return line;
  }

  /**
   * Says whether the line {@code s[line, end)} is written as a header of a private key ({@code Comment: "…"}: a name of
   * up to 20 letters and dashes, a colon and a space): armour only next to a boundary, since prose has such lines too.
   */
  private static boolean header(String s, int line, int end) {
    int i = line;
    while (i < end && i - line <= 20 && (s.charAt(i) == '-' || s.charAt(i) < 128 && Character.isLetter(s.charAt(i)))) {
      i++;
    }
    return i > line && i + 1 < end && s.charAt(i) == ':' && s.charAt(i + 1) == ' ';
  }

  /**
   * Says whether {@code c} may stand inside a key or token written across lines: any unit but a space, a tab, and
   * letters beyond ASCII and Latin-1 (Han text); a line break may (a private key's lines).
   */
  private static boolean token(char c) {
    return c > ' ' ? c < 0x3000 : c == '\n' || c == '\r';
  }

  /** Ends the current run; set apart, a run that reads as it does glued is dropped (the glued reading has it). */
  private void endRun() {
    if (runJoined && spaced && !differs) {
      text.setLength(runStart);
    }
    runJoined = false;
  }

  /** Says whether {@code s[from, to)}, clamped, holds a digit (of any script) or an {@code @}. */
  private static boolean digitOrAt(String s, int from, int to) {
    for (int i = Math.max(0, from), end = Math.min(s.length(), to); i < end; i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9' || c == '@' || c == '\uFF20' || c > 0x7F && digit(c)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Says whether the word at one end of {@code s} (back from its end when {@code last}, else on from its start; to white
   * space, at most {@value #WINDOW} characters) holds an {@code @}: an address whose domain runs on past {@value #NEAR}
   * characters to the join ({@code "zhang.wei@examplecompanygroup"}, {@code ".com"}).
   */
  private static boolean atInEndWord(String s, boolean last) {
    int n = Math.min(s.length(), WINDOW);
    for (int k = 0; k < n; k++) {
      char c = s.charAt(last ? s.length() - 1 - k : k);
      if (c == '@' || c == '\uFF20') {
        return true;
      }
      if (Character.isWhitespace(c)) {
        return false;
      }
    }
    return false;
  }

  private static boolean endsWith(StringBuilder sb, String end) {
    int from = sb.length() - end.length();
    return from >= 0 && sb.indexOf(end, from) == from;
  }

  /** Returns {@code at}, clamped to {@code s} and moved off the middle of a surrogate pair. */
  private static int cut(String s, int at) {
    if (at <= 0) {
      return 0;
    }
    if (at >= s.length()) {
      return s.length();
    }
    return Character.isLowSurrogate(s.charAt(at)) ? at + 1 : at;
  }

  private static int firstVisible(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (!Character.isWhitespace(s.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  private static int lastVisible(String s) {
    for (int i = s.length() - 1; i >= 0; i--) {
      if (!Character.isWhitespace(s.charAt(i))) {
        return Character.isLowSurrogate(s.charAt(i)) && i > 0 ? s.codePointAt(i - 1) : s.charAt(i);
      }
    }
    return ' ';
  }

  /**
   * Says whether two strings whose ends are {@code tail} and {@code head} are read with a space between them: where
   * letters meet digits. Digits meet digits glued ({@code "1381234"}, {@code "5678"}: a number cut in two) and letters
   * meet letters glued, as do pieces around a value's own signs ({@code "zhang.wei"}, {@code "@example.cn"}); but a
   * number, an ID or a key whose first piece follows a word ({@code "hi"}, {@code "1381234"}) would be read as part of
   * that word, so there the pieces are set apart, which the rules read as the groups of one value
   * ({@code 1381234 5678}, {@code AKIAQ3EGRT 5YB2MZXW7P}, a GitHub token likewise).
   */
  static boolean apart(int tail, int head) {
    return digit(tail) != digit(head) && Character.isLetterOrDigit(tail) && Character.isLetterOrDigit(head);
  }

  /**
   * Says whether two strings meet as prose: each holds white space next to the join (a word ends the first, a word
   * starts the next), so that glued they would make up a word neither holds ({@code "…user:token"},
   * {@code "curl -u …"}), where a value cut in two has a piece without white space at the cut.
   */
  private static boolean prose(String before, String after) {
    int from = Math.max(0, before.length() - WINDOW);
    boolean wordBefore = false;
    for (int i = before.length() - 1; i >= from; i--) {
      if (Character.isWhitespace(before.charAt(i))) {
        wordBefore = i < before.length() - 1;
        break;
      }
    }
    if (!wordBefore) {
      return false;
    }
    int to = Math.min(after.length(), WINDOW);
    for (int i = 0; i < to; i++) {
      if (Character.isWhitespace(after.charAt(i))) {
        return i > 0;
      }
    }
    return false;
  }

  /** Says whether {@code cp} writes a digit: of any script, a circled or other number form, or a Chinese numeral. */
  private static boolean digit(int cp) {
    return Character.isDigit(cp) || Character.getType(cp) == Character.OTHER_NUMBER || HanNumerals.isDigit(cp);
  }

  /** Says whether a string that ends with {@code cp} may end inside a value: not after a sentence's full stop. */
  static boolean endsValue(int cp) {
    return Character.isLetterOrDigit(cp) && !Character.isIdeographic(cp) || cp == '@' || cp == '_' || cp == '-' || cp == '+'
        || digit(cp);
  }

  /**
   * Says whether {@code cp} can be written inside a value a rule looks for (digits in any script and Chinese numerals
   * included); other Han characters are not: the values sought are written in Latin letters and digits, and two
   * strings of Chinese prose glued make up names and accounts neither holds.
   */
  static boolean valueChar(int cp) {
    return Character.isLetterOrDigit(cp) && !Character.isIdeographic(cp) || cp == '@' || cp == '.' || cp == '_' || cp == '-' || cp == '+'
        || cp == ':' || cp == '/' || cp == '#' || digit(cp);
  }
}
