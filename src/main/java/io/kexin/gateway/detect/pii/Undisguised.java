package io.kexin.gateway.detect.pii;

import io.kexin.gateway.text.LookAlikeReading;
import io.kexin.gateway.text.ScanText;
import io.kexin.gateway.text.TextTraits;
import java.util.BitSet;
import java.util.Locale;
import java.util.Set;

/**
 * Holds a text as a model reads it through the disguises the PII pass does not see through on its own: URL
 * percent-escapes of printable ASCII ({@code zhang%40example.cn} reads {@code zhang@example.cn}, {@code %2B86} reads
 * {@code +86}), escaped twice too ({@code %2540}), and letters and digits written in other forms — digits of other
 * scripts (Arabic-Indic {@code ١٣٨}, Devanagari, Thai …) and mathematical, circled, superscript or subscript forms
 * ({@code 𝟏𝟑𝟖}, {@code ①③⑧}), letters and digits with combining marks after them ({@code 1́}, {@code 1⃣}), and
 * Cyrillic or Greek letters that look like Latin ones in a word that holds ASCII too ({@code zhаng}) — read as
 * their ASCII letter or digit (full-width forms the pass reads itself, {@link Fold#ascii}); an address's {@code @}
 * and dots spelled out between ASCII letters or digits, with the spaces around them ({@code alice [at] example
 * [dot] com}, {@code alice(at)example.com}, {@code ALICE AT EXAMPLE DOT COM}, {@code zhangwei 艾特 163点com},
 * {@code zhangwei#163.com} before a mail domain), or written apart ({@code alice @ example . com}) or as an
 * ideographic full stop ({@code alice@example。com}), or spoken in words of any case ({@code john dot smith at
 * gmail dot com}: {@link SpokenAddress}), or letter-spaced ({@code a l i c e @ e x a m p l e . c o m}: {@link
 * SpacedRuns}); and,
 * per unit of the text read so, its span in the original, so that what the pass finds there is reported where it was
 * written. One linear pass; immutable.
 */
final class Undisguised {
  private final String text;
  private final int[] starts;
  private final int[] ends;
  /** The units read from digits set apart by signs of lists or sums ({@link NumberWords}), or null when none. */
  private final BitSet listed;

  private Undisguised(String text, int[] starts, int[] ends) {
    this(text, starts, ends, null);
  }

  private Undisguised(String text, int[] starts, int[] ends, BitSet listed) {
    this.text = text;
    this.starts = starts;
    this.ends = ends;
    this.listed = listed;
  }

  /** Returns the units of the text as read that came from digits set apart by signs of lists or sums, or null. */
  BitSet listed() {
    return listed;
  }

  /** The brackets a spelled-out sign may be written in, openers and closers at the same index. */
  private static final String OPENERS = "[({<\uFF3B\uFF08\u3010";
  private static final String CLOSERS = "]})>\uFF3D\uFF09\u3011";
  /** The top-level domains a {@code #} written for an {@code @} must end its domain with. */
  private static final Set<String> MAIL_TLDS = Set.of("com", "cn", "net", "org", "edu", "gov", "io", "co", "me",
      "info", "hk", "tw", "jp", "uk", "de", "us", "ai", "cc", "top", "vip", "xyz");
  private static final int[] NONE = {};
  /** Bounds the combining marks read past after one digit. */
  private static final int MAX_MARKS = 8;
  /** Bounds the spaces on each side of a spelled-out sign. */
  private static final int MAX_SPACES = 3;
  /** Bounds a spelled-out sign with its spaces: {@code "   [dot]   "}. */
  static final int MAX_SPELLED = 2 * MAX_SPACES + 5;

  /** Returns {@code original} with its escapes decoded and look-alike letters and digits read, or null if none. */
  static Undisguised of(ScanText original) {
    int traits = original.traits();
    return of(original.original(), (traits & TextTraits.PERCENT) != 0,
        (traits & (TextTraits.COMPATIBLE | TextTraits.LOOK_ALIKES | TextTraits.COMBINING)) != 0,
        (traits & (TextTraits.SPELLED | TextTraits.SPACED)) != 0);
  }

