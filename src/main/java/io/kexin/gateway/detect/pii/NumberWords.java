package io.kexin.gateway.detect.pii;

import java.util.Arrays;

/**
 * Reads numbers read out one digit at a time, in English words or in digits set apart, as the run of digits they
 * name: {@code one three eight one two three four five six seven eight} reads {@code 13812345678}, {@code four one
 * one one …} and {@code 4 1 1 1 …} a card number, {@code oh two oh} {@code 020}, {@code double five} {@code 55}. A
 * model reads such a number as surely as its digits, so the PII pass reads it too.
 *
 * <p>Only chains are read: number words (also written together, {@code onethreeeight}) and single digits one or two
 * separators apart (spaces, line breaks, dashes, underscores, dots, commas, semicolons, slashes, bars, plus signs,
 * asterisks, the enumeration comma {@code 、}), with a word among them or {@value #MIN_SINGLES} single digits or more
 * and no group ({@code 4 1 1 1 …}; counting {@code 1, 2, … 10, 11} is a list). Between single digits, signs with no
 * space beside them are dropped ({@code 1.3.8…}, {@code one-three-eight…}); with a space, a dash or dot stays, a comma
 * reads as a space and other separators are dropped (a number read out digit by digit has no groups); a group of
 * several digits keeps what surrounds it
 * ({@code one three eight 1234 5678}). Hand-written beside the PII pass it feeds: one linear pass. Stateless.
 */
final class NumberWords {
  /** The words read, each a digit (or, for {@code double} and {@code triple}, a count of the next digit). */
  private static final String[] WORDS = {"ZERO", "OH", "ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN",
      "EIGHT", "NINE", "DOUBLE", "TRIPLE"};
  private static final char[] READS = {'0', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 2, 3};
  /** Per letter A to Z, the words that begin with it: every token of every text is asked whether it spells one. */
  private static final byte[][] BY_FIRST = byFirst();
  /** One bit per letter A to Z that ends a word: a token ending in another letter spells none. */
  private static final int LAST_LETTERS = lastLetters();
  /** Sets how many single digits one or two units apart make a chain with no word ({@code 4 1 1 1 …}). */
  static final int MIN_SINGLES = 7;
  /** Bounds the separators between two tokens of a chain. */
  private static final int MAX_GAP = 2;

  private NumberWords() {}

  /**
   * Says whether {@code [from, to)} of {@code units} spells number words one after another with nothing between
   * them ({@code one}, {@code onethreeeight}): what the PII pass asks of each token, so a reading is tried only
   * where one may succeed.
   */
  static boolean spelled(char[] units, int from, int to) {
    if (to <= from) {
      return false;
    }
    int last = Fold.ascii(units[to - 1]) - 'A';
    return last >= 0 && last < 26 && (LAST_LETTERS & 1 << last) != 0 && words(units, from, to, false) > 0;
  }

  /** Returns how many number words {@code [from, to)} spells one after another with nothing between them, or 0. */
  static int parts(char[] units, int from, int to) {
    return words(units, from, to, false);
  }

  /**
   * Returns how many number words {@code [from, to)} spells one after another with nothing between them, or 0 when
   * it spells none that way; with {@code open}, the last may be cut short at {@code to} (more text may complete it).
   * No word is the beginning of another, so at most one word reads at each index and one pass decides.
   */
  private static int words(char[] units, int from, int to, boolean open) {
    int count = 0;
    for (int p = from; p < to; count++) {
      int w = wordAt(units, p, to);
      if (w >= 0) {
        p += WORDS[w].length();
      } else if (open && beginsWord(units, p, to)) {
        return count + 1;
      } else {
        return 0;
      }
    }
    return count;
  }

  /** Returns the index of the word spelled from {@code p} on, ending at or before {@code to}, or -1. */
  private static int wordAt(char[] units, int p, int to) {
    int first = Fold.ascii(units[p]) - 'A';
    if (first < 0 || first >= 26) {
      return -1;
    }
    for (int w : BY_FIRST[first]) {
      if (WORDS[w].length() <= to - p && spells(units, p, WORDS[w], WORDS[w].length())) {
        return w;
      }
    }
    return -1;
  }

