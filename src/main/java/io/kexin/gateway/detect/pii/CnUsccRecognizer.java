package io.kexin.gateway.detect.pii;

import java.util.List;

/**
 * Recognizes 统一社会信用代码 (unified social credit codes): 18 characters from the GB 32100 alphabet (no I, O,
 * S, V, Z), a registration-authority code (1-9, A, N, Y), a category, six region digits, the organization code
 * and the GB 32100 mod 31 check character (0.9, 1.0 with context). A code of digits only is reported only
 * after a context word (0.6, 0.9): any 18-digit number passes the check one time in 31. Immutable.
 */
final class CnUsccRecognizer implements Recognizer {
  private static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  private static final int[] WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
  private static final List<String> CONTEXT = List.of("统一社会信用代码", "信用代码", "社会信用", "营业执照", "税号",
      "纳税人识别号", "注册号", "uscc", "credit code", "business license", "tax id");

  @Override
  public String entity() {
    return "CN_USCC";
  }

  @Override
  public List<String> contextWords() {
    return CONTEXT;
  }

  @Override
  public boolean mayMatch(int length, int groups, boolean letterFirst, boolean signed) {
    return !signed && length == 18;
  }

  @Override
  public Match match(Candidate c) {
    String v = c.value();
    if (c.prefix() != 0 || v.length() != 18 || !c.separatedOnlyBy(' ')) {
      return null;
    }
    char authority = v.charAt(0);
    if (!(authority >= '1' && authority <= '9') && authority != 'A' && authority != 'N' && authority != 'Y') {
      return null;
    }
    for (int i = 2; i < 8; i++) {
      if (!Fold.digit(v.charAt(i))) {
        return null;
      }
    }
    for (int i = 0; i < 18; i++) {
      if (ALPHABET.indexOf(v.charAt(i)) < 0) {
        return null;
      }
    }
    String pattern = "18-character unified social credit code";
    if (checkCharacter(v) != v.charAt(17)) {
      return Match.invalid(pattern, "GB 32100 check character wrong");
    }
    if (c.digitsOnly()) {
      return Match.needsContext(pattern, Validation.VALID, "GB 32100 check character valid (digits only)", 0.6, 0.9);
    }
    return Match.valid(pattern, "GB 32100 check character valid", 0.9, 1.0);
  }

  /** Returns the GB 32100 check character of the first 17 characters of {@code v}. */
  static char checkCharacter(String v) {
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      sum += ALPHABET.indexOf(v.charAt(i)) * WEIGHTS[i];
    }
    return ALPHABET.charAt((31 - sum % 31) % 31);
  }
}