  /**
   * Returns {@code original} with its percent-escapes decoded and, when {@code lookAlikes} (the text's traits say it
   * may hold them), its look-alike letters and digits read, and when {@code spelled}, its spelled-out address signs;
   * null when there is nothing to undo.
   */
  static Undisguised of(String original, boolean lookAlikes, boolean spelled) {
    return of(original, true, lookAlikes, spelled);
  }

  /**
   * Returns what {@link #of(String, boolean, boolean)} returns, where {@code percent} false says the text holds no
   * {@code %} (its traits tell), so it is not searched for one.
   */
  private static Undisguised of(String original, boolean percent, boolean lookAlikes, boolean spelled) {
    int first = percent ? original.indexOf('%') : -1;
    boolean escapes = first >= 0 && (escapeAt(original, first) || original.indexOf('%', first + 1) >= 0);
    Undisguised chars = escapes || lookAlikes ? read(original, escapes, lookAlikes, false) : null;
    if (escapes && chars != null && original.indexOf("%25") >= 0) {
      // an escape escaped again (zhang%2540example.cn): a model, like a server decoding twice, reads the @
      Undisguised twice = read(chars.text, true, false, false);
      chars = twice == null ? chars : twice.over(chars);
    }
    if (!spelled) {
      return chars;
    }
    // Signs are read in the text as decoded, so that escaped spaces around them (%20[at]%20) count as spaces.
    Undisguised signs = read(chars == null ? original : chars.text, false, false, true);
    return signs == null ? chars : chars == null ? signs : signs.over(chars);
  }

  /**
   * Returns {@code original} with its escapes decoded and look-alikes read when asked, or its spelled-out signs read
   * when {@code signs}; null when nothing reads as another character.
   */
  private static Undisguised read(String original, boolean escapes, boolean lookAlikes, boolean signs) {
    int n = original.length();
    Builder out = null;
    int[] spoken = signs ? SpokenAddress.readings(original) : NONE;
    int[] spaced = signs ? SpacedRuns.of(original) : NONE;
    int q = 0;
    int r = 0;
    int i = 0;
    LookAlikeReading letters = lookAlikes ? new LookAlikeReading(original, n) : null;
    while (i < n) {
      while (q < spoken.length && spoken[q] < i) {
        q += 3;
      }
      while (r < spaced.length && spaced[r + 1] <= i) {
        r += 2;
      }
      int reading = 0;
      if (r < spaced.length && spaced[r] <= i && i + 1 < spaced[r + 1]) {
        // a single of a letter-spaced run read together with the spaces after it
        reading = 1 + SpacedRuns.gapAt(original, i + 1) << 16 | original.charAt(i);
      } else if (q < spoken.length && spoken[q] == i) {
        reading = (spoken[q + 1] - i) << 16 | spoken[q + 2];
      } else if (signs) {
        reading = sign(original, i);
      }
      if (reading == 0) {
        reading = reading(original, i, escapes, lookAlikes);
      }
      if (reading == 0 && letters != null) {
        // a Cyrillic or Greek look-alike in a word with ASCII in it (zhаng.wei@exаmple.cn): read as its Latin letter
        char latin = letters.latinAt(i);
        reading = latin == 0 ? 0 : 1 << 16 | latin;
      }
      if (reading == 0) {
        i++;
        continue;
      }
      int width = Math.max(reading >>> 16, 1);
      out = out == null ? new Builder(original) : out;
      out.copyTo(i);
      out.put((char) reading, i, i + width);
      i += width;
    }
    return out == null ? null : out.build();
  }

