package io.kexin.gateway.eval;

/**
 * Says which label a payment card number gets in our product's terms: the international credit schemes (Visa 4,
 * Mastercard 51-55 and 2221-2720, Amex 34/37, JCB 3528-3589, Discover 6011/65/644-649, Diners 36/38/300-305) are
 * {@code pii:CREDIT_CARD}; UnionPay 62 and every other prefix are {@code pii:BANK_CARD}. Thread-safe.
 */
final class CardLabel {
  static final String CREDIT_CARD = "pii:CREDIT_CARD";
  static final String BANK_CARD = "pii:BANK_CARD";

  private CardLabel() {}

  /** Returns the label for a card number; anything but digits in {@code number} is ignored. */
  static String of(String number) {
    String d = number.replaceAll("[^0-9]", "");
    if (d.length() < 4) {
      return BANK_CARD;
    }
    int p2 = Integer.parseInt(d.substring(0, 2));
    int p3 = Integer.parseInt(d.substring(0, 3));
    int p4 = Integer.parseInt(d.substring(0, 4));
    boolean credit = d.charAt(0) == '4'
        || p2 >= 51 && p2 <= 55 || p4 >= 2221 && p4 <= 2720
        || p2 == 34 || p2 == 37
        || p4 >= 3528 && p4 <= 3589
        || p4 == 6011 || p2 == 65 || p3 >= 644 && p3 <= 649
        || p2 == 36 || p2 == 38 || p3 >= 300 && p3 <= 305;
    return credit ? CREDIT_CARD : BANK_CARD;
  }
}
