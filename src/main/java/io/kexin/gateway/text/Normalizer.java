package io.kexin.gateway.text;

import static java.util.Objects.requireNonNull;

import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.Transliterator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Normalizes text for matching and keeps a map back to the original offsets: NFKC with case folding
 * (full width to half width included), removal of zero-width and invisible characters, Traditional to
 * Simplified Chinese, Greek and Cyrillic look-alikes to Latin, separators between Han ideographs dropped and
 * whitespace runs collapsed to one space. Immutable and thread-safe; building one loads ICU data and fills
 * lookup tables (a few hundred milliseconds), so build it once and share it.
 *
 * <p>Normalization works per normalization chunk (a code point and the combining marks that follow it), so
 * that a match in the normalized text maps back to whole characters of the original. Code points of the Basic
 * Multilingual Plane that form a chunk on their own, which is nearly all text, go through one table lookup
 * without allocating; combining sequences and supplementary code points (emoji, CJK Extension B) go through
 * ICU and allocate a little. Traditional to Simplified folding covers single BMP code points only.
 */
public final class Normalizer {
  static final byte OTHER = 0;
  static final byte SPACE = 1;
  static final byte SEPARATOR = 2;
  static final byte HAN = 3;

  private static final int DROP = -1;
  private static final int BMP = 0x10000;
  /** The least suffix, in units, that a near-end lookup normalizes; the detectors of one feed then share it. */
  private static final int TAIL_AT_LEAST = 32;

  private final Normalizer2 nfkcCasefold;
  /** Maps a BMP unit that forms a chunk alone to its folded unit, {@link #DROP}, or -(2 + expansion index). */
  private final int[] fold;
  private final String[] expansions;
  /** The units {@link #emitsOwnUnit} counts, one bit each. */
  private final long[] ownUnit;
  /** Maps an NFKC-casefolded BMP unit to its Simplified Chinese or Latin look-alike folding. */
  private final char[] post;
  private final boolean[] boundaryBefore;
  private final byte[] classes;
  /**
   * Per BMP unit, what the text-only loop needs in one load: {@link #SIMPLE} when the unit folds to exactly one
   * unit (in the low 16 bits, its class at {@link #CLASS_SHIFT}) when it forms a chunk alone, and {@link #BOUNDARY}
   * when a chunk boundary falls before it; surrogates have neither.
   */
  private final int[] units;
  /**
   * One bit per unit of the CJK Unified Ideographs block ({@link #HAN_FIRST} on): set where the unit's entry in
   * {@link #units} is not {@link #HAN_PLAIN} with the unit itself (a traditional form, a look-alike), which only then
   * is read from {@link #units}. A Chinese text reads 2.6 KB here instead of walking the table's 84 KB of ideographs,
   * which other work between requests evicts from the cache.
   */
  private final long[] hanOther;
  private static final char HAN_FIRST = '\u4E00';
  private static final int HAN_COUNT = 0x9FFF - HAN_FIRST + 1;
  /**
   * Units that form a chunk alone and fold to two or more units that are all separators ({@code …} to {@code ...}),
   * one bit each: see {@link #foldAlone}.
   */
  private final long[] separatorRuns = new long[BMP / 64];
  /** ASCII units that normalization keeps as they are wherever they stand, one bit each: not the space. */
  private final long[] asciiKept = new long[2];
  private static final int CLASS_SHIFT = 16;
  private static final int SIMPLE = 1 << 18;
  private static final int BOUNDARY = 1 << 19;
  /** The {@link #units} entry of an ideograph that forms a chunk alone and folds to itself, less the unit. */
  private static final int HAN_PLAIN = SIMPLE | HAN << CLASS_SHIFT | BOUNDARY;