  /**
   * Returns how the units at {@code i} of {@code s} read, as {@code width << 16 | character}: 3 units for a
   * percent-escape, 2 for a look-alike outside the BMP, 1 for one inside it, a letter or digit with the combining marks
   * after it; 0 when the unit reads as itself.
   */
  private static int reading(String s, int i, boolean escapes, boolean lookAlikes) {
    char c = s.charAt(i);
    if (c == '%') {
      return escapes && escapeAt(s, i) ? 3 << 16 | Integer.parseInt(s, i + 1, i + 3, 16) : 0;
    }
    if (!lookAlikes) {
      return 0;
    }
    char a = Fold.ascii(c);
    if (c < 0x80 || Fold.alnum(a)) {
      // a digit or letter with combining marks after it (1\u0301, 1\u20E3, X\u20E3) reads as itself
      int end = i + 1;
      while (end < s.length() && end - i <= MAX_MARKS && TextTraits.isCombiningMark(s.charAt(end))) {
        end++;
      }
      return end == i + 1 || !Fold.alnum(a) ? 0 : (end - i) << 16 | (c < 0x80 ? c : a);
    }
    if (Character.isHighSurrogate(c)) {
      if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
        return 0;
      }
      char form = TextTraits.asciiForm(Character.toCodePoint(c, s.charAt(i + 1)));
      return form == 0 ? 0 : 2 << 16 | form;
    }
    char form = Fold.ascii(c) == Fold.NONE ? TextTraits.asciiForm(c) : 0;
    return form == 0 ? 0 : 1 << 16 | form;
  }

  /**
   * Returns how the units at {@code i} of {@code s} read as a spelled-out {@code @} or dot between an ASCII letter or
   * digit before {@code i} and one after the sign, as {@code width << 16 | sign}, or 0: a bracketed {@code at},
   * {@code dot}, {@code @} or {@code .} (any case), {@code AT} or {@code DOT} in capitals between spaces, {@code 艾特},
   * {@code 点}, an {@code @} with spaces on either side, a {@code .} after spaces, or an ideographic full stop;
   * with up to {@value #MAX_SPACES} spaces on each side.
   */
  static int sign(String s, int i) {
    int n = s.length();
    if (i == 0 || !TextTraits.isAsciiLetterOrDigit(s.charAt(i - 1))) {
      return 0;
    }
    int end = signEnd(s, i, n);
    if (end <= 0) {
      return 0;
    }
    char sign = (char) (end >>> 16);
    int e = i + (end & 0xFFFF);
    int after = spacesEnd(s, e, n);
    return after < n && TextTraits.isAsciiLetterOrDigit(s.charAt(after)) ? (after - i) << 16 | sign : 0;
  }

  /**
   * Returns {@code sign << 16 | width} for the spelled-out sign, with the spaces before it, that starts at {@code i}
   * and spans {@code width} units, reading at most up to {@code limit}; 0 when there is none; -1 when the text up to
   * {@code limit} is the beginning of one. A {@code #} for an {@code @} needs a mail domain after it (its open end
   * is {@link #partialSign}'s concern).
   */
  private static int signEnd(String s, int i, int limit) {
    int k = spacesEnd(s, i, limit);
    if (k >= limit) {
      return -1;
    }
    boolean spaced = k > i;
    char c = s.charAt(k);
    int bracket = OPENERS.indexOf(c);
    if (bracket >= 0) {
      for (String word : new String[] {"at", "dot", "@", "."}) {
        int w = k + 1;
        int m = 0;
        while (m < word.length() && w < limit && Character.toLowerCase(s.charAt(w)) == word.charAt(m)) {
          w++;
          m++;
        }
        if (w >= limit) {
          return -1;
        }
        if (m == word.length() && CLOSERS.indexOf(s.charAt(w)) >= 0) {
          return (word.equals("at") || word.equals("@") ? '@' : '.') << 16 | (w + 1 - i);
        }
      }
      return 0;
    }
    if (c == '@') {
      // An at sign with spaces around it (alice @ example.com), before a mail domain that may be written apart as
      // well, so that "me @ 5pm . Thanks" is no address; one without spaces reads as itself.
      if (k + 1 >= limit) {
        return -1;
      }
      if (!spaced && !isSpace(s.charAt(k + 1))) {
        return 0;
      }
      return apartMailDomainAt(s, spacesEnd(s, k + 1, limit), limit) ? '@' << 16 | (k + 1 - i) : 0;
    }
    if (c == '.' && spaced || c == '\u3002' || c == '\uFF61') {
      // a dot after spaces (example . com), or an ideographic full stop, as Chinese input methods type it
      return '.' << 16 | (k + 1 - i);
    }
    if (c == '艾') {
      return k + 1 >= limit ? -1 : s.charAt(k + 1) == '特' ? '@' << 16 | (k + 2 - i) : 0;
    }
    if (c == '点') {
      return '.' << 16 | (k + 1 - i);
    }
    if (c == '#' && !spaced) {
      return mailDomainAt(s, k + 1, limit) ? '@' << 16 | 1 : 0;
    }
    if (spaced && (c == 'A' || c == 'D')) {
      String word = c == 'A' ? "AT" : "DOT";
      int w = k;
      int m = 0;
      while (m < word.length() && w < limit && s.charAt(w) == word.charAt(m)) {
        w++;
        m++;
      }
      if (w >= limit) {
        return -1;
      }
      return m == word.length() && isSpace(s.charAt(w)) ? (c == 'A' ? '@' : '.') << 16 | (w - i) : 0;
    }
    return 0;
  }

  /**
   * Returns where a spelled-out sign that more text may still complete begins at the end of {@code s} (its spaces
   * included, after an ASCII letter or digit), or -1: more text after {@code "alice "}, {@code "alice [a"} or
   * {@code "example D"} may still make an address of what precedes.
   */
  static int partialSign(String s) {
    return partialSign(s, true);
  }

  /**
   * Returns {@link #partialSign(String)} of the text of {@code text}, not searching it for a {@code %} where its
   * traits say it holds none.
   */
  static int partialSign(ScanText text) {
    return partialSign(text.original(), (text.traits() & TextTraits.PERCENT) != 0);
  }

  /** Returns {@link #partialSign(String)} of {@code s}, searching it for escapes only when {@code percent}. */
  private static int partialSign(String s, boolean percent) {
    Undisguised escapes = !percent || s.indexOf('%') < 0 ? null : of(s, false, false);
    if (escapes == null) {
      return partialSignRead(s);
    }
    int k = partialSignRead(escapes.text);
    return k < 0 ? -1 : escapes.originalStart(k);
  }

  /** Returns {@link #partialSign} of a text whose escapes are decoded. */
  private static int partialSignRead(String s) {
    return earliest(partialSpelled(s), earliest(SpokenAddress.openStart(s), SpacedRuns.openStart(s)));
  }

  /** Returns the smaller of two offsets where -1 stands for none. */
  private static int earliest(int a, int b) {
    return a < 0 ? b : b < 0 ? a : Math.min(a, b);
  }

  /** Returns {@link #partialSign} of a text whose escapes are decoded, for the signs {@link #sign} reads. */
  private static int partialSpelled(String s) {
    int n = s.length();
    int hash = openDomainAfterHash(s);
    if (hash >= 0) {
      return hash;
    }
    int apart = openDomainAfterApartAt(s);
    if (apart >= 0) {
      return apart;
    }
    for (int i = Math.max(1, n - MAX_SPELLED); i < n; i++) {
      if (TextTraits.isAsciiLetterOrDigit(s.charAt(i - 1)) && !TextTraits.isAsciiLetterOrDigit(s.charAt(i))) {
        int end = signEnd(s, i, n);
        if (end == -1) {
          return i;
        }
        if (end > 0) {
          // a whole sign at the end: the letter or digit after it is still to come
          int e = i + (end & 0xFFFF);
          int after = e;
          while (after < n && isSpace(s.charAt(after))) {
            after++;
          }
          if (after == n && after - e <= MAX_SPACES) {
            return i;
          }
        }
      }
    }
    return -1;
  }

  /**
   * Returns the index of a {@code #} after an ASCII letter or digit that only domain characters follow to the end
   * of {@code s} ({@code zhangwei#163.co}: more text may still make a mail domain of them), or -1.
   */
  private static int openDomainAfterHash(String s) {
    int n = s.length();
    int p = n;
    while (p > 0 && n - p <= EmailRecognizer.MAX_LENGTH && domainChar(s.charAt(p - 1))) {
      p--;
    }
    return p > 1 && s.charAt(p - 1) == '#' && TextTraits.isAsciiLetterOrDigit(s.charAt(p - 2)) ? p - 1 : -1;
  }

  /**
   * Says whether a mail domain starts at {@code from}: two labels or more of ASCII letters, digits and dashes up to
   * {@code limit} or the first other character, a full stop after them allowed, the last one a top-level domain
   * people write their addresses with ({@link #MAIL_TLDS}), so that {@code C#.NET} or {@code page#part.html} is no
   * address.
   */
  private static boolean mailDomainAt(String s, int from, int limit) {
    int p = from;
    int lastDot = -1;
    while (p < limit && domainChar(s.charAt(p))) {
      if (s.charAt(p) == '.') {
        if (p == from || s.charAt(p - 1) == '.') {
          return false;
        }
        lastDot = p;
      }
      p++;
    }
    int end = p;
    if (end > from && s.charAt(end - 1) == '.') {
      end--;
      lastDot = s.lastIndexOf('.', end - 1);
      lastDot = lastDot < from ? -1 : lastDot;
    }
    return lastDot > from && MAIL_TLDS.contains(s.substring(lastDot + 1, end).toLowerCase(Locale.ROOT));
  }

  /**
   * Says whether a mail domain whose dots may be written apart or as ideographic full stops starts at {@code from}
   * and ends by {@code limit} ({@code example . com}, {@code qq。com}): two labels or more, the last a
   * {@link #MAIL_TLDS} top-level domain (its open end at the end of a stream is {@link #partialSign}'s concern).
   */
  private static boolean apartMailDomainAt(String s, int from, int limit) {
    int p = from;
    int labels = 0;
    while (true) {
      int start = p;
      while (p < limit && p - from <= EmailRecognizer.MAX_LENGTH
          && (TextTraits.isAsciiLetterOrDigit(s.charAt(p)) || s.charAt(p) == '-')) {
        p++;
      }
      if (p == start) {
        return false;
      }
      labels++;
      int q = spacesEnd(s, p, limit);
      int r = spacesEnd(s, q + 1, limit);
      if (q < limit && isDot(s.charAt(q)) && r < limit && TextTraits.isAsciiLetterOrDigit(s.charAt(r))) {
        p = r;
        continue;
      }
      return labels >= 2 && MAIL_TLDS.contains(s.substring(start, p).toLowerCase(Locale.ROOT));
    }
  }

  /**
   * Returns the index where an {@code @} written apart begins (its spaces before it included) when only a mail
   * domain in the making follows it to the end of {@code s} ({@code alice @ example . c}: more text may still make
   * an address), or -1.
   */
  private static int openDomainAfterApartAt(String s) {
    int n = s.length();
    int p = n;
    while (p > 0 && n - p <= EmailRecognizer.MAX_LENGTH
        && (domainChar(s.charAt(p - 1)) || isSpace(s.charAt(p - 1)) || isDot(s.charAt(p - 1)))) {
      p--;
    }
    if (p == 0 || s.charAt(p - 1) != '@') {
      return -1;
    }
    int at = p - 1;
    int b = spacesStart(s, at);
    boolean apart = b < at || p < n && isSpace(s.charAt(p));
    return apart && b > 0 && TextTraits.isAsciiLetterOrDigit(s.charAt(b - 1)) ? b : -1;
  }

  /** Says whether {@code label} is one of the top-level domains people write their addresses with. */
  static boolean mailTld(String label) {
    return MAIL_TLDS.contains(label.toLowerCase(Locale.ROOT));
  }

  /** Returns where the spaces (at most {@value #MAX_SPACES}) that end at {@code to} of {@code s} start. */
  static int spacesStart(String s, int to) {
    int p = to;
    while (p > 0 && to - p < MAX_SPACES && isSpace(s.charAt(p - 1))) {
      p--;
    }
    return p;
  }

  /** Returns where the spaces (at most {@value #MAX_SPACES}) at {@code from} of {@code s} end, up to {@code limit}. */
  static int spacesEnd(String s, int from, int limit) {
    int p = from;
    while (p < limit && p - from < MAX_SPACES && isSpace(s.charAt(p))) {
      p++;
    }
    return p;
  }

  static boolean isDot(char c) {
    return c == '.' || c == '\u3002' || c == '\uFF61';
  }

  private static boolean domainChar(char c) {
    return TextTraits.isAsciiLetterOrDigit(c) || c == '-' || c == '.';
  }

  static boolean isSpace(char c) {
    return c == ' ' || c == '\u3000';
  }

  /** Returns whether a {@code %} at {@code i} starts an escape of a printable ASCII character. */
  private static boolean escapeAt(String s, int i) {
    if (i + 2 >= s.length()) {
      return false;
    }
    int hi = Character.digit(s.charAt(i + 1), 16);
    int lo = Character.digit(s.charAt(i + 2), 16);
    int c = hi * 16 + lo;
    return hi >= 0 && lo >= 0 && c >= 0x20 && c < 0x7F;
  }

  /** Returns this reading of {@code under}'s text mapped to {@code under}'s original. */
  private Undisguised over(Undisguised under) {
    int[] s = new int[text.length()];
    int[] e = new int[text.length()];
    for (int k = 0; k < text.length(); k++) {
      s[k] = under.starts[starts[k]];
      e[k] = under.ends[ends[k] - 1];
    }
    return new Undisguised(text, s, e);
  }

  /** Returns the text as read. */
  String text() {
    return text;
  }

  /** Returns where the unit at {@code decoded} of the text as read starts in the original. */
  int originalStart(int decoded) {
    return starts[decoded];
  }

  /** Returns where the span as read ending at {@code decodedEnd} (exclusive, after at least one unit) ends there. */
  int originalEnd(int decodedEnd) {
    return ends[decodedEnd - 1];
  }

  /**
   * Builds a reading of a text, left to right: units put as another character with the span they read in the
   * original, and the units between them copied as themselves. A reading is never longer than its text. Not
   * thread-safe.
   */
  static final class Builder {
    private final String original;
    private final StringBuilder out;
    private final int[] starts;
    private final int[] ends;
    /** The original units read so far. */
    private int copied;
    /** The units put by {@link #putListed}, or null. */
    private BitSet listed;

    Builder(String original) {
      this.original = original;
      int n = original.length();
      this.out = new StringBuilder(n);
      this.starts = new int[n];
      this.ends = new int[n];
    }

    /**
     * Marks as read from listed digits the units at {@code marks} (or none when null), for a reading that keeps every
     * unit at its place; returns this builder.
     */
    Builder listing(BitSet marks) {
      listed = marks == null ? null : (BitSet) marks.clone();
      return this;
    }

    /** Copies the original units from where the reading stands up to {@code to} as themselves. */
    void copyTo(int to) {
      for (; copied < to; copied++) {
        add(original.charAt(copied), copied, copied + 1);
      }
    }

    /** Reads {@code c} for the original units {@code [start, end)}, which end at or after those read so far. */
    void put(char c, int start, int end) {
      add(c, start, end);
      copied = end;
    }

    /** Reads {@code c} as {@link #put} does and marks it as read from digits set apart by signs of lists or sums. */
    void putListed(char c, int start, int end) {
      listed = listed == null ? new BitSet() : listed;
      listed.set(out.length());
      put(c, start, end);
    }

    /** Returns the reading, the rest of the original copied as itself. */
    Undisguised build() {
      copyTo(original.length());
      return new Undisguised(out.toString(), starts, ends, listed);
    }

    private void add(char c, int start, int end) {
      starts[out.length()] = start;
      ends[out.length()] = end;
      out.append(c);
    }
  }
}
