package io.kexin.gateway.text;

/**
 * Finds string literals joined in code — {@code 'ghp_' + 'Q8b3…'}, {@code "sk-" . "proj…"}, {@code 'AKIA' || '…'},
 * {@code "项目" "凤凰"} (Python's adjacent literals) — so that detection reads the joined value, as a model or the
 * program does: a key split into pieces to slip past a scanner is the same key. A join is a quote, at most
 * {@value #MAX_GAP} units of white space around one operator ({@code +}, {@code .}, {@code ..}, {@code ||}) or white
 * space alone, and the same quote again; in raw JSON text the quotes may be escaped ({@code \"}) and the white space
 * written as {@code \n}, {@code \t} or {@code \r}. Only pieces without white space are joined, as a value's pieces
 * are: quoted prose ({@code "create meth" + "without stopping"}) keeps its words apart, and rows of quoted fields
 * ({@code "Id","FirstName"} on one line, {@code "0035…","Lucía"} on the next) keep their line breaks. Hand-written: it is part of
 * the decoding every inspected text goes through. Stateless.
 */
final class JoinedLiterals {
  /** Bounds the units between the two quotes of a join. */
  static final int MAX_GAP = 16;
  /** Bounds the pieces joined: a longer literal is text, not part of a value. */
  static final int MAX_PIECE = 128;

  private JoinedLiterals() {}

  /**
   * Returns the index of the quote that opens the literal joined to the one whose closing quote is at {@code i}, or
   * -1 when no join starts there; with {@code escaped}, reads the raw JSON form ({@code \"}, {@code \n}).
   */
  static int joinedAt(char[] u, int i, int n, boolean escaped) {
    char quote = u[i];
    if (quote != '"' && quote != '\'') {
      return -1;
    }
    int end = Math.min(n, i + 1 + MAX_GAP);
    int p = i + 1;
    boolean space = false;
    boolean operator = false;
    boolean lineBreak = false;
    while (p < end) {
      char c = u[p];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        space = true;
        lineBreak |= c == '\n';
        p++;
      } else if (escaped && c == '\\' && p + 1 < end && (u[p + 1] == 'n' || u[p + 1] == 't' || u[p + 1] == 'r')) {
        space = true;
        lineBreak |= u[p + 1] == 'n';
        p += 2;
      } else if (!operator && (c == '+' || c == '.' || c == '|')) {
        operator = true;
        boolean doubled = p + 1 < end && u[p + 1] == c;
        if (c == '|' && !doubled) {
          return -1;
        }
        p += doubled ? 2 : 1;
      } else if (c == quote && (space || operator)) {
        return !operator && lineBreak && rows(u, i, p, n, quote) ? -1 : p;
      } else if (escaped && c == '\\' && p + 1 < end && u[p + 1] == quote && (space || operator)) {
        return !operator && lineBreak && rows(u, i, p + 1, n, quote) ? -1 : p + 1;
      } else {
        return -1;
      }
    }
    return -1;
  }

  /** Bounds how far along a line a quoted row's field separator is looked for. */
  private static final int ROW_REACH = 400;

  /**
   * Says whether the line ending with the quote at {@code close} and the line starting with the quote at
   * {@code open} are rows of quoted fields ({@code "Id","FirstName"} above {@code "0035…","Lucía"}), a quote beside
   * a comma or tab on each: a table a model reads row by row, no value split across literals.
   */
  private static boolean rows(char[] u, int close, int open, int n, char quote) {
    boolean before = false;
    for (int p = close - 1; p > 0 && close - p <= ROW_REACH && u[p] != '\n'; p--) {
      if ((u[p] == ',' || u[p] == '\t') && (u[p - 1] == quote || u[p + 1] == quote)) {
        before = true;
        break;
      }
    }
    if (!before) {
      return false;
    }
    for (int p = open + 1; p + 1 < n && p - open <= ROW_REACH && u[p] != '\n'; p++) {
      if ((u[p] == ',' || u[p] == '\t') && (u[p - 1] == quote || u[p + 1] == quote)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns the index of the quote that opens the literal joined to the one whose closing quote is at {@code i} in
   * decoded text, when both pieces are without white space (the second may still be open at the end), or -1.
   */
  static int joinedPieceAt(char[] u, int i, int n) {
    int open = joinedAt(u, i, n, false);
    if (open < 0) {
      return -1;
    }
    char quote = u[i];
    int p = i - 1;
    while (p >= 0 && i - p <= MAX_PIECE && u[p] != quote) {
      if (Character.isWhitespace(u[p])) {
        return -1;
      }
      p--;
    }
    if (p < 0 || i - p > MAX_PIECE || p == i - 1) {
      return -1;
    }
    int q = open + 1;
    while (q < n && q - open <= MAX_PIECE && u[q] != quote) {
      if (Character.isWhitespace(u[q])) {
        return -1;
      }
      q++;
    }
    return q - open > MAX_PIECE || q == open + 1 ? -1 : open;
  }

  /**
   * Returns where a join that more text may still complete or undo starts at the end of {@code text} from {@code from} on
   * (a closing quote followed only by white space and an operator so far, {@code 'ghp_' +}, or a join whose second
   * piece has not closed yet, {@code 'ghp_' + 'Q8b3}), or -1.
   */
  static int openAt(CharSequence text, int from) {
    int n = text.length();
    int piece = n - 1;
    while (piece >= Math.max(from, n - MAX_PIECE) && text.charAt(piece) != '"' && text.charAt(piece) != '\''
        && !Character.isWhitespace(text.charAt(piece))) {
      piece--;
    }
    if (piece >= from && (text.charAt(piece) == '"' || text.charAt(piece) == '\'')) {
      // the quote opens a piece still open, or ends the text: a join before it decides from its closing quote on
      int close = quoteBefore(text, piece > 0 && text.charAt(piece - 1) == '\\' ? piece - 1 : piece, from);
      if (close >= 0) {
        return close;
      }
      if (piece == n - 1) {
        return piece;
      }
    }
    return quoteBefore(text, n, from);
  }

  /**
   * Returns the quote that white space and operators alone (or nothing, at the end of the text) separate from
   * {@code end}, looking back at most {@value #MAX_GAP} units from {@code from} on, or -1.
   */
  private static int quoteBefore(CharSequence text, int end, int from) {
    for (int i = end - 1; i >= Math.max(from, end - MAX_GAP - 1); i--) {
      char c = text.charAt(i);
      if (c == '"' || c == '\'') {
        return i;
      }
      boolean gap = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '+' || c == '.' || c == '|' || c == '\\'
          || (c == 'n' || c == 't' || c == 'r') && i > 0 && text.charAt(i - 1) == '\\';
      if (!gap) {
        return -1;
      }
    }
    return -1;
  }
}