  private Normalizer(Normalizer2 nfkcCasefold, Transliterator traditionalToSimplified) {
    this.nfkcCasefold = nfkcCasefold;
    post = new char[BMP];
    boundaryBefore = new boolean[BMP];
    classes = new byte[BMP];
    for (int c = 0; c < BMP; c++) {
      post[c] = (char) c;
      boundaryBefore[c] = nfkcCasefold.hasBoundaryBefore(c);
      classes[c] = classify(c);
      if (Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN && !Character.isSurrogate((char) c)) {
        String simplified = traditionalToSimplified.transliterate(String.valueOf((char) c));
        if (simplified.length() == 1 && simplified.charAt(0) != c) {
          post[c] = simplified.charAt(0);
        }
      }
    }
    Confusables.applyTo(post);
    fold = new int[BMP];
    List<String> expanded = new ArrayList<>();
    StringBuilder folded = new StringBuilder();
    for (int c = 0; c < BMP; c++) {
      if (Character.isSurrogate((char) c)) {
        fold[c] = c;
        continue;
      }
      folded.setLength(0);
      if (!isInvisible(c)) {
        String nfkc = nfkcCasefold.normalize(String.valueOf((char) c));
        for (int i = 0; i < nfkc.length(); ) {
          int cp = nfkc.codePointAt(i);
          i += Character.charCount(cp);
          if (!isInvisible(cp)) {
            folded.appendCodePoint(cp < BMP ? post[cp] : cp);
          }
        }
      }
      if (folded.length() == 0) {
        fold[c] = DROP;
      } else if (folded.length() == 1) {
        fold[c] = folded.charAt(0);
      } else {
        fold[c] = -2 - expanded.size();
        expanded.add(folded.toString());
      }
    }
    expansions = expanded.toArray(new String[0]);
    for (int c = 0; c < BMP; c++) {
      if (fold[c] <= -2 && boundaryBefore[c] && expansions[-2 - fold[c]].chars()
          .allMatch(u -> !Character.isSurrogate((char) u) && classes[u] == SEPARATOR)) {
        separatorRuns[c >>> 6] |= 1L << c;
      }
    }
    ownUnit = new long[BMP / 64];
    for (int c = 0; c < BMP; c++) {
      if (countedBlock(c) && boundaryBefore[c] && fold[c] != DROP) {
        ownUnit[c >>> 6] |= 1L << c;
      }
    }
    for (int c = 0; c < 0x80; c++) {
      if (fold[c] == c && classes[c] != SPACE) {
        asciiKept[c >>> 6] |= 1L << c;
      }
    }
    units = new int[BMP];
    for (int c = 0; c < BMP; c++) {
      if (Character.isSurrogate((char) c)) {
        continue;
      }
      int v = fold[c];
      units[c] = (v >= 0 ? SIMPLE | classes[v] << CLASS_SHIFT | v : 0) | (boundaryBefore[c] ? BOUNDARY : 0);
    }
    hanOther = new long[(HAN_COUNT + 63) / 64];
    for (int h = 0; h < HAN_COUNT; h++) {
      if (units[HAN_FIRST + h] != (HAN_PLAIN | (HAN_FIRST + h))) {
        hanOther[h >>> 6] |= 1L << h;
      }
    }
  }

  /**
   * Returns the {@link #units} entry of {@code c}, read from {@code hanOther} for an ideograph that folds to itself:
   * the text-only loop's one lookup per unit.
   */
  static int info(char c, int[] units, long[] hanOther) {
    int h = c - HAN_FIRST;
    return h >= 0 && h < HAN_COUNT && (hanOther[h >>> 6] & 1L << h) == 0 ? HAN_PLAIN | c : units[c];
  }

  /** Returns {@link #info} of {@code c} through this normalizer's tables: for tests against {@link #units}. */
  int info(char c) {
    return info(c, units, hanOther);
  }

  /** Returns the {@link #units} entry of {@code c} as the table holds it: for tests. */
  int unitEntry(char c) {
    return units[c];
  }

  /**
   * Returns what {@code c} becomes where a chunk boundary falls before it and it forms a chunk alone: its one folded
   * unit in the low 16 bits and that unit's kind above them (see {@link #foldsToHan} and {@link #foldsToGap}), or -1
   * when {@code c} folds to no unit or to several, or may join the unit before it. A unit that folds to several
   * separators only (the ellipsis {@code …} to {@code ...}, common in Chinese and English prose) answers its first
   * one: normalization treats a run of separators as it treats one, dropped between two Han ideographs and kept
   * elsewhere. A text all of whose units answer normalizes unit by unit, with only space and separator runs between
   * Han ideographs dropped and space runs collapsed to one space: what a caller needs to look for terms in the units
   * as they are.
   */
  public int foldAlone(char c) {
    int info = info(c, units, hanOther);
    if ((info & (SIMPLE | BOUNDARY)) == (SIMPLE | BOUNDARY)) {
      return info & (SIMPLE - 1);
    }
    return (separatorRuns[c >>> 6] & 1L << c) != 0 ? SEPARATOR << CLASS_SHIFT | expansions[-2 - fold[c]].charAt(0) : -1;
  }

  /** Says whether a {@link #foldAlone} answer other than -1 is a Han ideograph. */
  public static boolean foldsToHan(int folded) {
    return folded >>> CLASS_SHIFT == HAN;
  }

