package io.kexin.gateway.detect.injection;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a value split by markup as the one value a model reads: {@code 138<b></b>1234<i>5678</i>},
 * {@code **138**12345678}, {@code `138`12345678}, {@code "138".concat("12345678")}, {@code [138](x)[1234](y)5678},
 * {@code 138<!-- -->1234}, {@code $1$$3$$8$}, {@code \text{138}\,\text{1234}}. A split is markup between two
 * pieces with no space around it: HTML tags and comments (any run of them), doubled markdown emphasis ({@code **},
 * {@code __}, {@code ~~}; a single {@code *} between digits is a separator, read by the personal-data rules), code
 * marks, the brackets of markdown links ({@code ](url)[}), TeX's math marks, braces and commands ({@code $},
 * {@code \,}, {@code \text}), or a {@code .concat(} between two quoted pieces. The reading joins the
 * pieces (ASCII letters, digits and {@code _-@.+/}) and says where each join is, so that only what a join crosses
 * counts: {@code **Total**: 12} or a bold number in a table, read whole already, add nothing. Hand-written because
 * its gate ({@link ReadingGates}) runs over every request text. Stateless.
 */
final class MarkupSplits {
  /** Bounds one tag, comment or link target read as a split. */
  private static final int MAX_TAG = 40;
  /** Bounds the name of a TeX command read as a split ({@code \mathrm}). */
  private static final int MAX_COMMAND = 16;
  /** Bounds a chain of pieces. */
  private static final int MAX_CHAIN = 512;

  private MarkupSplits() {}

  /** Holds one chain of pieces: its span as written, the pieces joined, and where in the join each split was. */
  record Reading(int start, int end, String text, int[] joins) {}

  /**
   * Says whether a split may start at unit {@code k}: a tag or comment, an emphasis or code mark, a link's closing
   * bracket, a TeX mark, brace or command after a piece, a {@code .concat(}.
   */
  static boolean cueAt(char[] u, int k, int n) {
    char c = u[k];
    if (c == '<') {
      return k > 0 && isPiece(u[k - 1]) && k + 1 < n && (u[k + 1] == '/' || u[k + 1] == '!' || isLetter(u[k + 1]));
    }
    if (c == ']' || c == '}' || c == '$' || c == '\\') {
      return k > 0 && isPiece(u[k - 1]) && linkOrTexAt(u[k], k + 1 < n ? u[k + 1] : 0);
    }
    if (c == '*' || c == '_' || c == '~') {
      return k + 1 < n && u[k + 1] == c && (k > 0 && isPiece(u[k - 1]) && u[k - 1] != c
          || k + 2 < n && isPiece(u[k + 2]) && u[k + 2] != c);
    }
    if (c == '`') {
      return k > 0 && isPiece(u[k - 1]) || k + 1 < n && isPiece(u[k + 1]);
    }
    return c == '.' && k + 7 < n && u[k + 1] == 'c' && u[k + 2] == 'o' && u[k + 3] == 'n' && u[k + 4] == 'c'
        && u[k + 5] == 'a' && u[k + 6] == 't' && u[k + 7] == '(';
  }

  /** Returns every chain of two or more pieces that splits join in {@code text}. */
  static List<Reading> find(String text) {
    List<Reading> out = new ArrayList<>(1);
    int n = text.length();
    int i = 0;
    while (i < n) {
      if (!isPiece(text.charAt(i))) {
        i++;
        continue;
      }
      int start = i;
      StringBuilder joined = new StringBuilder();
      int[] joins = new int[4];
      int count = 0;
      int end = i;
      int p = i;
      while (p < n && p - start < MAX_CHAIN) {
        int q = p;
        while (q < n && isPiece(text.charAt(q)) && !markAt(text, q)) {
          q++;
        }
        if (q == p) {
          break;
        }
        joined.append(text, p, q);
        end = q;
        int next = splitEnd(text, q);
        if (next < 0 || next >= n || !isPiece(text.charAt(next))) {
          break;
        }
        if (count == joins.length) {
          joins = java.util.Arrays.copyOf(joins, count * 2);
        }
        joins[count++] = joined.length();
        p = next;
      }
      if (count > 0) {
        out.add(new Reading(start, end, joined.toString(), java.util.Arrays.copyOf(joins, count)));
      }
      i = Math.max(end, i + 1);
    }
    return out;
  }

  /** Returns where the split at {@code q} (right after a piece) ends, or -1 when there is none there. */
  private static int splitEnd(String text, int q) {
    int n = text.length();
    int p = q;
    boolean any = false;
    while (p < n) {
      char c = text.charAt(p);
      if (c == '<' && text.startsWith("<!--", p)) {
        int close = text.indexOf("-->", p + 4);
        if (close < 0 || close - p > MAX_TAG) {
          return -1;
        }
        p = close + 3;
        any = true;
      } else if (c == '<' && p + 1 < n && (text.charAt(p + 1) == '/' || isLetter(text.charAt(p + 1)))) {
        int close = text.indexOf('>', p);
        if (close < 0 || close - p > MAX_TAG || text.substring(p, close).indexOf('<', 1) >= 0) {
          return -1;
        }
        p = close + 1;
        any = true;
      } else if (c == '*' || c == '~' || c == '_') {
        // a doubled mark: a single asterisk, tilde or underscore between digits is a separator, not emphasis
        int r = p;
        while (r < n && text.charAt(r) == c) {
          r++;
        }
        if (r - p < 2) {
          break;
        }
        if (c == '*' && isAddressMask(text, p, r)) {
          return -1;
        }
        p = r;
        any = true;
      } else if (c == '`' || (c == '{' || c == '[') && any) {
        // an opening brace or bracket only goes on with a split: 138{1234 and a[1] are not one
        p++;
        any = true;
      } else if ((c == '"' || c == '\'') && text.startsWith(".concat(", p + 1) && p + 9 < n
          && text.charAt(p + 9) == c) {
        p += 10;
        any = true;
      } else if (!linkOrTexAt(c, p + 1 < n ? text.charAt(p + 1) : 0)) {
        break;
      } else if (c == '$' || c == '}') {
        p++;
        any = true;
      } else if (c == ']') {
        // a markdown link's text closed, its target skipped: [138](x)[1234](y)
        p++;
        if (text.charAt(p) == '(') {
          int close = text.indexOf(')', p);
          if (close < 0 || close - p > MAX_TAG || text.substring(p, close).indexOf(' ') >= 0) {
            return -1;
          }
          p = close + 1;
        }
        any = true;
      } else if (texSpace(text.charAt(p + 1))) {
        p += 2;
        any = true;
      } else {
        int r = p + 1;
        while (r < n && r - p <= MAX_COMMAND && isLetter(text.charAt(r))) {
          r++;
        }
        if (r - p > MAX_COMMAND) {
          return -1;
        }
        p = r;
        any = true;
      }
    }
    return any ? p : -1;
  }

  /**
   * Says whether the asterisks {@code [from, to)} mask part of an e-mail address ({@code z***@qq.com},
   * {@code l***g@163.com}): three or more, beside a piece holding {@code @}, and the only run of that length in its
   * word. Emphasis comes in pairs, so {@code zhang***san***@qq.com} is still read as a split.
   */
  private static boolean isAddressMask(String text, int from, int to) {
    if (to - from < 3) {
      return false;
    }
    int left = from;
    while (left > 0 && isPiece(text.charAt(left - 1))) {
      left--;
    }
    int right = to;
    while (right < text.length() && isPiece(text.charAt(right))) {
      right++;
    }
    if (text.lastIndexOf('@', from) < left && (text.indexOf('@', to) < 0 || text.indexOf('@', to) >= right)) {
      return false;
    }
    int wordStart = from;
    while (wordStart > 0 && !Character.isWhitespace(text.charAt(wordStart - 1))) {
      wordStart--;
    }
    int wordEnd = to;
    while (wordEnd < text.length() && !Character.isWhitespace(text.charAt(wordEnd))) {
      wordEnd++;
    }
    for (int k = wordStart; k < wordEnd; ) {
      if (text.charAt(k) != '*') {
        k++;
        continue;
      }
      int end = k;
      while (end < wordEnd && text.charAt(end) == '*') {
        end++;
      }
      if (k != from && end - k == to - from && !maskPair(text, from, to, k, end)) {
        return false;
      }
      k = end;
    }
    return true;
  }

  /**
   * Says whether the asterisk runs {@code [a, b)} and {@code [c, d)} of one word mask the local part and the domain of
   * an address each ({@code j***@g***.com}): one ends at the {@code @}, the other follows one to three letters or
   * digits after it and ends before a dot. Emphasis around the {@code @} alone ({@code alice***@***example.com}) or
   * around a longer part is still a split.
   */
  private static boolean maskPair(String text, int a, int b, int c, int d) {
    int localEnd = Math.min(b, d);
    int domainStart = Math.max(a, c);
    int domainEnd = Math.max(b, d);
    if (localEnd >= text.length() || text.charAt(localEnd) != '@' || domainEnd >= text.length()
        || text.charAt(domainEnd) != '.') {
      return false;
    }
    int shown = domainStart - localEnd - 1;
    if (shown < 1 || shown > 3) {
      return false;
    }
    for (int k = localEnd + 1; k < domainStart; k++) {
      if (!Character.isLetterOrDigit(text.charAt(k))) {
        return false;
      }
    }
    return true;
  }

  /** Says whether a split starts at {@code q}: {@code __} inside a run of piece units ends the piece. */
  private static boolean markAt(String text, int q) {
    return text.charAt(q) == '_' && q + 1 < text.length() && text.charAt(q + 1) == '_';
  }

  private static boolean isPiece(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '@'
        || c == '.' || c == '+' || c == '/';
  }

  /**
   * Says whether {@code c}, followed by {@code next}, is markup of a link or of TeX that a split may hold: a link's
   * closing bracket before its target or the next link ({@code ](}, {@code ][}), a math mark ({@code $}), a closing
   * brace before a command, a brace or a math mark ({@code \}\,}, {@code \}\{}), a command or a TeX space
   * ({@code \text}, {@code \,}).
   */
  private static boolean linkOrTexAt(char c, char next) {
    switch (c) {
      case ']':
        return next == '(' || next == '[';
      case '$':
        return true;
      case '}':
        return next == '\\' || next == '{' || next == '$';
      case '\\':
        return isLetter(next) || texSpace(next);
      default:
        return false;
    }
  }

  /** Says whether {@code c} after a backslash makes one of TeX's spaces ({@code \,} {@code \;} {@code \:} {@code \!}). */
  private static boolean texSpace(char c) {
    return c == ',' || c == ';' || c == ':' || c == '!';
  }

  private static boolean isLetter(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
  }
}
