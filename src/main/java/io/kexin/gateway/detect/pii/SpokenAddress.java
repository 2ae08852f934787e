package io.kexin.gateway.detect.pii;

import io.kexin.gateway.text.TextTraits;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * Finds e-mail addresses spoken in words of any case, as people dictate them or write them to slip past a filter:
 * {@code john dot smith at gmail dot com}, {@code zhangwei at qq.com}, {@code wang88 at 163 dot com}. A lower-case
 * {@code at} is an everyday word ({@code find us at acme dot com}, {@code I work at example.com}), so a spoken
 * address needs, besides a domain of two labels or more ending in a mail top-level domain, one sign that it is an
 * address: a local part with a dot (spoken or written), a digit or a symbol; or a plain local part that is not a
 * pronoun or verb of the everyday phrases, before a spoken dot or a mail provider's domain; or an e-mail word just
 * before it ({@code 邮箱}, {@code email:}). A domain that starts with an article or possessive ({@code at the dot com
 * bubble}) is none.
 *
 * <p>Hand-written because it is part of the PII pass's reading of disguised values: one bounded look around each
 * {@code at} between spaces, linear in the text.
 */
final class SpokenAddress {
  /** The first labels of the mail providers people most often give addresses at. */
  private static final Set<String> PROVIDERS = Set.of("gmail", "googlemail", "qq", "163", "126", "139", "189",
      "yeah", "sina", "sohu", "aliyun", "foxmail", "outlook", "hotmail", "live", "msn", "yahoo", "icloud", "proton",
      "protonmail", "aol", "gmx", "yandex", "zoho", "tom", "21cn");
  /** Words that start no mail domain after {@code at}: {@code at the dot com bubble}, {@code at my dot net}. */
  private static final Set<String> NO_DOMAIN = Set.of("the", "a", "an", "this", "that", "these", "those", "my",
      "your", "our", "their", "his", "her", "its", "some", "any", "each", "every", "all", "no", "one");
  /** Plain words before {@code at} in everyday phrases, which make no local part on their own. */
  private static final Set<String> NO_LOCAL = Set.of("us", "me", "him", "her", "them", "it", "you", "we", "they",
      "i", "out", "up", "in", "on", "off", "look", "looking", "looked", "looks", "find", "found", "visit", "shop",
      "buy", "available", "here", "there", "online", "work", "works", "working", "stay", "live", "lives", "meet",
      "see", "sign", "log", "login", "apply", "order", "download", "more", "now", "back", "home", "is", "are",
      "was", "be", "arrive", "arrived", "hosted", "located", "listed", "posted", "published", "read", "reach",
      "write", "contact", "email", "mail", "e-mail");
  /** The e-mail words that make a plain local part an address when they stand just before it. */
  private static final String[] CONTEXT = {"邮箱", "邮件", "电邮", "郵箱", "郵件", "email", "e-mail", "mail"};
  /** Bounds how far before a local part an e-mail word counts. */
  private static final int CONTEXT_WINDOW = 24;
  /** Bounds the part of a text searched for an address still open at its end. */
  private static final int MAX_OPEN = EmailRecognizer.MAX_LENGTH + 40;

  private SpokenAddress() {}

  /**
   * Returns the readings of the spoken addresses of {@code s}, in order, three ints each: where a sign starts, where
   * it ends, and the character it reads as ({@code @} or {@code .}); an empty array when there are none.
   */
  static int[] readings(String s) {
    int[] out = new int[0];
    int count = 0;
    int from = 0;
    int n = s.length();
    while (true) {
      int j = atWord(s, from);
      if (j < 0) {
        return Arrays.copyOf(out, count);
      }
      from = j + 2;
      int localEnd = Undisguised.spacesStart(s, j);
      if (localEnd == j || localEnd == 0 || !TextTraits.isAsciiLetterOrDigit(s.charAt(localEnd - 1))) {
        continue;
      }
      int domainStart = Undisguised.spacesEnd(s, j + 2, n);
      if (domainStart == j + 2) {
        continue;
      }
      int[] local = localPart(s, localEnd);
      int[] domain = domain(s, domainStart);
      if (domain.length == 0 || !accepted(s, local, localEnd, domain, domainStart)) {
        continue;
      }
      int need = count + 3 * (local.length / 2 + domain.length / 2 + 1);
      if (out.length < need) {
        out = Arrays.copyOf(out, Math.max(need, 2 * out.length));
      }
      for (int k = local.length - 3; k >= 0; k -= 2) {
        count = put(out, count, local[k], local[k + 1], '.');
      }
      count = put(out, count, localEnd, domainStart, '@');
      // domain[0] is the domain's end; its separators follow in pairs
      for (int k = 1; k < domain.length; k += 2) {
        count = put(out, count, domain[k], domain[k + 1], '.');
      }
      from = domain[0];
    }
  }

