package io.kexin.gateway.detect.pii;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Tells the values documentation and tests print as samples from anyone's: a value of a short list everyone copies
 * (processors' test cards, Twilio's magic numbers, passport numbers counting up {@code E12345678}, the mainland demo mobile {@code 13800138000}, the example IBANs of ISO 13616 and of the
 * German and British banks' format guides) is no one's
 * where a word within {@value #REACH} characters before says a test, a sample or a template is meant ({@code 测试},
 * {@code 示例}, {@code sandbox}, {@code fixture} …); without one it is read as usual, since tests use the same values
 * as someone's. Immutable.
 */
final class SampleValues {
  /** Bounds how far before a value a word saying tests or samples are meant is looked for. */
  static final int REACH = 120;
  /** Words that say the values after them are tests' or documentation's samples, lower-case. */
  private static final List<String> WORDS = List.of("test", "sandbox", "dummy", "sample", "fake", "demo", "fixture",
      "mock", "seed", "placeholder", "template", "describe(", "expect(", "assert", "测试", "測試", "沙箱", "沙盒", "示例",
      "样例", "範例", "范例", "联调", "聯調", "模板", "夹具", "假数据");
  /** What Twilio's magic test numbers begin with ({@code +15005550006} and its nine siblings), country code first. */
  private static final String TWILIO_MAGIC = "150055500";
  /** Mainland mobiles documentation prints as the example: China Mobile's and China Unicom's demo numbers. */
  private static final Set<String> DEMO_MOBILES = Set.of("13800138000", "13900139000");
  /**
   * The IBANs format guides print, compact: ISO 13616's own example, and the German ({@code DE89 3704 0044 0532 0130
   * 00}) and British ({@code GB29 NWBK 6016 1331 9268 19}) ones the banks' and the registry's guides show.
   */
  private static final Set<String> EXAMPLE_IBANS = Set.of("GB82WEST12345698765432", "DE89370400440532013000",
      "GB29NWBK60161331926819");

  private SampleValues() {}

  /**
   * Says whether {@code v}, read by {@code r} at {@code start} of {@code text}, is a listed sample and the text before
   * it says a test or sample is meant ({@code 接口文档示例：13800138000}, {@code Stripe test mode: 4242 4242 4242 4242});
   * the demo mobiles and the example IBANs also after {@code example} or {@code 例如} ({@code Example from the SMS API docs: send
   * to 13800138000}, {@code the ISO 13616 example IBAN GB82 WEST …}). The text before is read only for a listed value.
   */
  static boolean sample(Recognizer r, String v, String text, int start) {
    if (r instanceof CreditCardRecognizer) {
      return CreditCardRecognizer.publicTestNumber(v) && says(before(text, start));
    }
    if (r instanceof PhoneRecognizer) {
      return v.length() == 11 && v.startsWith(TWILIO_MAGIC) && says(before(text, start));
    }
    if (r instanceof CnPassportRecognizer) {
      return ascendingDigits(v) && documented(before(text, start));
    }
    if (r instanceof CnPhoneRecognizer) {
      return DEMO_MOBILES.contains(v.length() > 11 ? v.substring(v.length() - 11) : v)
          && documented(before(text, start));
    }
    if (!(r instanceof IbanRecognizer) || !EXAMPLE_IBANS.contains(v)) {
      return false;
    }
    String before = before(text, start);
    return documented(before) || before.contains("iso");
  }

  /**
   * Says whether the digits of {@code v} after its letters count up one by one ({@code E12345678}, {@code EA1234567}),
   * the filler forms and guides print for a passport number.
   */
  static boolean ascendingDigits(String v) {
    int i = 0;
    while (i < v.length() && !Character.isDigit(v.charAt(i))) {
      i++;
    }
    if (v.length() - i < 7) {
      return false;
    }
    for (int j = i + 1; j < v.length(); j++) {
      if (v.charAt(j) != v.charAt(j - 1) + 1) {
        return false;
      }
    }
    return true;
  }

  /** Returns the {@value #REACH} characters of {@code text} before {@code start}, lower-cased. */
  static String before(String text, int start) {
    return text.substring(Math.max(0, start - REACH), start).toLowerCase(Locale.ROOT);
  }

  /** Says whether {@code window}, lower-cased, says a test or sample is meant, or calls what follows an example. */
  static boolean documented(String window) {
    if (says(window) || window.contains("例如")) {
      return true;
    }
    for (int at = window.indexOf("example"); at >= 0; at = window.indexOf("example", at + 1)) {
      // the word, not a domain's label (zhang.wei@example.cn) or part of a longer name
      char before = at == 0 ? ' ' : window.charAt(at - 1);
      int end = at + "example".length();
      char after = end < window.length() ? window.charAt(end) : ' ';
      if (!Character.isLetterOrDigit(before) && before != '@' && before != '.' && after != '.' && after != '@'
          && after != '-' && after != '_') {
        return true;
      }
    }
    return false;
  }

  /** Says whether {@code window}, lower-cased, holds a word saying tests or samples are meant. */
  static boolean says(String window) {
    for (String w : WORDS) {
      for (int at = window.indexOf(w); at >= 0; at = window.indexOf(w, at + 1)) {
        // a Latin word stands alone, no part of an identifier (chat_template_kwargs, contest): a key's name is
        // no word about its value, and an attacker writes one as easily
        if (!Character.isLetter(w.charAt(0)) || Character.UnicodeScript.of(w.charAt(0)) != Character.UnicodeScript.LATIN
            || standsAlone(window, at, at + w.length())) {
          return true;
        }
      }
    }
    return false;
  }

  /** Says whether {@code [from, to)} of {@code window} has no letter, digit or {@code _} before and no letter after. */
  private static boolean standsAlone(String window, int from, int to) {
    char before = from == 0 ? ' ' : window.charAt(from - 1);
    char after = to == window.length() ? ' ' : window.charAt(to);
    return !Character.isLetterOrDigit(before) && before != '_' && !(Character.isLetter(after) && after != 's');
  }
}