  /**
   * Says whether a {@link #foldAlone} answer other than -1 is a space: what normalization writes, with the spaces
   * next to it, as one space (unless it drops the run between two Han ideographs).
   */
  public static boolean foldsToSpace(int folded) {
    return folded >>> CLASS_SHIFT == SPACE;
  }

  /**
   * Says whether a {@link #foldAlone} answer other than -1 is a space or a separator: what normalization drops
   * between two Han ideographs.
   */
  public static boolean foldsToGap(int folded) {
    int kind = folded >>> CLASS_SHIFT;
    return kind == SPACE || kind == SEPARATOR;
  }

  /** Returns a new normalizer with the standard steps; expensive, build once and share. */
  public static Normalizer standard() {
    return new Normalizer(Normalizer2.getNFKCCasefoldInstance(),
        Transliterator.getInstance("Traditional-Simplified"));
  }

  /**
   * Returns the normalized form of {@code text} with its offset map. The text is built at once; the offset map,
   * which only findings need, is built on first use by {@link #withOffsets}.
   */
  public NormalizedText normalize(String text) {
    return normalize(text, text.toCharArray());
  }

  /**
   * Returns {@code normalized.originalStart(s)}, {@code normalized} being this normalizer's form of {@code original},
   * for a unit {@code s} near the end, normalizing only a suffix of {@code original} instead of building the offsets of the whole text (a stream asks on every token). The suffix
   * starts at an ASCII letter or digit or a Han ideograph: normalization emits such a unit whatever came before it,
   * and its state after it does not depend on what came before, so the suffix normalizes to the tail of the whole
   * text, which is checked; otherwise the whole text's offsets answer.
   */
  public int originalStartNearEnd(String original, NormalizedText normalized, int s) {
    int m = normalized.length();
    if (normalized.identity()) {
      return s;
    }
    int need = m - s;
    NormalizedText.Tail kept = normalized.tail();
    if (kept != null && kept.text().length() >= need) {
      return kept.from() + kept.text().originalStart(s - (m - kept.text().length()));
    }
    int n = original.length();
    // Normalize a little more than asked, so that the other detectors of the same feed find their index in the tail.
    int p = n - Math.max(need, TAIL_AT_LEAST) - 2;
    for (int attempt = 0; attempt < 3 && p > 0; attempt++) {
      int q = p;
      while (q > 0 && !resetsNormalization(original.charAt(q))) {
        q--;
      }
      if (q == 0) {
        break;
      }
      NormalizedText tail = normalize(original.substring(q));
      int k = tail.length();
      if (k >= need && normalized.text().regionMatches(m - k, tail.text(), 0, k)) {
        normalized.keepTail(new NormalizedText.Tail(q, tail));
        return q + tail.originalStart(s - (m - k));
      }
      p = q - 16 * (attempt + 1);
    }
    return normalized.originalStart(s);
  }

  /**
   * Says whether normalization emits {@code c} as at least one unit of its own, whatever surrounds it: an ASCII
   * letter or digit, or a letter of the Latin, Greek, Cyrillic, kana, CJK or Hangul syllable blocks that starts a
   * normalization segment (it never merges into the unit before it) and is never removed. A stream counts these to
   * keep at least a given number of normalized units (see {@link io.kexin.gateway.detect.Detector#maxMatchLetters}).
   */
  public boolean emitsOwnUnit(char c) {
    return (ownUnit[c >>> 6] & 1L << c) != 0;
  }

  /** Says whether {@code c} is in one of the blocks {@link #emitsOwnUnit} counts, before the normalization checks. */
  private static boolean countedBlock(int c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
        || (c >= 0x00C0 && c <= 0x024F || c >= 0x0370 && c <= 0x04FF || c >= 0x3041 && c <= 0x30FA
        || c >= 0x3400 && c <= 0x4DBF || c >= 0x4E00 && c <= 0x9FFF || c >= 0xAC00 && c <= 0xD7A3)
        && Character.isLetter(c);
  }

  /**
   * Returns the greatest index {@code q <= at} of {@code original} from which normalizing the rest gives the end of
   * the whole text's normalization, from the unit emitted for {@code original[q]} on, or 0 when there is none: a unit
   * that starts a normalization chunk whatever precedes it and is emitted as one ASCII letter or digit or one Han
   * ideograph, after which no state of the units before it is read. A stream normalizes only such a tail of its
   * held text (the units before {@code q} may still differ: separators dropped before a Han ideograph).
   */
  public int restartAtOrBefore(CharSequence original, int at) {
    for (int q = Math.min(at, original.length() - 1); q > 0; q--) {
      char c = original.charAt(q);
      if (resetsNormalization(c) && boundaryBefore[c]) {
        return q;
      }
    }
    return 0;
  }

