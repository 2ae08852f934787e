package io.kexin.gateway.detect.classifier;

/**
 * Turns text into hashed features without a segmenter: character trigrams everywhere, character unigrams and
 * bigrams on CJK text, and for Latin-script words the word, its folded stem ({@link #stem}), the pair of stems,
 * and cues that carry across sources because they describe how a text addresses the model rather than what it is
 * about: the stem that opens a sentence or clause (imperatives), the stem after "you"/"your" ("you are", "you
 * will", "your instructions"), the stem after a negation or a modal ("never refuse", "do not mention", "must
 * obey"), the stem after "from now" / "now" ("now you are"), and a bucket of the text's length. Text is folded first
 * (ASCII, Latin and full-width letters lowercased, full-width forms to ASCII, runs of whitespace to one space).
 * Immutable and thread-safe.
 */
public final class TextFeatures {
  private static final long SEED_UNI = 0x9E3779B97F4A7C15L;
  private static final long SEED_BI = 0xC2B2AE3D27D4EB4FL;
  private static final long SEED_TRI = 0x165667B19E3779F9L;
  private static final long SEED_WORD = 0xD6E8FEB86659FD93L;
  private static final long SEED_STEM_BI = 0xFF51AFD7ED558CCDL;
  private static final long SEED_STEM = 0x27BB2EE687B0B0FDL;
  private static final long SEED_OPEN = 0xA0761D6478BD642FL;
  private static final long SEED_YOU = 0xE7037ED1A0B428DBL;
  private static final long SEED_NEG = 0x8EBC6AF09C88C6E3L;
  private static final long SEED_NOW = 0x589965CC75374CC3L;
  private static final long SEED_LENGTH = 0x1D8E4E27C47D124FL;
  /** Longest word kept for its stem; longer ones are hashed whole. */
  private static final int MAX_WORD = 24;
  /** What a word after it is read as: plain, after you/your, after a negation or modal, after (from) now. */
  private static final int PLAIN = 0;
  private static final int YOU = 1;
  private static final int NEG = 2;
  private static final int NOW = 3;
  private static final long H_YOU = hash("you");
  private static final long H_YOUR = hash("your");
  private static final long H_YOURE = hash("you're");
  private static final long H_NOW = hash("now");
  private static final long[] NEGATIONS = {hash("not"), hash("never"), hash("don't"), hash("dont"), hash("no"),
      hash("cannot"), hash("can't"), hash("won't"), hash("must"), hash("should"), hash("shall"), hash("will"),
      hash("always"), hash("only")};
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
    char[] word = new char[MAX_WORD];
    long wordHash = 0;
    int wordLength = 0;
    long previousStem = 0;
    boolean opening = true;
    int context = PLAIN;
    int letters = 0;
    for (int i = from; i < to; i++) {
      char raw = text[i];
      char c = fold(raw);
      boolean lineBreak = raw == '\n' || raw == '\r';
      if (c == ' ' && c1 == ' ') {
        opening |= lineBreak;
        continue;
      }
      letters++;
      if (wordChar(c)) {
        wordHash = wordHash * 31 + c;
        if (wordLength < MAX_WORD) {
          word[wordLength] = c;
        }
        wordLength++;
      } else {
        if (wordLength > 0) {
          long stem = stemHash(word, wordLength, wordHash);
          count += word(sink, wordHash, stem, previousStem, opening, context);
          previousStem = stem;
          context = next(wordHash);
          opening = false;
          wordHash = 0;
          wordLength = 0;
        }
        if (c != ' ' && c != '\'' && c != '"' && c != '-' && c != '*') {
          opening |= c == '.' || c == '!' || c == '?' || c == ':' || c == ';' || c == '\n' || c == '。'
              || c == '！' || c == '？' || c == '：' || c == '；' || c == ',';
          context = PLAIN;
        }
        opening |= lineBreak;
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
      count += word(sink, wordHash, stemHash(word, wordLength, wordHash), previousStem, opening, context);
    }
    if (letters == 0) {
      return count;
    }
    sink.feature(index(SEED_LENGTH, 32 - Integer.numberOfLeadingZeros(letters)));
    return count + 1;
  }

  /** Emits the features of one word and returns how many. */
  private int word(FeatureSink sink, long wordHash, long stem, long previousStem, boolean opening, int context) {
    sink.feature(index(SEED_WORD, wordHash));
    sink.feature(index(SEED_STEM, stem));
    sink.feature(index(SEED_STEM_BI, previousStem * 0x100000001B3L ^ stem));
    int n = 3;
    if (opening) {
      sink.feature(index(SEED_OPEN, stem));
      n++;
    }
    if (context != PLAIN) {
      sink.feature(index(context == YOU ? SEED_YOU : context == NEG ? SEED_NEG : SEED_NOW, stem));
      n++;
    }
    return n;
  }

  /** Returns what the word after {@code wordHash} is read as. */
  private static int next(long wordHash) {
    if (wordHash == H_YOU || wordHash == H_YOUR || wordHash == H_YOURE) {
      return YOU;
    }
    if (wordHash == H_NOW) {
      return NOW;
    }
    for (long n : NEGATIONS) {
      if (wordHash == n) {
        return NEG;
      }
    }
    return PLAIN;
  }

  /**
   * Returns the hash of the stem of a word: common English inflections and derivations removed (-ing, -ed, -es,
   * -s, -ly, -ment, -ion(s), -er(s)), so that "ignoring", "ignored" and "ignores" read as one.
   */
  static long stemHash(char[] word, int length, long wordHash) {
    if (length > MAX_WORD || length <= 3) {
      return wordHash;
    }
    int end = length;
    if (end > 5 && endsWith(word, end, "ions")) {
      end -= 4;
    } else if (end > 4 && endsWith(word, end, "ion")) {
      end -= 3;
    } else if (end > 5 && endsWith(word, end, "ment")) {
      end -= 4;
    } else if (end > 4 && endsWith(word, end, "ing")) {
      end -= 3;
    } else if (end > 4 && endsWith(word, end, "ies")) {
      end -= 3;
    } else if (end > 3 && endsWith(word, end, "ed")) {
      end -= 2;
    } else if (end > 4 && endsWith(word, end, "ers")) {
      end -= 3;
    } else if (end > 4 && endsWith(word, end, "er")) {
      end -= 2;
    } else if (end > 3 && endsWith(word, end, "ly")) {
      end -= 2;
    } else if (end > 3 && endsWith(word, end, "es")) {
      end -= 2;
    } else if (end > 3 && word[end - 1] == 's' && word[end - 2] != 's' && word[end - 2] != '\'') {
      end -= 1;
    }
    if (end > 2 && (word[end - 1] == 'e' || word[end - 1] == 'y')) {
      end--;
    }
    long h = 0;
    for (int i = 0; i < end; i++) {
      h = h * 31 + word[i];
    }
    return h;
  }

  private static boolean endsWith(char[] word, int end, String suffix) {
    int n = suffix.length();
    for (int i = 0; i < n; i++) {
      if (word[end - n + i] != suffix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static long hash(String word) {
    long h = 0;
    for (int i = 0; i < word.length(); i++) {
      h = h * 31 + word.charAt(i);
    }
    return h;
  }

  /** Says whether a folded character belongs to a Latin-script word. */
  private static boolean wordChar(char c) {
    return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '\''
        || c >= 0xDF && c <= 0x24F && c != 0xF7;
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
    if (c == 0x2019) {
      return '\'';
    }
    return c < 0x2E80 ? Character.toLowerCase(c) : c;
  }
}