  /**
   * Returns where an address spoken in words that more text may still complete begins at the end of {@code s}, or
   * -1: a local part with a spoken dot ({@code john dot sm}), one before an {@code at} in the making ({@code john a})
   * or after one ({@code john at gmail dot c}).
   */
  static int openStart(String s) {
    int n = s.length();
    int r = n;
    while (r > 0 && n - r < MAX_OPEN && addressChar(s.charAt(r - 1))) {
      r--;
    }
    if (!cue(s, r, n)) {
      return -1;
    }
    for (int p = r; p < n; p++) {
      if (localChar(s.charAt(p)) && (p == 0 || !localChar(s.charAt(p - 1))) && openFrom(s, p, n)) {
        return p;
      }
    }
    return -1;
  }

  /** Says whether {@code s} from {@code r} on holds a spoken {@code at} or dot, or ends in the beginning of one. */
  private static boolean cue(String s, int r, int n) {
    for (int i = r; i + 1 < n; i++) {
      if (Undisguised.isSpace(s.charAt(i)) && (word(s, i + 1, n, "at") || word(s, i + 1, n, "dot"))) {
        return true;
      }
    }
    return false;
  }

  /** Says whether {@code word} stands at {@code i} of {@code s}, a space after it, or begins there at its end. */
  private static boolean word(String s, int i, int n, String word) {
    int m = matched(s, i, n, word);
    return i + m == n || m == word.length() && Undisguised.isSpace(s.charAt(i + m));
  }

  /** Returns how many units of {@code word}, lower-case ASCII, stand at {@code k} of {@code s} in any case. */
  private static int matched(String s, int k, int n, String word) {
    int m = 0;
    while (m < word.length() && k + m < n && lower(s, k + m) == word.charAt(m)) {
      m++;
    }
    return m;
  }

  /**
   * Says whether {@code s} from {@code p} to its end is the beginning of a spoken address that holds, or may still
   * hold, a spoken sign: local words joined by dots, then {@code at}, then domain labels joined by dots.
   */
  private static boolean openFrom(String s, int p, int n) {
    boolean domain = false;
    boolean spoken = false;
    boolean firstLabel = false;
    int i = p;
    while (true) {
      int w = i;
      while (i < n && (domain ? domainLabelChar(s.charAt(i)) : localChar(s.charAt(i)))) {
        i++;
      }
      if (i == w) {
        return false;
      }
      if (i == n) {
        return spoken || domain;
      }
      if (firstLabel && NO_DOMAIN.contains(s.substring(w, i).toLowerCase(Locale.ROOT))) {
        return false;
      }
      firstLabel = false;
      // a separator: a written dot, or spaces and a spoken dot, a dot or (in the local part) an at
      if (s.charAt(i) == '.' && !domain) {
        i++;
        if (i == n) {
          return spoken;
        }
        continue;
      }
      int k = Undisguised.spacesEnd(s, i, n);
      if (k == n) {
        return spoken || domain;
      }
      if (Undisguised.isDot(s.charAt(k)) && (k > i || domain)) {
        int after = Undisguised.spacesEnd(s, k + 1, n);
        if (k == i && after > k + 1 && s.charAt(k) == '.') {
          return false;
        }
        if (after == n) {
          return true;
        }
        spoken |= k > i;
        i = after;
        continue;
      }
      if (k == i) {
        return false;
      }
      int word = spokenWord(s, k, n, domain);
      if (word == 0) {
        return false;
      }
      if (word < 0) {
        return true;
      }
      int after = Undisguised.spacesEnd(s, k + (word & 0xFF), n);
      if (after == k + (word & 0xFF)) {
        return after == n;
      }
      if (after == n) {
        return true;
      }
      if (word >>> 8 == '@') {
        // a plain everyday word before "at" (find us at …) makes no local part
        if (!spoken && !written(s, p, i) && NO_LOCAL.contains(s.substring(p, i).toLowerCase(Locale.ROOT))) {
          return false;
        }
        domain = true;
        firstLabel = true;
      }
      spoken = true;
      i = after;
    }
  }

