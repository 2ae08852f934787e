package io.kexin.gateway.detect.injection;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a value written in ROT13 or backwards, which a model turns back when asked and which no shape tells from
 * other text in general: only where what the turning leaves is a value's own shape is a token read turned. ROT13:
 * a credential's prefix ({@code NXVN} for {@code AKIA}, {@code tuc_} for {@code ghp_}, {@code fx-} before a long
 * key), a PEM header ({@code -----ORTVA}), an e-mail address whose domain ends in a common top-level domain turned
 * ({@code .pbz}, {@code .arg}, {@code .bet}). Backwards: the same prefixes at a token's end ({@code …AIKA},
 * {@code …_phg}, {@code …-ks}), a PEM footer ({@code NIGEB-----}), an address whose part before the {@code @} starts
 * with a turned domain ending ({@code moc.elpmaxe@…}), and an 18-character run shaped like a Chinese ID number
 * backwards (its checksum decides, in the ID rule). ROT13 leaves digits as they are, so numbers need no reading but
 * an ID number's check {@code X}, which it turns into {@code K} ({@code 11010519491231002K}). Other digit runs read
 * backwards are read only after a word that says so: a mobile number ({@code 倒序 87654321831}), since any 11-digit
 * run ending in {@code 31} would read as one. Hand-written because its gate ({@link ReadingGates}) runs over every
 * request text. Stateless.
 */
final class TurnedReadings {
  /** Bounds a PEM block read turned. */
  private static final int MAX_BLOCK = 8192;
  private static final String[] ROT13_DOMAINS = {".pbz", ".arg", ".bet", ".rqh", ".tbi", ".vasb", ".vb", ".wc",
      ".hx", ".qr", ".ux", ".gj", ".zr", ".pb.hx", ".pbz.pa"};
  private static final String[] REVERSED_DOMAINS = {"moc.", "ten.", "gro.", "ude.", "vog.", "ofni.", "oi.", "nc.",
      "pj.", "ku.", "ed.", "kh.", "wt."};

  private TurnedReadings() {}

  /** Says whether a cue that {@link #find} reads starts or sits at unit {@code k}. */
  static boolean cueAt(char[] u, int k, int n) {
    char c = u[k];
    switch (c) {
      case 'N':
        return k + 3 < n && (u[k + 1] == 'X' || u[k + 1] == 'F') && u[k + 2] == 'V' && u[k + 3] == 'N';
      case 'A':
        return k + 3 < n && u[k + 1] == 'I' && (u[k + 2] == 'K' || u[k + 2] == 'S') && u[k + 3] == 'A'
            && (k + 4 == n || !isKey(u[k + 4]));
      case '_':
        return k >= 3 && u[k - 3] == 't' && u[k - 2] == 'u' && "cbhfe".indexOf(u[k - 1]) >= 0
            || k + 3 < n && "pousr".indexOf(u[k + 1]) >= 0 && u[k + 2] == 'h' && u[k + 3] == 'g';
      case '-':
        return k >= 2 && u[k - 2] == 'f' && u[k - 1] == 'x' || k + 2 < n && u[k + 1] == 'k' && u[k + 2] == 's'
            || k + 9 < n && u[k + 5] == 'O' && u[k + 6] == 'R' && u[k + 7] == 'T' && u[k + 8] == 'V'
            && u[k + 9] == 'A' || k >= 5 && u[k - 1] == 'B' && u[k - 2] == 'E' && u[k - 3] == 'G';
      case '@':
        return true;
      default:
        return false;
    }
  }

