package io.kexin.gateway.detect.secret;

/**
 * Reads a credential spelled in the NATO (ICAO) alphabet as the characters it names: {@code alpha kilo india alpha
 * quebec three echo …} reads {@code AKIAQ3E…}. A chain is {@value #MIN_CHAIN} tokens or more, each a letter's word
 * ({@code alpha}/{@code alfa} … {@code x-ray} … {@code zulu}, any case), a digit's word ({@code zero} … {@code
 * nine}, {@code niner}) or a single digit, one to {@value #MAX_GAP} separators apart (any unit that is neither a
 * letter nor a digit: spaces, line breaks, punctuation such as {@code , ; - / ( )}, {@code 、} {@code ，}, an emoji; a
 * model reads {@code alpha - kilo}, {@code alpha; kilo} and {@code (alpha)(kilo)} alike), with {@value #MIN_LETTERS}
 * letter words or more among them. A word of a few such words glued ({@code alphakilo}) is that many tokens, and a
 * letter said again by its word ({@code A as in alpha}, {@code A for alpha}, {@code A 如 alpha}) one token. A letter
 * may be said in a case ({@code capital alpha}, {@code small kilo}, {@code upper case x-ray}, {@code big alpha},
 * {@code little kilo}, {@code 大写A}, {@code 小写的k}: after a case word a single letter is a token too), and signs
 * by their words ({@code underscore}, {@code dash}, {@code 下划线}), so that a mixed-case token reads as written
 * ({@code golf hotel papa underscore capital alpha …} is {@code ghp_A…}). Letters not said in a case read so: small
 * where the chain says only capitals (one says {@code capital} for the few capitals), capital where it says only small
 * letters, each in its word's case where letter words are written in both ({@code ALPHA kilo} is {@code Ak}), else
 * upper-case (the credentials written all in capitals and digits, AWS key ids). The NATO alphabet transliterated into
 * Chinese ({@code 阿尔法 布拉沃}) is not read: it is not how Chinese writers spell letters out (they say
 * {@code 大写A}). Ordinary prose holds no such chain (a list of the alphabet itself reads {@code ABCD…}, which no
 * credential rule takes). Hand-written because it is asked of every text a credential rule reads: one pass that
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

  /**
   * Per first two letters (a to z, 32 slots each), a bit for each length (3 to 10) of a word beginning with them that
   * can begin a token: a word of the alphabet, a case word, a sign's word. One word in twenty of the shared texts
   * passes (digits included), and is then read whole.
   */
  private static final int[] BEGINS = begins();

  /**
   * Per first three letters (a to z each), a bit set when a letter or digit word begins with them: the test a long
   * word passes before it is tried as words glued ({@code alphakilo}); {@code information}, {@code thereby} do not.
   */
  private static final long[] OPENS = opens();

  /** Per ASCII unit, whether it is a letter or a digit: one load per unit of every text. */
  private static final boolean[] ALNUM = alnumTable();

  private SpelledLetters() {}

  /** Marks a letter said upper-case ({@code capital}, {@code uppercase}, {@code 大写}). */
  private static final int UPPER = 1;
  /** Marks a letter said lower-case ({@code small}, {@code lowercase}, {@code 小写}). */
  private static final int LOWER = 2;
  /** Marks a letter word written all in capitals ({@code ALPHA}). */
  private static final int CAPS_WORD = 4;
  /** Marks a letter word written all in small letters ({@code alpha}). */
  private static final int SMALL_WORD = 8;
  /** Marks {@code upper} and {@code lower}, which the word {@code case} may follow. */
  private static final int CASE_MAY_FOLLOW = 16;

  /**
   * Replaces, in place, each chain in the first {@code n} units of {@code t} by the characters it names, each taking
   * the original span of its token ({@code starts}, {@code ends}); the separators between them are dropped. Returns
   * the new length ({@code n} when nothing is spelled).
   */
  static int read(char[] t, int[] starts, int[] ends, int n) {
    int k = 0;
    int i = 0;
    while (i < n) {
      long chain = chainStart(t, i, n) ? chain(t, i, n) : -1;
      if (chain < 0) {
        // Copy up to the end of this word (or this one unit), so each word is tried once as a chain's start.
        int e = i + 1;
        if (alnum(t[i])) {
          while (e < n && alnum(t[e])) {
            e++;
          }
          int[] cuts = glued(t, i, e);
          if (cuts != null) {
            // Each token's character takes its own span; a write never passes the units still to be read.
            for (int c = 0; c + 1 < cuts.length; c++) {
              t[k] = named(t, i + cuts[c], cuts[c + 1] - cuts[c]);
              starts[k] = starts[i + cuts[c]];
              ends[k++] = ends[i + cuts[c + 1] - 1];
            }
            i = e;
            continue;
          }
        }
        for (; i < e; i++) {
          t[k] = t[i];
          starts[k] = starts[i];
          ends[k++] = ends[i];
        }
        continue;
      }
      int chainEnd = (int) chain;
      int marks = (int) (chain >>> 32);
      while (i < chainEnd) {
        long token = token(t, i, n);
        int e;
        if (token >= 0) {
          e = (int) token;
          t[k] = cased((char) (token >>> 32), (int) (token >>> 48), marks);
          starts[k] = starts[i];
          ends[k++] = ends[e - 1];
        } else {
          // words glued into one, which the chain took: each reads its character over its own span
          e = wordEnd(t, i, n);
          int[] cuts = pieces(t, i, e);
          for (int c = 0; c + 1 < cuts.length; c++) {
            t[k] = cased(named(t, i + cuts[c], cuts[c + 1] - cuts[c]), 0, marks);
            starts[k] = starts[i + cuts[c]];
            ends[k++] = ends[i + cuts[c + 1] - 1];
          }
        }
        int next = next(t, e, n);
        i = next >= 0 && next < chainEnd ? next : chainEnd;
      }
    }
    return k;
  }

  /**
   * Says whether the first {@code n} units of {@code t} hold a chain: what a text is asked before any folding, so one
   * pass over its words. A word whose first two letters and length no token's first word has ({@link #BEGINS}) is
   * passed over at once, as nineteen words of twenty of prose are; a chain tried from a word and not found is not
   * tried again from a later token of it, which could only have fewer tokens and letters.
   */
  static boolean any(char[] t, int n) {
    int i = 0;
    while (i < n) {
      // Chinese words of a chain (大写, 下划线) are looked for back from the ASCII word each token holds, so that Han
      // text costs the loop no more than any unit that is not a letter or a digit.
      if (!alnum(t[i])) {
        i++;
        continue;
      }
      int s = i;
      char c = t[s];
      while (i < n && alnum(t[i])) {
        i++;
      }
      int length = i - s;
      if (length >= MIN_CHAIN * 3 && glued(t, s, i) != null) {
        return true;
      }
      if (length == 1 ? c <= '9' || (c | 0x20) == 'x' || caseWordBefore(t, s)
          : c >= 'A' && (length <= 10
          && (BEGINS[((c | 0x20) - 'a' & 31) << 5 | ((t[s + 1] | 0x20) - 'a' & 31)] & 1 << length) != 0
          || length >= 6 && opensWithWord(t, s) && splits(t, s, i))) {
        int from = hanStart(t, s);
        int e = i;
        // a letter said again (A as in alpha) is looked for back from its word, as prose has many single letters
        int said = from == s && length > 1 ? saidBefore(t, s, e, n) : -1;
        if (said >= 0 && tried(t, said, said + 1, n) < 0) {
          return true;
        }
        i = tried(t, from, e, n);
        if (i >= 0 && from != s) {
          // the Chinese words before it may make no token with it (小写 1): from the word itself
          i = tried(t, s, e, n);
        }
        if (i < 0) {
          return true;
        }
      }
    }
    return false;
  }

  /** Returns {@code p} less the separators, up to {@value #MAX_GAP}, that stand before it. */
  private static int back(char[] t, int p) {
    int q = p;
    while (q > 0 && p - q < MAX_GAP && separator(t[q - 1])) {
      q--;
    }
    return q;
  }

  /** Says whether a Chinese case word ({@code 大写}, {@code 小写}) stands up to {@value #MAX_GAP} separators before {@code s}. */
  private static boolean caseWordBefore(char[] t, int s) {
    return caseWordStart(t, s) >= 0;
  }

  /**
   * Returns where a Chinese case word ({@code 大写}, {@code 小写}, with {@code 的} after it: {@code 大写的A}) starts that
   * stands up to {@value #MAX_GAP} separators before {@code s}, or -1.
   */
  private static int caseWordStart(char[] t, int s) {
    int q = back(t, s);
    if (q >= 3 && t[q - 1] == '\u7684') {
      q--;
    }
    return q >= 2 && t[q - 1] == '\u5199' && (t[q - 2] == '\u5927' || t[q - 2] == '\u5C0F') ? q - 2 : -1;
  }

  /**
   * Returns where the token holding the ASCII word at {@code s} starts, with the Chinese tokens before it that a chain
   * joins to it: the case word it follows ({@code 大写A}), and signs' words ({@code 下划线、}) before that.
   */
  private static int hanStart(char[] t, int s) {
    int caseWord = caseWordStart(t, s);
    int p = caseWord >= 0 ? caseWord : s;
    for (int words = 0; words < 64; words++) {
      int q = back(t, p);
      if (q == s) {
        // a sign's word glued to an ASCII word: no chain joins them
        break;
      }
      if (q >= 3 && t[q - 3] == '\u4E0B' && hanSign(t, q - 3, q) != 0) {
        p = q - 3;
      } else if (q >= 2 && hanSign(t, q - 2, q) != 0) {
        p = q - 2;
      } else {
        break;
      }
    }
    return p;
  }

  /**
   * Tries a chain from the word or Chinese word at {@code s}, whose first word ends at {@code e}: returns -1 when one
   * starts there, else where to go on (past the tokens it read: a chain from a later one of them could only have
   * fewer tokens and letters).
   */
  private static int tried(char[] t, int s, int e, int n) {
    if (alnum(t[s]) ? !beginsToken(t, s, e, n) : !hanWord(t, s, n)) {
      return e;
    }
    long chain = chain(t, s, n);
    if (chain >= 0) {
      return -1;
    }
    return chain < -1 ? Math.max(e, (int) (-chain - 2)) : e;
  }

  /** Says whether the word {@code [s, e)} begins a token: a digit, the x of x-ray, or a word that begins one. */
  private static boolean beginsToken(char[] t, int s, int e, int n) {
    if (e - s == 1) {
      return t[s] <= '9' || e < n && t[e] == '-' || letter(t[s]) && saidAgain(t, e, n, (char) (t[s] & ~0x20)) > e;
    }
    return reading(t, s, e) != 0 || caseWord(t, s, e) != 0 || sign(t, s, e) != 0 || splits(t, s, e);
  }

  /** Says whether a chain may start at {@code i}: a word's first unit, or a Chinese case word. */
  private static boolean chainStart(char[] t, int i, int n) {
    return alnum(t[i]) ? i == 0 || !alnum(t[i - 1]) : hanWord(t, i, n);
  }

  /** Says whether a Chinese word that begins a token stands at {@code p}: a case word or a sign's word. */
  private static boolean hanWord(char[] t, int p, int n) {
    return p < n && (caseWord(t, p, n) != 0 || hanSign(t, p, n) != 0);
  }

  /**
   * Returns the sign a Chinese word at {@code p} names ({@code 下划线} an underscore, {@code 横线} or {@code 减号} a
   * dash), with the word's length above bit 16, or 0.
   */
  private static int hanSign(char[] t, int p, int n) {
    char c = t[p];
    if (c == '\u4E0B' && p + 2 < n && t[p + 1] == '\u5212' && t[p + 2] == '\u7EBF') {
      return 3 << 16 | '_';
    }
    if ((c == '\u6A2A' && p + 1 < n && t[p + 1] == '\u7EBF') || (c == '\u51CF' && p + 1 < n && t[p + 1] == '\u53F7')) {
      return 2 << 16 | '-';
    }
    return 0;
  }

  /**
   * Returns where the next token after one ending at {@code e} starts: past one to {@value #MAX_GAP} separators, or
   * at {@code e} itself when a Chinese case word follows glued ({@code 大写A小写k}); -1 when none can.
   */
  private static int next(char[] t, int e, int n) {
    int gap = gap(t, e, n);
    if (gap == 0) {
      return hanWord(t, e, n) ? e : -1;
    }
    int s = e + gap;
    return s < n && (alnum(t[s]) || hanWord(t, s, n)) ? s : -1;
  }

  /**
   * Returns where the chain starting at {@code i} ends, with the marks of case its tokens carry above bit 32; when
   * none starts there, -1 if no token does, else {@code -2 - end} with {@code end} where its tokens end.
   */
  private static long chain(char[] t, int i, int n) {
    int tokens = 0;
    int letters = 0;
    int marks = 0;
    int end = -1;
    int p = i;
    while (true) {
      long token = token(t, p, n);
      int e;
      if (token >= 0) {
        e = (int) token;
        tokens++;
        letters += (char) (token >>> 32) >= 'A' ? 1 : 0;
        marks |= (int) (token >>> 48);
      } else {
        // a few words glued into one (alphakilo): each is a token
        e = alnum(t[p]) ? wordEnd(t, p, n) : p;
        int[] cuts = e > p ? pieces(t, p, e) : null;
        if (cuts == null) {
          break;
        }
        tokens += cuts.length - 1;
        for (int c = 0; c + 1 < cuts.length; c++) {
          letters += named(t, p + cuts[c], cuts[c + 1] - cuts[c]) > '9' ? 1 : 0;
        }
      }
      end = e;
      int next = next(t, e, n);
      if (next < 0) {
        break;
      }
      p = next;
    }
    if (tokens >= MIN_CHAIN && letters >= MIN_LETTERS) {
      return (long) marks << 32 | end;
    }
    return tokens == 0 ? -1 : -2L - end;
  }

  /**
   * Returns the letter {@code r} names in the case its token says ({@code marks}), or in the chain's case
   * ({@code chainMarks}): a letter said upper- or lower-case is so; where the chain says only capitals, the letters
   * not said so are small ({@code capital alpha kilo} is {@code Ak}), and the reverse; where letter words are written
   * in both cases, each reads the case of its word's first letter ({@code ALPHA kilo} is {@code Ak}); else upper-case.
   */
  private static char cased(char r, int marks, int chainMarks) {
    if (r < 'A' || r > 'Z') {
      return r;
    }
    boolean lower;
    if ((marks & (UPPER | LOWER)) != 0) {
      lower = (marks & LOWER) != 0;
    } else if ((chainMarks & (UPPER | LOWER)) != 0) {
      lower = (chainMarks & (UPPER | LOWER)) == UPPER;
    } else if ((chainMarks & (CAPS_WORD | SMALL_WORD)) == (CAPS_WORD | SMALL_WORD)) {
      lower = (marks & SMALL_WORD) != 0;
    } else {
      lower = false;
    }
    return lower ? (char) (r | 0x20) : r;
  }

  /**
   * Returns the token at {@code p} packed: its end in the low 32 bits, the character it names (a digit, a sign, an
   * upper-case letter) in bits 32 to 47, its marks of case ({@link #UPPER} …) above; or -1 when none starts there. A
   * token is a word of the alphabet, a single digit, a word for a sign ({@code underscore}, {@code dash},
   * {@code hyphen}, {@code 下划线}, {@code 横线}, {@code 减号}), or a letter said in a case: a case word ({@code capital}, {@code cap}, {@code uppercase},
   * {@code upper case}, {@code small}, {@code lowercase}, {@code lower case}, {@code 大写}, {@code 小写}) and then a
   * word of the alphabet or a single letter ({@code capital alpha}, {@code small k}, {@code 大写A}).
   */
  private static long token(char[] t, int p, int n) {
    if (p >= n) {
      return -1;
    }
    int hanSign = alnum(t[p]) ? 0 : hanSign(t, p, n);
    if (hanSign != 0) {
      return (long) (hanSign & 0xFFFF) << 32 | p + (hanSign >>> 16);
    }
    int mark = caseWord(t, p, n);
    int q = p;
    if (mark != 0 && !alnum(t[p])) {
      // 大写 or 小写 (大写的), then the letter glued or up to three separators apart
      q = p + 2;
      if (q < n && t[q] == '\u7684') {
        q++;
      }
      q += gap(t, q, n);
    } else if (mark != 0) {
      int e = wordEnd(t, p, n);
      q = e + gap(t, e, n);
      if (q == e) {
        return -1;
      }
      if ((mark & CASE_MAY_FOLLOW) != 0) {
        int we = wordEnd(t, q, n);
        if (we - q == 4 && word(t, q, we, "CASE")) {
          int g = gap(t, we, n);
          if (g == 0) {
            return -1;
          }
          q = we + g;
        }
        mark &= ~CASE_MAY_FOLLOW;
      }
    }
    if (mark != 0) {
      if (q >= n || !alnum(t[q])) {
        return -1;
      }
      int we = wordEnd(t, q, n);
      char r;
      int e;
      if (we == q + 1 && letter(t[q]) && tokenEnd(t, q, n) != q + 5) {
        r = (char) (t[q] & ~0x20);
        e = saidAgain(t, q + 1, n, r);
      } else {
        e = tokenEnd(t, q, n);
        r = e < 0 ? 0 : reading(t, q, e);
        if (r < 'A') {
          return -1;
        }
      }
      return (long) mark << 48 | (long) r << 32 | e;
    }
    int e = tokenEnd(t, p, n);
    if (e < 0 && letter(t[p]) && wordEnd(t, p, n) == p + 1) {
      // a letter said again by its word: A as in alpha, A for alpha, A 如 alpha
      char r = (char) (t[p] & ~0x20);
      int again = saidAgain(t, p + 1, n, r);
      if (again > p + 1) {
        return (long) ((t[p] & 0x20) == 0 ? CAPS_WORD : SMALL_WORD) << 48 | (long) r << 32 | again;
      }
    }
    if (e < 0) {
      int we = wordEnd(t, p, n);
      char sign = sign(t, p, we);
      return sign == 0 ? -1 : (long) sign << 32 | we;
    }
    char r = reading(t, p, e);
    int wordCase = 0;
    if (r >= 'A' && e - p >= 3 && t[p + 1] != '-') {
      boolean caps = (t[p] & 0x20) == 0 && (t[p + 1] & 0x20) == 0;
      wordCase = caps ? CAPS_WORD : (t[p] & 0x20) != 0 ? SMALL_WORD : 0;
    }
    return (long) wordCase << 48 | (long) r << 32 | e;
  }

  /**
   * Returns the end of the word of the alphabet that says again the letter {@code r} written just before {@code e}
   * ({@code A as in alpha}, {@code A for alpha}, {@code A like alpha}, {@code A 如 alpha}), or {@code e} when none
   * does: a letter so said is one token, and a word for another letter ({@code A for bravo}) says nothing.
   */
  private static int saidAgain(char[] t, int e, int n, char r) {
    int q = e + gap(t, e, n);
    if (q < n && t[q] == '\u5982') {
      q++;
      q += gap(t, q, n);
    } else {
      if (q == e || q >= n) {
        return e;
      }
      int we = wordEnd(t, q, n);
      int length = we - q;
      if (length == 2 && word(t, q, we, "AS")) {
        int g = gap(t, we, n);
        int in = we + g;
        int ie = wordEnd(t, in, n);
        if (g == 0 || ie - in != 2 || !word(t, in, ie, "IN")) {
          return e;
        }
        we = ie;
      } else if (!(length == 3 && word(t, q, we, "FOR")) && !(length == 4 && word(t, q, we, "LIKE"))) {
        return e;
      }
      int g = gap(t, we, n);
      if (g == 0) {
        return e;
      }
      q = we + g;
    }
    if (q >= n || !alnum(t[q])) {
      return e;
    }
    int we = tokenEnd(t, q, n);
    return we > q + 1 && reading(t, q, we) == r ? we : e;
  }

  /**
   * Returns where the letter stands that the word of the alphabet {@code [s, e)} says again ({@code A as in alpha},
   * {@code A for alpha}, {@code A 如 alpha}), or -1.
   */
  private static int saidBefore(char[] t, int s, int e, int n) {
    int q = back(t, s);
    if (q == 0) {
      return -1;
    }
    int p;
    if (t[q - 1] == '\u5982') {
      p = back(t, q - 1);
    } else if (q == s) {
      return -1;
    } else {
      int ws = q;
      while (ws > 0 && alnum(t[ws - 1])) {
        ws--;
      }
      if (q - ws == 2 && word(t, ws, q, "IN")) {
        int a = back(t, ws);
        int as = a - 2;
        if (a == ws || as < 0 || !word(t, as, a, "AS") || as > 0 && alnum(t[as - 1])) {
          return -1;
        }
        ws = as;
      } else if (!(q - ws == 3 && word(t, ws, q, "FOR")) && !(q - ws == 4 && word(t, ws, q, "LIKE"))) {
        return -1;
      }
      p = back(t, ws);
      if (p == ws) {
        return -1;
      }
    }
    int letter = p - 1;
    if (letter < 0 || !letter(t[letter]) || letter > 0 && alnum(t[letter - 1])) {
      return -1;
    }
    return saidAgain(t, p, n, (char) (t[letter] & ~0x20)) == e ? letter : -1;
  }

  /**
   * Returns the case a case word at {@code p} says ({@link #UPPER} or {@link #LOWER}, with {@link #CASE_MAY_FOLLOW}
   * for {@code upper} and {@code lower}), or 0.
   */
  private static int caseWord(char[] t, int p, int n) {
    char c = t[p];
    if (c == '\u5927' || c == '\u5C0F') {
      return p + 1 < n && t[p + 1] == '\u5199' ? c == '\u5927' ? UPPER : LOWER : 0;
    }
    if (!alnum(c)) {
      return 0;
    }
    int e = wordEnd(t, p, n);
    switch (e - p) {
      case 3:
        return word(t, p, e, "CAP") || word(t, p, e, "BIG") ? UPPER : 0;
      case 4:
        return word(t, p, e, "CAPS") ? UPPER : 0;
      case 5:
        return word(t, p, e, "SMALL") ? LOWER : word(t, p, e, "UPPER") ? UPPER | CASE_MAY_FOLLOW
            : word(t, p, e, "LOWER") ? LOWER | CASE_MAY_FOLLOW : word(t, p, e, "LARGE") ? UPPER : 0;
      case 6:
        return word(t, p, e, "LITTLE") ? LOWER : 0;
      case 7:
        return word(t, p, e, "CAPITAL") ? UPPER : 0;
      case 9:
        return word(t, p, e, "UPPERCASE") ? UPPER : word(t, p, e, "LOWERCASE") ? LOWER : 0;
      default:
        return 0;
    }
  }

  /** Returns the sign a word at {@code [p, e)} names ({@code underscore}, {@code dash}, {@code hyphen}), or 0. */
  private static char sign(char[] t, int p, int e) {
    switch (e - p) {
      case 4:
        return word(t, p, e, "DASH") ? '-' : 0;
      case 6:
        return word(t, p, e, "HYPHEN") ? '-' : 0;
      case 10:
        return word(t, p, e, "UNDERSCORE") ? '_' : 0;
      default:
        return 0;
    }
  }

  /** Returns the end of the run of ASCII letters and digits at {@code p}. */
  private static int wordEnd(char[] t, int p, int n) {
    int e = p;
    while (e < n && alnum(t[e])) {
      e++;
    }
    return e;
  }

  private static boolean letter(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
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

  /** Bounds the length of a word read as tokens glued together: 64 tokens of eight letters. */
  static final int MAX_GLUED = 512;

  /**
   * Returns where the tokens of the word {@code [s, e)} start, relative to {@code s}, and its length last, when the
   * whole word is {@value #MIN_CHAIN} or more letter and digit words glued together ({@code alphakiloindia…},
   * {@code AlphaKiloIndia…}; a model reads it as readily as the words apart) with {@value #MIN_LETTERS} letter words
   * among them; else null. A walk over the positions the words can reach: on any other word no position past the
   * first few is reachable, and the walk stops there.
   */
  private static int[] glued(char[] t, int s, int e) {
    return e - s < MIN_CHAIN * 3 ? null : split(t, s, e, MIN_CHAIN, MIN_LETTERS);
  }

  /**
   * Returns, as {@link #glued} does, where the tokens of the word {@code [s, e)} start when the whole word is two
   * letter and digit words or more glued together ({@code alphakilo}, {@code quebecthree}): a piece of a chain,
   * which a chain of such pieces and single words reads ({@code alphakilo indiaalpha quebecthree …}); else null.
   */
  private static int[] pieces(char[] t, int s, int e) {
    return split(t, s, e, 2, 0);
  }

  /**
   * Says whether the word {@code [s, e)} splits wholly into letter and digit words: the test {@link #any} asks of a
   * word that begins with one, a walk over a mask of reachable positions that allocates nothing for words under 64.
   */
  private static boolean splits(char[] t, int s, int e) {
    int length = e - s;
    if (length >= 64) {
      return pieces(t, s, e) != null;
    }
    if (length < 6 || wordAt(t, s, e) == 0) {
      return false;
    }
    long reach = 1;
    for (int p = 0; p < length; p++) {
      if ((reach & 1L << p) == 0) {
        if (reach >>> p == 0) {
          return false;
        }
        continue;
      }
      int letter = letterIndex(t[s + p]);
      if (letter < 0) {
        continue;
      }
      for (String word : LETTER_WORDS[letter]) {
        // the word alone is one token, not a piece (november)
        if (p + word.length() <= length && (p > 0 || word.length() < length) && sameLetters(t, s + p, word)) {
          reach |= 1L << p + word.length();
        }
      }
    }
    return (reach & 1L << length) != 0;
  }

  /** Returns the cuts of {@link #glued} with at least {@code minTokens} tokens and {@code minLetters} letters. */
  private static int[] split(char[] t, int s, int e, int minTokens, int minLetters) {
    int length = e - s;
    if (length < minTokens * 3 || length > MAX_GLUED || wordAt(t, s, e) == 0) {
      return null;
    }
    // via[p]: 1 + the length of the word that reaches position p from a reachable one, 0 when none does
    byte[] via = new byte[length + 1];
    via[0] = -1;
    int reach = 0;
    for (int p = 0; p < length && p <= reach; p++) {
      if (via[p] == 0) {
        continue;
      }
      int letter = letterIndex(t[s + p]);
      if (letter < 0) {
        continue;
      }
      for (String word : LETTER_WORDS[letter]) {
        int w = word.length();
        if (p + w <= length && via[p + w] == 0 && sameLetters(t, s + p, word)) {
          via[p + w] = (byte) w;
          reach = Math.max(reach, p + w);
        }
      }
    }
    if (via[length] == 0) {
      return null;
    }
    int tokens = 0;
    int letters = 0;
    for (int p = length; p > 0; p -= via[p]) {
      tokens++;
      letters += named(t, s + p - via[p], via[p]) > '9' ? 1 : 0;
    }
    if (tokens < minTokens || letters < minLetters) {
      return null;
    }
    int[] cuts = new int[tokens + 1];
    int c = tokens;
    for (int p = length; p > 0; p -= via[p]) {
      cuts[c--] = p;
    }
    return cuts;
  }

  /** Returns the length of a word of {@link #LETTER_WORDS} written at {@code s} of {@code t} before {@code e}, or 0. */
  private static int wordAt(char[] t, int s, int e) {
    int letter = letterIndex(t[s]);
    if (letter >= 0) {
      for (String word : LETTER_WORDS[letter]) {
        if (s + word.length() <= e && sameLetters(t, s, word)) {
          return word.length();
        }
      }
    }
    return 0;
  }

  /** Returns 0 to 25 for an ASCII letter of either case, else -1. */
  private static int letterIndex(char c) {
    int letter = (c | 0x20) - 'a';
    return letter >= 0 && letter < 26 ? letter : -1;
  }

  /** Says whether {@code word} (capitals) is written at {@code p} of {@code t}, in any case. */
  private static boolean sameLetters(char[] t, int p, String word) {
    for (int j = 0; j < word.length(); j++) {
      char c = t[p + j];
      if (c >= 128 || (c & ~0x20) != word.charAt(j)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns what the letter or digit word of {@code length} units at {@code p} names: its digit, else its first letter
   * in capitals.
   */
  private static char named(char[] t, int p, int length) {
    int letter = letterIndex(t[p]);
    String[] words = LETTER_WORDS[letter];
    for (int w = 0; w < words.length; w++) {
      if (DIGITS[letter][w] != 0 && words[w].length() == length && sameLetters(t, p, words[w])) {
        return DIGITS[letter][w];
      }
    }
    return (char) ('A' + letter);
  }

  private static boolean alnum(char c) {
    return c < 128 && ALNUM[c];
  }

  /** Says whether the word at {@code s}, of three letters or more, opens with the first three of a word's letters. */
  private static boolean opensWithWord(char[] t, int s) {
    int a = (t[s] | 0x20) - 'a';
    int b = (t[s + 1] | 0x20) - 'a';
    int c = (t[s + 2] | 0x20) - 'a';
    if ((a | b | c) < 0 || a >= 26 || b >= 26 || c >= 26) {
      return false;
    }
    int key = (a * 26 + b) * 26 + c;
    return (OPENS[key >>> 6] & 1L << key) != 0;
  }

  private static long[] opens() {
    long[] opens = new long[(26 * 26 * 26 + 63) / 64];
    for (String[] words : LETTER_WORDS) {
      for (String w : words) {
        int key = ((w.charAt(0) - 'A') * 26 + w.charAt(1) - 'A') * 26 + w.charAt(2) - 'A';
        opens[key >>> 6] |= 1L << key;
      }
    }
    return opens;
  }

  private static int[] begins() {
    int[] begins = new int[32 * 32];
    for (String[] words : LETTER_WORDS) {
      for (String w : words) {
        begins[(w.charAt(0) - 'A') << 5 | w.charAt(1) - 'A'] |= 1 << w.length();
      }
    }
    for (String w : new String[] {"CAP", "CAPS", "BIG", "LARGE", "SMALL", "LITTLE", "UPPER", "LOWER", "CAPITAL",
        "UPPERCASE", "LOWERCASE", "DASH", "HYPHEN", "UNDERSCORE"}) {
      begins[(w.charAt(0) - 'A') << 5 | w.charAt(1) - 'A'] |= 1 << w.length();
    }
    return begins;
  }

  private static boolean[] alnumTable() {
    boolean[] table = new boolean[128];
    for (char c = 0; c < 128; c++) {
      table[c] = c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }
    return table;
  }
}
