package io.kexin.gateway.detect.pii;

import java.util.List;

/**
 * Recognizes 往来港澳通行证 numbers (C or W then 8 digits; C and a letter then 7 digits) and 回乡证 numbers (H or
 * M then 8 or 10 digits). There is no check digit, so they are reported only after a context word (通行证,
 * 回乡证, permit…): 0.9. Immutable.
 */
final class CnHkMacauPermitRecognizer implements Recognizer {
  private static final List<String> CONTEXT = List.of("通行证", "通行證", "回乡证", "回鄉證", "港澳", "往来内地",
      "來往內地", "往來內地", "来往内地", "permit", "home return", "home-return");

  @Override
  public String entity() {
    return "CN_HK_MACAU_PERMIT";
  }

  @Override
  public List<String> contextWords() {
    return CONTEXT;
  }

  @Override
  public boolean mayMatch(int length, int groups, boolean letterFirst, boolean signed) {
    return letterFirst && !signed && groups == 1 && length >= 9 && length <= 11;
  }

  @Override
  public Match match(Candidate c) {
    String v = c.value();
    if (c.prefix() != 0 || c.groups().length != 1 || v.length() < 9 || v.length() > 11) {
      return null;
    }
    char first = v.charAt(0);
    char second = v.charAt(1);
    boolean fits;
    String pattern;
    if (first == 'C' && !Fold.digit(second)) {
      fits = v.length() == 9 && second != 'I' && second != 'O' && CnPassportRecognizer.digits(v, 2);
      pattern = "港澳通行证 C + letter + 7 digits";
    } else if (first == 'C' || first == 'W') {
      fits = v.length() == 9 && CnPassportRecognizer.digits(v, 1);
      pattern = "港澳通行证 " + first + " + 8 digits";
    } else if (first == 'H' || first == 'M') {
      fits = (v.length() == 9 || v.length() == 11) && CnPassportRecognizer.digits(v, 1);
      pattern = "回乡证 " + first + " + " + (v.length() - 1) + " digits";
    } else {
      return null;
    }
    return fits ? Match.needsContext(pattern, Validation.UNKNOWN, "no check digit", 0.6, 0.9) : null;
  }
}
