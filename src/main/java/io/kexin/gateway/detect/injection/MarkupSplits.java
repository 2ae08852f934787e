package io.kexin.gateway.detect.injection;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a value split by markup as the one value a model reads: {@code 138<b></b>1234<i>5678</i>},
 * {@code **138**12345678}, {@code `138`12345678}, {@code "138".concat("12345678")}. A split is markup between two
 * pieces with no space around it: HTML tags (any run of them), doubled markdown emphasis ({@code **}, {@code __},
 * {@code ~~}; a single {@code *} between digits is a separator, read by the personal-data rules) or code marks, or a {@code .concat(} between two quoted pieces. The reading joins the
 * pieces (ASCII letters, digits and {@code _-@.+/}) and says where each join is, so that only what a join crosses
 * counts: {@code **Total**: 12} or a bold number in a table, read whole already, add nothing. Hand-written because
 * its gate ({@link ReadingGates}) runs over every request text. Stateless.
 */
final class MarkupSplits {
  /** Bounds one tag read as a split. */
  private static final int MAX_TAG = 40;
  /** Bounds a chain of pieces. */
  private static final int MAX_CHAIN = 512;

  private MarkupSplits() {}

  /** Holds one chain of pieces: its span as written, the pieces joined, and where in the join each split was. */
  record Reading(int start, int end, String text, int[] joins) {}

  /** Says whether a split may start at unit {@code k}: a tag, an emphasis or code mark, a {@code .concat(}. */
  static boolean cueAt(char[] u, int k, int n) {
    char c = u[k];
    if (c == '<') {
      return k > 0 && isPiece(u[k - 1]) && k + 1 < n && (u[k + 1] == '/' || isLetter(u[k + 1]));
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
      if (c == '<' && p + 1 < n && (text.charAt(p + 1) == '/' || isLetter(text.charAt(p + 1)))) {
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
        p = r;
        any = true;
      } else if (c == '`') {
        p++;
        any = true;
      } else if ((c == '"' || c == '\'') && text.startsWith(".concat(", p + 1) && p + 9 < n
          && text.charAt(p + 9) == c) {
        p += 10;
        any = true;
      } else {
        break;
      }
    }
    return any ? p : -1;
  }

  /** Says whether a split starts at {@code q}: {@code __} inside a run of piece units ends the piece. */
  private static boolean markAt(String text, int q) {
    return text.charAt(q) == '_' && q + 1 < text.length() && text.charAt(q + 1) == '_';
  }

  private static boolean isPiece(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '@'
        || c == '.' || c == '+' || c == '/';
  }

  private static boolean isLetter(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
  }
}
