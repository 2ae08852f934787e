package io.kexin.gateway.detect.pii;

/** Computes the Luhn (mod 10) check shared by the card recognizers. Stateless. */
final class Luhn {
  private Luhn() {}

  /** Returns whether the all-digit {@code digits} passes the Luhn check. */
  static boolean valid(String digits) {
    int sum = 0;
    boolean twice = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int d = digits.charAt(i) - '0';
      if (twice) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      twice = !twice;
    }
    return sum % 10 == 0;
  }

  /** Returns whether the candidate's separators suit a card number: whitespace or dashes only. */
  static boolean cardSeparators(Candidate c) {
    for (char s : c.separators()) {
      if (s != ' ' && s != '-') {
        return false;
      }
    }
    return true;
  }
}
