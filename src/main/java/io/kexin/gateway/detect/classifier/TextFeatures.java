package io.kexin.gateway.detect.classifier;

/**
 * Turns text into hashed features without a segmenter: character trigrams everywhere, character unigrams and
 * bigrams on CJK text, and ASCII words and word bigrams. Text is folded first (ASCII and full-width letters
 * lowercased, full-width forms to ASCII, runs of whitespace to one space). Immutable and thread-safe.
 */
public final class TextFeatures {
  private static final long SEED_UNI = 0x9E3779B97F4A7C15L;
  private static final long SEED_BI = 0xC2B2AE3D27D4EB4FL;
  private static final long SEED_TRI = 0x165667B19E3779F9L;
  private static final long SEED_WORD = 0xD6E8FEB86659FD93L;
  private static final long SEED_WORD_BI = 0xFF51AFD7ED558CCDL;
  private final int bits;
  private final int mask;

  /** Creates features hashed into {@code 2^bits} buckets. */
  public TextFeatures(int bits) {
    if (bits < 8 || bits > 24) {
      throw new IllegalArgumentException("bits: " + bits + " (expected: 8..24)");
    }
    this.bits = bits;
    this.mask = (1 << bits) - 1;
  }

  /** Returns the number of hash bits. */
  public int bits() {
    return bits;
  }

  /** Returns the number of buckets, {@code 2^bits}. */
  public int buckets() {
    return mask + 1;
  }

  /** Emits the features of {@code text[from, to)} to {@code sink} and returns how many it emitted. */
  public int extract(char[] text, int from, int to, FeatureSink sink) {
    int count = 0;
    // Folded previous characters; a space stands before the text.
    char c1 = ' ';
    char c2 = ' ';
    long word = 0;
    int wordLength = 0;
    long previousWord = 0;
    for (int i = from; i < to; i++) {
      char c = fold(text[i]);
      if (c == ' ' && c1 == ' ') {
        continue;
      }
      boolean wordChar = c < 0x80 && (c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '\'');
      if (wordChar) {
        word = word * 31 + c;
        wordLength++;
      } else if (wordLength > 0) {
        sink.feature(index(SEED_WORD, word));
        sink.feature(index(SEED_WORD_BI, previousWord * 0x100000001B3L ^ word));
        count += 2;
        previousWord = word;
        word = 0;
        wordLength = 0;
      }
      sink.feature(index(SEED_TRI, (long) c2 << 32 | (long) c1 << 16 | c));
      count++;
      if (c >= 0x2E80) {
        sink.feature(index(SEED_UNI, c));
        sink.feature(index(SEED_BI, (long) c1 << 16 | c));
        count += 2;
      }
      c2 = c1;
      c1 = c;
    }
    if (wordLength > 0) {
      sink.feature(index(SEED_WORD, word));
      sink.feature(index(SEED_WORD_BI, previousWord * 0x100000001B3L ^ word));
      count += 2;
    }
    return count;
  }

  private int index(long seed, long key) {
    long h = (key + seed) * 0xBF58476D1CE4E5B9L;
    h ^= h >>> 31;
    h *= 0x94D049BB133111EBL;
    return (int) (h >>> 40) & mask;
  }

  /** Folds one character: ASCII and full-width letters lowercased, full-width forms to ASCII, whitespace to space. */
  static char fold(char c) {
    if (c < 0x80) {
      if (c >= 'A' && c <= 'Z') {
        return (char) (c + 32);
      }
      return c <= ' ' ? ' ' : c;
    }
    if (c >= 0xFF01 && c <= 0xFF5E) {
      return fold((char) (c - 0xFEE0));
    }
    if (c == 0x3000 || c == 0x00A0 || c >= 0x2000 && c <= 0x200A || c == 0x2028 || c == 0x2029) {
      return ' ';
    }
    return c < 0x2E80 ? Character.toLowerCase(c) : c;
  }
}
