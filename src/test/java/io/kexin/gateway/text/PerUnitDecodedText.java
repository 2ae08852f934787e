package io.kexin.gateway.text;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;

/**
 * Keeps the decoding as it was written before {@link DecodedText} mapped its units in pieces ({@link SpanMap}): two
 * offsets per decoded unit. The reference of {@link DecodedTextDifferentialTest}; not used by the gateway.
 */
final class PerUnitDecodedText {
  /** One bit per unit that stops the clean-text loop: a backslash, an ampersand, or what may be invisible. */
  private static final long[] STOPS = Invisible.starts('\\', '&');
  /** The traits of a text that this class decodes: without them the text is read as written. */
  public static final int DECODED = TextTraits.BACKSLASH | TextTraits.INVISIBLE | TextTraits.ENTITY
      | TextTraits.JOINED;
  private final String original;
  private final String text;
  /** Per decoded unit, its original span; null when the text is the original itself. */
  private final int[] starts;
  private final int[] ends;

  private PerUnitDecodedText(String original, String text, int[] starts, int[] ends) {
    this.original = original;
    this.text = text;
    this.starts = starts;
    this.ends = ends;
  }

  /** Returns the decoded form of {@code original}; {@code json} decodes every JSON escape, else only {@code \}{@code u}. */
  public static PerUnitDecodedText of(String original, boolean json) {
    return of(original, original.toCharArray(), json);
  }

  /** Returns {@code text} as its own decoded form: for a text known to hold no escape and no invisible character. */
  public static PerUnitDecodedText identity(String text) {
    return new PerUnitDecodedText(requireNonNull(text, "text"), text, null, null);
  }

  /**
   * Returns the decoded form of the text of {@code scan}, whose traits tell when there is nothing to decode, with
   * string literals joined in code read as one ({@link JoinedLiterals}): the text detectors read.
   */
  public static PerUnitDecodedText of(ScanText scan, boolean json) {
    int traits = scan.traits();
    if ((traits & DECODED) == 0) {
      return identity(scan.original());
    }
    PerUnitDecodedText decoded = of(scan.original(), scan.units(), json);
    return (traits & TextTraits.JOINED) == 0 ? decoded : decoded.joined();
  }

  /** Returns this text with the quotes, operator and white space of every join of string literals skipped. */
  private PerUnitDecodedText joined() {
    char[] d = text.toCharArray();
    int n = d.length;
    char[] out = null;
    int[] outStarts = null;
    int[] outEnds = null;
    int k = 0;
    for (int p = 0; p < n; p++) {
      int open = JoinedLiterals.joinedPieceAt(d, p, n);
      if (open >= 0) {
        if (out == null) {
          out = new char[n];
          outStarts = new int[n];
          outEnds = new int[n];
          for (; k < p; k++) {
            out[k] = d[k];
            outStarts[k] = originalStart(k);
            outEnds[k] = originalEnd(k + 1);
          }
        }
        p = open;
        continue;
      }
      if (out != null) {
        out[k] = d[p];
        outStarts[k] = originalStart(p);
        outEnds[k++] = originalEnd(p + 1);
      }
    }
    return out == null ? this
        : new PerUnitDecodedText(original, new String(out, 0, k), Arrays.copyOf(outStarts, k), Arrays.copyOf(outEnds, k));
  }

