package io.kexin.gateway.detect.pii;

import java.util.List;

/**
 * Recognizes numbers of Chinese passports: E or G then 8 digits, E and a letter (not I, O) then 7 digits for
 * electronic passports, D, S or P (diplomatic, service, public affairs) then 7-8 digits, or DE/SE/PE then 7
 * digits. There is no check digit, so they are reported only after a context word (护照, passport): 0.9.
 * Immutable.
 */
final class CnPassportRecognizer implements Recognizer {
  /**
   * Context words, simplified and traditional; {@code docs} is the APIS travel-document item of airline messages
   * ({@code SSR DOCS YY HK1 P/CHN/E12345678/…}, or {@code SRDOCS} as the item is entered in a reservation system),
   * where the number stands with no other word.
   */
  private static final List<String> CONTEXT = List.of("护照", "護照", "passport", "旅行证件", "旅行證件",
      "travel document", "docs", "srdocs");

  @Override
  public String entity() {
    return "CN_PASSPORT";
  }

  @Override
  public List<String> contextWords() {
    return CONTEXT;
  }

  @Override
  public boolean mayMatch(int length, int groups, boolean letterFirst, boolean signed) {
    return letterFirst && !signed && groups == 1 && length >= 8 && length <= 9;
  }

  @Override
  public Match match(Candidate c) {
    String v = c.value();
    if (c.prefix() != 0 || c.groups().length != 1 || v.length() < 8 || v.length() > 9) {
      return null;
    }
    char first = v.charAt(0);
    char second = v.charAt(1);
    int letters = Fold.digit(second) ? 1 : 2;
    if (!digits(v, letters)) {
      return null;
    }
    int digits = v.length() - letters;
    boolean fits = switch (letters) {
      case 1 -> (first == 'E' || first == 'G') ? digits == 8 : (first == 'D' || first == 'S' || first == 'P');
      default -> digits == 7 && (first == 'E' && second != 'I' && second != 'O'
          || second == 'E' && (first == 'D' || first == 'S' || first == 'P'));
    };
    if (!fits) {
      return null;
    }
    return Match.needsContext("passport number " + (letters == 1 ? first : first + "" + second) + " + " + digits
        + " digits", Validation.UNKNOWN, "no check digit", 0.6, 0.9);
  }

  /** Returns whether {@code v} is all digits from {@code from} on. */
  static boolean digits(String v, int from) {
    for (int i = from; i < v.length(); i++) {
      if (!Fold.digit(v.charAt(i))) {
        return false;
      }
    }
    return from < v.length();
  }
}