  private static byte[][] byFirst() {
    byte[][] table = new byte[26][];
    for (int letter = 0; letter < 26; letter++) {
      byte[] words = new byte[WORDS.length];
      int n = 0;
      for (int w = 0; w < WORDS.length; w++) {
        if (WORDS[w].charAt(0) == 'A' + letter) {
          words[n++] = (byte) w;
        }
      }
      table[letter] = Arrays.copyOf(words, n);
    }
    return table;
  }

  private static int lastLetters() {
    int bits = 0;
    for (String w : WORDS) {
      bits |= 1 << w.charAt(w.length() - 1) - 'A';
    }
    return bits;
  }

  /**
   * Returns where the chain of number words and digits that the text ends in starts, when it holds a number word,
   * ends in the beginning of one ({@code …call one three}, {@code …call thr}) or holds two single digits or more
   * ({@code …card 4 1}): more text may still make it a number; or -1.
   */
  static int openChainStart(char[] units, int n) {
    return openChainStart(units, n, false);
  }

  /**
   * Returns where the chain the text ends in starts as {@link #openChainStart(char[], int)} does, or, with
   * {@code numerals}, where a chain of number words, digits and Chinese numerals it ends in starts when it holds a
   * word and a numeral ({@code …电话 一三八 one}, {@code …one三eigh}); -1 when there is none.
   */
  static int openChainStart(char[] units, int n, boolean numerals) {
    int p = gapStart(units, n);
    if (p < 0) {
      return -1;
    }
    int start = -1;
    boolean word = false;
    boolean numeral = false;
    int singles = 0;
    boolean last = p == n;
    while (p > 0 && unitClass(units[p - 1], numerals) != 0) {
      int s = p;
      int k = unitClass(units[p - 1], numerals);
      while (s > 0 && unitClass(units[s - 1], numerals) == k) {
        s--;
      }
      int kind = kind(units, s, p, numerals);
      if (kind == WORD || last && words(units, s, p, true) > 0) {
        word = true;
      } else if (kind == DIGIT) {
        singles++;
      } else if (kind == NOT_NUMERIC) {
        break;
      }
      numeral |= numerals && numeralIn(units, s, p);
      start = s;
      last = false;
      int q = gapStart(units, s);
      if (q < 0 || q == s && (s == 0 || unitClass(units[s - 1], numerals) == 0)) {
        break;
      }
      p = q;
    }
    if (numerals) {
      return word && numeral ? start : -1;
    }
    return word || singles >= 2 ? start : -1;
  }