  /** Says whether a written dot stands in {@code [from, to)} of {@code s}. */
  private static boolean written(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == '.') {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns {@code sign << 8 | length} for the spoken {@code at} (not in a domain) or {@code dot} at {@code k} of
   * {@code s}, 0 when none starts there, -1 when {@code s} ends in the beginning of one.
   */
  private static int spokenWord(String s, int k, int n, boolean domain) {
    int dot = matched(s, k, n, "dot");
    if (dot == 3) {
      return '.' << 8 | 3;
    }
    if (k + dot == n) {
      return -1;
    }
    int at = domain ? 0 : matched(s, k, n, "at");
    return at == 2 ? '@' << 8 | 2 : !domain && k + at == n ? -1 : 0;
  }

  /** Returns the index of the next {@code at} of any case between spaces from {@code from} on, or -1. */
  private static int atWord(String s, int from) {
    int n = s.length();
    for (int j = Math.max(from, 1); j + 2 < n; j++) {
      if (matched(s, j, n, "at") == 2 && Undisguised.isSpace(s.charAt(j - 1))
          && Undisguised.isSpace(s.charAt(j + 2))) {
        return j;
      }
    }
    return -1;
  }

  /**
   * Returns the spoken and apart dots of the local part ending at {@code end}, as start and end pairs from the last
   * to the first, and the local part's start as the last element.
   */
  private static int[] localPart(String s, int end) {
    int[] seps = new int[8];
    int count = 0;
    int i = end;
    while (true) {
      int w = i;
      while (w > 0 && end - w < EmailRecognizer.MAX_LENGTH && (localChar(s.charAt(w - 1))
          || s.charAt(w - 1) == '.' && w >= 2 && w < i && localChar(s.charAt(w - 2)) && localChar(s.charAt(w)))) {
        w--;
      }
      // a spoken or apart dot before this word, after another word
      int sep = dotBefore(s, w);
      if (sep < 0 || sep == w) {
        int[] out = Arrays.copyOf(seps, count + 1);
        out[count] = w;
        return out;
      }
      if (count + 2 >= seps.length) {
        seps = Arrays.copyOf(seps, 2 * seps.length);
      }
      seps[count++] = sep;
      seps[count++] = w;
      i = sep;
    }
  }

  /**
   * Returns where the spoken dot ({@code " dot "}) or apart dot ({@code " . "}) that ends at {@code w}, after an
   * ASCII letter or digit, starts; -1 when there is none.
   */
  private static int dotBefore(String s, int w) {
    int k = Undisguised.spacesStart(s, w);
    if (k == w || k == 0) {
      return -1;
    }
    int start;
    if (Undisguised.isDot(s.charAt(k - 1))) {
      start = k - 1;
    } else if (k >= 3 && matched(s, k - 3, k, "dot") == 3) {
      start = k - 3;
    } else {
      return -1;
    }
    int b = Undisguised.spacesStart(s, start);
    // spaces on both sides: a dot that touches a word is part of the local part as written
    return b == start || b == 0 || !TextTraits.isAsciiLetterOrDigit(s.charAt(b - 1)) ? -1 : b;
  }

  /**
   * Returns the domain spoken from {@code from}: its end first, then its spoken and apart dots as start and end
   * pairs; an empty array when no two labels or more ending in a mail top-level domain start there.
   */
  private static int[] domain(String s, int from) {
    int n = s.length();
    int[] seps = new int[9];
    int count = 1;
    int labels = 0;
    int end = -1;
    int endCount = 0;
    int p = from;
    while (p - from <= EmailRecognizer.MAX_LENGTH) {
      int start = p;
      while (p < n && domainLabelChar(s.charAt(p))) {
        p++;
      }
      if (p == start) {
        break;
      }
      labels++;
      if (labels == 1 && NO_DOMAIN.contains(s.substring(start, p).toLowerCase(Locale.ROOT))) {
        return new int[0];
      }
      if (labels >= 2 && Undisguised.mailTld(s.substring(start, p))) {
        end = p;
        endCount = count;
      }
      int sepEnd = dotAfter(s, p, n);
      if (sepEnd < 0) {
        break;
      }
      if (count + 2 >= seps.length) {
        seps = Arrays.copyOf(seps, 2 * seps.length + 1);
      }
      if (sepEnd - p > 1) {
        seps[count++] = p;
        seps[count++] = sepEnd;
      }
      p = sepEnd;
    }
    if (end < 0) {
      return new int[0];
    }
    int[] out = Arrays.copyOf(seps, endCount);
    out[0] = end;
    return out;
  }

  /**
   * Returns where the dot after a domain label at {@code p} ends, before the next label: a written dot, a dot with
   * spaces around it, or {@code dot} between spaces; -1 when no dot and label follow.
   */
  private static int dotAfter(String s, int p, int n) {
    int k = Undisguised.spacesEnd(s, p, n);
    int e;
    if (k < n && Undisguised.isDot(s.charAt(k))) {
      e = Undisguised.spacesEnd(s, k + 1, n);
      if (k == p && e > k + 1 && s.charAt(k) == '.') {
        // a full stop that ends a sentence (at home. Call me) divides no domain
        return -1;
      }
    } else if (k > p && k + 3 < n && matched(s, k, n, "dot") == 3) {
      e = Undisguised.spacesEnd(s, k + 3, n);
      if (e == k + 3) {
        return -1;
      }
    } else {
      return -1;
    }
    return e < n && TextTraits.isAsciiLetterOrDigit(s.charAt(e)) ? e : -1;
  }

  /** Says whether the local part, the {@code at} and the domain found make an address (see the class comment). */
  private static boolean accepted(String s, int[] local, int localEnd, int[] domain, int domainStart) {
    int localStart = local[local.length - 1];
    if (local.length > 1) {
      return true;
    }
    for (int i = localStart; i < localEnd; i++) {
      if (!Character.isLetter(s.charAt(i))) {
        return true;
      }
    }
    if (NO_LOCAL.contains(s.substring(localStart, localEnd).toLowerCase(Locale.ROOT))) {
      return false;
    }
    if (context(s, localStart)) {
      return true;
    }
    int firstEnd = domainStart;
    while (domainLabelChar(s.charAt(firstEnd))) {
      firstEnd++;
    }
    return domain.length > 1 || PROVIDERS.contains(s.substring(domainStart, firstEnd).toLowerCase(Locale.ROOT));
  }

  /** Says whether an e-mail word stands just before {@code localStart}. */
  private static boolean context(String s, int localStart) {
    int from = Math.max(0, localStart - CONTEXT_WINDOW);
    String before = s.substring(from, localStart).toLowerCase(Locale.ROOT);
    for (String word : CONTEXT) {
      for (int k = before.indexOf(word); k >= 0; k = before.indexOf(word, k + 1)) {
        // a word of its own: "gmail" holds no "mail"
        if (k == 0 ? from == 0 || !Character.isLetter(s.charAt(from - 1)) : !Character.isLetter(before.charAt(k - 1))) {
          return true;
        }
      }
    }
    return false;
  }

  private static int put(int[] out, int count, int start, int end, char c) {
    out[count] = start;
    out[count + 1] = end;
    out[count + 2] = c;
    return count + 3;
  }



  private static char lower(String s, int i) {
    char c = s.charAt(i);
    return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
  }

  private static boolean localChar(char c) {
    return TextTraits.isAsciiLetterOrDigit(c) || c == '_' || c == '%' || c == '+' || c == '-';
  }

  private static boolean domainLabelChar(char c) {
    return TextTraits.isAsciiLetterOrDigit(c) || c == '-';
  }

  private static boolean addressChar(char c) {
    return localChar(c) || Undisguised.isSpace(c) || Undisguised.isDot(c);
  }


}