  /** Returns the decoded form of {@code original}, whose units {@code units} holds; reads only the array. */
  public static PerUnitDecodedText of(String original, char[] units, boolean json) {
    requireNonNull(original, "original");
    int n = original.length();
    int i = 0;
    long[] stops = STOPS;
    while (i < n) {
      char c = units[i];
      if ((stops[c >>> 6] & 1L << c) != 0) {
        break;
      }
      i++;
    }
    if (i == n) {
      return identity(original);
    }
    char[] out = new char[n];
    int[] starts = new int[n];
    int[] ends = new int[n];
    int k = 0;
    for (int j = 0; j < i; j++) {
      out[k] = units[j];
      starts[k] = j;
      ends[k++] = j + 1;
    }
    while (i < n) {
      char c = units[i];
      int from = i;
      int cp;
      if (c == '\\' && i + 1 < n) {
        int decoded = escape(units, i, n, json);
        if (decoded >= 0) {
          cp = decoded & 0xFFFF;
          i += decoded >>> 16;
          if (Character.isHighSurrogate((char) cp) && i + 1 < n && units[i] == '\\') {
            int low = escape(units, i, n, true);
            if (low >= 0 && (low >>> 16) == 6 && Character.isLowSurrogate((char) (low & 0xFFFF))) {
              int full = Character.toCodePoint((char) cp, (char) (low & 0xFFFF));
              if (Invisible.is(full)) {
                i += 6;
                continue;
              }
              out[k] = (char) cp;
              starts[k] = from;
              ends[k++] = i;
              out[k] = (char) (low & 0xFFFF);
              starts[k] = i;
              ends[k++] = i + 6;
              i += 6;
              continue;
            }
          }
          if (Invisible.is(cp)) {
            continue;
          }
          out[k] = (char) cp;
          starts[k] = from;
          ends[k++] = i;
          continue;
        }
      }
      if (c == '&') {
        long reference = CharacterReferences.at(units, i, n);
        if (reference >= 0) {
          int point = (int) reference;
          i += (int) (reference >>> 32);
          if (!Invisible.is(point)) {
            for (char unit : Character.toChars(point)) {
              out[k] = unit;
              starts[k] = from;
              ends[k++] = i;
            }
          }
          continue;
        }
      }
      if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(units[i + 1])) {
        int full = Character.toCodePoint(c, units[i + 1]);
        i += 2;
        if (!Invisible.is(full)) {
          out[k] = c;
          starts[k] = from;
          ends[k++] = from + 2;
          out[k] = units[from + 1];
          starts[k] = from;
          ends[k++] = from + 2;
        }
        continue;
      }
      i++;
      if (!Invisible.is(c)) {
        out[k] = c;
        starts[k] = from;
        ends[k++] = i;
      }
    }
    return new PerUnitDecodedText(original, new String(out, 0, k), Arrays.copyOf(starts, k), Arrays.copyOf(ends, k));
  }

  /**
   * Returns the unit an escape at {@code i} stands for in the low 16 bits and its length above them, or -1 when
   * there is no escape there that this mode decodes.
   */
  private static int escape(char[] units, int i, int n, boolean json) {
    char e = units[i + 1];
    int code = codeEscape(units, i, n, e);
    if (code >= 0) {
      return code;
    }
    if (e == 'u') {
      if (i + 6 > n) {
        return -1;
      }
      int v = 0;
      for (int j = i + 2; j < i + 6; j++) {
        int d = Character.digit(units[j], 16);
        if (d < 0) {
          return -1;
        }
        v = v << 4 | d;
      }
      return 6 << 16 | v;
    }
    if (!json) {
      return -1;
    }
    if (e == '\\' && i + 2 < n && units[i + 2] == 'u') {
      // A JSON string inside a JSON string escaped twice (\\u0031 in a tool call's arguments): a model reads the
      // character, so the escape of the escape reads as it.
      int inner = escape(units, i + 1, n, false);
      if (inner >= 0 && inner >>> 16 == 6) {
        return 7 << 16 | inner & 0xFFFF;
      }
    }
    int v = switch (e) {
      case '"', '\\', '/' -> e;
      case 'b' -> '\b';
      case 'f' -> '\f';
      case 'n' -> '\n';
      case 'r' -> '\r';
      case 't' -> '\t';
      default -> -1;
    };
    return v < 0 ? -1 : 2 << 16 | v;
  }

  /**
   * Returns what {@link #escape} returns for the escapes of source code that a model decodes unasked, in prose as in
   * code: {@code \}{@code xHH} and octal {@code \}{@code NNN} of printable ASCII, a space, a tab or a line break
   * ({@code \}{@code x41KIA…}, {@code zhang.wei\}{@code x40example.cn}, a sentence escaped whole), and
   * {@code \}{@code U0000HHHH} and {@code \}{@code u{HHHH}} of a BMP character other than a surrogate; -1 for anything
   * else. An escape of another control character ({@code \}{@code x1b}, {@code \}{@code 000}) stays as written.
   */
  private static int codeEscape(char[] units, int i, int n, char e) {
    if (e == 'x') {
      int v = hex(units, i + 2, 2, n);
      return readable(v) ? 4 << 16 | v : -1;
    }
    if (e >= '0' && e <= '3') {
      if (i + 4 > n || units[i + 2] < '0' || units[i + 2] > '7' || units[i + 3] < '0' || units[i + 3] > '7') {
        return -1;
      }
      int v = (e - '0') << 6 | (units[i + 2] - '0') << 3 | (units[i + 3] - '0');
      return readable(v) ? 4 << 16 | v : -1;
    }
    int v = -1;
    int length = 0;
    if (e == 'U') {
      v = hex(units, i + 2, 8, n);
      length = 10;
    } else if (e == 'u' && i + 2 < n && units[i + 2] == '{') {
      int close = i + 3;
      while (close < n && close < i + 10 && units[close] != '}') {
        close++;
      }
      if (close < n && units[close] == '}' && close > i + 3) {
        v = hex(units, i + 3, close - i - 3, n);
        length = close + 1 - i;
      }
    }
    return v > 0 && v <= 0xFFFF && !Character.isSurrogate((char) v) ? length << 16 | v : -1;
  }

  /** Says whether {@code v} is printable ASCII, a space, a tab or a line break. */
  private static boolean readable(int v) {
    return v >= ' ' && v <= '~' || v == '\t' || v == '\n' || v == '\r';
  }

  /** Returns the value of the {@code count} ASCII hex digits at {@code from}, or -1 when they are not all there. */
  private static int hex(char[] units, int from, int count, int n) {
    if (from + count > n) {
      return -1;
    }
    int v = 0;
    for (int j = from; j < from + count; j++) {
      char c = units[j];
      int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F'
          ? c - 'A' + 10 : -1;
      if (d < 0 || v > 0xFFFFF) {
        return -1;
      }
      v = v << 4 | d;
    }
    return v;
  }

  /**
   * Says whether {@code delta}, a piece of a streamed text, may make that text's decoded form differ from the text:
   * it holds what this class decodes, or an ampersand or a quote that may begin a reference or a join the next piece
   * completes.
   */
  public static boolean mayDecode(String delta) {
    return (TextTraits.of(delta) & DECODED) != 0 || delta.indexOf('&') >= 0 || delta.indexOf('"') >= 0
        || delta.indexOf('\'') >= 0;
  }

  /**
   * Returns the length of the prefix of {@code text} whose decoded units later text cannot change, looking at its
   * units from {@code from} on: all of it, less a trailing piece that may be the start of an escape (within the last
   * 12 units, room for an escaped surrogate pair), of a character reference ({@code &#6}, {@code &comm}) or of a join
   * of string literals ({@code 'ghp_' +}).
   */
  public static int stableLength(CharSequence text, int from) {
    int n = text.length();
    int stable = n;
    for (int i = Math.max(from, n - 12); i < n; i++) {
      if (text.charAt(i) == '\\') {
        stable = i;
        break;
      }
    }
    int reference = CharacterReferences.openAt(text, from);
    if (reference >= 0) {
      stable = Math.min(stable, reference);
    }
    int join = JoinedLiterals.openAt(text, from);
    if (join >= 0) {
      stable = Math.min(stable, join);
    }
    return stable;
  }

  /** Returns the original text. */
  public String original() {
    return original;
  }

  /** Returns the decoded text. */
  public String text() {
    return text;
  }

  /** Says whether the decoded text is the original itself: nothing was decoded or skipped. */
  public boolean identity() {
    return starts == null;
  }

  /** Returns the length of the decoded text. */
  public int length() {
    return text.length();
  }

  /** Returns the original offset where a span of the decoded text that starts at {@code start} starts. */
  public int originalStart(int start) {
    if (starts == null) {
      return start;
    }
    return start < starts.length ? starts[start] : original.length();
  }

  /** Returns the original offset where a span of the decoded text that ends at {@code end} (exclusive) ends. */
  public int originalEnd(int end) {
    if (starts == null) {
      return end;
    }
    return end == 0 ? (starts.length == 0 ? 0 : starts[0]) : ends[end - 1];
  }

  /** Returns the number of decoded units that come from original text before {@code originalOffset}. */
  public int decodedIndex(int originalOffset) {
    if (starts == null) {
      return originalOffset;
    }
    int i = Arrays.binarySearch(starts, originalOffset);
    if (i < 0) {
      return -i - 1;
    }
    while (i > 0 && starts[i - 1] == originalOffset) {
      i--;
    }
    return i;
  }

  @Override
  public String toString() {
    return "PerUnitDecodedText[length=" + text.length() + ", originalLength=" + original.length() + "]";
  }
}
