package io.kexin.gateway.detect.pii;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.iban4j.CountryCode;
import org.iban4j.IbanUtil;
import org.iban4j.bban.BbanStructure;
import org.iban4j.bban.BbanStructureEntry;

/**
 * Recognizes IBANs, written compact or in groups separated by spaces or by dashes: a country code of the ISO 13616
 * registry with that country's exact length and BBAN structure (the registry as the maintained iban4j library
 * ships it, so newer formats such as BY, TL, LY, QA, MU, SC, SV, RU or SD come with upgrades of it) and the mod 97
 * check (0.9, 1.0 with context). Immutable.
 */
final class IbanRecognizer implements Recognizer {
  /** Each registered country's IBAN length, from iban4j's copy of the SWIFT IBAN registry. */
  private static final Map<String, Integer> LENGTHS = lengths();
  private static final List<String> CONTEXT = List.of("iban", "账号", "帐号", "账户", "account", "bank", "汇款",
      "transfer");

  @Override
  public String entity() {
    return "IBAN";
  }

  @Override
  public List<String> contextWords() {
    return CONTEXT;
  }

  @Override
  public boolean mayMatch(int length, int groups, boolean letterFirst, boolean signed) {
    return letterFirst && !signed && length >= 15;
  }

  @Override
  public Match match(Candidate c) {
    String v = c.value();
    if (c.prefix() != 0 || v.length() < 15 || !(c.separatedOnlyBy(' ') || c.separatedOnlyBy('-'))
        || !Character.isLetter(v.charAt(0)) || !Character.isLetter(v.charAt(1))
        || !Fold.digit(v.charAt(2)) || !Fold.digit(v.charAt(3))) {
      return null;
    }
    Integer length = LENGTHS.get(v.substring(0, 2));
    if (length == null || length != v.length()) {
      return null;
    }
    if (mod97(v) != 1) {
      return Match.invalid("IBAN", "ISO 13616 mod 97 check failed");
    }
    if (!structured(v)) {
      return Match.invalid("IBAN", v.substring(0, 2) + " BBAN structure not followed");
    }
    return Match.valid("IBAN", "ISO 13616 mod 97 check and " + v.substring(0, 2) + " length valid", 0.9, 1.0);
  }

  /** Returns the IBAN length of every country iban4j's registry holds. */
  private static Map<String, Integer> lengths() {
    Map<String, Integer> lengths = new HashMap<>();
    for (CountryCode country : BbanStructure.supportedCountries()) {
      lengths.put(country.getAlpha2(), IbanUtil.getIbanLength(country));
    }
    return Map.copyOf(lengths);
  }

  /**
   * Returns whether the BBAN of {@code v} (of its country's length, mod 97 valid) has the character types of its
   * country's structure: digits where the registry says digits, upper-case letters where it says letters.
   */
  private static boolean structured(String v) {
    BbanStructure structure = BbanStructure.forCountry(CountryCode.getByCode(v.substring(0, 2)));
    if (structure == null) {
      return false;
    }
    int at = 4;
    for (BbanStructureEntry entry : structure.getEntries()) {
      BbanStructureEntry.EntryCharacterType type = entry.getCharacterType();
      for (int k = 0; k < entry.getLength(); k++, at++) {
        if (at >= v.length()) {
          return false;
        }
        char ch = v.charAt(at);
        boolean ok = switch (type) {
          case n -> Fold.digit(ch);
          case a -> ch >= 'A' && ch <= 'Z';
          default -> Fold.digit(ch) || (ch >= 'A' && ch <= 'Z');
        };
        if (!ok) {
          return false;
        }
      }
    }
    return at == v.length();
  }

  /** Returns the ISO 13616 remainder of {@code v}: the first four characters moved to the end, letters as 10-35. */
  static int mod97(String v) {
    int r = 0;
    for (int k = 0; k < v.length(); k++) {
      char ch = v.charAt((k + 4) % v.length());
      int d = Fold.digit(ch) ? ch - '0' : ch - 'A' + 10;
      r = d < 10 ? (r * 10 + d) % 97 : (r * 100 + d) % 97;
    }
    return r;
  }
}
