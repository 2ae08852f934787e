package io.kexin.gateway.text;

import com.ibm.icu.text.Normalizer2;

/**
 * Tells, in one pass over a text, which kinds of units it holds that make a model read it differently from its
 * characters: escapes ({@code \}), invisible characters, compatibility forms of ASCII letters and digits
 * (full-width, mathematical), HTML character references ({@code &#64;}), string literals joined in code, letter-spaced runs ({@code A K I A …}) and spelled-out address signs ({@code [at]}). Clean text, nearly all of it, then skips
 * the decoding and folding passes. Written by hand because it runs over every inspected text: one test in an 8 KiB
 * table per unit. Immutable and thread-safe.
 */
public final class TextTraits {
  /** The text holds a backslash, which may start an escape. */
  public static final int BACKSLASH = 1;
  /** The text holds a unit that is or may start an invisible character. */
  public static final int INVISIBLE = 2;
  /**
   * The text holds a compatibility form of an ASCII letter or digit or a digit of another script, or may hold a
   * mathematical one.
   */
  public static final int COMPATIBLE = 4;
  /** The text holds a run of eight or more single characters one separator apart (see {@link #isSeparator}). */
  public static final int SPACED = 8;
  /**
   * The text may spell out an address's {@code @} or dots: {@code [at]}, {@code (dot)}, {@code [.]}, {@code  AT },
   * {@code  DOT }, {@code 艾特}, {@code 点}, {@code #} or an ideographic full stop between ASCII letters or digits, or an
   * {@code @} or a dot written apart ({@code alice @ example . com}), or an {@code at} of any case between spaces
   * before a domain ({@code john at gmail dot com}).
   */
  public static final int SPELLED = 16;
  /** The text may hold an HTML character reference ({@code &#64;}, {@code &#x40;}, {@code &commat;}). */
  public static final int ENTITY = 32;
  /** The text may join string literals in code ({@code 'ghp_' + '…'}): see {@link JoinedLiterals}. */
  public static final int JOINED = 64;
  /** The text holds a {@code %}, which may start a percent-escape. */
  public static final int PERCENT = 128;
  /** The text holds a Cyrillic or Greek letter that looks like a Latin one ({@link #latinLookAlike}). */
  public static final int LOOK_ALIKES = 256;
  /** The text holds a combining mark (U+0300–U+036F, U+20D0–U+20FF), which may follow a digit a model reads past it. */
  public static final int COMBINING = 512;
  /** How many single characters one space apart make a letter-spaced run. */
  public static final int MIN_SPACED = 8;

  private static final Normalizer2 NFKC = Normalizer2.getNFKCInstance();
  /** One bit per separator unit ({@link #isSeparator}): one test where a chain of twelve compares ran per space. */
  private static final long[] SEPARATORS = separators();
  /**
   * Per BMP unit at or above U+0080: the ASCII letter or digit it is a compatibility form of, or the digit it writes
   * in another script (Arabic-Indic, Devanagari, Thai …), or 0.
   */
  private static final char[] ASCII = asciiForms();
  /** Per BMP unit: the Latin letter a Cyrillic or Greek letter looks like, same case, or 0. */
  private static final char[] LOOK_ALIKE = lookAlikes();
  /** Bounds how far {@link #mixedWord} reads each way. */
  static final int MAX_WORD = 256;
  private static final long[] INVISIBLE_STARTS = Invisible.starts();
  /** One bit per unit that needs a closer look: any of the above, and the space. */
  private static final long[] NOTABLE = notable();

  private TextTraits() {}

  /** Returns the traits of {@code text}, as bits: for short texts such as stream deltas. */
  public static int of(String text) {
    return of(text.toCharArray(), text.length());
  }

  /** Returns the traits of the first {@code n} units of {@code u}, as bits. */
  public static int of(char[] u, int n) {
    return of(u, n, 0);
  }