  /**
   * Says whether the digit run ending at {@code k} may be a Chinese ID number backwards (18 units, maybe an X first)
   * or with its check {@code X} in ROT13 (17 digits, then a {@code K}).
   */
  static boolean idShapeEndsAt(char[] u, int k, int n) {
    if (k + 1 < n && u[k + 1] >= '0' && u[k + 1] <= '9') {
      return false;
    }
    int digits = 0;
    int p = k;
    while (p >= 0 && u[p] >= '0' && u[p] <= '9') {
      digits++;
      p--;
    }
    return digits == 18 || digits == 17 && (p >= 0 && (u[p] == 'X' || u[p] == 'x')
        || k + 1 < n && (u[k + 1] == 'K' || u[k + 1] == 'k') && (k + 2 == n || !isKey(u[k + 2]) || u[k + 2] == '.'));
  }

  /**
   * Says whether the digit run {@code [from, to)} may be a mainland mobile number written backwards after a word that
   * says so ({@code 倒序}, {@code 倒过来}, {@code reversed}, {@code backwards} … at most {@value #CUE_WINDOW} units
   * before it): eleven digits ending in {@code 1} and a digit from 3 to 9. Without such a word it is not read, since
   * any 11-digit run ending in {@code 31} would read as one.
   */
  static boolean reversedPhoneAt(char[] u, int from, int to) {
    return to - from == 11 && u[to - 1] == '1' && u[to - 2] >= '3' && u[to - 2] <= '9'
        && reversedCueBefore(u, from);
  }

  /** Bounds how far before a digit run a word saying it is written backwards is looked for. */
  static final int CUE_WINDOW = 24;
  /** Words before a number that say it is written backwards; matched as prefixes, so {@code reversed} is read too. */
  private static final String[] REVERSED_CUES = {"倒序", "倒过来", "倒着", "反过来", "反序", "逆序", "倒写", "倒转",
      "backward", "reverse"};

