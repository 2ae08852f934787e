package io.kexin.gateway.detect.secret;

/**
 * Reads a credential spelled in the NATO (ICAO) alphabet as the characters it names: {@code alpha kilo india alpha
 * quebec three echo …} reads {@code AKIAQ3E…}. A chain is {@value #MIN_CHAIN} tokens or more, each a letter's word
 * ({@code alpha}/{@code alfa} … {@code x-ray} … {@code zulu}, any case), a digit's word ({@code zero} … {@code
 * nine}, {@code niner}) or a single digit, one to {@value #MAX_GAP} separators apart (any unit that is neither a
 * letter nor a digit: spaces, line breaks, punctuation such as {@code , ; - / ( )}, {@code 、} {@code ，}, an emoji; a
 * model reads {@code alpha - kilo}, {@code alpha; kilo} and {@code (alpha)(kilo)} alike), with {@value #MIN_LETTERS}
 * letter words or more among them. Letters
 * read upper-case: the alphabet has no case, and the credentials written all in capitals and digits (AWS key ids) are
 * the ones it can carry. Ordinary prose holds no such chain (a list of the alphabet itself reads {@code ABCD…}, which
 * no credential rule takes). Hand-written because it is asked of every text a credential rule reads: one pass that
 * looks only at the first letter and the length of each word. Stateless.
 */
final class SpelledLetters {
  /** Sets how many tokens make a chain: a credential spelled this way is far longer; a sentence never has eight. */
  static final int MIN_CHAIN = 8;
  /** Sets how many of a chain's tokens must name letters: digit words alone are the personal-data rules' reading. */
  static final int MIN_LETTERS = 4;
  /** Bounds the separator units between two tokens ({@code " - "} is three). */
  static final int MAX_GAP = 3;
  /** Per letter A to Z, the words that begin with it, upper-case; each reads its first letter. */
  private static final String[][] LETTER_WORDS = {
      {"ALPHA", "ALFA"}, {"BRAVO"}, {"CHARLIE"}, {"DELTA"}, {"ECHO", "EIGHT"}, {"FOXTROT", "FOUR", "FIVE"},
      {"GOLF"}, {"HOTEL"}, {"INDIA"}, {"JULIETT", "JULIET"}, {"KILO"}, {"LIMA"}, {"MIKE"},
      {"NOVEMBER", "NINER", "NINE"}, {"OSCAR", "ONE"}, {"PAPA"}, {"QUEBEC"}, {"ROMEO"},
      {"SIERRA", "SEVEN", "SIX"}, {"TANGO", "THREE", "TWO"}, {"UNIFORM"}, {"VICTOR"}, {"WHISKEY", "WHISKY"},
      {"XRAY"}, {"YANKEE"}, {"ZULU", "ZERO"}};
  /** What each word of {@link #LETTER_WORDS} reads, at the same place: a digit for digit words, else 0 (a letter). */
  private static final char[][] DIGITS = {
      {0, 0}, {0}, {0}, {0}, {0, '8'}, {0, '4', '5'}, {0}, {0}, {0}, {0, 0}, {0}, {0}, {0}, {0, '9', '9'},
      {0, '1'}, {0}, {0}, {0}, {0, '7', '6'}, {0, '3', '2'}, {0}, {0}, {0, 0}, {0}, {0}, {0, '0'}};

  /** Per ASCII unit, whether it is a letter or a digit: one load per unit of every text. */
  private static final boolean[] ALNUM = alnumTable();

  private SpelledLetters() {}

  /**
   * Replaces, in place, each chain in the first {@code n} units of {@code t} by the characters it names, each taking
   * the original span of its word ({@code starts}, {@code ends}); the separators between them are dropped. Returns
   * the new length ({@code n} when nothing is spelled).
   */
  static int read(char[] t, int[] starts, int[] ends, int n) {
    int k = 0;
    int i = 0;
    while (i < n) {
      int chainEnd = chain(t, i, n);
      if (chainEnd < 0) {
        // Copy up to the end of this word (or this one unit), so each word is tried once as a chain's start.
        int e = i + 1;
        if (alnum(t[i])) {
          while (e < n && alnum(t[e])) {
            e++;
          }
        }
        for (; i < e; i++) {
          t[k] = t[i];
          starts[k] = starts[i];
          ends[k++] = ends[i];
        }
        continue;
      }
      while (i < chainEnd) {
        int e = tokenEnd(t, i, n);
        t[k] = reading(t, i, e);
        starts[k] = starts[i];
        ends[k++] = ends[e - 1];
        i = e;
        int gap = gap(t, i, n);
        if (gap > 0 && i + gap < chainEnd) {
          i += gap;
        }
      }
    }
    return k;
  }

