package io.kexin.gateway.detect.pii;

import java.util.List;
import java.util.Set;

/**
 * Recognizes international card numbers by network: Visa (4; 13, 16, 19), Mastercard (51-55, 2221-2720; 16),
 * Amex (34, 37; 15), JCB (3528-3589; 16-19), Discover (6011, 644-649, 65; 16-19) and Diners (300-305, 36, 38,
 * 39; 14-19), each validated by Luhn (0.9, 1.0 with context). UnionPay's 62 range, Discover co-branded cards
 * included, is left to {@link BankCardRecognizer}. Immutable.
 */
final class CreditCardRecognizer implements Recognizer {
  private static final List<String> CONTEXT = List.of("信用卡", "卡号", "银行卡", "账号", "帐号", "credit", "card",
      "visa", "mastercard", "amex", "payment");

  @Override
  public String entity() {
    return "CREDIT_CARD";
  }

  @Override
  public List<String> contextWords() {
    return CONTEXT;
  }

  @Override
  public boolean mayMatch(int length, int groups, boolean letterFirst, boolean signed) {
    return !letterFirst && !signed && length >= 13 && length <= 19;
  }

  @Override
  public Match match(Candidate c) {
    String v = c.value();
    if (c.prefix() != 0 || v.length() < 13 || v.length() > 19 || !c.digitsOnly() || !Luhn.cardSeparators(c)) {
      return null;
    }
    String network = network(v);
    if (network == null) {
      return null;
    }
    if (!Luhn.valid(v)) {
      return Match.invalid(network + " number", "Luhn check failed");
    }
    return Match.valid(network + " number", "Luhn check and " + network + " prefix/length valid", 0.9, 1.0);
  }

  /**
   * Card numbers the payment processors publish for their test modes (Stripe, Adyen, Braintree, PayPal, Worldpay):
   * no bank issued them, and documentation and QA checklists print them by the thousand.
   */
  private static final Set<String> PUBLIC_TEST_NUMBERS = Set.of("4111111111111111", "4242424242424242",
      "4000056655665556", "4012888888881881", "4222222222222", "4000000000000002", "4000000000009995",
      "4000000000000077", "4000000000000341", "4000000000003220", "4000000000000010", "4000000000000101",
      "4000000000000127", "4000002500003155", "4000000000000069", "4000000000000119", "4263982640269299",
      "5555555555554444", "5105105105105100", "5200828282828210", "5425233430109903", "2223003122003222",
      "2222405343248877", "2223000048400011", "378282246310005", "371449635398431", "378734493671000",
      "6011111111111117", "6011000990139424", "6011000400000000", "3056930009020004", "36227206271667",
      "30569309025904", "38520000023237", "3566002020360505", "3530111333300000", "3566111111111113");
  /** Says whether {@code v} is a number a processor publishes for its test mode (see {@link SampleValues}). */
  static boolean publicTestNumber(String v) {
    return PUBLIC_TEST_NUMBERS.contains(v);
  }

  /** Returns the card network whose prefix and length fit {@code v}, or null. */
  static String network(String v) {
    int n = v.length();
    int p2 = Integer.parseInt(v.substring(0, 2));
    int p3 = Integer.parseInt(v.substring(0, 3));
    int p4 = Integer.parseInt(v.substring(0, 4));
    if (v.charAt(0) == '4') {
      return n == 13 || n == 16 || n == 19 ? "Visa" : null;
    }
    if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) {
      return n == 16 ? "Mastercard" : null;
    }
    if (p2 == 34 || p2 == 37) {
      return n == 15 ? "Amex" : null;
    }
    if (p4 >= 3528 && p4 <= 3589) {
      return n >= 16 ? "JCB" : null;
    }
    if (p4 == 6011 || (p3 >= 644 && p3 <= 649) || p2 == 65) {
      return n >= 16 ? "Discover" : null;
    }
    if ((p3 >= 300 && p3 <= 305) || p2 == 36 || p2 == 38 || p2 == 39) {
      return n >= 14 ? "Diners" : null;
    }
    return null;
  }
}
