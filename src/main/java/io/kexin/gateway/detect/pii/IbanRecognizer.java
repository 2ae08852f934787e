package io.kexin.gateway.detect.pii;

import java.util.List;
import java.util.Map;

/**
 * Recognizes IBANs, written compact or in groups separated by spaces: a country code from the ISO 13616
 * registry with that country's exact length and the mod 97 check (0.9, 1.0 with context). Immutable.
 */
final class IbanRecognizer implements Recognizer {
  private static final Map<String, Integer> LENGTHS = Map.ofEntries(
      Map.entry("AD", 24), Map.entry("AE", 23), Map.entry("AL", 28), Map.entry("AT", 20), Map.entry("AZ", 28),
      Map.entry("BA", 20), Map.entry("BE", 16), Map.entry("BG", 22), Map.entry("BH", 22), Map.entry("BR", 29),
      Map.entry("CH", 21), Map.entry("CR", 22), Map.entry("CY", 28), Map.entry("CZ", 24), Map.entry("DE", 22),
      Map.entry("DK", 18), Map.entry("DO", 28), Map.entry("EE", 20), Map.entry("EG", 29), Map.entry("ES", 24),
      Map.entry("FI", 18), Map.entry("FO", 18), Map.entry("FR", 27), Map.entry("GB", 22), Map.entry("GE", 22),
      Map.entry("GI", 23), Map.entry("GL", 18), Map.entry("GR", 27), Map.entry("GT", 28), Map.entry("HR", 21),
      Map.entry("HU", 28), Map.entry("IE", 22), Map.entry("IL", 23), Map.entry("IQ", 23), Map.entry("IS", 26),
      Map.entry("IT", 27), Map.entry("JO", 30), Map.entry("KW", 30), Map.entry("KZ", 20), Map.entry("LB", 28),
      Map.entry("LC", 32), Map.entry("LI", 21), Map.entry("LT", 20), Map.entry("LU", 20), Map.entry("LV", 21),
      Map.entry("MC", 27), Map.entry("MD", 24), Map.entry("ME", 22), Map.entry("MK", 19), Map.entry("MR", 27),
      Map.entry("MT", 31), Map.entry("MU", 30), Map.entry("NL", 18), Map.entry("NO", 15), Map.entry("PK", 24),
      Map.entry("PL", 28), Map.entry("PS", 29), Map.entry("PT", 25), Map.entry("QA", 29), Map.entry("RO", 24),
      Map.entry("RS", 22), Map.entry("SA", 24), Map.entry("SC", 31), Map.entry("SE", 24), Map.entry("SI", 19),
      Map.entry("SK", 24), Map.entry("SM", 27), Map.entry("TN", 24), Map.entry("TR", 26), Map.entry("UA", 29),
      Map.entry("VA", 22), Map.entry("VG", 24), Map.entry("XK", 20));
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
    if (c.prefix() != 0 || v.length() < 15 || !c.separatedOnlyBy(' ')
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
    return Match.valid("IBAN", "ISO 13616 mod 97 check and " + v.substring(0, 2) + " length valid", 0.9, 1.0);
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