  /** Says whether normalization emits {@code c} as one letter, digit or Han unit that resets its run state. */
  private static boolean resetsNormalization(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x4E00 && c <= 0x9FFF;
  }

  /** Returns {@link #normalize(String)} of {@code text}, whose units {@code units} holds; reads only the array. */
  NormalizedText normalize(String text, char[] units) {
    requireNonNull(text, "text");
    int i = identityPrefix(units, text.length());
    if (i == text.length()) {
      return NormalizedText.identity(text, units);
    }
    Output out = new Output(text.length() + 16, false);
    out.copyIdentity(units, i);
    normalizeFrom(units, text.length(), i, out, true);
    return NormalizedText.lazy(out.chars, out.length, () -> withOffsets(text, true));
  }

  /**
   * Returns {@link #normalize(String)} of {@code text} with its offset map built at once, in one pass: for a short
   * text whose offsets are needed anyway (the end of a stream's held text), where the text-only pass followed by
   * the offsets' own pass would normalize it twice.
   */
  public NormalizedText normalizeWithOffsets(String text) {
    return withOffsets(requireNonNull(text, "text"), true);
  }

  /**
   * Returns the normalized form of {@code text} with its offset map built now, reading every unit through the
   * general tables: the reference the table paths of {@link #normalize} and its offsets must agree with.
   */
  NormalizedText withOffsets(String text) {
    return withOffsets(text, false);
  }

  /**
   * Returns the normalized form of {@code text} with its offset map built now; with {@code table}, a unit that forms
   * a chunk alone and folds to one unit costs one lookup, as on the text-only path (a text with findings, an attack,
   * has its offsets built: through the general tables that cost about as much as the rest of its scan).
   */
  private NormalizedText withOffsets(String text, boolean table) {
    char[] units = text.toCharArray();
    int i = identityPrefix(units, units.length);
    if (i == units.length) {
      return NormalizedText.identity(text, units);
    }
    Output out = new Output(units.length + 16, true);
    out.copyIdentity(units, i);
    normalizeFrom(units, units.length, i, out, table);
    return out.result();
  }

  /**
   * Returns the length of the prefix of {@code text} that normalization keeps as is (ASCII that is lower case,
   * single spaces, no controls that fold away), less one when the text goes on: the unit that stops the prefix
   * may combine with the one before it into one chunk.
   */
  private int identityPrefix(char[] text, int n) {
    long kept0 = asciiKept[0];
    long kept1 = asciiKept[1];
    int i = 0;
    while (i < n) {
      char c = text[i];
      // One bit test per unit (this runs over every clean text); a space is kept unless it follows a space.
      if (c >= 0x80 || ((c < 64 ? kept0 : kept1) & 1L << c) == 0) {
        if (c != ' ' || (i > 0 && text[i - 1] == ' ')) {
          break;
        }
      }
      i++;
    }
    return i == n || i == 0 ? i : i - 1;
  }

  /**
   * Normalizes {@code text} from {@code i} into {@code out}. With {@code table} set, a unit that forms a chunk
   * alone and folds to one unit, which is nearly every unit of Chinese and English text, costs one lookup in
   * {@link #units} (its own entry, carried over as the next unit's boundary test): this loop runs on every request.
   */
  private void normalizeFrom(char[] text, int n, int i, Output out, boolean table) {
    while (i < n) {
      if (table) {
        i = out.starts == null ? out.emitSimple(text, n, i, units, hanOther)
            : out.emitSimpleWithOffsets(text, n, i, units, hanOther);
        if (i == n) {
          break;
        }
      }
      char c = text[i];
      int next = i + 1;
      if (!Character.isSurrogate(c) && (next == n || boundaryAt(text, n, next))) {
        int v = fold[c];
        if (v >= 0) {
          out.emit((char) v, classes[v], i, next);
        } else if (v != DROP) {
          String expansion = expansions[-v - 2];
          out.ensure(expansion.length() + n - next);
          for (int k = 0; k < expansion.length(); k++) {
            char e = expansion.charAt(k);
            out.emit(e, classes[e], i, next);
          }
        }
        i = next;
      } else {
        int end = i + Character.charCount(Character.codePointAt(text, i, n));
        while (end < n && !boundaryAt(text, n, end)) {
          end += Character.charCount(Character.codePointAt(text, end, n));
        }
        String chunk = nfkcCasefold.normalize(new String(text, i, end - i));
        out.ensure(2 * chunk.length() + n - end);
        for (int k = 0; k < chunk.length(); ) {
          int cp = chunk.codePointAt(k);
          k += Character.charCount(cp);
          if (isInvisible(cp)) {
            continue;
          }
          if (cp < BMP) {
            char p = post[cp];
            out.emit(p, classes[p], i, end);
          } else {
            out.emitSupplementary(cp, classifySupplementary(cp), i, end);
          }
        }
        i = end;
      }
    }
  }