  /**
   * Returns the traits of the first {@code n} units of {@code u}, as bits, when none of {@code enough} is among them;
   * else the traits of the units up to the first that shows one of {@code enough}, where the pass stops: for a caller
   * that asks only whether any of them is there, such as the decoding, which reads a text's traits only for that.
   */
  static int of(char[] u, int n, int enough) {
    long[] notable = NOTABLE;
    int traits = 0;
    int run = 0;
    int lastSingle = -2;
    for (int i = 0; i < n; i++) {
      char c = u[i];
      if ((notable[c >>> 6] & 1L << c) == 0) {
        continue;
      }
      if (isSeparator(c)) {
        // A spelled-out sign at a separator has one of five units after it or an @ before it: the unit after a space
        // between two words, nearly every space, rules it out.
        char next = i + 1 < n ? u[i + 1] : 0;
        if (next == 'A' || next == 'a' || next == 'D' || next == '@' || next == '.' || i > 0 && u[i - 1] == '@') {
          traits |= spelledAfterSpace(u, i, n, c);
        }
        // A letter-spaced run shows as " x " repeated (or "-x-", "\u3000x\u3000" …).
        if (i + 2 < n && isSeparator(u[i + 2]) && (!isSeparator(u[i + 1]) || u[i + 1] != c && u[i + 2] == c)) {
          // one separator apart, or two alike ("a  b")
          run = lastSingle == i - 2 || lastSingle == i - 3 && u[i - 1] == c ? run + 1 : 1;
          lastSingle = i;
          if (run >= MIN_SPACED - 1) {
            traits |= SPACED;
          }
        }
      } else if (c == '\\') {
        traits |= BACKSLASH;
      } else if (c == '%') {
        traits |= PERCENT;
      } else if (c == '&') {
        if (CharacterReferences.mayStart(u, i, n)) {
          traits |= ENTITY;
        }
      } else if (c == '"' || c == '\'') {
        if (JoinedLiterals.joinedAt(u, i, n, true) >= 0) {
          traits |= JOINED;
        }
      } else if (isCloser(c) || c == '艾' || c == '点' || c == '#' || c == '\u3002' || c == '\uFF61') {
        if (spells(u, i, n)) {
          traits |= SPELLED;
        }
      } else {
        if ((INVISIBLE_STARTS[c >>> 6] & 1L << c) != 0) {
          traits |= INVISIBLE;
        }
        if (ASCII[c] != 0 || c == 0xD835 || c == 0xD83C) {
          traits |= COMPATIBLE;
        } else if (LOOK_ALIKE[c] != 0) {
          traits |= LOOK_ALIKES;
        } else if (isCombiningMark(c)) {
          traits |= COMBINING;
        }
      }
      if ((traits & enough) != 0) {
        return traits;
      }
    }
    return traits;
  }