  private static boolean reversedCueBefore(char[] u, int from) {
    int start = Math.max(0, from - CUE_WINDOW);
    for (int p = from - 1; p >= start; p--) {
      char c = u[p];
      if (c == '倒' || c == '反' || c == '逆' || c == 'r' || c == 'R' || c == 'b' || c == 'B') {
        for (String cue : REVERSED_CUES) {
          if (p + cue.length() <= from && regionMatches(u, p, cue)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static boolean regionMatches(char[] u, int p, String cue) {
    for (int k = 0; k < cue.length(); k++) {
      char c = u[p + k];
      if (c != cue.charAt(k) && (c < 'A' || c > 'Z' || c + 32 != cue.charAt(k))) {
        return false;
      }
    }
    return true;
  }

  /** Returns the tokens of {@code text} read turned, each spanning the token as written. */
  static List<Payloads.Decoded> find(String text) {
    List<Payloads.Decoded> out = new ArrayList<>(1);
    char[] units = null;
    int n = text.length();
    int i = 0;
    while (i < n) {
      if (!isKey(text.charAt(i))) {
        i++;
        continue;
      }
      int end = i;
      while (end < n && isKey(text.charAt(end))) {
        end++;
      }
      // a full stop after a token ends a sentence
      int stop = end;
      while (end > i + 1 && text.charAt(end - 1) == '.') {
        end--;
      }
      if (text.startsWith("-----ORTVA", i)) {
        // the block through its END line (-----RAQ … -----), or as much as is read of one without it
        int footer = text.indexOf("-----RAQ", i);
        int close = footer < 0 ? -1 : text.indexOf("-----", footer + 8);
        int block = close < 0 || close > i + MAX_BLOCK ? Math.min(n, i + MAX_BLOCK) : close + 5;
        out.add(new Payloads.Decoded(i, block, "rot13", rot13(text, i, block)));
        i = block;
        continue;
      }
      int footer = text.indexOf("NIGEB-----", i);
      if (footer >= i && footer < end) {
        // backwards, the block's END line comes first: -----YEK ETAVIRP ASR DNE-----
        int endLine = text.lastIndexOf("DNE-----", footer);
        int head = endLine < 0 ? -1 : text.lastIndexOf("-----", endLine);
        int start = head >= 0 && footer - head < MAX_BLOCK ? head : Math.max(0, footer - MAX_BLOCK);
        out.add(new Payloads.Decoded(start, footer + 10, "reversed", reversed(text, start, footer + 10)));
        i = stop;
        continue;
      }
      String token = text.substring(i, end);
      if (end - i == 11 && digits(token) == 11 && reversedPhoneAt(units == null ? units = text.toCharArray() : units,
          i, end)) {
        out.add(new Payloads.Decoded(i, end, "reversed", reversed(text, i, end)));
      } else if (rot13Shape(token)) {
        out.add(new Payloads.Decoded(i, end, "rot13", rot13(text, i, end)));
      } else if (reversedShape(token)) {
        out.add(new Payloads.Decoded(i, end, "reversed", reversed(text, i, end)));
      }
      i = stop;
    }
    return out;
  }

  private static int digits(String t) {
    int digits = 0;
    for (int k = 0; k < t.length(); k++) {
      if (t.charAt(k) >= '0' && t.charAt(k) <= '9') {
        digits++;
      }
    }
    return digits;
  }

  private static boolean rot13Shape(String t) {
    if (t.length() == 18 && digits(t) == 17 && (t.charAt(17) == 'K' || t.charAt(17) == 'k')) {
      // an ID number whose check X alone ROT13 turned; its checksum decides, in the ID rule
      return true;
    }
    if (t.contains("NXVN") || t.contains("NFVN") || t.contains("tvguho_cng_")) {
      return true;
    }
    for (String prefix : new String[] {"tuc_", "tub_", "tuh_", "tuf_", "tue_"}) {
      int at = t.indexOf(prefix);
      if (at >= 0 && t.length() - at >= 24) {
        return true;
      }
    }
    int sk = t.indexOf("fx-");
    if (sk >= 0 && t.length() - sk >= 23) {
      return true;
    }
    int at = t.indexOf('@');
    if (at > 0) {
      for (String domain : ROT13_DOMAINS) {
        if (t.endsWith(domain) && t.length() - at > domain.length() + 1) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean reversedShape(String t) {
    int n = t.length();
    if (n >= 20 && (t.endsWith("AIKA") || t.endsWith("AISA"))) {
      return true;
    }
    if (n >= 24 && t.charAt(n - 4) == '_' && t.endsWith("hg") && "pousr".indexOf(t.charAt(n - 3)) >= 0
        || n >= 23 && t.endsWith("-ks") || t.endsWith("_tap_buhtig")) {
      return true;
    }
    int at = t.indexOf('@');
    if (at > 0) {
      for (String domain : REVERSED_DOMAINS) {
        if (t.startsWith(domain) && at > domain.length()) {
          return true;
        }
      }
    }
    int digits = 0;
    for (int k = 0; k < n; k++) {
      if (t.charAt(k) >= '0' && t.charAt(k) <= '9') {
        digits++;
      }
    }
    return n == 18 && (digits == 18 || digits == 17 && (t.charAt(0) == 'X' || t.charAt(0) == 'x'));
  }

  /** Returns {@code text[from, to)} with every ASCII letter turned 13 places. */
  static String rot13(String text, int from, int to) {
    char[] out = new char[to - from];
    for (int k = from; k < to; k++) {
      char c = text.charAt(k);
      out[k - from] = c >= 'a' && c <= 'z' ? (char) ('a' + (c - 'a' + 13) % 26)
          : c >= 'A' && c <= 'Z' ? (char) ('A' + (c - 'A' + 13) % 26) : c;
    }
    return new String(out);
  }

  /** Returns {@code text[from, to)} backwards (a surrogate pair kept in its order). */
  static String reversed(String text, int from, int to) {
    return new StringBuilder(text.substring(from, to)).reverse().toString();
  }

  /** Says whether {@code c} may be part of a credential or an address: an ASCII letter or digit, or {@code _-@.+/=}. */
  private static boolean isKey(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '@'
        || c == '.' || c == '+' || c == '/' || c == '=';
  }
}
