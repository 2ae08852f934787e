package io.kexin.gateway.detect.secret;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the groups a credential may be written in after its literal prefix ({@code AKIA 2E5R 7QXB …},
 * {@code sk-proj- abcd efgh …}, {@code ghp_} and lines of eight, dashes, full-width spaces, {@code " - "}) and offers
 * the values they join into, longest first, with the span of each character in the text. Groups are runs of
 * {@code [A-Za-z0-9_-]}; a separator is one to {@value #MAX_SEPARATOR} spaces (any width, tabs, up to two line
 * breaks) and dashes holding at least one space, or a single dash between groups of one length. To keep prose out, a
 * joined value is offered when its characters after the prefix look drawn at random (a digit, two capitals and two
 * small letters, or, for groups of one length, three whole groups after the first) and either its groups after the
 * first have one length (the last may be shorter, the first, glued to the prefix, no longer) or, written in groups
 * of unequal length between spaces ({@code AKIA2E 5R7QXBL MNOPQRS}), it has at most {@value #MAX_UNEQUAL} groups,
 * those between the first and the last of at least three characters, the last of two, and none reads as a word:
 * letters alone, in small letters or capitalized, with one beyond {@code f} ({@code keys}, {@code Tokens}; hex stays
 * a key). Such a value must then be the key to its last character ({@link Joined#even()} false). The prefix itself
 * may be cut the same way after its first {@value #HEAD} characters ({@code sk-p roj- abcd …}, {@code glpat - -abcd
 * …}); a cut inside those would leave a head of two or three characters ({@code gh}, {@code AK}, {@code sk}) to look
 * for, which most texts hold. Each prefix occurrence is read once, at most {@value #MAX_BODY} characters, and offers
 * at most {@value #MAX_OFFERS} values per reading. Stateless.
 */
final class GroupedKeys {
  /** Bounds the characters after the prefix that a walk reads. */
  static final int MAX_BODY = 256;
  /** Bounds the characters of one separator. */
  static final int MAX_SEPARATOR = 4;
  /** Sets how many characters of a prefix come before any space: its head, which opens the rule. */
  private static final int HEAD = 4;
  /** Bounds the joined values offered per prefix occurrence. */
  private static final int MAX_OFFERS = 8;
  /** Bounds the groups of a value written in groups of unequal length. */
  private static final int MAX_UNEQUAL = 12;

  private GroupedKeys() {}

  /**
   * One way to read a prefix occurrence: the joined value and, per character, its index in the text; {@code even}
   * when its groups have one length, false when they have not and the key must end where the value does.
   */
  record Joined(String value, int[] origin, int groups, int nextChar, boolean even) {}

  /** Returns the part of {@code prefix} that is written whole: its first {@value #HEAD} characters. */
  static String head(String prefix) {
    return prefix.length() <= HEAD + 1 ? prefix : prefix.substring(0, HEAD);
  }

  /** Returns {@code keywords} followed by the heads of those longer than a head, distinct. */
  static List<String> withHeads(List<String> keywords) {
    List<String> out = new ArrayList<>(keywords);
    for (String k : keywords) {
      String h = head(k);
      if (!out.contains(h)) {
        out.add(h);
      }
    }
    return List.copyOf(out);
  }

  /** Returns the most text a grouped value of a body of {@link #MAX_BODY} may span after its prefix. */
  static int maxSpan() {
    return MAX_BODY + (MAX_BODY / 2) * MAX_SEPARATOR;
  }

  /**
   * Returns the joined values that {@code prefix}, found at {@code at} in {@code s} after a character that is not a
   * group character, may start, longest first; empty when the text after it crosses no separator. Each value's
   * {@link Joined#nextChar()} is the character that follows it (a space after a cut, -1 at the end of the text).
   */
  static List<Joined> at(String s, int at, String prefix) {
    int n = s.length();
    // The prefix, whose characters after its head may be spaced as the groups are (sk-p roj- abcd …).
    int[] front = new int[prefix.length()];
    int q = at;
    boolean spaced = false;
    for (int k = 0; k < prefix.length(); k++) {
      if (k >= HEAD && q < n && (space(s.charAt(q)) || dash(s.charAt(q)))) {
        int r = q;
        int lastDash = -1;
        boolean space = false;
        while (r < n && r - q < MAX_SEPARATOR && (space(s.charAt(r)) || dash(s.charAt(r)))) {
          space |= space(s.charAt(r));
          lastDash = dash(s.charAt(r)) ? r : lastDash;
          r++;
        }
        if (space && prefix.charAt(k) == '-' && lastDash >= 0 && (r >= n || s.charAt(r) != '-')) {
          // The separator holds the prefix's own dash (glpat - -abcd …).
          front[k] = lastDash;
          q = r;
          spaced = true;
          continue;
        }
        if (space) {
          spaced = true;
          q = r;
        }
      }
      if (q >= n || s.charAt(q) != prefix.charAt(k)) {
        return List.of();
      }
      front[k] = q++;
    }
    // Pieces: runs of group characters, cut at separators (kind SPACE) and at single dashes (kind DASH).
    List<int[]> pieces = new ArrayList<>();
    int read = 0;
    int kind = NONE;
    while (q <= n && read < MAX_BODY) {
      int from = q;
      while (q < n && groupChar(s.charAt(q)) && s.charAt(q) != '-' && read < MAX_BODY) {
        q++;
        read++;
      }
      pieces.add(new int[] {from, q, kind});
      if (q >= n || read >= MAX_BODY) {
        break;
      }
      char c = s.charAt(q);
      if (c == '-' && q + 1 < n && groupChar(s.charAt(q + 1)) && s.charAt(q + 1) != '-') {
        kind = DASH;
        q++;
        continue;
      }
      int r = q;
      int breaks = 0;
      boolean space = false;
      while (r < n && r - q < MAX_SEPARATOR && (space(s.charAt(r)) || dash(s.charAt(r)))) {
        breaks += s.charAt(r) == '\n' ? 1 : 0;
        space |= space(s.charAt(r));
        r++;
      }
      if (r == q || !space || breaks > 2 || r >= n || !groupChar(s.charAt(r)) || s.charAt(r) == '-') {
        break;
      }
      kind = SPACE;
      spaced = true;
      q = r;
    }
    if (pieces.size() < 2) {
      return List.of();
    }
    int end = pieces.get(pieces.size() - 1)[1];
    int after = end < n ? s.charAt(end) : -1;
    List<Joined> out = new ArrayList<>();
    if (spaced) {
      offer(s, front, prefix, pieces, true, after, out);
    }
    offer(s, front, prefix, pieces, false, after, out);
    return out;
  }

  private static final int NONE = 0;
  private static final int SPACE = 1;
  private static final int DASH = 2;

  /**
   * Adds the values of the pieces' groups, longest first: with {@code keepDashes} a group runs from space to space,
   * dashes and all; without, every dash also cuts a group and is left out.
   */
  private static void offer(String s, int[] front, String prefix, List<int[]> pieces, boolean keepDashes, int after,
      List<Joined> out) {
    // Groups as [first piece, last piece]; a group boundary is where a new group starts.
    List<int[]> groups = new ArrayList<>();
    for (int i = 0; i < pieces.size(); i++) {
      int kind = pieces.get(i)[2];
      if (i == 0 || kind == SPACE || (kind == DASH && !keepDashes)) {
        groups.add(new int[] {i, i});
      } else {
        groups.get(groups.size() - 1)[1] = i;
      }
    }
    if (groups.size() < 2) {
      return;
    }
    int offered = 0;
    // Groups of unequal length are read between spaces only: keys hold dashes of their own (sk-ant-api03-…).
    int unequal = keepDashes ? unequalGroups(s, pieces, groups) : 0;
    for (int j = groups.size(); j >= 2 && offered < MAX_OFFERS; j--) {
      boolean even = uniform(pieces, groups, j, keepDashes);
      if (!even && (j > unequal || length(pieces, groups.get(j - 1), keepDashes) < 2)) {
        continue;
      }
      StringBuilder v = new StringBuilder(prefix);
      int[] origin = new int[prefix.length() + MAX_BODY + MAX_BODY];
      System.arraycopy(front, 0, origin, 0, front.length);
      int chars = 0;
      int digits = 0;
      int upper = 0;
      int lower = 0;
      for (int g = 0; g < j; g++) {
        int[] grp = groups.get(g);
        int from = pieces.get(grp[0])[0];
        int to = pieces.get(grp[1])[1];
        for (int p = from; p < to; p++) {
          char c = s.charAt(p);
          if (c == '-' && !keepDashes) {
            continue;
          }
          origin[v.length()] = p;
          v.append(c);
          digits += c >= '0' && c <= '9' ? 1 : 0;
          upper += c >= 'A' && c <= 'Z' ? 1 : 0;
          lower += c >= 'a' && c <= 'z' ? 1 : 0;
          chars++;
        }
      }
      // Random-looking: a digit, both cases, or (keys of capitals alone, such as AWS's) three groups of one length.
      boolean random = digits > 0 || upper >= 2 && lower >= 2 || even && j >= 4;
      if (chars == 0 || !random || out.stream().anyMatch(o -> o.value().contentEquals(v))) {
        continue;
      }
      int next = j == groups.size() ? after : ' ';
      out.add(new Joined(v.toString(), Arrays.copyOf(origin, v.length()), j, next, even));
      offered++;
    }
  }

  /**
   * Says whether the first {@code j} groups read as one value written in groups: every group after the first has
   * the second's length, the last no more, the first (glued to the prefix) no more.
   */
  private static boolean uniform(List<int[]> pieces, List<int[]> groups, int j, boolean keepDashes) {
    if (j == 2) {
      return length(pieces, groups.get(1), keepDashes) >= 2;
    }
    int g = length(pieces, groups.get(1), keepDashes);
    if (g < 2 || length(pieces, groups.get(0), keepDashes) > g) {
      return false;
    }
    for (int k = 2; k < j - 1; k++) {
      if (length(pieces, groups.get(k), keepDashes) != g) {
        return false;
      }
    }
    int last = length(pieces, groups.get(j - 1), keepDashes);
    return last >= 1 && last <= g;
  }

  /**
   * Returns how many of the first groups may be read as a key in groups of unequal length: at most
   * {@value #MAX_UNEQUAL}, up to the first group after the first that reads as a word, the last of those at least
   * two characters long and every other after the first at least three.
   */
  private static int unequalGroups(String s, List<int[]> pieces, List<int[]> groups) {
    int n = Math.min(groups.size(), MAX_UNEQUAL);
    for (int g = 1; g < n; g++) {
      int[] grp = groups.get(g);
      if (word(s, pieces.get(grp[0])[0], pieces.get(grp[1])[1])) {
        return g;
      }
      if (length(pieces, grp, true) < 3) {
        // A short group may end the key but not sit inside it.
        return g + 1;
      }
    }
    return n;
  }

  /**
   * Says whether {@code s[from, to)} reads as a word of prose: letters alone, all small or capitalized, one of them
   * beyond {@code f} (so that a hex group is not a word).
   */
  private static boolean word(String s, int from, int to) {
    boolean beyondHex = false;
    for (int p = from; p < to; p++) {
      char c = s.charAt(p);
      boolean small = c >= 'a' && c <= 'z';
      boolean capital = c >= 'A' && c <= 'Z';
      if (!(small || p == from && capital)) {
        return false;
      }
      beyondHex |= (c | 0x20) > 'f';
    }
    return beyondHex;
  }

  /** Returns the characters a group contributes to a joined value. */
  private static int length(List<int[]> pieces, int[] group, boolean keepDashes) {
    int n = 0;
    for (int i = group[0]; i <= group[1]; i++) {
      n += pieces.get(i)[1] - pieces.get(i)[0];
      if (keepDashes && i > group[0]) {
        n++;
      }
    }
    return n;
  }

  /** Says whether {@code c} may be part of a group. */
  static boolean groupChar(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-';
  }

  private static boolean space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\u00A0' || c == '\u3000'
        || c >= '\u2000' && c <= '\u200A' || c == '\u202F' || c == '\u205F';
  }

  private static boolean dash(char c) {
    return c == '-' || c >= '\u2010' && c <= '\u2015' || c == '\u2212' || c == '\uFF0D';
  }
}
