package io.kexin.gateway.detect.invisible;

import static java.util.Objects.requireNonNull;

import io.kexin.gateway.detect.Detector;
import io.kexin.gateway.detect.Finding;
import io.kexin.gateway.text.ScanText;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Reports invisible and deceptive text in one pass over the original text. Runs of tag characters, bidi controls
 * and in-word zero-width characters are reported as their exact span, so a {@code strip} action removes just them;
 * a mixed-script word is reported whole. Emoji sequences joined by U+200D and zero-width characters between other
 * scripts' letters (e.g. the ZWNJ of Persian) are left alone. Immutable and thread-safe.
 */
public final class InvisibleDetector implements Detector {
  private static final int MAX_RUN = 4096;
  /** {@link Character#isLetter(int)} of every BMP code point, one bit each, since it runs on every letter. */
  private static final long[] BMP_LETTERS = bmpLetters();
  /** BMP units that can start an invisible run (the high surrogate of tag characters included), one bit each. */
  private static final long[] RUN_STARTS = units(false);
  /** {@link #RUN_STARTS} and the Greek and Cyrillic letters, one bit each. */
  private static final long[] RUN_OR_LOOKALIKE_STARTS = units(true);
  private static final int HAS_RUN_START = 1;
  private static final int HAS_LOOKALIKE = 2;
  /** Tells which of the units above a text holds, once per text for every invisible rule. */
  private static final ScanText.Derivation<Integer> STARTS = InvisibleDetector::starts;

  private final String ruleId;
  private final String entity;
  private final Set<InvisibleKind> kinds;
  private final boolean mixedScript;

  private InvisibleDetector(String ruleId, String entity, Set<InvisibleKind> kinds) {
    this.ruleId = requireNonNull(ruleId, "ruleId");
    this.entity = requireNonNull(entity, "entity");
    this.kinds = kinds.isEmpty() ? EnumSet.allOf(InvisibleKind.class) : EnumSet.copyOf(kinds);
    this.mixedScript = this.kinds.contains(InvisibleKind.MIXED_SCRIPT_WORD);
  }

  /** Returns a detector for {@code kinds} (all when empty) reporting findings as {@code entity}. */
  public static InvisibleDetector of(String ruleId, String entity, Set<InvisibleKind> kinds) {
    return new InvisibleDetector(ruleId, entity, requireNonNull(kinds, "kinds"));
  }

  @Override
  public boolean readsInvisible() {
    return true;
  }

  /**
   * Returns the start of what more text could still change: a trailing run of invisible characters (it may grow,
   * and a zero-width run counts only when a word character follows it) and, with mixed-script words, the trailing
   * word (letters and zero-width characters), which may still gain a letter of another script. Everything before
   * is final: runs and words are read left to right and look one character past their end. Falls back to the
   * default for a trailing run or word of {@value #MAX_RUN} units or more.
   */
  @Override
  public int liveFrom(ScanText text) {
    String s = text.original();
    int n = s.length();
    int live = n;
    if (n > 0) {
      InvisibleKind kind = kindOf(s.codePointBefore(n));
      if (kind != null) {
        while (live > 0 && kindOf(s.codePointBefore(live)) == kind) {
          live -= Character.charCount(s.codePointBefore(live));
          if (n - live >= MAX_RUN) {
            return Detector.super.liveFrom(text);
          }
        }
      }
    }
    if (mixedScript) {
      int b = n;
      while (b > 0) {
        int c = s.codePointBefore(b);
        if (!isLetter(c) && kindOf(c) != InvisibleKind.ZERO_WIDTH_IN_WORD) {
          break;
        }
        b -= Character.charCount(c);
        if (n - b >= MAX_RUN) {
          return Detector.super.liveFrom(text);
        }
      }
      live = Math.min(live, b);
    }
    return live;
  }

  @Override
  public List<Finding> scan(ScanText text) {
    String s = text.original();
    int starts = text.derived(STARTS);
    if ((starts & (mixedScript ? HAS_RUN_START | HAS_LOOKALIKE : HAS_RUN_START)) == 0) {
      return List.of();
    }
    List<Finding> out = new ArrayList<>(0);
    int checkedUntil = 0;
    int i = 0;
    while (i < s.length()) {
      int cp = s.codePointAt(i);
      InvisibleKind kind = kindOf(cp);
      if (kind != null) {
        int end = i;
        while (end < s.length() && end - i < MAX_RUN && kindOf(s.codePointAt(end)) == kind) {
          end += Character.charCount(s.codePointAt(end));
        }
        if (kinds.contains(kind) && (kind != InvisibleKind.ZERO_WIDTH_IN_WORD || insideWord(s, i, end))) {
          out.add(finding(i, end, kind, 1.0));
        }
        i = end;
        continue;
      }
      if (mixedScript && i >= checkedUntil && cp >= 'A' && isLetter(cp)) {
        checkedUntil = mixedScriptWord(s, i, out);
      }
      i += Character.charCount(cp);
    }
    return out.isEmpty() ? List.of() : out;
  }