  private boolean boundaryAt(char[] text, int n, int index) {
    char c = text[index];
    return Character.isSurrogate(c) ? nfkcCasefold.hasBoundaryBefore(Character.codePointAt(text, index, n))
        : boundaryBefore[c];
  }

  /** Returns whether {@code cp} is a zero-width, invisible or bidi control character that is removed. */
  static boolean isInvisible(int cp) {
    return Invisible.is(cp);
  }

  private static byte classify(int c) {
    if (Character.isSurrogate((char) c)) {
      return OTHER;
    }
    if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
      return SPACE;
    }
    return classifyNonSpace(c);
  }

  private static byte classifySupplementary(int cp) {
    return classifyNonSpace(cp);
  }

  private static byte classifyNonSpace(int cp) {
    switch (Character.getType(cp)) {
      case Character.CONNECTOR_PUNCTUATION:
      case Character.DASH_PUNCTUATION:
      case Character.START_PUNCTUATION:
      case Character.END_PUNCTUATION:
      case Character.INITIAL_QUOTE_PUNCTUATION:
      case Character.FINAL_QUOTE_PUNCTUATION:
      case Character.OTHER_PUNCTUATION:
      case Character.MATH_SYMBOL:
      case Character.CURRENCY_SYMBOL:
      case Character.MODIFIER_SYMBOL:
      case Character.OTHER_SYMBOL:
        return SEPARATOR;
      default:
        break;
    }
    if (Character.isLetter(cp) && Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN) {
      return HAN;
    }
    return OTHER;
  }

  /** Collects normalized units and their original spans for one call; not shared. */
  private static final class Output {
    char[] chars;
    /** Offsets per unit, or null when only the text is built. */
    int[] starts;
    private int[] ends;
    private int length;
    /** Index where the current run of separators starts in the output, or -1 outside a run. */
    private int runStart = -1;
    private boolean runAfterHan;
    private boolean lastHan;

    Output(int capacity, boolean offsets) {
      chars = new char[capacity];
      if (offsets) {
        starts = new int[capacity];
        ends = new int[capacity];
      }
    }

    void ensure(int more) {
      int needed = length + more;
      if (needed > chars.length) {
        int capacity = Math.max(needed, chars.length + (chars.length >> 1));
        chars = Arrays.copyOf(chars, capacity);
        if (starts != null) {
          starts = Arrays.copyOf(starts, capacity);
          ends = Arrays.copyOf(ends, capacity);
        }
      }
    }

    void emit(char c, byte kind, int start, int end) {
      switch (kind) {
        case OTHER:
          runStart = -1;
          lastHan = false;
          put(c, start, end);
          break;
        case HAN:
          if (runStart >= 0 && runAfterHan) {
            length = runStart;
          }
          runStart = -1;
          lastHan = true;
          put(c, start, end);
          break;
        case SPACE:
          if (length > 0 && chars[length - 1] == ' ') {
            if (ends != null) {
              ends[length - 1] = end;
            }
          } else {
            startRun();
            put(' ', start, end);
          }
          break;
        default:
          startRun();
          put(c, start, end);
          break;
      }
    }

    /**
     * Emits, as {@link #emit} would, the units of {@code text} from {@code i} on while each forms a chunk alone
     * and folds to one unit ({@code units}: the normalizer's table), and returns where it stopped. Text only, no
     * offsets. Hand-inlined, with the state in locals, because nearly every unit of every request passes here.
     */
    int emitSimple(char[] text, int n, int i, int[] units, long[] hanOther) {
      char[] chars = this.chars;
      int length = this.length;
      int runStart = this.runStart;
      boolean runAfterHan = this.runAfterHan;
      boolean lastHan = this.lastHan;
      int info = info(text[i], units, hanOther);
      while ((info & SIMPLE) != 0) {
        int next = i + 1;
        int nextInfo = next < n ? info(text[next], units, hanOther) : BOUNDARY;
        if ((nextInfo & BOUNDARY) == 0) {
          break;
        }
        char c = (char) info;
        switch (info >>> CLASS_SHIFT & 3) {
          case OTHER:
            runStart = -1;
            lastHan = false;
            chars[length++] = c;
            break;
          case HAN:
            if (runStart >= 0 && runAfterHan) {
              length = runStart;
            }
            runStart = -1;
            lastHan = true;
            chars[length++] = c;
            break;
          case SPACE:
            if (length == 0 || chars[length - 1] != ' ') {
              if (runStart < 0) {
                runStart = length;
                runAfterHan = lastHan;
              }
              chars[length++] = ' ';
            }
            break;
          default:
            if (runStart < 0) {
              runStart = length;
              runAfterHan = lastHan;
            }
            chars[length++] = c;
            break;
        }
        i = next;
        if (i == n) {
          break;
        }
        info = nextInfo;
      }
      this.length = length;
      this.runStart = runStart;
      this.runAfterHan = runAfterHan;
      this.lastHan = lastHan;
      return i;
    }

    /**
     * Emits what {@link #emitSimple} emits, each unit with its offsets as {@link #emit} writes them (a space run's
     * first space spans the run). A copy of that loop rather than a test per unit in it, which the text-only path,
     * run on every request, would pay; only texts with findings come here.
     */
    int emitSimpleWithOffsets(char[] text, int n, int i, int[] units, long[] hanOther) {
      char[] chars = this.chars;
      int[] starts = this.starts;
      int[] ends = this.ends;
      int length = this.length;
      int runStart = this.runStart;
      boolean runAfterHan = this.runAfterHan;
      boolean lastHan = this.lastHan;
      int info = info(text[i], units, hanOther);
      loop:
      while ((info & SIMPLE) != 0) {
        int next = i + 1;
        int nextInfo = next < n ? info(text[next], units, hanOther) : BOUNDARY;
        if ((nextInfo & BOUNDARY) == 0) {
          break;
        }
        char c = (char) info;
        switch (info >>> CLASS_SHIFT & 3) {
          case OTHER:
            runStart = -1;
            lastHan = false;
            break;
          case HAN:
            if (runStart >= 0 && runAfterHan) {
              length = runStart;
            }
            runStart = -1;
            lastHan = true;
            break;
          case SPACE:
            if (length > 0 && chars[length - 1] == ' ') {
              // the run collapses into its first space, which now spans this unit too
              ends[length - 1] = next;
              i = next;
              if (i == n) {
                break loop;
              }
              info = nextInfo;
              continue;
            }
            if (runStart < 0) {
              runStart = length;
              runAfterHan = lastHan;
            }
            c = ' ';
            break;
          default:
            if (runStart < 0) {
              runStart = length;
              runAfterHan = lastHan;
            }
            break;
        }
        chars[length] = c;
        starts[length] = i;
        ends[length++] = next;
        i = next;
        if (i == n) {
          break;
        }
        info = nextInfo;
      }
      this.length = length;
      this.runStart = runStart;
      this.runAfterHan = runAfterHan;
      this.lastHan = lastHan;
      return i;
    }

    void emitSupplementary(int cp, byte kind, int start, int end) {
      emit(Character.highSurrogate(cp), kind, start, end);
      if (kind == HAN) {
        put(Character.lowSurrogate(cp), start, end);
      } else {
        emit(Character.lowSurrogate(cp), kind == OTHER ? OTHER : SEPARATOR, start, end);
      }
    }

    /**
     * Puts the first {@code count} units of {@code text}, each its own source. Only for units that are kept as
     * they are and are not Han, so the separator-run state after them is the same as after emitting each.
     */
    void copyIdentity(char[] text, int count) {
      System.arraycopy(text, 0, chars, 0, count);
      if (starts != null) {
        for (int k = 0; k < count; k++) {
          starts[k] = k;
          ends[k] = k + 1;
        }
      }
      length = count;
    }

    private void startRun() {
      if (runStart < 0) {
        runStart = length;
        runAfterHan = lastHan;
      }
    }

    private void put(char c, int start, int end) {
      chars[length] = c;
      if (starts != null) {
        starts[length] = start;
        ends[length] = end;
      }
      length++;
    }

    NormalizedText result() {
      return new NormalizedText(new String(chars, 0, length), starts, ends);
    }
  }
}
