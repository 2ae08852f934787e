package io.kexin.gateway.detect.pii;

import java.util.List;

/**
 * Recognizes US social security numbers: {@code ddd-dd-dddd} (0.6, 0.9 with context), {@code ddd dd dddd} and
 * {@code ddd.dd.dddd} (0.5, 0.9), and nine bare digits only with a context word (0.9). Presidio's vetoes make a candidate invalid: area 000,
 * 666 or 9xx, group 00, serial 0000, all digits the same, and the well-known fakes 123-45-6789 and
 * 078-05-1120. Immutable.
 */
final class UsSsnRecognizer implements Recognizer {
  private static final List<String> CONTEXT = List.of("ssn", "social", "soc sec", "社会安全号",
      "社会保障号", "社会安全码", "tax id", "taxpayer id", "ss#", "ss #");

  @Override
  public String entity() {
    return "US_SSN";
  }

  @Override
  public List<String> contextWords() {
    return CONTEXT;
  }

  @Override
  public boolean mayMatch(int length, int groups, boolean letterFirst, boolean signed) {
    return !letterFirst && !signed && length == 9 && (groups == 1 || groups == 3);
  }

  @Override
  public Match match(Candidate c) {
    String v = c.value();
    if (c.prefix() != 0 || v.length() != 9 || !c.digitsOnly()) {
      return null;
    }
    boolean dashed = c.shape(3, 2, 4) && c.separatedOnlyBy('-');
    boolean spaced = c.shape(3, 2, 4) && c.separatedOnlyBy(' ');
    boolean dotted = c.shape(3, 2, 4) && c.separatedOnlyBy('.');
    if (!dashed && !spaced && !dotted && c.groups().length != 1) {
      return null;
    }
    String pattern = dashed ? "ddd-dd-dddd" : spaced ? "ddd dd dddd" : dotted ? "ddd.dd.dddd" : "nine digits";
    String veto = veto(v);
    if (veto != null) {
      return Match.invalid(pattern, veto);
    }
    String check = "area, group and serial pass the SSA vetoes";
    return dashed || dotted || spaced ? Match.valid(pattern, check, dashed ? 0.6 : 0.5, 0.9)
        : Match.needsContext(pattern, Validation.UNKNOWN, check, 0.6, 0.9);
  }

  private static String veto(String v) {
    String area = v.substring(0, 3);
    if (area.equals("000") || area.equals("666") || v.charAt(0) == '9') {
      return "area " + (v.charAt(0) == '9' ? "9xx" : area) + " never assigned";
    }
    if (v.startsWith("00", 3)) {
      return "group 00 never assigned";
    }
    if (v.startsWith("0000", 5)) {
      return "serial 0000 never assigned";
    }
    if (v.chars().allMatch(ch -> ch == v.charAt(0))) {
      return "all digits the same";
    }
    if (v.equals("123456789") || v.equals("078051120")) {
      return "well-known sample number";
    }
    return null;
  }
}
