package io.kexin.gateway.detect.pii;

import io.kexin.gateway.detect.Finding;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * Walks a text once and hands every candidate to the recognizers: digit/alnum runs (groups of letters and
 * digits joined by at most {@value #MAX_SEPARATOR} spaces, dashes, dots or parentheses, full width folded)
 * for the numeric recognizers, the {@code @} of an address for {@link EmailRecognizer} and a hexadecimal group
 * followed by a colon for IPv6. Within a run, spans of whole groups are tried longest first from each group
 * that holds a digit, and the recognizers in priority order; the first valid match claims the span. A span
 * may begin or end inside a run only at a separator holding whitespace, or end at a dash before a word
 * ({@code 815-Fax}), and a run never includes a group glued to a letter, digit, {@code _} or {@code @}. One
 * instance per scan; not thread-safe.
 */
final class Pass {
  /** Bounds the characters of one separator between groups. */
  static final int MAX_SEPARATOR = 3;
  /** Bounds the groups of a run. */
  static final int MAX_GROUPS = 12;
  /** Bounds the value of a candidate (an IBAN is at most 34). */
  static final int MAX_VALUE = 34;
  /** Bounds the span of a numeric candidate in the original text: value, separators and a prefix sign. */
  static final int MAX_NUMERIC_SPAN = MAX_VALUE + (MAX_GROUPS - 1) * MAX_SEPARATOR + 1;
  private static final int MIN_VALUE = 4;
  private static final int CONTEXT_WINDOW = 30;
  /**
   * Bounds how far before a value a context word counts when no line break or sentence end lies between them
   * ({@code 电话号码如下，请务必在工作日的上午九点之前联系：…}); across one, {@value #CONTEXT_WINDOW} as before, since a
   * wider window across lines found dates in chat logs to be phone numbers.
   */
  private static final int SENTENCE_WINDOW = 100;
  private static final int MAX_LETTER_GROUP = 4;
  /** Bounds the digits of a phone extension after its {@code x}. */
  private static final int MAX_EXTENSION = 5;
  /** Sets how many of its last groups a run cut at {@link #MAX_GROUPS} scans again with the groups that follow. */
  private static final int RESCAN_GROUPS = 5;
  /** Sets how many digits, some of them Chinese numerals, make a run worth the numeral pass (a landline's 7). */
  private static final int MIN_NUMERAL_RUN = 7;

  private final String text;
  /** The units of {@link #text}, read by the loops instead of {@link String#charAt}: this runs on every request. */
  private final char[] units;
  private final int n;
  private final String ruleId;
  private final List<Recognizer> numeric;
  private final boolean[] shapes;
  private final EmailRecognizer email;
  private final IpAddressRecognizer ip;
  private final List<Finding> out = new ArrayList<>();
  private final int[] starts = new int[MAX_GROUPS];
  private final int[] ends = new int[MAX_GROUPS];
  private final boolean[] digits = new boolean[MAX_GROUPS];
  private final char[] kinds = new char[MAX_GROUPS];
  private final boolean[] splittable = new boolean[MAX_GROUPS];
  /** Tells whether the separator after a group holds a markdown table's bar or a sign between digits. */
  private final boolean[] bars = new boolean[MAX_GROUPS];
  private final StringBuilder value = new StringBuilder(MAX_VALUE);
  /** The groups of the run being claimed. */
  private int groupCount;
  /** Tells whether the candidate being offered is four-digit groups inside a longer run of them. */
  private boolean inLongerRun;
  /** Tells whether the candidate being offered is read again without the {@code +} before it. */
  private boolean plusDropped;
  /** Tells whether the token {@link #tokenEnd} last scanned holds a digit. */
  private boolean tokenHasDigit;
  /** Tells whether a token of digits held letters that look like digits (see {@link #lookAlikeDigits()}). */
  private boolean lookAlikeDigits;
  /** The earliest start of a candidate that more text could still change; {@link #n} while there is none. */
  private int live;
  /** The units that came from digits set apart by signs of lists or sums, or null (see the constructor). */
  private final BitSet listed;
  /** The least score without a context word of a match a checksum confirmed (ID cards, cards, credit codes). */
  private static final double CHECKED = 0.9;
  /** Whether this pass reads Chinese numerals as digits. */
  private final boolean numerals;
  /** Whether the text holds a number written in Chinese numerals (see {@link #numeralRun()}). */
  private boolean numeralRun;
  /** Where the first number read out starts (see {@link #readOutAt()}); -1 while none. */
  private int readOutAt = -1;
  /**
   * The words that name a value which a writer glues before its digits ({@code tel13812345678}, {@code
   * mobile13812345678}, {@code ID11010519491231002X}, {@code card4111…}), lower-cased: the digits after one are read as
   * if a boundary stood before them. Other letters glued before digits make an identifier ({@code SO13812345678}, an
   * order number), read as written.
   */
  private static final String[] GLUED_WORDS = {"tel", "phone", "mobile", "mob", "cell", "call", "fax", "whatsapp",
      "telephone", "cellphone", "telno", "phoneno", "mobileno", "id", "idcard", "idno", "card", "ssn", "iban",
      "passport"};
  /** Bounds the letters of a word in {@link #GLUED_WORDS}. */
  private static final int MAX_GLUED_WORD =
      Arrays.stream(GLUED_WORDS).mapToInt(String::length).max().orElse(0);
  /** Where the digits after a word of {@link #GLUED_WORDS} start, while the run from them is read; -1 otherwise. */
  private int gluedAt = -1;

  /**
   * Whether the text holds a number word beside a digit, a numeral or an {@code X} ({@code one三}, {@code 138 one}), and
   * a Chinese numeral (see {@link #mixed()}).
   */
  private boolean wordSeen;
  private boolean numeralSeen;
  /**
   * The last token that may be part of a number read out (number words, or digits only), where it starts and ends,
   * and whether it spells words: a word counts only in a chain of two parts or more.
   */
  private int numericStart = -1;
  private int numericEnd = -3;
  private boolean numericWord;
  /** The single-digit tokens one or two units apart that end at {@link #lastSingleEnd}, and where they begin. */
  private int singles;
  private int singlesFrom;
  private int lastSingleEnd;

  /**
   * Creates a pass over {@code text}, whose units {@code units} holds; {@code shapes} (from {@link #shapes}) tells
   * which value lengths and group counts some recognizer of {@code numeric} may accept.
   */
  Pass(String text, char[] units, String ruleId, List<Recognizer> numeric, boolean[] shapes, EmailRecognizer email,
      IpAddressRecognizer ip) {
    this(text, units, ruleId, numeric, shapes, email, ip, false);
  }

  /** Creates a pass like the other constructor that reads Chinese numerals as digits when {@code numerals}. */
  Pass(String text, char[] units, String ruleId, List<Recognizer> numeric, boolean[] shapes, EmailRecognizer email,
      IpAddressRecognizer ip, boolean numerals) {
    this(text, units, ruleId, numeric, shapes, email, ip, numerals, null);
  }

  /**
   * Creates a pass like the other constructors over a reading of a text whose units {@code listed} marks (null when
   * none) came from digits set apart by signs of lists or sums ({@code 1、3、8…}): a value holding one is claimed
   * without a context word only when a checksum confirmed it.
   */
  Pass(String text, char[] units, String ruleId, List<Recognizer> numeric, boolean[] shapes, EmailRecognizer email,
      IpAddressRecognizer ip, boolean numerals, BitSet listed) {
    this.listed = listed;
    this.numerals = numerals;
    this.text = text;
    this.units = units;
    this.n = text.length();
    this.ruleId = ruleId;
    this.numeric = numeric;
    this.shapes = shapes;
    this.email = email;
    this.ip = ip;
    this.live = n;
  }

  /** Holds what one pass found: every finding in start order, and where a candidate may still be live. */
  record Result(List<Finding> findings, int live, int localStart) {}

  /**
   * Returns every finding in start order, with the earliest start of a candidate more text could still change
   * (a digit run, an IPv6 chunk or an address whose reading reached the end of the text, less one for a sign) and
   * the start of the trailing run of characters an address's local part can hold (an {@code @} may still follow).
   */
  Result result() {
    List<Finding> all = run();
    all.sort((a, b) -> Integer.compare(a.start(), b.start()));
    if (n > 0) {
      char last = fold(units[n - 1]);
      if (last == '+' || last == '(' || last == ':') {
        // A sign may still precede a number, a colon may still start "::".
        mark(n - 1);
      }
    }
    return new Result(List.copyOf(all), live, EmailRecognizer.localStart(text, n));
  }

  /** Records that a candidate starting at {@code start} (or a sign just before it) may still change. */
  private void mark(int start) {
    live = Math.min(live, Math.max(0, start - 1));
  }

  /** Returns every finding of every recognizer, in text order, non-overlapping except where an address holds one. */
  List<Finding> run() {
    int i = 0;
    while (i < n) {
      char c = units[i];
      char a = fold(c);
      if (a == Fold.NONE) {
        if (!numerals && c >= '\u3007' && Fold.numeral(c) != Fold.NONE) {
          numeralSeen = true;
          numeralAt(i);
        }
        i++;
      } else if (Fold.alnum(a)) {
        i = run(i);
      } else if (a == '@') {
        email(i);
        i++;
      } else if (a == ':' && i + 1 < n && fold(units[i + 1]) == ':'
          && (i == 0 || !glue(units[i - 1]))) {
        int end = ipv6(i);
        i = end >= 0 ? end : Math.max(i + 2, -1 - end);
      } else {
        i++;
      }
    }
    return out;
  }

  /** Processes the run whose first token starts at {@code s}; returns where scanning resumes. */
  private int run(int s) {
    int e = tokenEnd(s);
    boolean hasDigit = tokenHasDigit;
    if (e >= n - 1 && (hasDigit || e - s <= 2 || e - s <= 4 && hex(s, e))) {
      // The token may still grow, gain a digit or be glued to what follows. One without a digit matters only while
      // it may still start a value: at most two letters (IBAN, passport, permit and credit-code values have a digit
      // by their third unit) or a short hexadecimal group (IPv6).
      mark(s);
    }
    if (e < n && e - s <= 4 && units[e] == ':' && hex(s, e)) {
      int end = ipv6(s);
      if (end >= 0 || -1 - end > s) {
        return end >= 0 ? end : -1 - end;
      }
    }
    if (hasDigit && e < n && units[e] == '.') {
      int address = ipv4BesideAt(s);
      if (address >= 0) {
        return address;
      }
    }
    if (hasDigit && s != gluedAt) {
      int d = gluedValueStart(s, e);
      if (d > s) {
        // a word that names the value glued before its digits (tel13812345678, ID11010519491231002X): read from them
        gluedAt = d;
        int resume = run(d);
        gluedAt = -1;
        return resume;
      }
    }
    if (!hasDigit || (s > 0 && glue(units[s - 1]) && s != gluedAt) || glued(e)) {
      return e;
    }
    boolean lastEnds = true;
    int g = 0;
    starts[0] = s;
    ends[0] = e;
    digits[0] = true;
    g = 1;
    while (g < MAX_GROUPS) {
      int p = ends[g - 1];
      char kind = 0;
      boolean whitespace = false;
      boolean bar = false;
      int k = 0;
      while (p < n && k < MAX_SEPARATOR) {
        char a = fold(units[p]);
        if (!Fold.separator(a)) {
          if (k == 0 && signBetweenDigits(p)) {
            // Groups of digits joined by a sign of sums, dates or lists (138/1234/5678, 110105,19491231,002X): read
            // like cells, a value across them needs a context word.
            whitespace = true;
            bar = true;
            p++;
            k++;
          }
          break;
        }
        if (a == ' ' || a == '\t') {
          whitespace = true;
        } else if (a == '|') {
          // Cells of a markdown table: read like a space, but a value spread over cells needs a context word.
          whitespace = true;
          bar = true;
        } else {
          // an underscore between groups is read as a dash: recognizers accept the same groupings for both
          char k2 = a == '_' ? '-' : a;
          kind = kind == 0 || kind == k2 ? k2 : 'x';
        }
        p++;
        k++;
      }
      if (k == 0 || p >= n || !Fold.alnum(fold(units[p]))) {
        if (p >= n - 1) {
          mark(s);
        }
        break;
      }
      int t = tokenEnd(p);
      boolean d = tokenHasDigit;
      if (t >= n - 1) {
        mark(s);
      }
      if (d && gluedValueStart(p, t) > p) {
        // a word glued to the value it names starts a value of its own (138… tel139…): the run ends before it
        break;
      }
      if (glued(t) || (!d && t - p > MAX_LETTER_GROUP) || (kind == 0 && ipv6Ahead(p, t))) {
        // A group joined without whitespace to a glued token is part of that token: no span ends at it.
        lastEnds = whitespace || !glued(t);
        break;
      }
      kinds[g - 1] = kind == 0 ? ' ' : kind;
      splittable[g - 1] = whitespace;
      bars[g - 1] = bar;
      starts[g] = p;
      ends[g] = t;
      digits[g] = d;
      g++;
    }
    groupCount = g;
    int i = 0;
    int lastClaimed = -1;
    while (i < g) {
      int claimed = -1;
      if (digits[i] && (i == 0 || splittable[i - 1] || leadingZero(i))) {
        int length = 0;
        int last = i;
        while (last + 1 < g && length + ends[last] - starts[last] <= MAX_VALUE) {
          length += ends[last] - starts[last];
          last++;
        }
        // A value that starts with letters (an IBAN) may end in a group of letters (RU… 07YA D, MU… 658G PV).
        boolean letterFirst = !Fold.digit(fold(units[starts[i]]));
        for (int j = last; j >= i && claimed < 0; j--) {
          if ((digits[j] || letterFirst && j > i)
              && (j == g - 1 ? lastEnds : splittable[j] || beforeWord(j) || zeroTail(j, g, lastEnds))
              && plausible(i, j) && claim(i, j)) {
            claimed = j;
          }
        }
      }
      if (claimed >= 0) {
        lastClaimed = claimed;
      }
      i = claimed >= 0 ? claimed + 1 : i + 1;
    }
    int resume = Math.max(lastClaimed + 1, g - RESCAN_GROUPS);
    if (g == MAX_GROUPS && resume < g) {
      // The run was cut: resume at one of its last groups so that a number straddling the cut is still seen whole.
      return starts[resume];
    }
    return ends[g - 1];
  }

  /**
   * Reports a dotted IPv4 address starting at {@code s} that an {@code @} glues to on one side and nothing glues to
   * on the other ({@code root@10.0.0.8}, {@code 10.0.0.8@eth0}, which no address or number claims), and returns its
   * end; returns -1 when there is none.
   */
  private int ipv4BesideAt(int s) {
    int p = s;
    for (int part = 0; part < 4; part++) {
      if (part > 0) {
        if (p >= n || units[p] != '.') {
          return -1;
        }
        p++;
      }
      int from = p;
      while (p < n && p - from < 4 && units[p] >= '0' && units[p] <= '9') {
        p++;
      }
      if (p == from || p - from > 3) {
        return -1;
      }
    }
    boolean atBefore = s > 0 && units[s - 1] == '@';
    boolean atAfter = p < n && units[p] == '@';
    if (atBefore == atAfter || (!atBefore && s > 0 && glue(units[s - 1])) || (!atAfter && glued(p))
        || (p + 1 < n && units[p] == '.' && Fold.digit(fold(units[p + 1])))) {
      return -1;
    }
    String v = text.substring(s, p);
    int[] groups = new int[4];
    int g = 0;
    int last = 0;
    for (int k = 0; k <= v.length(); k++) {
      if (k == v.length() || v.charAt(k) == '.') {
        groups[g++] = k - last;
        last = k + 1;
      }
    }
    Candidate c = new Candidate(s, p, v.replace(".", ""), groups, new char[] {'.', '.', '.'}, (char) 0);
    Match m = ip.match(c);
    if (m == null || m.validation() == Validation.INVALID) {
      return -1;
    }
    String before = window(s);
    if (IpAddressRecognizer.versionLike(before, units, p, n) || IpAddressRecognizer.namesNoOnesHost(c)) {
      return p;
    }
    out.add(finding(ip, m, s, p, context(ip, before)));
    return p;
  }

  /**
   * Returns whether group {@code j} is followed by a dash, underscore or dot and a group of letters only
   * ({@code 815-Fax}, {@code 13812345678_backup}, a file name's extension: {@code 110101199003078515.pdf}).
   */
  private boolean beforeWord(int j) {
    return (kinds[j] == '-' || kinds[j] == '.') && !digits[j + 1];
  }

  /**
   * Returns whether group {@code j} is followed by a dot and zeros that end the run or a span: a decimal tail a
   * number read as a whole keeps ({@code 13812345678.0}, as a JSON number in a tool's arguments writes it).
   */
  private boolean zeroTail(int j, int g, boolean lastEnds) {
    if (kinds[j] != '.' || j + 1 >= g || !(j + 1 == g - 1 ? lastEnds : splittable[j + 1])) {
      return false;
    }
    for (int p = starts[j + 1]; p < ends[j + 1]; p++) {
      if (fold(units[p]) != '0') {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns whether group {@code i} is the fraction of a number that starts {@code 0.} ({@code 0.13812345678}): read
   * as a value only after a context word, as digits after a decimal point are a measure far more often.
   */
  private boolean leadingZero(int i) {
    return i == 1 && kinds[0] == '.' && ends[0] - starts[0] == 1 && fold(units[starts[0]]) == '0';
  }

  /**
   * Returns whether the unit at {@code p} is one of {@code , + * /} or the enumeration comma {@code 、} alone between two
   * digits.
   */
  private boolean signBetweenDigits(int p) {
    char c = units[p];
    char a = fold(c);
    return (a == ',' || a == '+' || a == '*' || a == '/' || c == '\u3001') && p > 0 && p + 1 < n
        && Fold.digit(fold(units[p - 1])) && Fold.digit(fold(units[p + 1]));
  }

  /** Returns the index in a shape table of a candidate with these properties. */
  private static int shape(int groups, int length, boolean letterFirst, boolean signed) {
    return (((groups - 1) * (MAX_VALUE + 1) + length) * 2 + (letterFirst ? 1 : 0)) * 2 + (signed ? 1 : 0);
  }

  /** Returns a table telling, at {@link #shape}, whether some recognizer may accept a candidate of that shape. */
  static boolean[] shapes(List<Recognizer> recognizers) {
    boolean[] shapes = new boolean[MAX_GROUPS * (MAX_VALUE + 1) * 4];
    for (int groups = 1; groups <= MAX_GROUPS; groups++) {
      for (int length = 0; length <= MAX_VALUE; length++) {
        for (int flags = 0; flags < 4; flags++) {
          boolean letterFirst = (flags & 2) != 0;
          boolean signed = (flags & 1) != 0;
          for (Recognizer r : recognizers) {
            shapes[shape(groups, length, letterFirst, signed)] |= r.mayMatch(length, groups, letterFirst, signed);
          }
        }
      }
    }
    return shapes;
  }

  /**
   * Returns whether groups {@code i..j} could be any entity before building a candidate: a value of 4 to 34
   * characters of a shape some recognizer accepts, with or without the sign before it.
   */
  private boolean plausible(int i, int j) {
    int length = 0;
    for (int k = i; k <= j; k++) {
      length += ends[k] - starts[k];
    }
    if (length < MIN_VALUE || length > MAX_VALUE) {
      return false;
    }
    boolean letterFirst = !Fold.digit(fold(units[starts[i]]));
    return shapes[shape(j - i + 1, length, letterFirst, false)]
        || (signAt(i) != 0 && shapes[shape(j - i + 1, length, letterFirst, true)]);
  }

  /** Returns the sign ({@code +} or {@code (}) just before group {@code i} that belongs to it, or 0. */
  private char signAt(int i) {
    int start = starts[i];
    if (start == 0) {
      return 0;
    }
    char before = fold(units[start - 1]);
    if (before != '+' && before != '(') {
      return 0;
    }
    boolean own = i == 0 ? !(start > 1 && glue(units[start - 2])) : kinds[i - 1] == before;
    return own ? before : 0;
  }

  /**
   * Says whether groups {@code i..j}, four digits each and set apart by spaces, continue in a group of four digits
   * before or after them set apart the same way ({@code 7022 2410 0001 4471 8830}, a 20-digit tracking number): a
   * card read from inside such a run is a piece of a longer number.
   */
  private boolean insideLongerGroups(int i, int j) {
    for (int k = i; k <= j; k++) {
      if (ends[k] - starts[k] != 4 || k < j && kinds[k] != ' ') {
        return false;
      }
    }
    return i > 0 && fourDigits(i - 1) && kinds[i - 1] == ' ' || j + 1 < groupCount && fourDigits(j + 1)
        && kinds[j] == ' ';
  }

  private boolean fourDigits(int k) {
    if (ends[k] - starts[k] != 4) {
      return false;
    }
    for (int p = starts[k]; p < ends[k]; p++) {
      if (!Fold.digit(fold(units[p]))) {
        return false;
      }
    }
    return true;
  }

  /** Offers the span of groups {@code i..j} to the recognizers; returns whether one claimed it. */
  private boolean claim(int i, int j) {
    value.setLength(0);
    for (int k = i; k <= j; k++) {
      for (int p = starts[k]; p < ends[k]; p++) {
        value.append(fold(units[p]));
      }
      if (value.length() > MAX_VALUE) {
        return false;
      }
    }
    if (value.length() < MIN_VALUE) {
      return false;
    }
    char prefix = signAt(i);
    int start = prefix == 0 ? starts[i] : starts[i] - 1;
    int[] groups = new int[j - i + 1];
    char[] separators = new char[j - i];
    for (int k = i; k <= j; k++) {
      groups[k - i] = ends[k] - starts[k];
      if (k < j) {
        separators[k - i] = kinds[k];
      }
    }
    String v = value.toString();
    inLongerRun = insideLongerGroups(i, j);
    boolean contextOnly = leadingZero(i);
    for (int k = i; k < j; k++) {
      contextOnly |= bars[k];
    }
    int mark = listed == null ? -1 : listed.nextSetBit(starts[i]);
    boolean fromList = mark >= 0 && mark < ends[j];
    // A sign that no recognizer wanted (an ID card in parentheses) stays outside the span; but digits that are no
    // phone number after their + (+86 10086, a service number) are no phone number without it either.
    boolean claimed = offer(new Candidate(start, ends[j], v, groups, separators, prefix), contextOnly, fromList);
    if (!claimed && prefix != 0) {
      plusDropped = prefix == '+';
      claimed = offer(new Candidate(starts[i], ends[j], v, groups, separators, (char) 0), contextOnly, fromList);
    }
    inLongerRun = false;
    plusDropped = false;
    return claimed;
  }

  /**
   * Offers {@code candidate} to the recognizers in priority order; returns whether one claimed it. A candidate
   * marked {@code contextOnly} (spread over the cells of a markdown table, or the fraction of a number
   * that starts {@code 0.}) is claimed only after a context word, and one {@code fromList} (digits set apart by signs
   * of lists or sums) only after one or when a checksum confirmed it.
   */
  private boolean offer(Candidate candidate, boolean contextOnly, boolean fromList) {
    int start = candidate.start();
    String window = null;
    int length = candidate.value().length();
    int groups = candidate.groups().length;
    boolean letterFirst = !Fold.digit(candidate.value().charAt(0));
    boolean signed = candidate.prefix() != 0;
    for (Recognizer r : numeric) {
      if (!r.mayMatch(length, groups, letterFirst, signed)) {
        continue;
      }
      Match m = r.match(candidate);
      if (m == null || m.validation() == Validation.INVALID) {
        continue;
      }
      if (window == null) {
        window = window(start);
      }
      if (r == ip && (IpAddressRecognizer.versionLike(window, units, candidate.end(), n)
          || IpAddressRecognizer.namesNoOnesHost(candidate)
          || IpAddressRecognizer.network(candidate, units, candidate.end(), n)
          || IpAddressRecognizer.documentation(candidate, text, start))) {
        return true;
      }
      if (SampleValues.sample(r, candidate.value(), text, start)
          || r instanceof CnPhoneRecognizer && CnPhoneRecognizer.airWaybill(candidate, text)
          || r instanceof PhoneRecognizer && PhoneRecognizer.insideIdentifier(candidate, text)) {
        return true;
      }
      if (r instanceof CreditCardRecognizer && inLongerRun
          || plusDropped && (r instanceof PhoneRecognizer || r instanceof CnPhoneRecognizer)) {
        continue;
      }
      String word = context(r, window);
      if ((m.needsContext() || contextOnly || fromList && m.base() < CHECKED) && word == null) {
        continue;
      }
      out.add(finding(r, m, start, candidate.end(), word));
      return true;
    }
    return false;
  }

  private void email(int at) {
    int open = EmailRecognizer.liveStart(text, at);
    if (open >= 0) {
      mark(open + 1);
    }
    long span = EmailRecognizer.span(text, at);
    if (span < 0) {
      return;
    }
    int start = (int) (span >>> 32);
    int end = (int) (span & 0x7FFF_FFFFL);
    if (EmailRecognizer.messageId(text, start, at, end) || EmailRecognizer.calendarUid(text, start, at)
        || EmailRecognizer.standIn(text, start, at, end) || EmailRecognizer.bot(text, start, at)) {
      return;
    }
    Match m = email.matchAddress((span & (1L << 31)) != 0);
    out.add(finding(email, m, start, end, context(email, window(start))));
  }

  /** Returns whether the token {@code [from, to)} may start an IPv6 address: short, hexadecimal, then a colon. */
  private boolean ipv6Ahead(int from, int to) {
    return to + 1 < n && to - from <= 4 && units[to] == ':' && hex(from, to)
        && (units[to + 1] == ':' || Fold.hex(fold(units[to + 1])));
  }

  /**
   * Reports the IPv6 address starting at {@code s} and returns its end; if there is none, returns
   * {@code -1 - skip}, where {@code skip} is the end of a hexadecimal/colon chunk holding {@code ::} (never a
   * number of another entity) or {@code s}.
   */
  private int ipv6(int s) {
    int p = s;
    while (p < n && p - s <= IpAddressRecognizer.MAX_IPV6) {
      char a = fold(units[p]);
      if (!(Fold.hex(a) || a == ':' || a == '.')) {
        break;
      }
      p++;
    }
    if (p >= n - 1) {
      mark(s);
    }
    while (p > s && units[p - 1] == '.') {
      p--;
    }
    if (p > s + 1 && units[p - 1] == ':' && units[p - 2] != ':') {
      p--;
    }
    int skip = text.substring(s, p).contains("::") ? -1 - p : -1 - s;
    if (p - s > IpAddressRecognizer.MAX_IPV6 || glued(p)) {
      return skip;
    }
    Match m = ip.matchIpv6(text.subSequence(s, p));
    if (m == null) {
      return skip;
    }
    out.add(finding(ip, m, s, p, context(ip, window(s))));
    return p;
  }

  private Finding finding(Recognizer r, Match m, int start, int end, String word) {
    double score = word == null ? m.base() : m.withContext();
    String explanation = m.pattern() + "; " + m.validation() + ": " + m.check()
        + (word == null ? "; no context word" : "; context word '" + word + "'");
    return new Finding(ruleId, r.entity(), start, end, score, explanation);
  }

  /**
   * Returns the {@value #CONTEXT_WINDOW} characters before {@code start}, or more, up to {@value #SENTENCE_WINDOW},
   * back to the sentence's start, ASCII and full-width letters lower-cased.
   */
  private String window(int start) {
    int sentence = start;
    for (int reach = Math.max(0, start - SENTENCE_WINDOW); sentence > reach && !sentenceEnd(sentence - 1); ) {
      sentence--;
    }
    int from = Math.max(0, Math.min(start - CONTEXT_WINDOW, sentence));
    char[] w = new char[start - from];
    for (int p = from; p < start; p++) {
      char c = units[p];
      char a = fold(c);
      w[p - from] = a >= 'A' && a <= 'Z' ? (char) (a + 32) : a != Fold.NONE ? a : c;
    }
    return new String(w);
  }

  /** Says whether the unit at {@code p} ends a sentence: a line break, or a full stop, mark or semicolon before one. */
  private boolean sentenceEnd(int p) {
    char c = units[p];
    if (c == '\n' || c == '\r' || c == '。' || c == '！' || c == '？' || c == '；') {
      return true;
    }
    return (c == '.' || c == '!' || c == '?' || c == ';') && p + 1 < n
        && (units[p + 1] == ' ' || units[p + 1] == '\n');
  }

  /**
   * Returns the first context word of {@code r} in {@code window}; a word that starts with an ASCII letter counts
   * only at the start of a word ({@code tel} in {@code tel:} but not in {@code hotel}).
   */
  private static String context(Recognizer r, String window) {
    for (String word : r.contextWords()) {
      boolean ascii = word.charAt(0) >= 'a' && word.charAt(0) <= 'z';
      for (int at = window.indexOf(word); at >= 0; at = window.indexOf(word, at + 1)) {
        if (!ascii || at == 0 || !asciiLetter(window.charAt(at - 1))) {
          return word;
        }
      }
    }
    return null;
  }

  private static boolean asciiLetter(char c) {
    return c >= 'a' && c <= 'z';
  }

  /**
   * Returns the end of the token of letters and digits at {@code p}, which a phone extension after its digits
   * ({@code x204} in {@code 646-872-3391x204}) does not belong to; sets {@link #tokenHasDigit}.
   */
  private int tokenEnd(int p) {
    int start = p;
    boolean digit = false;
    boolean letter = false;
    int lookAlikes = 0;
    boolean otherLetter = false;
    while (p < n) {
      char a = fold(units[p]);
      if (Fold.digit(a)) {
        digit = true;
      } else if (a < 'A' || a > 'Z') {
        break;
      } else if (!letter && digit && extension(p)) {
        break;
      } else {
        letter = true;
        if (DigitLookAlikes.digitOf(units[p]) != 0) {
          lookAlikes++;
        } else if (a != 'X') {
          otherLetter = true;
        }
      }
      p++;
    }
    if (digit && lookAlikes > 0 && !otherLetter) {
      lookAlikeDigits = true;
    }
    tokenHasDigit = digit;
    if (!numerals) {
      readOut(start, p, digit, letter);
    }
    return p;
  }

  private boolean hex(int from, int to) {
    for (int p = from; p < to; p++) {
      if (!Fold.hex(fold(units[p]))) {
        return false;
      }
    }
    return true;
  }

  /** Returns whether the character at {@code end}, just after a token, glues to it (an extension does not). */
  private boolean glued(int end) {
    return end < n && glue(units[end]) && !extension(end) && !underscoreBetweenDigits(end);
  }

  /** Returns whether the unit at {@code p} is an underscore between two digits: a group separator, not glue. */
  private boolean underscoreBetweenDigits(int p) {
    return units[p] == '_' && p > 0 && p + 1 < n && Fold.digit(fold(units[p - 1])) && Fold.digit(fold(units[p + 1]));
  }

  /**
   * Returns whether the {@code x} at {@code p} opens a phone extension: two ASCII digits before it, one to
   * {@value #MAX_EXTENSION} after it, then a character that glues to nothing. Undecided at the end of the text,
   * where more digits or letters may still follow, so a token reaching the end keeps its {@code x}.
   */
  private boolean extension(int p) {
    if (p < 2 || p >= n || (units[p] != 'x' && units[p] != 'X') || !Fold.digit(units[p - 1])
        || !Fold.digit(units[p - 2])) {
      return false;
    }
    int q = p + 1;
    while (q < n && q - p <= MAX_EXTENSION && Fold.digit(units[q])) {
      q++;
    }
    return q > p + 1 && q < n && !glue(units[q]);
  }

  /** Returns the ASCII form of {@code c}, Chinese numerals read as digits in the numeral pass. */
  private char fold(char c) {
    return numerals ? Fold.asciiOrNumeral(c) : Fold.ascii(c);
  }

  /** Returns whether {@code c} glues to an adjacent token, Chinese numerals like digits in the numeral pass. */
  private boolean glue(char c) {
    return Fold.glue(c, numerals);
  }

  /**
   * Returns whether the text holds a number written at least partly in Chinese numerals: a chain of
   * {@value #MIN_NUMERAL_RUN} or more digits and numerals, one space, dash or sign of lists at most between two of
   * them, holding a numeral (see {@link #numeralChain}). Only such texts get the numeral pass; each chain is read from a numeral at
   * most {@value #MIN_NUMERAL_RUN} units each way, so this stays linear.
   */
  boolean numeralRun() {
    return numeralRun;
  }

  /**
   * Returns where the first number read out ({@link NumberWords}) may start — an English number word, or the first of
   * {@value NumberWords#MIN_SINGLES} single digits one or two units apart — or -1: only such texts are read for them.
   */
  int readOutAt() {
    return readOutAt;
  }

  /**
   * Notes the token {@code [start, end)}, holding digits and letters as said, for {@link #readOutAt}: a number word
   * counts only with another part of a chain — a second word in the token ({@code onethree}), or a word or digits
   * one or two units away ({@code one three}, {@code one 3812}) — as {@link NumberWords} reads no chain of one part;
   * a lone {@code one} in prose leaves the text unread.
   */
  private void readOut(int start, int end, boolean digit, boolean letter) {
    boolean word = !digit && NumberWords.spelled(units, start, end);
    wordSeen |= !wordSeen && (word && (besideDigit(end, 1) || besideDigit(start - 1, -1))
        || digit && letter && spelledBesideDigits(start, end));
    if (word || digit && !letter) {
      boolean chained = start - numericEnd <= 2;
      if (word && NumberWords.parts(units, start, end) >= 2 || chained && (word || numericWord)) {
        int from = word && !chained ? start : numericStart;
        readOutAt = readOutAt < 0 ? from : Math.min(readOutAt, from);
      }
      numericStart = chained ? numericStart : start;
      numericEnd = end;
      numericWord = word || chained && numericWord;
    }
    if (!digit) {
      return;
    }
    if (end - start != 1 || start < lastSingleEnd) {
      return;
    }
    // a group rescanned after a long run was counted the first time
    boolean next = singles > 0 && start > lastSingleEnd && start - lastSingleEnd <= 2;
    singles = next ? singles + 1 : 1;
    singlesFrom = next ? singlesFrom : start;
    lastSingleEnd = end;
    if (singles >= NumberWords.MIN_SINGLES && (readOutAt < 0 || singlesFrom < readOutAt)) {
      readOutAt = singlesFrom;
    }
  }

  /**
   * Returns where the digits of the token {@code [s, e)} start when letters of {@link #GLUED_WORDS} come before them
   * and nothing glues before those letters ({@code tel13812345678}); else -1.
   */
  private int gluedValueStart(int s, int e) {
    int p = s;
    while (p < e && p - s <= MAX_GLUED_WORD) {
      char a = fold(units[p]);
      if (a < 'A' || a > 'Z') {
        break;
      }
      p++;
    }
    if (p == s || p >= e || p - s > MAX_GLUED_WORD || !Fold.digit(fold(units[p])) || s > 0 && glue(units[s - 1])) {
      return -1;
    }
    for (String word : GLUED_WORDS) {
      if (word.length() == p - s && spells(s, word)) {
        return p;
      }
    }
    return -1;
  }

  /** Says whether the units from {@code s} on spell {@code word}, a lower-case ASCII word, in any case. */
  private boolean spells(int s, String word) {
    for (int k = 0; k < word.length(); k++) {
      if (fold(units[s + k]) + 32 != word.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Says whether a run of letters in the token {@code [start, end)}, beside its digits, spells number words
   * ({@code 7three}).
   */
  private boolean spelledBesideDigits(int start, int end) {
    for (int p = start; p < end; ) {
      if (Fold.digit(fold(units[p]))) {
        p++;
        continue;
      }
      int q = p;
      while (q < end && !Fold.digit(fold(units[q]))) {
        q++;
      }
      if (NumberWords.spelled(units, p, q)) {
        return true;
      }
      p = q;
    }
    return false;
  }

  /**
   * Says whether a digit, a Chinese numeral or an {@code X} stands at {@code p} or past at most two separators of a
   * chain from it, going by {@code step}: a chain that holds a word and a numeral has a word beside one of them.
   */
  private boolean besideDigit(int p, int step) {
    for (int k = 0; k <= 2 && p >= 0 && p < n; k++, p += step) {
      char a = Fold.asciiOrNumeral(units[p]);
      if (Fold.digit(a) || a == 'X') {
        return true;
      }
      if (!NumberWords.gap(units[p])) {
        return false;
      }
    }
    return false;
  }

  /**
   * Says whether the text holds a number word beside a digit or numeral and a Chinese numeral, which a number may mix ({@code
   * one三eight一二三四…}): only such texts are read for chains of both ({@link NumberWords#read(String, char[], int,
   * boolean)}).
   */
  boolean mixed() {
    return wordSeen && numeralSeen;
  }

  /**
   * Tells whether the text holds a token of digits with letters that look like digits among them and no other letter
   * but an {@code X} ({@code l38l2345678}, {@code 11O1O519491231002X}): only such texts are read for them
   * ({@link DigitLookAlikes}).
   */
  boolean lookAlikeDigits() {
    return lookAlikeDigits;
  }

  /** Notes a numeral chain through {@code i}, a Chinese numeral that no numeral precedes ({@code 138一二三四…}). */
  private void numeralAt(int i) {
    if (numeralRun || i > 0 && Fold.numeral(units[i - 1]) != Fold.NONE) {
      return;
    }
    // Units before i (at most MIN - 1 are needed) and from i on: the chain holds MIN units if and only if these do.
    int back = 0;
    for (int p = i; back < MIN_NUMERAL_RUN - 1; back++) {
      int q = digitBefore(units, p, 0);
      if (q < 0) {
        break;
      }
      p = q;
    }
    int count = back;
    for (int p = i; ; ) {
      if (++count >= MIN_NUMERAL_RUN) {
        numeralRun = true;
        return;
      }
      int q = digitAfter(units, p, n);
      if (q < 0) {
        return;
      }
      p = q;
    }
  }

  /**
   * Returns the index of the digit or numeral that follows the one at {@code p} in a chain, at most {@code to}
   * exclusive, or -1: the next unit, or the one after a gap of one space or dash, or of a sign of lists or sums
   * ({@code , ， 、 / * + |}) with at most one space on each side ({@code 一三八，一二三四}, {@code 一三八 | 一二三四}).
   */
  static int digitAfter(char[] units, int p, int to) {
    int q = p + 1;
    if (q < to && digitUnit(units[q])) {
      return q;
    }
    if (q < to && units[q] == ' ') {
      q++;
    }
    if (q < to && (listSign(units[q]) || q == p + 1 && units[q] == '-')) {
      q++;
      if (q < to && units[q] == ' ' && units[q - 1] != ' ') {
        q++;
      }
    }
    return q > p + 1 && q < to && q - p <= 4 && digitUnit(units[q]) ? q : -1;
  }

  /** Returns the index of the digit or numeral that precedes the one at {@code p} in a chain, at least {@code from}, or -1. */
  static int digitBefore(char[] units, int p, int from) {
    int q = p - 1;
    if (q >= from && digitUnit(units[q])) {
      return q;
    }
    if (q >= from && units[q] == ' ') {
      q--;
    }
    if (q >= from && (listSign(units[q]) || q == p - 1 && units[q] == '-')) {
      q--;
      if (q >= from && units[q] == ' ' && units[q + 1] != ' ') {
        q--;
      }
    }
    return q < p - 1 && q >= from && p - q <= 4 && digitUnit(units[q]) ? q : -1;
  }

  /** Returns whether {@code c} is a sign that lists or sums set numbers apart with: {@code , ， 、 / * + |}. */
  static boolean listSign(char c) {
    char a = Fold.ascii(c);
    return a == ',' || a == '/' || a == '*' || a == '+' || a == '|' || c == '\u3001';
  }

  /**
   * Returns whether {@code [from, to)} of {@code units} holds a chain of {@value #MIN_NUMERAL_RUN} or more digits
   * and Chinese numerals, at most one space or dash, or a sign of lists with a space on each side, between two of
   * them ({@link #digitAfter}), with a numeral among them: what a number
   * found only by reading numerals as digits must hold, so that whether it is found depends on its own span alone.
   */
  static boolean numeralChain(char[] units, int from, int to) {
    int count = 0;
    boolean numeral = false;
    for (int p = from; p < to; p++) {
      char c = units[p];
      if (digitUnit(c)) {
        count++;
        numeral |= Fold.numeral(c) != Fold.NONE;
        if (count >= MIN_NUMERAL_RUN && numeral) {
          return true;
        }
      } else {
        // a gap between two digits of the chain (one space or dash, or a sign of lists with spaces) is read past
        int d = p;
        while (d > from && !digitUnit(units[d - 1]) && p - d < 3) {
          d--;
        }
        int next = d > from && digitUnit(units[d - 1]) ? digitAfter(units, d - 1, to) : -1;
        if (next < 0) {
          count = 0;
          numeral = false;
        } else {
          p = next - 1;
        }
      }
    }
    return false;
  }

  /**
   * Returns where the trailing stretch of {@code units} that a number may still grow from starts: the characters
   * at the end that are letters, digits, Chinese numerals, separators of groups or a sign, back to the first that
   * is none; {@code n} when the text ends in none of them or the stretch holds no digit or numeral.
   */
  static int trailingStretch(char[] units, int n) {
    int p = n;
    boolean digit = false;
    while (p > 0) {
      char a = Fold.asciiOrNumeral(units[p - 1]);
      if (a == Fold.NONE || !(Fold.alnum(a) || Fold.separator(a) || a == '+')) {
        break;
      }
      digit |= Fold.digit(a);
      p--;
    }
    return digit ? p : n;
  }

  /**
   * Returns where the trailing stretch a number of the numeral pass may still grow from starts, as
   * {@link #trailingStretch} does, but ended by a word of more than {@value #MAX_LETTER_GROUP} letters before the
   * last group and by the longest span a number has: no run reads across such a word (its letter groups are
   * shorter), so English prose with a figure in it is not held to its start. The last group counts whatever its
   * length, since more text may still join digits to it.
   */
  static int numberStretch(char[] units, int n) {
    int p = n;
    boolean digit = false;
    while (p > 0 && Fold.alnum(Fold.asciiOrNumeral(units[p - 1]))) {
      digit |= Fold.digit(Fold.asciiOrNumeral(units[p - 1]));
      p--;
    }
    int stop = Math.max(0, p - MAX_NUMERIC_SPAN);
    while (p > stop) {
      char a = Fold.asciiOrNumeral(units[p - 1]);
      if (listSign(units[p - 1])) {
        p--;
        continue;
      }
      if (a == Fold.NONE) {
        break;
      }
      if (Fold.separator(a)) {
        p--;
        continue;
      }
      if (!Fold.alnum(a)) {
        break;
      }
      int q = p;
      boolean groupDigit = false;
      while (q > stop && Fold.alnum(Fold.asciiOrNumeral(units[q - 1]))) {
        groupDigit |= Fold.digit(Fold.asciiOrNumeral(units[q - 1]));
        q--;
      }
      if (!groupDigit && p - q > MAX_LETTER_GROUP) {
        break;
      }
      digit |= groupDigit;
      p = q;
    }
    return digit ? p : n;
  }

  private static boolean digitUnit(char c) {
    return Fold.digit(Fold.asciiOrNumeral(c));
  }

}
