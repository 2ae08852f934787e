package io.kexin.gateway.detect.injection;

import io.kexin.gateway.text.ScanText;
import io.kexin.gateway.text.TextTraits;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds text hidden by an encoding in one pass over a text, and decodes it within bounds: base64 (standard and
 * URL-safe), hex (plain and {@code \x} escapes), URL encoding ({@code %XX}), Unicode tag characters, base32, base58,
 * base85 (Ascii85, Z85, RFC 1924), quoted-printable and lists of byte values (binary octets, decimals), and once more
 * inside what was decoded (base64 in base64). Only runs that decode to readable text (UTF-8, or GB 2312 for Chinese
 * written in that legacy encoding) are returned; a run longer than {@link #BLOCK} is decoded in overlapping blocks,
 * so that every span returned is at most that long. The injection detector reads them for hidden instructions, the
 * policy engine for personal data and credentials hidden the same way. Stateless and thread-safe.
 */
public final class Payloads {
  /** Longest span of encoded text decoded at once. */
  static final int BLOCK = 4096;
  private static final int STRIDE = 3072;
  private static final int MIN_BASE64 = 20;
  /** Shortest base64 run read for numbers: an 11-digit phone number or an SSN encodes to 15 characters unpadded. */
  private static final int MIN_BASE64_NUMBERS = 14;
  private static final int MIN_HEX = 16;
  static final int MIN_ESCAPES = 4;
  private static final int MIN_TAGS = 4;

  /** Bits of {@link #GATE}: a unit of a run (base64, {@code =}, {@code %}), a {@code %}, a backslash, a tag's high unit. */
  static final int RUN = 1;
  static final int PERCENT = 2;
  static final int ESCAPE = 4;
  static final int TAG = 8;
  /** Per ASCII unit, what {@link #mayHold} reads of it. */
  private static final byte[] GATE = new byte[128];

  static {
    for (char c = 0; c < 128; c++) {
      GATE[c] = (byte) ((isBase64(c) || c == '=' || c == '%' ? RUN : 0) | (c == '%' ? PERCENT : 0)
          | (c == '\\' ? ESCAPE : 0));
    }
  }

  /** One bit per unit that gives a text the trait of a backslash, a {@code %} or an invisible unit. */
  private static final long[] ESCAPE_OR_HIDDEN = escapesOrHidden();

  /** Holds one decoded run: its span in the scanned text, the encoding and the text it decodes to. */
  public record Decoded(int start, int end, String encoding, String text) {}

  private Payloads() {}

  /** Returns the decoded runs of {@code text} that read as prose, at most {@code budget} decoded units in all. */
  static List<Decoded> find(String text, int budget) {
    return find(text, budget, false);
  }

  /**
   * Returns the decoded runs of {@code text} that read as text, at most {@code budget} decoded units in all; with
   * {@code numbers}, digits count as letters do, so that a run decoding to a phone or card number is kept.
   */
  public static List<Decoded> find(String text, int budget, boolean numbers) {
    int[] left = {budget};
    List<Decoded> out = find(text, left, numbers);
    // A model decodes twice when asked to (base64 of base64, hex of base64): what a run decodes to is searched once
    // more, its findings spanning the outer run.
    for (int k = 0, count = out.size(); k < count && left[0] > 0; k++) {
      Decoded outer = out.get(k);
      if (outer.text().length() < MIN_BASE64_NUMBERS || !mayHold(outer.text().toCharArray(), outer.text().length(),
          numbers)) {
        continue;
      }
      for (Decoded inner : find(outer.text(), left, numbers)) {
        out.add(new Decoded(outer.start(), outer.end(), inner.encoding() + " in " + outer.encoding(), inner.text()));
      }
    }
    return out;
  }

  private static List<Decoded> find(String text, int[] left, boolean numbers) {
    List<Decoded> out = new ArrayList<>();
    int n = text.length();
    int i = 0;
    // the end of the token of printable ASCII units that the search looked at last as base85 or a list of bytes
    int token = 0;
    // the first '=' at or after the token looked at, -1 when none follows, found by String.indexOf (vectorized): a
    // token without one holds no quoted-printable escape, and most texts have none at all
    int equals = text.indexOf('=');
    while (i < n && left[0] > 0) {
      char c = text.charAt(i);
      if (i >= token && c < 0x7F && c > ' ' && (i == 0 || !Base85Text.isTokenUnit(text.charAt(i - 1))
          || c >= '0' && c <= '9' && !Character.isLetterOrDigit(text.charAt(i - 1)))) {
        int end = tokenEnd(text, i);
        token = end;
        int next = c >= '0' && c <= '9' ? byteList(text, i, out, left, numbers) : -1;
        if (next < 0 && end - i >= Base85Text.MIN && hasBase85Only(text, i, end)) {
          next = base85(text, i, end, out, left, numbers);
        }
        if (equals >= 0 && equals < i) {
          equals = text.indexOf('=', i);
        }
        if (next < 0 && equals >= 0 && equals < end
            && QuotedPrintable.escapes(text, i, end) >= QuotedPrintable.MIN_ESCAPES) {
          int stop = Math.min(QuotedPrintable.end(text, i, end), i + BLOCK);
          String decoded = readable(QuotedPrintable.decode(text, i, stop, BLOCK), -1, numbers);
          if (decoded != null) {
            add(out, left, i, stop, "quoted-printable", decoded);
            next = stop;
          }
        }
        if (next >= 0) {
          i = next;
          continue;
        }
      }
      if (c == 0xDB40 && i + 1 < n && isTag(text.charAt(i + 1))) {
        i = tags(text, i, out, left);
      } else if (c == '\\' && i + 3 < n && text.charAt(i + 1) == 'x' && hex(text.charAt(i + 2)) >= 0) {
        i = escapes(text, i, 4, out, left, "hex", numbers);
      } else if (isBase64(c)) {
        int j = i;
        int percents = 0;
        while (j < n && (isBase64(text.charAt(j)) || text.charAt(j) == '%' || text.charAt(j) == '=')) {
          if (text.charAt(j) == '%') {
            percents++;
          }
          j++;
        }
        if (percents >= MIN_ESCAPES) {
          urlEncoded(text, i, j, out, left, numbers);
        } else {
          run(text, i, j, out, left, numbers);
        }
        i = j;
      } else if (c == '%') {
        int j = i;
        while (j < n && !Character.isWhitespace(text.charAt(j)) && text.charAt(j) != '"') {
          j++;
        }
        urlEncoded(text, i, j, out, left, numbers);
        i = Math.max(j, i + 1);
      } else {
        i++;
      }
    }
    return out;
  }

  /**
   * Says whether {@link #find(String, int, boolean)} may return a run for the text whose units are the first
   * {@code n} of {@code u}: false only when the text holds no Unicode tag character, no {@code \x}, fewer than
   * {@value #MIN_ESCAPES} {@code %} and no run of base64, {@code %} and {@code =} characters as long as the shortest
   * base64 or hex run read. One pass over the units, cheaper than looking for runs, which most texts do not hold.
   */
  public static boolean mayHold(char[] u, int n, boolean numbers) {
    int shortest = shortestRun(numbers);
    int run = 0;
    int percents = 0;
    for (int i = 0; i < n; i++) {
      char c = u[i];
      int g = c < 128 ? GATE[c] : c == 0xDB40 ? TAG : 0;
      if ((g & RUN) != 0) {
        if (++run >= shortest || (g & PERCENT) != 0 && ++percents >= MIN_ESCAPES) {
          return true;
        }
      } else {
        run = 0;
        if (g != 0 && ((g & TAG) != 0 || i + 1 < n && u[i + 1] == 'x')) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Says what {@link #mayHold(char[], int, boolean)} says of the whole of {@code text}: read from the gates of the
   * scan text when they are computed already ({@link PayloadGates}, one pass for both answers and the letter-spacing
   * gate); else, when the text's traits (from its units, {@link #escapesOrHides}, when no one computed them) show no
   * backslash, {@code %} or invisible unit (so no {@code \x}, escape or tag character), from its long runs alone ({@link #holdsRun}), which reads a fraction of the units.
   */
  public static boolean mayHold(ScanText text, boolean numbers) {
    if (!text.hasDerived(PayloadGates.PASS) && !escapesOrHides(text)) {
      return holdsRun(text.units(), text.original().length(), shortestRun(numbers));
    }
    PayloadGates gates = text.derived(PayloadGates.PASS);
    return numbers ? gates.numbers() : gates.prose();
  }

  /**
   * Says whether the first {@code n} units of {@code u} have any of the traits {@link TextTraits#BACKSLASH},
   * {@link TextTraits#PERCENT} and {@link TextTraits#INVISIBLE}, as {@link TextTraits#of(char[], int)} computes them:
   * each comes of one unit alone, so one bit test per unit answers. Hand-written because the policy engine asks it of
   * every reading of joined texts, whose decoded text no one computed the traits of: the whole traits pass (every
   * space looked at twice, for spelled-out signs and letter-spaced runs) cost a quarter of that reading's time.
   */
  static boolean escapesOrHides(char[] u, int n) {
    long[] units = ESCAPE_OR_HIDDEN;
    for (int i = 0; i < n; i++) {
      char c = u[i];
      if ((units[c >>> 6] & 1L << c) != 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * Says whether {@code text} has any of the traits {@link TextTraits#BACKSLASH}, {@link TextTraits#PERCENT} and
   * {@link TextTraits#INVISIBLE}: from its traits when they are computed, else from its units.
   */
  private static boolean escapesOrHides(ScanText text) {
    int known = text.knownTraits();
    return known >= 0 ? (known & (TextTraits.BACKSLASH | TextTraits.PERCENT | TextTraits.INVISIBLE)) != 0
        : escapesOrHides(text.units(), text.original().length());
  }

  /** Returns one bit per unit that alone gives a text one of the traits {@link #escapesOrHides} asks about. */
  private static long[] escapesOrHidden() {
    long[] bits = new long[0x10000 >>> 6];
    char[] one = new char[1];
    for (int c = 0; c < 0x10000; c++) {
      one[0] = (char) c;
      if ((TextTraits.of(one, 1) & (TextTraits.BACKSLASH | TextTraits.PERCENT | TextTraits.INVISIBLE)) != 0) {
        bits[c >>> 6] |= 1L << c;
      }
    }
    return bits;
  }

  /**
   * Says whether the first {@code n} units of {@code u} hold a run of at least {@code length} units of base64 and
   * {@code =}. Written by hand because the policy engine asks it of every request text: a run that long holds a unit
   * whose index is one less than a multiple of {@code length}, so only those units are read, and the run around
   * each that is a run unit; prose, whose words are shorter, costs a few reads per {@code length} units.
   */
  static boolean holdsRun(char[] u, int n, int length) {
    for (int p = length - 1; p < n; p += length) {
      if (!runUnit(u[p])) {
        continue;
      }
      int from = p;
      while (from > 0 && p - from < length - 1 && runUnit(u[from - 1])) {
        from--;
      }
      int to = p + 1;
      while (to < n && to - from < length && runUnit(u[to])) {
        to++;
      }
      if (to - from >= length) {
        return true;
      }
    }
    return false;
  }

  /** Says whether {@code c} is a unit of a base64 run, {@code =} included (a {@code %} is not looked for here). */
  private static boolean runUnit(char c) {
    return c < 128 && (GATE[c] & RUN) != 0;
  }

  /** Returns the length of the shortest base64 or hex run read, for prose or for numbers. */
  static int shortestRun(boolean numbers) {
    return Math.min(MIN_HEX, numbers ? MIN_BASE64_NUMBERS : MIN_BASE64);
  }

  /** Returns the {@link #RUN}, {@link #PERCENT} and {@link #ESCAPE} bits of ASCII unit {@code c}. */
  static int gate(char c) {
    return GATE[c];
  }

  /** Decodes a run of base64 or hex characters {@code [from, to)} (a trailing {@code =} padding included). */
  private static void run(String text, int from, int to, List<Decoded> out, int[] left, boolean numbers) {
    int end = to;
    while (end > from && text.charAt(end - 1) == '=') {
      end--;
    }
    int length = end - from;
    int minBase64 = numbers ? MIN_BASE64_NUMBERS : MIN_BASE64;
    if (length < Math.min(MIN_HEX, minBase64)) {
      return;
    }
    boolean hex = length >= MIN_HEX && length % 2 == 0;
    for (int k = from; hex && k < end; k++) {
      hex = hex(text.charAt(k)) >= 0;
    }
    if (!hex && length < minBase64) {
      return;
    }
    for (int s = from; s < end && left[0] > 0; s += STRIDE) {
      int e = Math.min(end, s + BLOCK);
      String decoded = hex ? hexDecode(text, s, s + (e - s) / 2 * 2, numbers)
          : base64Decode(text, s, s + (e - s) / 4 * 4, e, numbers);
      if (decoded == null && !hex && s == from && e == end) {
        // not base64: the same alphabet also writes base32 and base58, tried on runs read whole
        decoded = readable(Base32Text.decode(text, s, e), -1, numbers);
        if (decoded != null) {
          add(out, left, s, to, "base32", decoded);
          break;
        }
        decoded = readable(Base58Text.decode(text, s, e), -1, numbers);
        if (decoded != null) {
          add(out, left, s, to, "base58", decoded);
          break;
        }
        // Z85 and RFC 1924 base85 may also keep to base64's letters, digits, '-', '+', '/' and '_'
        if (base85(text, s, e, out, left, numbers) >= 0) {
          break;
        }
      }
      if (decoded != null) {
        left[0] -= decoded.length();
        out.add(new Decoded(s, e == end ? to : e, hex ? "hex" : "base64", decoded));
      }
      if (e == end) {
        break;
      }
    }
  }

  private static String hexDecode(String text, int from, int to, boolean numbers) {
    byte[] bytes = new byte[(to - from) / 2];
    for (int k = 0; k < bytes.length; k++) {
      bytes[k] = (byte) (hex(text.charAt(from + 2 * k)) << 4 | hex(text.charAt(from + 2 * k + 1)));
    }
    return readable(bytes, bytes.length, numbers);
  }

  private static String base64Decode(String text, int from, int aligned, int end, boolean numbers) {
    int to = aligned;
    // An unpadded tail of two or three characters still decodes to one or two bytes.
    if (end - aligned >= 2) {
      to = end;
    }
    byte[] bytes = new byte[(to - from) * 3 / 4 + 3];
    int count = 0;
    int acc = 0;
    int bits = 0;
    for (int k = from; k < to; k++) {
      int v = base64Value(text.charAt(k));
      if (v < 0) {
        return null;
      }
      acc = acc << 6 | v;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        bytes[count++] = (byte) (acc >> bits);
        acc &= (1 << bits) - 1;
      }
    }
    return readable(bytes, count, numbers);
  }

  /** Decodes {@code \xHH} escapes starting at {@code from}; other units between escapes end the run. */
  private static int escapes(String text, int from, int width, List<Decoded> out, int[] left, String encoding,
      boolean numbers) {
    int n = text.length();
    int j = from;
    byte[] bytes = new byte[Math.min(BLOCK, (n - from) / width + 1)];
    int count = 0;
    while (j + 3 < n && text.charAt(j) == '\\' && text.charAt(j + 1) == 'x'
        && hex(text.charAt(j + 2)) >= 0 && hex(text.charAt(j + 3)) >= 0 && count < bytes.length) {
      bytes[count++] = (byte) (hex(text.charAt(j + 2)) << 4 | hex(text.charAt(j + 3)));
      j += width;
    }
    if (count >= MIN_ESCAPES) {
      String decoded = readable(bytes, count, numbers);
      if (decoded != null) {
        left[0] -= decoded.length();
        out.add(new Decoded(from, j, encoding, decoded));
      }
    }
    return Math.max(j, from + 1);
  }

  /** Decodes {@code %XX} escapes in {@code [from, to)}; needs at least {@value #MIN_ESCAPES} of them. */
  private static void urlEncoded(String text, int from, int to, List<Decoded> out, int[] left, boolean numbers) {
    int end = Math.min(to, from + BLOCK);
    byte[] bytes = new byte[(end - from) * 3];
    int count = 0;
    int escapes = 0;
    for (int k = from; k < end; k++) {
      char c = text.charAt(k);
      if (c == '%' && k + 2 < end && hex(text.charAt(k + 1)) >= 0
          && hex(text.charAt(k + 2)) >= 0) {
        bytes[count++] = (byte) (hex(text.charAt(k + 1)) << 4 | hex(text.charAt(k + 2)));
        escapes++;
        k += 2;
      } else if (c == '+') {
        bytes[count++] = ' ';
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        for (byte x : b) {
          bytes[count++] = x;
        }
      }
    }
    if (escapes < MIN_ESCAPES) {
      return;
    }
    String decoded = readable(bytes, count, numbers);
    if (decoded != null) {
      left[0] -= decoded.length();
      out.add(new Decoded(from, end, "url-encoded", decoded));
    }
  }

  /** Decodes a run of Unicode tag characters (U+E0000..U+E007F) into the ASCII they mirror. */
  private static int tags(String text, int from, List<Decoded> out, int[] left) {
    int n = text.length();
    StringBuilder b = new StringBuilder();
    int j = from;
    while (j + 1 < n && text.charAt(j) == 0xDB40 && isTag(text.charAt(j + 1)) && j - from < BLOCK) {
      int ascii = text.charAt(j + 1) - 0xDC00;
      b.append(ascii >= 0x20 && ascii < 0x7F ? (char) ascii : ' ');
      j += 2;
    }
    if (b.length() >= MIN_TAGS && !b.toString().isBlank()) {
      left[0] -= b.length();
      out.add(new Decoded(from, j, "unicode-tags", b.toString()));
    }
    return Math.max(j, from + 1);
  }

  /**
   * Returns the UTF-8 text of {@code bytes} if it is readable: valid, at most 1 in 10 units not printable, and at
   * least half of them letters (or digits, with {@code numbers}).
   */
  private static String readable(byte[] bytes, int count, boolean numbers) {
    if (bytes == null) {
      return null;
    }
    if (count < 0) {
      count = bytes.length;
    }
    if (count < 6) {
      return null;
    }
    CharBuffer chars;
    try {
      chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, count));
    } catch (CharacterCodingException e) {
      chars = gb2312(bytes, count);
      if (chars == null) {
        return null;
      }
    }
    int bad = 0;
    int letters = 0;
    for (int k = 0; k < chars.length(); k++) {
      char c = chars.charAt(k);
      if (Character.isLetter(c) || numbers && Character.isDigit(c)) {
        letters++;
      } else if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' || c == 0x7F || c == 0xFFFD) {
        bad++;
      }
    }
    return bad * 10 <= chars.length() && letters * 2 >= chars.length() ? chars.toString() : null;
  }

  /**
   * Returns the text of {@code bytes} read as GB 2312 (in its EUC-CN form, which GBK and GB 18030 extend), or null
   * when a byte pair falls outside its symbols and Han rows: Chinese text encoded from a legacy code page decodes to
   * such pairs, while random bytes, which GBK would read as rare characters, nearly never keep to them.
   */
  private static CharBuffer gb2312(byte[] bytes, int count) {
    int pairs = 0;
    for (int k = 0; k < count; k++) {
      int b = bytes[k] & 0xFF;
      if (b < 0x80) {
        continue;
      }
      if (b < 0xA1 || b > 0xF7 || b > 0xA9 && b < 0xB0 || k + 1 >= count || (bytes[k + 1] & 0xFF) < 0xA1
          || (bytes[k + 1] & 0xFF) > 0xFE) {
        return null;
      }
      k++;
      pairs++;
    }
    if (pairs == 0) {
      return null;
    }
    try {
      return java.nio.charset.Charset.forName("GBK").newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, count));
    } catch (CharacterCodingException | RuntimeException e) {
      return null;
    }
  }

  /** Adds a decoded run when there is one. */
  private static void add(List<Decoded> out, int[] left, int start, int end, String encoding, String decoded) {
    if (decoded != null) {
      left[0] -= decoded.length();
      out.add(new Decoded(start, end, encoding, decoded));
    }
  }

  /** Returns the end of the token of printable ASCII units but the space that starts at {@code from}. */
  private static int tokenEnd(String text, int from) {
    int k = from;
    int n = text.length();
    while (k < n && k - from < BLOCK && Base85Text.isTokenUnit(text.charAt(k))) {
      k++;
    }
    return k;
  }

  /**
   * Says whether the token {@code [from, to)} holds a unit outside the alphabets of base64, hex and URL encoding,
   * which the other branches read: a base85 token nearly always does.
   */
  static boolean hasBase85Only(String text, int from, int to) {
    for (int k = from; k < to; k++) {
      char c = text.charAt(k);
      if (!isBase64(c) && c != '=' && c != '%') {
        return true;
      }
    }
    return false;
  }

  /** Decodes a base85 token whole; returns where the search goes on, or -1 when it does not read as text. */
  private static int base85(String text, int from, int to, List<Decoded> out, int[] left, boolean numbers) {
    for (byte[] bytes : Base85Text.decodings(text, from, to)) {
      String decoded = readable(bytes, -1, numbers);
      if (decoded != null) {
        add(out, left, from, to, "base85", decoded);
        return to;
      }
    }
    return -1;
  }

  /** Decodes a list of byte values at {@code from}; returns where the search goes on, or -1 when there is none. */
  private static int byteList(String text, int from, List<Decoded> out, int[] left, boolean numbers) {
    ByteLists.Read list = ByteLists.at(text, from, BLOCK);
    if (list == null) {
      return -1;
    }
    String decoded = readable(list.bytes(), -1, numbers);
    if (decoded == null) {
      return -1;
    }
    add(out, left, from, list.end(), list.binary() ? "binary" : "decimal", decoded);
    return list.end();
  }

  private static boolean isTag(char low) {
    return low >= 0xDC00 && low <= 0xDC7F;
  }

  private static boolean isBase64(char c) {
    return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '-'
        || c == '_';
  }

  private static int base64Value(char c) {
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
      return c - '0' + 52;
    }
    return c == '+' || c == '-' ? 62 : c == '/' || c == '_' ? 63 : -1;
  }

  private static int hex(char c) {
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10
        : -1;
  }
}
