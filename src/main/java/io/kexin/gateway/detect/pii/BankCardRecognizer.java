package io.kexin.gateway.detect.pii;

import java.util.List;

/**
 * Recognizes bank cards outside the international networks: UnionPay 62 numbers of 16-19 digits validated by
 * Luhn (0.9, 1.0 with context; debit and credit alike), and other Luhn-valid 16-19 digit numbers whose prefix
 * is no known network and whose first digit is a financial one (3-6, 8, 9; domestic cards such as 9558…),
 * reported only after a bank-card context word (0.9). Runs after {@link CreditCardRecognizer}, so
 * Visa/Mastercard/… numbers never reach it. Immutable.
 */
final class BankCardRecognizer implements Recognizer {
  private static final List<String> CONTEXT = List.of("银行卡", "卡号", "储蓄卡", "借记卡", "信用卡", "账号", "帐号",
      "账户", "帐户", "开户", "银联", "card", "account", "unionpay", "debit");

  @Override
  public String entity() {
    return "BANK_CARD";
  }

  @Override
  public List<String> contextWords() {
    return CONTEXT;
  }

  @Override
  public boolean mayMatch(int length, int groups, boolean letterFirst, boolean signed) {
    return !letterFirst && !signed && length >= 16 && length <= 19;
  }

  @Override
  public Match match(Candidate c) {
    String v = c.value();
    if (c.prefix() != 0 || v.length() < 16 || v.length() > 19 || !c.digitsOnly() || !Luhn.cardSeparators(c)) {
      return null;
    }
    boolean unionPay = v.charAt(0) == '6' && v.charAt(1) == '2';
    String pattern = unionPay ? "UnionPay 62 number" : "16-19 digit card number";
    if (!Luhn.valid(v)) {
      return Match.invalid(pattern, "Luhn check failed");
    }
    if (unionPay) {
      return Match.valid(pattern, "Luhn check and UnionPay prefix/length valid", 0.9, 1.0);
    }
    char first = v.charAt(0);
    if (CreditCardRecognizer.network(v) != null || first == '0' || first == '1' || first == '2' || first == '7') {
      return null;
    }
    return Match.needsContext(pattern, Validation.UNKNOWN, "Luhn check valid, issuer prefix unknown", 0.6, 0.9);
  }
}
