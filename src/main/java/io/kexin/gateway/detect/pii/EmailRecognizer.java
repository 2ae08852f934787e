package io.kexin.gateway.detect.pii;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Recognizes e-mail addresses around an {@code @}, RFC 5322 as practised: a local part of ASCII letters,
 * digits and {@code . _ % + -} (no leading, trailing or doubled dot, at most 64), or one holding Chinese letters
 * after a boundary (RFC 6531, see {@link #wideLocalStart}), and a domain of at least two
 * labels, ASCII ({@code xn--} punycode included) or internationalized (例子.中国), each at most 63 long, the
 * top-level label letters only, the whole address at most 254 (0.9, 1.0 with context). A label ends where the
 * script changes, so {@code test@qq.com和} stops before {@code 和}; an IDN domain followed by Han text with no
 * separator takes that text in. Emails are found from the {@code @} by the shared pass, never among digit
 * runs. Immutable.
 */
final class EmailRecognizer implements Recognizer {
  /** Bounds the length of an address (RFC 5321). */
  static final int MAX_LENGTH = 254;
  /** Header names, lower-case with {@code _} read as {@code -}, whose angle-bracketed values are message ids. */
  private static final List<String> ID_HEADERS = List.of("message-id", "in-reply-to", "references", "content-id",
      "resent-message-id", "x-message-id", "original-message-id");
  /** Bounds how far back from an address its header's name is looked for. */
  private static final int MAX_HEADER_LINE = 998;

  /** Bounds how far back from an {@code @} a URL's {@code //} is looked for: a user name and a password. */
  static final int MAX_USER_INFO = 200;
  private static final List<String> CONTEXT = List.of("邮箱", "邮件", "电邮", "email", "e-mail", "mail");

  @Override
  public String entity() {
    return "EMAIL";
  }

  @Override
  public List<String> contextWords() {
    return CONTEXT;
  }

  /** Returns null: addresses are found by {@link #span} from their {@code @}. */
  @Override
  public boolean mayMatch(int length, int groups, boolean letterFirst, boolean signed) {
    return false;
  }

  @Override
  public Match match(Candidate candidate) {
    return null;
  }

  /** Returns the match for the address found by {@link #span}. */
  Match matchAddress(boolean idn) {
    return Match.valid(idn ? "address with internationalized domain" : "address", "local part and domain valid",
        0.9, 1.0);
  }

  /**
   * Returns the span {@code start << 32 | end} of the address whose {@code @} is at {@code at}, with bit 31 of
   * the result set when the domain is internationalized, or -1 if there is none.
   */
  static long span(String text, int at) {
    int start = at;
    while (start > 0 && at - start <= 64 && localChar(Fold.ascii(text.charAt(start - 1)))) {
      start--;
    }
    while (start < at && Fold.ascii(text.charAt(start)) == '.') {
      start++;
    }
    int wide = wideLocalStart(text, start, at);
    if (wide >= 0) {
      start = wide;
    }
    if (start == at || at - start > 64 || (start > 0 && Fold.glue(text.charAt(start - 1)))
        || Fold.ascii(text.charAt(at - 1)) == '.' || userInfo(text, at) || maskedBefore(text, start)) {
      return -1;
    }
    for (int i = start + 1; i < at; i++) {
      if (Fold.ascii(text.charAt(i)) == '.' && Fold.ascii(text.charAt(i - 1)) == '.') {
        return -1;
      }
    }
    int n = text.length();
    int p = at + 1;
    int labels = 0;
    int lastStart = p;
    boolean lastAscii = true;
    boolean idn = false;
    while (p < n) {
      char a = Fold.ascii(text.charAt(p));
      boolean ascii = a != Fold.NONE && (Fold.alnum(a) || a == '-');
      if (!ascii && !idnChar(text, p)) {
        break;
      }
      int labelStart = p;
      if (ascii) {
        while (p < n && (Fold.alnum(a = Fold.ascii(text.charAt(p))) || a == '-')) {
          p++;
        }
        if (Fold.ascii(text.charAt(labelStart)) == '-' || Fold.ascii(text.charAt(p - 1)) == '-') {
          return -1;
        }
      } else {
        while (p < n && idnChar(text, p)) {
          p += Character.charCount(text.codePointAt(p));
        }
        idn = true;
      }
      if (p - labelStart > 63) {
        return -1;
      }
      labels++;
      lastStart = labelStart;
      lastAscii = ascii;
      if (p + 1 < n && Fold.ascii(text.charAt(p)) == '.') {
        char next = text.charAt(p + 1);
        char nextAscii = Fold.ascii(next);
        if (nextAscii == '.') {
          return -1;
        }
        if ((nextAscii != Fold.NONE && (Fold.alnum(nextAscii))) || (nextAscii == Fold.NONE && idnChar(text, p + 1))) {
          p++;
          continue;
        }
      }
      break;
    }
    if (labels < 2 || p - start > MAX_LENGTH || (p < n && (text.charAt(p) == '@' || text.charAt(p) == '_'))) {
      return -1;
    }
    if (lastAscii && !topLevel(text, lastStart, p)) {
      return -1;
    }
    if (scpRemote(text, start, at, p)) {
      return -1;
    }
    return ((long) start << 32) | p | (idn ? 1L << 31 : 0);
  }

  /**
   * Says whether three asterisks or more inside a word end right before {@code start} ({@code l***g@163.com}): the
   * local part is masked, and its last letters alone are no one's address. Asterisks after a space or the text's
   * start are emphasis ({@code ***zhang@qq.com***}), and the address is read.
   */
  static boolean maskedBefore(String text, int start) {
    int p = start;
    while (p > 0 && text.charAt(p - 1) == '*') {
      p--;
    }
    return start - p >= 3 && p > 0 && Character.isLetterOrDigit(text.charAt(p - 1));
  }

  /**
   * Returns where the local part before the {@code @} at {@code at} starts when more text could still change the
   * address there (its domain runs to the end of {@code text}), or -1 when the address, or its absence, is final.
   */
  static int liveStart(String text, int at) {
    int n = text.length();
    int p = at + 1;
    while (p < n) {
      char a = Fold.ascii(text.charAt(p));
      if (a != Fold.NONE ? Fold.alnum(a) || a == '-' || a == '.' : idnChar(text, p)) {
        p += Character.charCount(text.codePointAt(p));
      } else {
        break;
      }
    }
    return p < n ? -1 : localStart(text, at);
  }

  /**
   * Returns where the address whose domain the end of {@code text} may still continue starts ({@code alice@example}:
   * a dot and a label may follow), or the length of the text when the text does not end in one.
   */
  static int openAddressStart(String text) {
    int n = text.length();
    int p = n;
    while (p > 0 && n - p <= MAX_LENGTH) {
      char a = Fold.ascii(text.charAt(p - 1));
      if (a == Fold.NONE || !(Fold.alnum(a) || a == '-' || a == '.')) {
        break;
      }
      p--;
    }
    if (p == n || p == 0 || Fold.ascii(text.charAt(p - 1)) != '@') {
      return n;
    }
    int start = localStart(text, p - 1);
    return start < p - 1 ? start : n;
  }

  /** Returns where a local part ending at {@code end} (before an {@code @} there or yet to come) may start. */
  static int localStart(String text, int end) {
    int start = end;
    while (start > 0 && end - start <= 64 && localChar(Fold.ascii(text.charAt(start - 1)))) {
      start--;
    }
    int wide = wideLocalStart(text, start, end);
    return wide >= 0 ? wide : start;
  }

  /**
   * Returns where a local part holding Chinese (or other East Asian) letters that ends at {@code end} starts
   * ({@code 小明@example.cn}, valid under RFC 6531), or -1: when such a letter stands right before {@code end}
   * ({@code from}, where an ASCII local part would start, is {@code end}), back over such letters and ASCII
   * local-part characters, at most {@value #MAX_WIDE_LOCAL} units from {@code end}, to
   * a boundary — the start of the text, white space, a quote, a bracket or a colon ({@code 邮箱：小明@…},
   * {@code email: 小明@…}, {@code “小明@…”}). In prose written without spaces nothing tells where such a local part
   * starts, so without a boundary that near there is none; and a stream holds a run of such letters for a possible
   * {@code @} only that near after a boundary, never all Chinese text.
   */
  static int wideLocalStart(String text, int from, int end) {
    if (from < end) {
      // an ASCII local part right before the @ is the address, as it always was
      return -1;
    }
    int p = from;
    boolean wide = false;
    while (p > 0 && end - p < MAX_WIDE_LOCAL) {
      char c = text.charAt(p - 1);
      if (c >= 0x2E80 && Character.isLetter(c)) {
        wide = true;
      } else if (!localChar(Fold.ascii(c))) {
        break;
      }
      p--;
    }
    return wide && (p == 0 || BOUNDARIES.indexOf(text.charAt(p - 1)) >= 0 || Character.isWhitespace(text.charAt(p - 1))
        || text.charAt(p - 1) == '\u3000') ? p : -1;
  }

  /** Bounds a local part holding East Asian letters, with its ASCII characters: a name, not a sentence. */
  static final int MAX_WIDE_LOCAL = 8;
  /** The characters a local part holding East Asian letters may follow, besides white space and the text's start. */
  private static final String BOUNDARIES = "\"'`<([{:=\u201C\u2018\u300C\u300E\u300A\u3008\uFF08\u3010\uFF1A\uFF1C";

  /**
   * Returns whether the {@code @} at {@code at} ends the user information of a URL ({@code scheme://user@host},
   * {@code scheme://user:password@host}): walking back from it over characters a URL's authority can hold, at most
   * {@value #MAX_USER_INFO} of them, reaches {@code //}. That is a login, not an address.
   */
  static boolean userInfo(String text, int at) {
    int from = Math.max(0, at - MAX_USER_INFO);
    for (int p = at - 1; p >= from; p--) {
      char c = text.charAt(p);
      if (c == '/') {
        return p > 0 && text.charAt(p - 1) == '/';
      }
      if (c <= ' ' || c == '"' || c == '\'' || c == '<' || c == '>' || c == '@' || c == '`' || c >= 0x80) {
        return false;
      }
    }
    return false;
  }

  /**
   * Says whether the address {@code [start, end)} with its {@code @} at {@code at} is a message id rather than a
   * mailbox: between angle brackets after a message-id header's colon, alone or after other ids ({@code Message-ID:},
   * {@code In-Reply-To:}, {@code References:}, {@code "message_id":} …), its local part holding four digits or more.
   * Ids are made of timestamps, counters and random runs; the digits keep a plain mailbox planted in such a header
   * ({@code Message-ID: <zhang.wei@qq.com>}) an address.
   */
  static boolean messageId(String text, int start, int at, int end) {
    if (start == 0 || end >= text.length() || text.charAt(start - 1) != '<' || text.charAt(end) != '>') {
      return false;
    }
    int digits = 0;
    for (int i = start; i < at; i++) {
      if (text.charAt(i) >= '0' && text.charAt(i) <= '9') {
        digits++;
      }
    }
    if (digits < 4) {
      return false;
    }
    // Back over the ids before this one in the same header (References: <a> <b> <c>), then to the colon.
    int i = start - 1;
    while (start - i < MAX_HEADER_LINE) {
      int j = i;
      while (j > 0 && (text.charAt(j - 1) == ' ' || text.charAt(j - 1) == '\t' || text.charAt(j - 1) == ',')) {
        j--;
      }
      int open = j > 0 && text.charAt(j - 1) == '>' ? text.lastIndexOf('<', j - 1) : -1;
      if (open < 0 || start - open >= MAX_HEADER_LINE || blank(text, open, j)) {
        break;
      }
      i = open;
    }
    while (i > 0 && " \t\"'".indexOf(text.charAt(i - 1)) >= 0) {
      i--;
    }
    if (i == 0 || text.charAt(i - 1) != ':') {
      return false;
    }
    i--;
    while (i > 0 && (text.charAt(i - 1) == '"' || text.charAt(i - 1) == '\'')) {
      i--;
    }
    int nameEnd = i;
    while (i > 0 && nameEnd - i <= 24 && (asciiLetter(text.charAt(i - 1)) || text.charAt(i - 1) == '-'
        || text.charAt(i - 1) == '_')) {
      i--;
    }
    if (i > 0 && Character.isLetterOrDigit(text.charAt(i - 1))) {
      return false;
    }
    String name = text.substring(i, nameEnd).toLowerCase(Locale.ROOT).replace('_', '-');
    return ID_HEADERS.contains(name);
  }

  /** Local parts that documentation writes as a stand-in for the reader's own address, lower-case. */
  private static final Set<String> STAND_IN_LOCAL_PARTS = Set.of("name", "username", "user", "user.name",
      "yourname", "your.name", "your_name", "your-name", "you", "youremail", "your.email", "your_email", "your-email",
      "email", "someone", "somebody", "firstname", "lastname", "firstname.lastname", "first.last", "first_last",
      "name.surname", "xxx", "xxxx", "foo", "bar", "foobar", "yourid", "account", "用户名", "姓名", "名字", "你的名字");
  /** Domains reserved for documentation (RFC 2606, RFC 6761), lower-case; their subdomains count too. */
  private static final List<String> EXAMPLE_DOMAINS = List.of("example.com", "example.org", "example.net");
  /** Top-level names reserved for documentation and testing (RFC 2606), lower-case. */
  private static final Set<String> RESERVED_TOP_LEVEL = Set.of("example", "test", "invalid", "localhost");

  /**
   * Says whether the address {@code [start, end)} with its {@code @} at {@code at} is documentation's or a test's
   * stand-in: a domain reserved for examples ({@code example.com}, {@code example.org}, {@code example.net} and
   * their subdomains, or under {@code .example}, {@code .test}, {@code .invalid}) and either a local part that names
   * no one ({@code name}, {@code username}, {@code your.name}, {@code firstname.lastname} …) or a word within
   * {@value SampleValues#REACH} characters before saying a test, fixture or sample is meant ({@code @Test … new
   * User("Test User", "test@example.com")}, {@code 单元测试夹具 … 'zhangsan@example.com'}). Such an address reaches
   * no mailbox. A named local part at those domains with no such word ({@code write to jane.doe@example.com})
   * stays an address: demos use it as one person's.
   */
  static boolean standIn(String text, int start, int at, int end) {
    String domain = text.substring(at + 1, end).toLowerCase(Locale.ROOT);
    if (!reserved(domain)) {
      return false;
    }
    return STAND_IN_LOCAL_PARTS.contains(text.substring(start, at).toLowerCase(Locale.ROOT))
        || SampleValues.says(SampleValues.before(text, start));
  }

  /**
   * Says whether the local part {@code [start, at)} names a bot, a machine's mailbox and no one's: it ends in
   * {@code -bot}, {@code _bot} or {@code .bot} ({@code ci-bot@kexin.dev} as a commit's author, {@code build_bot@…}
   * in a CI log). A name that merely ends in the letters ({@code abbot@…}, {@code talbot@…}) is read as before.
   */
  static boolean bot(String text, int start, int at) {
    if (at - start < 5 || !text.regionMatches(true, at - 3, "bot", 0, 3)) {
      return false;
    }
    char c = text.charAt(at - 4);
    return c == '-' || c == '_' || c == '.';
  }

  /** Says whether {@code domain}, lower-case, is reserved for documentation and tests (RFC 2606, RFC 6761). */
  private static boolean reserved(String domain) {
    for (String d : EXAMPLE_DOMAINS) {
      if (domain.equals(d) || domain.endsWith("." + d)) {
        return true;
      }
    }
    return RESERVED_TOP_LEVEL.contains(domain.substring(domain.lastIndexOf('.') + 1));
  }

  /**
   * Says whether the address-like value from {@code start}, its {@code @} at {@code at}, is an iCalendar event's
   * {@code UID} ({@code UID:20261210T020000Z-4471@calendar.example.com}): it opens the value of a line that starts
   * with {@code UID:}, and its local part holds four digits or more, like a message id's. That names an event, no
   * mailbox; {@code UID:zhang.wei@qq.com} stays an address.
   */
  static boolean calendarUid(String text, int start, int at) {
    if (start < 4 || !text.regionMatches(true, start - 4, "UID:", 0, 4)
        || start > 4 && text.charAt(start - 5) != '\n' && text.charAt(start - 5) != '\r') {
      return false;
    }
    int digits = 0;
    for (int i = start; i < at; i++) {
      if (text.charAt(i) >= '0' && text.charAt(i) <= '9') {
        digits++;
      }
    }
    return digits >= 4;
  }

  private static boolean asciiLetter(char c) {
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
  }

  /** Says whether {@code [from, to)} holds a space, tab or line break. */
  private static boolean blank(String text, int from, int to) {
    for (int k = from; k < to; k++) {
      char c = text.charAt(k);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        return true;
      }
    }
    return false;
  }

  /**
   * Says whether the address-like {@code git@host} from {@code start} to {@code end} is the remote of a Git
   * repository in SCP form ({@code git@github.com:org/repo.git}): the local part is {@code git} and a colon and a path
   * follow the host with no space. That names a host's Git service, no person's mailbox; {@code git@host.com: hi}
   * and {@code git@host.com} alone stay addresses.
   */
  static boolean scpRemote(String text, int start, int at, int end) {
    if (at - start != 3 || !text.regionMatches(true, start, "git", 0, 3) || end + 1 >= text.length()
        || text.charAt(end) != ':') {
      return false;
    }
    char c = text.charAt(end + 1);
    return c == '/' || c == '~' || c == '_' || c < 0x80 && Character.isLetterOrDigit(c);
  }

  private static boolean topLevel(String text, int from, int to) {
    if (to - from < 2) {
      return false;
    }
    if (to - from > 4 && text.regionMatches(true, from, "xn--", 0, 4)) {
      return true;
    }
    for (int i = from; i < to; i++) {
      char a = Fold.ascii(text.charAt(i));
      if (a < 'A' || a > 'Z') {
        return false;
      }
    }
    return true;
  }

  private static boolean localChar(char a) {
    return a != Fold.NONE && (Fold.alnum(a) || a == '.' || a == '_' || a == '%' || a == '+' || a == '-');
  }

  private static boolean idnChar(String text, int i) {
    char c = text.charAt(i);
    if (c < 0x80 || (c >= 0xFF01 && c <= 0xFF5E)) {
      return false;
    }
    return Character.isLetterOrDigit(text.codePointAt(i));
  }
}