  /** Returns whether {@code [from, to)} is the beginning of a number word (or one), cut short at {@code to}. */
  private static boolean beginsWord(char[] units, int from, int to) {
    for (String w : WORDS) {
      if (w.length() >= to - from && spells(units, from, w, to - from)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns {@code original} with every chain of number words read as its digits (see the class note), starting the
   * search at {@code from}, where the first number read out may start; null when no chain is read.
   */
  static Undisguised read(String original, char[] units, int from) {
    return read(original, units, from, false);
  }

  /**
   * Returns {@code original} read as {@link #read(String, char[], int)} does, or, with {@code numerals}, with every
   * chain that mixes number words and Chinese numerals ({@code one三eight一二三四…}, {@code 一三八 one two 三四…})
   * read as its digits: there letters, and digits or numerals, are tokens apart even where nothing separates them,
   * and only a chain holding a word and a numeral is read (the other readings read the rest); null when none is.
   */
  static Undisguised read(String original, char[] units, int from, boolean numerals) {
    int n = original.length();
    Undisguised.Builder out = null;
    int i = from;
    while (i < n) {
      int chainEnd = chain(units, n, i, numerals);
      if (chainEnd < 0) {
        // no chain starts inside one that does not qualify, so each token is walked once
        i = nextToken(units, n, Math.max(i, -1 - chainEnd), numerals);
        continue;
      }
      out = out == null ? new Undisguised.Builder(original) : out;
      out.copyTo(i);
      emitChain(units, i, chainEnd, out, numerals);
      i = chainEnd;
    }
    return out == null ? null : out.build();
  }

  /**
   * Returns the end of the chain that starts with the token at {@code i} when it is read (see the class note), or
   * {@code -1 - end} when it is not, {@code end} being where its last token ends ({@code i} when none starts there).
   */
  private static int chain(char[] units, int n, int i, boolean numerals) {
    int first = unitClass(units[i], numerals);
    if (first == 0 || i > 0 && unitClass(units[i - 1], numerals) == first) {
      return -1 - i;
    }
    int parts = 0;
    int singles = 0;
    int groups = 0;
    boolean word = false;
    boolean numeral = false;
    int end = i;
    int p = i;
    while (p < n) {
      int e = tokenEnd(units, n, p, numerals);
      int kind = kind(units, p, e, numerals);
      if (kind == NOT_NUMERIC) {
        break;
      }
      parts += kind == WORD ? words(units, p, e, false) : 1;
      word |= kind == WORD;
      numeral |= numerals && kind != WORD && numeralIn(units, p, e);
      singles += kind == DIGIT ? 1 : 0;
      groups += kind == DIGITS ? 1 : 0;
      end = e;
      // with numerals, a letter and a numeral meet with nothing between them (one三eight): q == e
      int q = gapEnd(units, n, e);
      if (q < 0 || q >= n || unitClass(units[q], numerals) == 0) {
        break;
      }
      p = q;
    }
    if (numerals) {
      return parts >= 2 && word && numeral ? end : -1 - end;
    }
    // with no word, only single digits: counting 1, 2, 3 … 10, 11 is a list, not a number read out
    return parts >= 2 && (word || singles >= MIN_SINGLES && groups == 0) ? end : -1 - end;
  }

  /** Puts the chain {@code [from, to)} into {@code out} read as digits. */
  private static void emitChain(char[] units, int from, int to, Undisguised.Builder out, boolean numerals) {
    boolean listed = listSign(units, from, to);
    int p = from;
    int e = tokenEnd(units, to, p, numerals);
    int kind = kind(units, p, e, numerals);
    int count = 1;
    int countFrom = from;
    while (p < to) {
      if (kind == WORD) {
        for (int q = p, w; q < e; q += WORDS[w].length()) {
          w = wordAt(units, q, e);
          int end = q + WORDS[w].length();
          if (READS[w] < '0') {
            count = READS[w];
            countFrom = q;
          } else {
            for (int k = 0; k < count; k++) {
              out.put(READS[w], count > 1 ? countFrom : q, end);
            }
            count = 1;
          }
        }
      } else {
        for (int k = p; k < e; k++) {
          for (int c = 0; c < count; c++) {
            if (listed) {
              out.putListed(fold(units[k], numerals), count > 1 ? countFrom : k, k + 1);
            } else {
              out.put(fold(units[k], numerals), count > 1 ? countFrom : k, k + 1);
            }
          }
          count = 1;
        }
      }
      int q = e;
      while (q < to && gap(units[q])) {
        q++;
      }
      int nextEnd = tokenEnd(units, to, q, numerals);
      int next = q < to ? kind(units, q, nextEnd, numerals) : NOT_NUMERIC;
      // Between single digits, a sign with no space beside it (1.3.8, 1、3、8, one-three-eight) is dropped, as a
      // model reads past it; with a space, a dash or dot stays, a comma reads as a space (a pause, as between groups)
      // and any other separator is dropped; beside a group of digits every separator stays as written.
      boolean single = kind != DIGITS && next != DIGITS && next != NOT_NUMERIC;
      boolean signOnly = single && !spaced(units, e, q);
      for (int k = e; k < q; k++) {
        char a = Fold.ascii(units[k]);
        if (signOnly) {
          continue;
        }
        if (!single || a == '-' || a == '.') {
          out.put(units[k], k, k + 1);
        } else if (a == ',') {
          out.put(' ', k, k + 1);
        }
      }
      p = q;
      e = nextEnd;
      kind = next;
    }
  }

  private static final int NOT_NUMERIC = 0;
  private static final int WORD = 1;
  private static final int DIGIT = 2;
  private static final int DIGITS = 3;

  /** Returns what the token {@code [from, to)} is in a chain: a number word, one digit, several, or nothing. */
  private static int kind(char[] units, int from, int to, boolean numerals) {
    boolean digits = true;
    for (int k = from; k < to && digits; k++) {
      digits = Fold.digit(fold(units[k], numerals));
    }
    if (digits) {
      return to - from == 1 ? DIGIT : DIGITS;
    }
    if (to - from == 1 && Fold.ascii(units[from]) == 'X') {
      // the check character of an ID card number read out digit by digit
      return DIGIT;
    }
    return words(units, from, to, false) > 0 ? WORD : NOT_NUMERIC;
  }

  /**
   * Returns the end of the token at {@code p}: ASCII letters and digits (full-width too), or, with {@code numerals},
   * letters alone, or digits and Chinese numerals alone.
   */
  private static int tokenEnd(char[] units, int n, int p, boolean numerals) {
    int k = p < n ? unitClass(units[p], numerals) : 0;
    while (k != 0 && p < n && unitClass(units[p], numerals) == k) {
      p++;
    }
    return p;
  }

  /** Returns the start of the token after the one at or after {@code i}. */
  private static int nextToken(char[] units, int n, int i, boolean numerals) {
    int p = tokenEnd(units, n, i, numerals);
    while (p < n && unitClass(units[p], numerals) == 0) {
      p++;
    }
    return Math.max(p, i + 1);
  }

  /** Returns the ASCII form of {@code c}, or with {@code numerals} the digit a Chinese numeral writes. */
  private static char fold(char c, boolean numerals) {
    return numerals ? Fold.asciiOrNumeral(c) : Fold.ascii(c);
  }

  /**
   * Returns what token {@code c} belongs in: 0 none; without {@code numerals}, 1 for an ASCII letter or digit; with
   * them, 1 for a letter and 2 for a digit or a Chinese numeral, so that {@code one三eight} is three tokens.
   */
  private static int unitClass(char c, boolean numerals) {
    char a = fold(c, numerals);
    if (!Fold.alnum(a)) {
      return 0;
    }
    return numerals && Fold.digit(a) ? 2 : 1;
  }

  /** Says whether {@code [from, to)} holds a Chinese numeral. */
  private static boolean numeralIn(char[] units, int from, int to) {
    for (int k = from; k < to; k++) {
      if (Fold.numeral(units[k]) != Fold.NONE) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns where the separators that end at {@code p} start, at most {@value #MAX_GAP} of them ({@code p} when
   * none), or -1 when more stand there.
   */
  private static int gapStart(char[] units, int p) {
    int q = p;
    while (q > 0 && p - q < MAX_GAP && gap(units[q - 1])) {
      q--;
    }
    return q > 0 && p - q == MAX_GAP && gap(units[q - 1]) ? -1 : q;
  }

  /**
   * Returns where the separators that start at {@code e} end, at most {@value #MAX_GAP} of them ({@code e} when
   * none), or -1 when more stand there.
   */
  private static int gapEnd(char[] units, int n, int e) {
    int q = e;
    while (q < n && q - e < MAX_GAP && gap(units[q])) {
      q++;
    }
    return q < n && q - e == MAX_GAP && gap(units[q]) ? -1 : q;
  }

  /** Returns whether {@code c} may stand between two tokens of a chain. */
  static boolean gap(char c) {
    char a = Fold.ascii(c);
    return a == ' ' || a == '\t' || a == '\n' || a == '\r' || a == '-' || a == '_' || a == '.' || a == ',' || a == ';'
        || a == '/' || a == '|' || a == '+' || a == '*' || c == '\u3001';
  }

  /**
   * Says whether {@code [from, to)} holds a sign of lists or sums ({@code 、 | + *}): digits set apart by them may be a
   * list or a sum as well as a number, so what they read as needs a context word or a checksum.
   */
  private static boolean listSign(char[] units, int from, int to) {
    for (int k = from; k < to; k++) {
      char a = Fold.ascii(units[k]);
      if (a == '|' || a == '+' || a == '*' || units[k] == '\u3001') {
        return true;
      }
    }
    return false;
  }

  /** Says whether the separators {@code [from, to)} hold a space or a line break: a pause, not a sign between digits. */
  private static boolean spaced(char[] units, int from, int to) {
    for (int k = from; k < to; k++) {
      char a = Fold.ascii(units[k]);
      if (a == ' ' || a == '\t' || a == '\n' || a == '\r') {
        return true;
      }
    }
    return false;
  }

  /** Returns whether the first {@code length} units from {@code from} spell the first {@code length} of {@code w}. */
  private static boolean spells(char[] units, int from, String w, int length) {
    for (int k = 0; k < length; k++) {
      if (Fold.ascii(units[from + k]) != w.charAt(k)) {
        return false;
      }
    }
    return true;
  }
}
