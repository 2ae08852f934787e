package io.kexin.gateway.detect.pii;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.List;

/**
 * Recognizes 居民身份证 numbers: 18 characters validated by the GB 11643 mod 11-2 check digit, a real birth
 * date not in the future, a known province prefix and an area code of GB/T 2260 (0.9, 1.0 with context); legacy
 * 15-digit numbers have no check digit and are reported only with a context word (0.6, 0.9). The area code is
 * looked up in every revision shipped ({@link CountyCodes}): a code gone before the birth year, or one that never
 * existed while the revisions cover the birth year, rejects the number; a code unknown to a table that cannot tell
 * (born in or before its first revision's year, when codes abolished earlier were in use, or in or after its last)
 * is reported only with a context word (0.85), as a legacy number is. A pupil's 全国学籍号, {@code G} glued to the
 * resident ID, is read as that ID. Immutable.
 */
final class CnIdCardRecognizer implements Recognizer {
  private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  private static final String CHECK = "10X98765432";
  private static final boolean[] PROVINCES = new boolean[100];
  private static final List<String> CONTEXT = List.of("身份证", "身份号", "证件号", "公民身份", "居民身份", "id card",
      "id no", "id number", "identity", "national id", "id_card", "idcard", "id_no", "id_number");

  static {
    int[] codes = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
      53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83, 91};
    for (int code : codes) {
      PROVINCES[code] = true;
    }
  }

  private final Clock clock;
  private final CountyCodes counties;
  private final String never;
  private final String uncovered;

  CnIdCardRecognizer(Clock clock, CountyCodes counties) {
    this.clock = requireNonNull(clock, "clock");
    this.counties = requireNonNull(counties, "counties");
    this.never = "area code in no GB/T 2260 revision of " + counties.years();
    this.uncovered = "GB 11643 check digit and birth date valid, area code not in the GB/T 2260 revisions of "
        + counties.years() + ", which may not cover it";
  }

  @Override
  public String entity() {
    return "CN_ID_CARD";
  }

  @Override
  public List<String> contextWords() {
    return CONTEXT;
  }

  @Override
  public boolean mayMatch(int length, int groups, boolean letterFirst, boolean signed) {
    return !signed && (!letterFirst && (length == 15 || length == 18) || letterFirst && length == 19 && groups == 1);
  }

  @Override
  public Match match(Candidate c) {
    String v = c.value();
    boolean student = v.length() == 19;
    if (student) {
      // 全国学籍号: G and the pupil's resident ID, one token.
      if (c.groups().length != 1 || v.charAt(0) != 'G' || c.prefix() != 0) {
        return null;
      }
      v = v.substring(1);
    }
    if (c.prefix() != 0 || (v.length() != 18 && v.length() != 15) || !separatorsFit(c)) {
      return null;
    }
    int digits = v.length() == 18 ? 17 : 15;
    for (int i = 0; i < digits; i++) {
      if (!Fold.digit(v.charAt(i))) {
        return null;
      }
    }
    if (v.length() == 18 && !Fold.digit(v.charAt(17)) && v.charAt(17) != 'X') {
      return null;
    }
    String pattern = student ? "student number (G and a resident ID)"
        : v.length() == 18 ? "18-character resident ID" : "15-digit legacy resident ID";
    if (!PROVINCES[(v.charAt(0) - '0') * 10 + (v.charAt(1) - '0')]) {
      return Match.invalid(pattern, "unknown province prefix");
    }
    int year = v.length() == 18 ? number(v, 6, 10) : 1900 + number(v, 6, 8);
    int dateAt = v.length() == 18 ? 10 : 8;
    if (!dateValid(year, number(v, dateAt, dateAt + 2), number(v, dateAt + 2, dateAt + 4))) {
      return Match.invalid(pattern, "invalid birth date");
    }
    CountyCodes.Verdict area = counties.verdict(number(v, 0, 6), year);
    if (area == CountyCodes.Verdict.ABOLISHED) {
      return Match.invalid(pattern, "GB/T 2260 area code abolished before the birth year");
    }
    if (area == CountyCodes.Verdict.NEVER) {
      return Match.invalid(pattern, never);
    }
    if (v.length() == 15) {
      return area == CountyCodes.Verdict.KNOWN
          ? Match.needsContext(pattern, Validation.UNKNOWN, "area code and birth date valid, no check digit", 0.6, 0.9)
          : Match.needsContext(pattern, Validation.UNKNOWN, "birth date valid, no check digit, area code not in the"
              + " GB/T 2260 revisions shipped", 0.5, 0.85);
    }
    if (checkDigit(v) != v.charAt(17)) {
      return Match.invalid(pattern, "GB 11643 check digit wrong");
    }
    if (area == CountyCodes.Verdict.UNCOVERED) {
      return Match.needsContext(pattern, Validation.UNKNOWN, uncovered, 0.5, 0.85);
    }
    return Match.valid(pattern, "GB 11643 check digit, birth date and GB/T 2260 area code valid", 0.9, 1.0);
  }

  /** Returns the GB 11643 mod 11-2 check character of the first 17 digits of {@code v}. */
  static char checkDigit(String v) {
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      sum += (v.charAt(i) - '0') * WEIGHTS[i];
    }
    return CHECK.charAt(sum % 11);
  }

  private static boolean separatorsFit(Candidate c) {
    for (char s : c.separators()) {
      if (s != ' ' && s != '-') {
        return false;
      }
    }
    return true;
  }

  private boolean dateValid(int year, int month, int day) {
    if (year < 1900) {
      return false;
    }
    try {
      return !LocalDate.of(year, month, day).isAfter(LocalDate.now(clock));
    } catch (DateTimeException e) {
      return false;
    }
  }

  private static int number(String v, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      n = n * 10 + (v.charAt(i) - '0');
    }
    return n;
  }
}