  /**
   * Returns {@link #HAS_RUN_START} if the text holds a unit that can start an invisible run (tag characters start
   * with the high surrogate U+DB40) and {@link #HAS_LOOKALIKE} if it holds a Greek or Cyrillic letter; without
   * them, no finding is possible and the text needs no further look.
   */
  private static Integer starts(ScanText text) {
    // One bit test per unit, since this runs over every request of every policy with an invisible rule.
    char[] u = text.units();
    int found = 0;
    for (int i = 0, n = text.original().length(); i < n; i++) {
      char c = u[i];
      if (c >= 0xAD && (RUN_OR_LOOKALIKE_STARTS[c >>> 6] & 1L << c) != 0) {
        found |= (RUN_STARTS[c >>> 6] & 1L << c) != 0 ? HAS_RUN_START : HAS_LOOKALIKE;
        if (found == (HAS_RUN_START | HAS_LOOKALIKE)) {
          break;
        }
      }
    }
    return found;
  }

  private static long[] units(boolean lookalikes) {
    long[] units = new long[1 << 10];
    for (int c = 0; c <= 0xFFFF; c++) {
      if (c == 0xDB40 || kindOf(c) != null || lookalikes && isGreekOrCyrillic(c)) {
        units[c >>> 6] |= 1L << c;
      }
    }
    return units;
  }

  /** Checks the word starting at {@code start}, reporting it if it mixes Latin with Cyrillic or Greek; returns its end. */
  private int mixedScriptWord(String s, int start, List<Finding> out) {
    int end = start;
    boolean latin = false;
    boolean lookalike = false;
    while (end < s.length()) {
      int c = s.codePointAt(end);
      if (isLatin(c)) {
        latin = true;
      } else if (isGreekOrCyrillic(c)) {
        lookalike = true;
      } else if (!isLetter(c) && kindOf(c) != InvisibleKind.ZERO_WIDTH_IN_WORD) {
        break;
      }
      end += Character.charCount(c);
    }
    if (latin && lookalike) {
      out.add(finding(start, end, InvisibleKind.MIXED_SCRIPT_WORD, 0.8));
    }
    return end;
  }

  /** Says whether {@code c} is a Latin letter; range checks, since this runs on every letter of every request. */
  private static boolean isLatin(int c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7
        || c >= 0x1E00 && c <= 0x1EFF || c >= 0xFF21 && c <= 0xFF3A || c >= 0xFF41 && c <= 0xFF5A;
  }

  /** Says whether {@code c} is a Greek or Cyrillic letter (the scripts with Latin look-alikes). */
  private static boolean isGreekOrCyrillic(int c) {
    return c >= 0x370 && c <= 0x52F && isLetter(c) || c >= 0x1F00 && c <= 0x1FFF
        || c >= 0x2DE0 && c <= 0x2DFF || c >= 0xA640 && c <= 0xA69F || c >= 0x1C80 && c <= 0x1C8F;
  }

  /** Says whether {@code c} is a letter, as {@link Character#isLetter(int)} does. */
  private static boolean isLetter(int c) {
    return c <= 0xFFFF ? (BMP_LETTERS[c >>> 6] & 1L << c) != 0 : Character.isLetter(c);
  }

  private static long[] bmpLetters() {
    long[] letters = new long[1 << 10];
    for (int c = 0; c <= 0xFFFF; c++) {
      if (Character.isLetter(c)) {
        letters[c >>> 6] |= 1L << c;
      }
    }
    return letters;
  }

  private boolean insideWord(String s, int start, int end) {
    if (start == 0 || end >= s.length()) {
      return false;
    }
    return wordChar(s.codePointBefore(start)) && wordChar(s.codePointAt(end));
  }

  private static boolean wordChar(int cp) {
    if (Character.isDigit(cp)) {
      return true;
    }
    if (!Character.isLetter(cp)) {
      return false;
    }
    Character.UnicodeScript script = Character.UnicodeScript.of(cp);
    return script == Character.UnicodeScript.LATIN || script == Character.UnicodeScript.HAN
        || script == Character.UnicodeScript.CYRILLIC || script == Character.UnicodeScript.GREEK;
  }

  static InvisibleKind kindOf(int cp) {
    if (cp >= 0xE0000 && cp <= 0xE007F) {
      return InvisibleKind.TAG_CHARACTERS;
    }
    if (cp >= 0x202A && cp <= 0x202E || cp >= 0x2066 && cp <= 0x2069) {
      return InvisibleKind.BIDI_CONTROLS;
    }
    if (cp >= 0x200B && cp <= 0x200D || cp == 0x2060 || cp == 0xFEFF || cp == 0x00AD || cp == 0x180E) {
      return InvisibleKind.ZERO_WIDTH_IN_WORD;
    }
    return null;
  }

  private Finding finding(int start, int end, InvisibleKind kind, double score) {
    return new Finding(ruleId, entity, start, end, score, kind.label() + " (" + (end - start) + " UTF-16 units)");
  }

  @Override
  public int maxMatchLength() {
    return MAX_RUN * 2;
  }

  @Override
  public String toString() {
    return "InvisibleDetector[ruleId=" + ruleId + ", kinds=" + kinds + "]";
  }
}
