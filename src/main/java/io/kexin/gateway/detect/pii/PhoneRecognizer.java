package io.kexin.gateway.detect.pii;

import java.util.List;
import java.util.Map;

/**
 * Recognizes international phone numbers: E.164 {@code +<country code>} numbers whose national length fits a
 * small table of common country codes (0.7, 0.95 with context; +86 is left to {@link CnPhoneRecognizer}), and
 * North American national formats {@code (555) 123-4567}, {@code 555-123-4567}, {@code 555.123.4567} (0.6, 0.9);
 * ten bare digits of that plan are reported only with a context word (0.9). Immutable.
 */
final class PhoneRecognizer implements Recognizer {
  /** Maps a country code to the shortest and longest national significant number, as {@code min * 100 + max}. */
  private static final Map<String, Integer> COUNTRIES = Map.ofEntries(
      Map.entry("1", 1010), Map.entry("7", 1010), Map.entry("20", 910), Map.entry("27", 909),
      Map.entry("30", 1010), Map.entry("31", 909), Map.entry("32", 809), Map.entry("33", 909), Map.entry("34", 909),
      Map.entry("36", 809), Map.entry("39", 611), Map.entry("40", 909), Map.entry("41", 909), Map.entry("43", 713),
      Map.entry("44", 910), Map.entry("45", 808), Map.entry("46", 709), Map.entry("47", 808), Map.entry("48", 909),
      Map.entry("49", 711), Map.entry("52", 1010), Map.entry("55", 1011), Map.entry("60", 810),
      Map.entry("61", 909), Map.entry("62", 812), Map.entry("63", 1010), Map.entry("64", 810), Map.entry("65", 808),
      Map.entry("66", 909), Map.entry("81", 910), Map.entry("82", 810), Map.entry("84", 910), Map.entry("90", 1010),
      Map.entry("91", 1010), Map.entry("92", 1010), Map.entry("234", 810), Map.entry("351", 909),
      Map.entry("353", 709), Map.entry("852", 808), Map.entry("853", 808), Map.entry("886", 809),
      Map.entry("966", 909), Map.entry("971", 809), Map.entry("972", 809));
  private static final List<String> CONTEXT = List.of("phone", "tel", "mobile", "call", "cell", "fax", "whatsapp",
      "电话", "手机", "联系");

  @Override
  public String entity() {
    return "PHONE";
  }

  @Override
  public List<String> contextWords() {
    return CONTEXT;
  }

  @Override
  public boolean mayMatch(int length, int groups, boolean letterFirst, boolean signed) {
    return !letterFirst && (signed ? length >= 5 && length <= 18 && groups <= 6 : length == 10 && groups <= 3);
  }

  @Override
  public Match match(Candidate c) {
    if (!c.digitsOnly()) {
      return null;
    }
    String v = c.value();
    if (c.prefix() == '+') {
      for (int ccLength = 1; ccLength <= 3 && ccLength < v.length(); ccLength++) {
        String cc = v.substring(0, ccLength);
        Integer range = COUNTRIES.get(cc);
        if (range == null) {
          continue;
        }
        int n = v.length() - ccLength;
        if (n < range / 100 || n > range % 100) {
          return Match.invalid("E.164 number", "length " + n + " does not fit +" + cc);
        }
        return Match.valid("E.164 number", "national length " + n + " fits +" + cc, 0.7, 0.95);
      }
      return null;
    }
    if (v.length() != 10 || v.charAt(0) < '2' || v.charAt(3) < '2') {
      return null;
    }
    String check = "area and exchange codes in the North American plan";
    if (c.prefix() == '(' && c.shape(3, 3, 4) && c.separators()[0] == ')'
        || c.prefix() == 0 && c.shape(3, 3, 4) && (c.separatedOnlyBy('-') || c.separatedOnlyBy('.'))) {
      return Match.valid("North American number", check, 0.6, 0.9);
    }
    if (c.prefix() == 0 && c.groups().length == 1) {
      return Match.needsContext("ten-digit number", Validation.VALID, check, 0.6, 0.9);
    }
    return null;
  }
}