  /**
   * Says whether the first {@code n} units of {@code t} hold a chain: what a text is asked before any folding, so one
   * pass over its words, counting the tokens of the chain each word continues or breaks.
   */
  static boolean any(char[] t, int n) {
    int tokens = 0;
    int letters = 0;
    int lastEnd = -1;
    int i = 0;
    while (i < n) {
      if (!alnum(t[i])) {
        i++;
        continue;
      }
      int s = i;
      while (i < n && alnum(t[i])) {
        i++;
      }
      int length = i - s;
      // Only a single unit (a digit, the x of x-ray) or a word of three to eight letters can be a token.
      int e = length == 1 ? tokenEnd(t, s, n) : length >= 3 && length <= 8 ? i : -1;
      char r = e < 0 ? 0 : reading(t, s, e);
      if (r == 0) {
        tokens = 0;
        letters = 0;
        continue;
      }
      i = e;
      if (tokens == 0 || !joined(t, lastEnd, s)) {
        tokens = 0;
        letters = 0;
      }
      tokens++;
      letters += r >= 'A' ? 1 : 0;
      lastEnd = e;
      if (tokens >= MIN_CHAIN && letters >= MIN_LETTERS) {
        return true;
      }
    }
    return false;
  }

  /** Says whether one to {@value #MAX_GAP} separators, nothing else, lie between {@code end} and {@code start}. */
  private static boolean joined(char[] t, int end, int start) {
    if (start - end < 1 || start - end > MAX_GAP) {
      return false;
    }
    for (int p = end; p < start; p++) {
      if (!separator(t[p])) {
        return false;
      }
    }
    return true;
  }

  /** Returns where the chain starting at {@code i} ends, or -1 when none starts there. */
  private static int chain(char[] t, int i, int n) {
    if (!alnum(t[i]) || i > 0 && alnum(t[i - 1])) {
      return -1;
    }
    int tokens = 0;
    int letters = 0;
    int end = -1;
    int p = i;
    while (true) {
      int e = tokenEnd(t, p, n);
      if (e < 0) {
        break;
      }
      char r = reading(t, p, e);
      tokens++;
      if (r >= 'A') {
        letters++;
      }
      end = e;
      int gap = gap(t, e, n);
      if (gap == 0 || e + gap >= n || !alnum(t[e + gap])) {
        break;
      }
      p = e + gap;
    }
    return tokens >= MIN_CHAIN && letters >= MIN_LETTERS ? end : -1;
  }

  /** Returns the end of the spelled token (a word of the alphabet or a single digit) at {@code p}, or -1. */
  private static int tokenEnd(char[] t, int p, int n) {
    int e = p;
    while (e < n && alnum(t[e])) {
      e++;
    }
    if (e == p + 1 && t[p] >= '0' && t[p] <= '9') {
      return e;
    }
    // x-ray: the one word of the alphabet written with a dash.
    if (e == p + 1 && (t[p] | 0x20) == 'x' && p + 4 < n && t[p + 1] == '-' && word(t, p + 2, p + 5, "RAY")
        && (p + 5 == n || !alnum(t[p + 5]))) {
      return p + 5;
    }
    return reading(t, p, e) != 0 ? e : -1;
  }

  /** Returns the character {@code [p, e)} names (a digit, or an upper-case letter), or 0 when it names none. */
  private static char reading(char[] t, int p, int e) {
    if (e == p + 1) {
      return t[p] >= '0' && t[p] <= '9' ? t[p] : 0;
    }
    if (e == p + 5 && t[p + 1] == '-') {
      return 'X';
    }
    int first = (t[p] | 0x20) - 'a';
    if (first < 0 || first >= 26 || e - p < 3 || e - p > 8) {
      return 0;
    }
    String[] words = LETTER_WORDS[first];
    for (int w = 0; w < words.length; w++) {
      if (words[w].length() == e - p && word(t, p, e, words[w])) {
        return DIGITS[first][w] != 0 ? DIGITS[first][w] : (char) ('A' + first);
      }
    }
    return 0;
  }

  /** Says whether {@code [p, e)} spells {@code word} (upper-case) in any case. */
  private static boolean word(char[] t, int p, int e, String word) {
    for (int j = 0; j < word.length(); j++) {
      if ((t[p + j] & ~0x20) != word.charAt(j) || t[p + j] > 'z') {
        return false;
      }
    }
    return e - p == word.length();
  }

  /** Returns how many separator units (one to {@value #MAX_GAP}) follow at {@code p}, or 0. */
  private static int gap(char[] t, int p, int n) {
    int g = 0;
    while (p + g < n && g <= MAX_GAP && separator(t[p + g])) {
      g++;
    }
    return g <= MAX_GAP ? g : 0;
  }

  /** Says whether {@code c} may stand between two tokens: a unit that is neither a letter nor a digit. */
  private static boolean separator(char c) {
    return c < 128 ? !ALNUM[c] : !Character.isLetterOrDigit(c);
  }

  private static boolean alnum(char c) {
    return c < 128 && ALNUM[c];
  }

  private static boolean[] alnumTable() {
    boolean[] table = new boolean[128];
    for (char c = 0; c < 128; c++) {
      table[c] = c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }
    return table;
  }
}
