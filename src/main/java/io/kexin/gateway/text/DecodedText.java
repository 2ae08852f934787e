package io.kexin.gateway.text;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Holds the text a model actually reads from a string: escapes decoded ({@code \}{@code uXXXX}, the escapes of source
 * code a model decodes unasked ({@code \}{@code x41}, {@code \}{@code 101}, {@code \}{@code U00000041},
 * {@code \}{@code u{41}}) and HTML character references such as {@code &#64;} everywhere; every JSON escape in a nested JSON text such as a tool call's
 * arguments) and invisible characters skipped, with a map from each
 * of its units back to the span of the original it came from. Detectors scan this text, so a value split by
 * zero-width characters or written with escapes is found, and a rewrite of the mapped span covers every unit of it.
 * Written by hand: it runs over every inspected text, and the common clean text costs one table test per unit and
 * no allocation. Immutable and thread-safe.
 */
public final class DecodedText {
  /** One bit per unit that stops the clean-text loop: a backslash, an ampersand, or what may be invisible. */
  private static final long[] STOPS = Invisible.starts('\\', '&');
  /** {@link #STOPS} and every surrogate: the units that end a run copied whole once something was decoded. */
  private static final long[] RUN_STOPS = runStops();
  /** The traits of a text that this class decodes: without them the text is read as written. */
  public static final int DECODED = TextTraits.BACKSLASH | TextTraits.INVISIBLE | TextTraits.ENTITY
      | TextTraits.JOINED;
  private final String original;
  private final String text;
  /** Maps each decoded unit to its original span; null when the text is the original itself. */
  private final SpanMap spans;

  private DecodedText(String original, String text, SpanMap spans) {
    this.original = original;
    this.text = text;
    this.spans = spans;
  }

  /** Returns the decoded form of {@code original}; {@code json} decodes every JSON escape, else only {@code \}{@code u}. */
  public static DecodedText of(String original, boolean json) {
    return of(original, original.toCharArray(), json);
  }

  /** Returns {@code text} as its own decoded form: for a text known to hold no escape and no invisible character. */
  public static DecodedText identity(String text) {
    return new DecodedText(requireNonNull(text, "text"), text, null);
  }

  /**
   * Returns the decoded form of the text of {@code scan}, whose traits tell when there is nothing to decode, with
   * string literals joined in code read as one ({@link JoinedLiterals}): the text detectors read.
   */
  public static DecodedText of(ScanText scan, boolean json) {
    // A text with something to decode is scanned as its decoded form: its own traits, read here only for whether
    // to decode and join, are not read whole when one of them shows early (a system-and-user reading's first part
    // break); those of a text read as written are, and serve every detector.
    if (!scan.hasAnyTrait(DECODED)) {
      return identity(scan.original());
    }
    DecodedText decoded = of(scan.original(), scan.units(), json);
    return TextTraits.joins(scan.original(), scan.units()) ? decoded.joined() : decoded;
  }

  /**
   * Returns what {@link #of(ScanText, boolean)} returns for a reading of {@code parts} joined by {@code separator},
   * an invisible unit: the text of {@code scan} must be their join (as {@code TextSegment.joined} makes it; only the
   * separators' places are checked). When the separators are all there is to decode, the parts joined without them,
   * built at once from the part strings (no decoding array, no failed Latin-1 attempt of a string built from one)
   * and mapped a part a piece; otherwise, or when the separators are not where the parts put them, the reading
   * decoded unit by unit.
   */
  public static DecodedText ofParts(ScanText scan, List<String> parts, char separator, boolean json) {
    String original = scan.original();
    int n = original.length();
    if (parts.size() < 2 || !Invisible.is(separator)) {
      return of(scan, json);
    }
    // The parts are read, not the reading's units: a reading decoded from its parts is never scanned as it is, so a
    // copy of its units would serve nothing else.
    int at = 0;
    for (int p = 0; p < parts.size(); p++) {
      // As the unit-by-unit decoding maps them: the first part's surrogates one for one, later ones' by pairs.
      long[] stops = p == 0 ? STOPS : RUN_STOPS;
      if (p > 0) {
        if (at >= n || original.charAt(at) != separator) {
          return of(scan, json);
        }
        at++;
      }
      String part = parts.get(p);
      int length = part.length();
      if (at + length > n) {
        return of(scan, json);
      }
      for (int j = 0; j < length; j++) {
        char c = part.charAt(j);
        if ((stops[c >>> 6] & 1L << c) != 0) {
          return of(scan, json);
        }
      }
      at += length;
    }
    if (at != n || TextTraits.joins(original)) {
      return of(scan, json);
    }
    SpanMap spans = new SpanMap();
    at = 0;
    for (int p = 0; p < parts.size(); p++) {
      at += p > 0 ? 1 : 0;
      spans.copy(at, parts.get(p).length());
      at += parts.get(p).length();
    }
    return new DecodedText(original, String.join("", parts), spans);
  }

  /** Returns this text with the quotes, operator and white space of every join of string literals skipped. */
  private DecodedText joined() {
    char[] d = text.toCharArray();
    int n = d.length;
    char[] out = null;
    SpanMap map = null;
    int k = 0;
    for (int p = 0; p < n; p++) {
      int open = JoinedLiterals.joinedPieceAt(d, p, n);
      if (open >= 0) {
        if (out == null) {
          out = new char[n];
          map = new SpanMap();
          for (; k < p; k++) {
            out[k] = d[k];
            map.add(originalStart(k), originalEnd(k + 1));
          }
        }
        p = open;
        continue;
      }
      if (out != null) {
        out[k++] = d[p];
        map.add(originalStart(p), originalEnd(p + 1));
      }
    }
    return out == null ? this : new DecodedText(original, new String(out, 0, k), map);
  }

  /** Returns {@link #STOPS} with the bits of every surrogate set. */
  private static long[] runStops() {
    long[] bits = STOPS.clone();
    for (int c = Character.MIN_SURROGATE; c <= Character.MAX_SURROGATE; c++) {
      bits[c >>> 6] |= 1L << c;
    }
    return bits;
  }

  /** Returns the decoded form of {@code original}, whose units {@code units} holds; reads only the array. */
  public static DecodedText of(String original, char[] units, boolean json) {
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
    long[] runStops = RUN_STOPS;
    SpanMap spans = new SpanMap();
    System.arraycopy(units, 0, out, 0, i);
    spans.copy(0, i);
    int k = i;
    while (i < n) {
      // A run of units that stop nothing and are no surrogate reads as written: copied whole, mapped as one piece.
      int run = i;
      // one bit test per unit (a surrogate's bit is set): this copies a whole reading of joined texts, whose breaks
      // are invisible units
      while (run < n && (runStops[units[run] >>> 6] & 1L << units[run]) == 0) {
        run++;
      }
      if (run > i) {
        System.arraycopy(units, i, out, k, run - i);
        spans.copy(i, run - i);
        k += run - i;
        i = run;
        continue;
      }
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
              spans.add(from, i);
              k++;
              out[k] = (char) (low & 0xFFFF);
              spans.add(i, i + 6);
              k++;
              i += 6;
              continue;
            }
          }
          if (Invisible.is(cp)) {
            continue;
          }
          out[k] = (char) cp;
          spans.add(from, i);
          k++;
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
              spans.add(from, i);
              k++;
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
          spans.add(from, from + 2);
          k++;
          out[k] = units[from + 1];
          spans.add(from, from + 2);
          k++;
        }
        continue;
      }
      i++;
      if (!Invisible.is(c)) {
        out[k] = c;
        spans.add(from, i);
        k++;
      }
    }
    return new DecodedText(original, new String(out, 0, k), spans);
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
    return spans == null;
  }

  /** Returns the length of the decoded text. */
  public int length() {
    return text.length();
  }

  /** Returns the original offset where a span of the decoded text that starts at {@code start} starts. */
  public int originalStart(int start) {
    if (spans == null) {
      return start;
    }
    return start < spans.length() ? spans.startOf(start) : original.length();
  }

  /** Returns the original offset where a span of the decoded text that ends at {@code end} (exclusive) ends. */
  public int originalEnd(int end) {
    if (spans == null) {
      return end;
    }
    return end == 0 ? (spans.length() == 0 ? 0 : spans.startOf(0)) : spans.endOf(end - 1);
  }

  /** Returns the number of decoded units that come from original text before {@code originalOffset}. */
  public int decodedIndex(int originalOffset) {
    if (spans == null) {
      return originalOffset;
    }
    return spans.firstStartingAt(originalOffset);
  }

  @Override
  public String toString() {
    return "DecodedText[length=" + text.length() + ", originalLength=" + original.length() + "]";
  }
}