  /**
   * Says whether {@code text} joins string literals in code: whether its traits hold
   * {@link #JOINED}. Looks only at its quotes, found by {@link String#indexOf(int)}, which skips the rest of the text
   * faster than a pass of its own.
   */
  static boolean joins(String text) {
    int n = text.length();
    char[] window = null;
    for (char quote : new char[] {'"', '\''}) {
      for (int i = text.indexOf(quote); i >= 0; i = text.indexOf(quote, i + 1)) {
        // joinedAt reads no further than MAX_GAP units past the quote: those units alone are copied
        int end = Math.min(n, i + 1 + JoinedLiterals.MAX_GAP);
        window = window != null ? window : new char[1 + JoinedLiterals.MAX_GAP];
        text.getChars(i, end, window, 0);
        if (JoinedLiterals.joinedAt(window, 0, end - i, true) >= 0) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Says what {@link #joins(String)} says of {@code text}, whose units {@code u} holds: for a caller that has them.
   */
  static boolean joins(String text, char[] u) {
    int n = text.length();
    for (char quote : new char[] {'"', '\''}) {
      for (int i = text.indexOf(quote); i >= 0; i = text.indexOf(quote, i + 1)) {
        if (JoinedLiterals.joinedAt(u, i, n, true) >= 0) {
          return true;
        }
      }
    }
    return false;
  }

  /** Returns {@link #SPELLED} when the separator {@code c} at {@code i} starts or sits in a spelled-out sign, or 0. */
  private static int spelledAfterSpace(char[] u, int i, int n, char c) {
    if (c == ' ' && i + 3 < n && (u[i + 1] == 'A' && u[i + 2] == 'T' && u[i + 3] == ' '
        || u[i + 1] == 'D' && u[i + 2] == 'O' && i + 4 < n && u[i + 3] == 'T' && u[i + 4] == ' ')) {
      return SPELLED;
    }
    if (c == ' ' && i + 3 < n && (u[i + 1] | 0x20) == 'a' && (u[i + 2] | 0x20) == 't' && u[i + 3] == ' '
        && spokenDomainAt(u, i + 4, n)) {
      // an address spoken in words: john at gmail dot com, zhangwei at qq.com
      return SPELLED;
    }
    if ((c == ' ' || c == '\u3000') && (i + 1 < n && (u[i + 1] == '@' || u[i + 1] == '.') || i > 0 && u[i - 1] == '@')) {
      // an address written apart: alice @ example . com
      return SPELLED;
    }
    return 0;
  }

  /**
   * Says whether a domain of two labels or more may start at {@code p}, after spaces: a label, then a dot (written,
   * apart or an ideographic full stop) or {@code dot} between spaces, then a letter or digit.
   */
  static boolean spokenDomainAt(char[] u, int p, int n) {
    int k = p;
    while (k < n && k - p < 3 && u[k] == ' ') {
      k++;
    }
    int label = k;
    while (k < n && k - label < 64 && (isAsciiLetterOrDigit(u[k]) || u[k] == '-')) {
      k++;
    }
    if (k == label) {
      return false;
    }
    int s = k;
    while (k < n && k - s < 3 && u[k] == ' ') {
      k++;
    }
    if (k < n && (u[k] == '.' || u[k] == '\u3002' || u[k] == '\uFF61')) {
      k++;
    } else if (k > s && k + 3 < n && (u[k] | 0x20) == 'd' && (u[k + 1] | 0x20) == 'o' && (u[k + 2] | 0x20) == 't'
        && u[k + 3] == ' ') {
      k += 4;
    } else {
      return false;
    }
    while (k < n && u[k] == ' ') {
      k++;
    }
    return k < n && isAsciiLetterOrDigit(u[k]);
  }

  /** Says whether {@code c} closes a bracket that may hold a spelled-out {@code @} or dot. */
  private static boolean isCloser(char c) {
    return c == ']' || c == ')' || c == '}' || c == '>' || c == '\uFF3D' || c == '\uFF09' || c == '\u3011';
  }

  /** Says whether the closer, {@code 艾}, {@code 点} or {@code #} at {@code i} may be or end a spelled-out sign. */
  static boolean spells(char[] u, int i, int n) {
    char c = u[i];
    if (c == '艾') {
      return i + 1 < n && u[i + 1] == '特';
    }
    if (c == '#' || c == '\u3002' || c == '\uFF61') {
      return i > 0 && i + 1 < n && isAsciiLetterOrDigit(u[i - 1]) && isAsciiLetterOrDigit(u[i + 1]);
    }
    if (c == '点') {
      int before = i - 1;
      while (before >= 0 && u[before] == ' ') {
        before--;
      }
      int after = i + 1;
      while (after < n && u[after] == ' ') {
        after++;
      }
      return before >= 0 && after < n && isAsciiLetterOrDigit(u[before]) && isAsciiLetterOrDigit(u[after]);
    }
    char last = i > 0 ? u[i - 1] : 0;
    return last == 't' || last == 'T' || last == '@' || last == '.' || last == '\uFF20';
  }

  /** Says whether {@code c} is an ASCII letter or digit. */
  public static boolean isAsciiLetterOrDigit(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
  }

  /**
   * Says whether {@code c} separates the characters of a letter-spaced value: any space or whitespace character
   * (the no-break and ideographic spaces, the tab and the line break included), or one of {@code - _ .}.
   */
  public static boolean isSeparator(char c) {
    return (SEPARATORS[c >>> 6] & 1L << c) != 0;
  }

  private static long[] separators() {
    long[] bits = new long[0x10000 >>> 6];
    for (int c = 0; c < 0x10000; c++) {
      if (separatorByRule((char) c)) {
        bits[c >>> 6] |= 1L << c;
      }
    }
    return bits;
  }

  private static boolean separatorByRule(char c) {
    return c == ' ' || c == '-' || c == '_' || c == '.' || c == '\t' || c == '\n' || c == 0xA0 || c == 0x3000
        || c >= 0x2000 && c <= 0x200A || c == 0x202F || c == 0x205F || c == 0x1680;
  }

  /**
   * Returns the Latin letter, of the same case, that the Cyrillic or Greek letter {@code c} looks like ({@code А} →
   * {@code A}, {@code к} → {@code k}), or 0; see {@link #mixedWord} for where to read it so.
   */
  public static char latinLookAlike(char c) {
    return c < 0x80 ? 0 : LOOK_ALIKE[c];
  }

  /**
   * Returns the end of the word of letters, digits and {@code _} around {@code i} of the first {@code n} units of
   * {@code u}, negated when the word holds no ASCII letter or digit: a look-alike is read as Latin only in a word
   * that mixes it with ASCII ({@code АКІАQ3EG…}), never in Cyrillic or Greek prose ({@link LookAlikeReading}). Reads
   * at most {@value #MAX_WORD} units each way, so a caller that asks once per word stays linear.
   */
  static int mixedWord(CharSequence u, int i, int n) {
    boolean ascii = false;
    int from = i;
    while (from > 0 && i - from < MAX_WORD && wordUnit(u.charAt(from - 1))) {
      from--;
      ascii |= u.charAt(from) < 0x80 && u.charAt(from) != '_';
    }
    int to = i;
    while (to < n && to - i < MAX_WORD && wordUnit(u.charAt(to))) {
      ascii |= u.charAt(to) < 0x80 && u.charAt(to) != '_';
      to++;
    }
    return ascii ? to : -to;
  }

  private static boolean wordUnit(char c) {
    return c == '_' || Character.isLetterOrDigit(c);
  }

  /** Returns the ASCII letter or digit the BMP unit {@code c} is a compatibility form of or writes, or 0. */
  public static char asciiForm(char c) {
    return c < 0x80 ? 0 : ASCII[c];
  }

  /** Returns the ASCII letter or digit that the supplementary code point {@code cp} is a form of, or 0. */
  public static char asciiForm(int cp) {
    if (cp < 0x10000) {
      return asciiForm((char) cp);
    }
    return formOf(cp);
  }

  private static boolean isAlnum(char c) {
    return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
  }

  /**
   * Returns the ASCII letter or digit {@code cp} is a form of or writes, or 0: its compatibility form when that is one
   * letter or digit ({@code Ａ}, {@code 𝟏}, {@code ①}), a digit set in brackets or before a full stop ({@code ⑴},
   * {@code ⒈}), a decimal digit of any script ({@code ١}), a digit that has no compatibility form (the dingbat
   * circles {@code ❶ ➀ ⓿}), or a Suzhou numeral ({@code 〡}…{@code 〩}): a model reads each as the digit; a
   * regional indicator letter ({@code 🇦}), a letter in brackets ({@code ⒜ 🄐}) or in a filled circle or square, which
   * have no compatibility form ({@code 🅐 🅰}), as its letter.
   */
  private static char formOf(int cp) {
    if (cp >= 0x1F1E6 && cp <= 0x1F1FF) {
      // regional indicator letters, which pairs of make flags and which a model reads one by one as their letter
      return (char) ('A' + cp - 0x1F1E6);
    }
    if (cp >= 0x1F150 && cp <= 0x1F169 || cp >= 0x1F170 && cp <= 0x1F189) {
      // negative circled and squared capitals (🅐, 🅰): emoji-like, read as their letters
      return (char) ('A' + (cp - 0x1F150) % 0x20);
    }
    String nfkc = NFKC.normalize(new String(Character.toChars(cp)));
    if (nfkc.length() == 1 && isAlnum(nfkc.charAt(0))) {
      return nfkc.charAt(0);
    }
    if (nfkc.length() == 3 && nfkc.charAt(0) == '(' && nfkc.charAt(2) == ')' && isAlnum(nfkc.charAt(1))
        || nfkc.length() == 2 && nfkc.charAt(1) == '.' && isDigit(nfkc.charAt(0))) {
      return nfkc.length() == 3 ? nfkc.charAt(1) : nfkc.charAt(0);
    }
    int type = Character.getType(cp);
    if (type == Character.DECIMAL_DIGIT_NUMBER) {
      return (char) ('0' + Character.digit(cp, 10));
    }
    int value = Character.getNumericValue(cp);
    if (nfkc.equals(new String(Character.toChars(cp))) && value >= 0 && value <= 9
        && (type == Character.OTHER_NUMBER || cp >= 0x3021 && cp <= 0x3029)) {
      return (char) ('0' + value);
    }
    return 0;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static char[] asciiForms() {
    char[] forms = new char[0x10000];
    for (int c = 0x80; c < 0x10000; c++) {
      if (Character.isSurrogate((char) c)) {
        continue;
      }
      forms[c] = formOf(c);
    }
    return forms;
  }

  private static char[] lookAlikes() {
    char[] table = new char[0x10000];
    LookAlikeLetters.applyTo(table);
    return table;
  }

  /** Says whether {@code c} is a combining diacritical mark or a combining mark for symbols ({@link #COMBINING}). */
  public static boolean isCombiningMark(char c) {
    return c >= '\u0300' && c <= '\u036F' || c >= '\u20D0' && c <= '\u20FF';
  }

  private static long[] notable() {
    long[] bits = Invisible.starts('\\', '%', '&', '"', '\'', (char) 0xD835, (char) 0xD83C);
    for (int c = 0x0300; c < 0x2100; c = c == 0x036F ? 0x20D0 : c + 1) {
      bits[c >>> 6] |= 1L << c;
    }
    for (int c = 0; c < 0x10000; c++) {
      if (isSeparator((char) c)) {
        bits[c >>> 6] |= 1L << c;
      }
    }
    for (int c = 0x80; c < 0x10000; c++) {
      if (ASCII[c] != 0 || LOOK_ALIKE[c] != 0) {
        bits[c >>> 6] |= 1L << c;
      }
    }
    for (char c : new char[] {']', ')', '}', '>', '\uFF3D', '\uFF09', '\u3011', '艾', '点', '#', '\u3002', '\uFF61'}) {
      bits[c >>> 6] |= 1L << c;
    }
    return bits;
  }
}
