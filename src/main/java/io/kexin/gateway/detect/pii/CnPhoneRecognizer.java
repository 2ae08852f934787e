package io.kexin.gateway.detect.pii;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Recognizes mainland China phone numbers, with or without {@code +86} / {@code 0086}, written compact or
 * grouped by spaces, dashes or dots. Mobiles: 11 digits with a prefix of the number plan (13x, 145-149, 150-153,
 * 155-159, 162, 165-167, 170-178, 18x, 190-193, 195-199); 0.75, 0.95 with context, 0.85 and 1.0 with a country
 * code. Landlines: area code 010 or 020-029 then 8 digits, or 0[3-9]xx then 7-8 digits, subscriber starting
 * 2-8 (1-9 after 010 and 02x, whose example numbers such as 010-12345678 people write), with a dashed extension
 * ({@code 0571-87654321-203}) or not; written with the area
 * code as its own group and the subscriber as one group or 3-4 / 4-4, or with +86, they score 0.6 (0.9 with context), written compact they are reported only with a context word (0.9); grouped
 * any other way ({@code 079 2718 1155}, {@code 0680 298 70 63}) they are left to {@link PhoneRecognizer}.
 * Immutable.
 */
final class CnPhoneRecognizer implements Recognizer {
  private static final List<String> CONTEXT = List.of("手机", "电话", "联系方式", "致电", "来电", "座机", "号码",
      "tel", "phone", "mobile", "call", "cell", "whatsapp", "wa.me", "微信");

  @Override
  public String entity() {
    return "PHONE_CN";
  }

  @Override
  public List<String> contextWords() {
    return CONTEXT;
  }

  @Override
  public boolean mayMatch(int length, int groups, boolean letterFirst, boolean signed) {
    return !letterFirst && length >= 10 && length <= 16 && (groups <= 6 || groups == length);
  }

  @Override
  public Match match(Candidate c) {
    if (!c.digitsOnly() || c.prefix() == '(' && !c.value().startsWith("0")) {
      return null;
    }
    String v = c.value();
    int firstGroup = c.groups()[0];
    boolean international = false;
    if (c.prefix() == '+') {
      if (!v.startsWith("86")) {
        return null;
      }
      v = v.substring(2);
      firstGroup -= 2;
      international = true;
    } else if (v.startsWith("0086")) {
      v = v.substring(4);
      firstGroup -= 4;
      international = true;
    } else if (v.length() == 13 && v.startsWith("861") && mobilePrefix(v.substring(2))) {
      // the country code without its sign, as chat apps write it (wa.me/8613812345678, 86 138 1234 5678): a
      // group of its own says so; thirteen digits in one run may be any number and need a context word
      return firstGroup == 2 ? Match.valid("86 mainland mobile number", "mobile prefix in the number plan", 0.85, 1.0)
          : firstGroup == 13 ? Match.needsContext("86 mainland mobile number", Validation.VALID,
              "mobile prefix in the number plan", 0.75, 0.95) : null;
    }
    if (v.length() == 11 && v.charAt(0) == '1') {
      if (!international && c.shape(1, 3, 3, 4)) {
        // 1-800-222-1222 is North America's trunk 1 and a toll-free number, as no mainland mobile is written
        return null;
      }
      if (!mobilePrefix(v)) {
        return Match.invalid("mainland mobile number", "prefix 1" + v.charAt(1) + "x not in the number plan");
      }
      String check = "mobile prefix in the number plan";
      return international ? Match.valid("+86 mainland mobile number", check, 0.85, 1.0)
          : Match.valid("mainland mobile number", check, 0.75, 0.95);
    }
    int[] g = c.groups();
    int extension = extension(c, international);
    if (extension > 0) {
      v = v.substring(0, v.length() - extension);
      g = Arrays.copyOf(g, g.length - 1);
    }
    String national = international && !v.startsWith("0") ? "0" + v : v;
    int area = areaCodeLength(national);
    if (area == 0) {
      return null;
    }
    int subscriber = national.length() - area;
    char lead = national.charAt(area);
    boolean fits = area == 3 ? subscriber == 8 && lead >= '1' && lead <= '9'
        : (subscriber == 7 || subscriber == 8) && lead >= '2' && lead <= '8';
    if (!fits) {
      return null;
    }
    String check = "area code " + (area - 1) + " digits, subscriber " + subscriber + " digits"
        + (extension > 0 ? ", extension " + extension + " digits" : "");
    if (g.length > 1 && !international && !(firstGroup == area && subscriberGroups(g, subscriber))) {
      return null;
    }
    boolean grouped = g.length > 1 && (firstGroup == area || firstGroup == area - 1 || firstGroup <= 0);
    if (international || grouped) {
      return Match.valid(international ? "+86 landline number" : "landline number with area code", check, 0.6, 0.9);
    }
    return Match.needsContext("landline number", Validation.VALID, check, 0.6, 0.9);
  }

  /** Words naming an air waybill, lower-case. */
  private static final List<String> WAYBILL_WORDS = List.of("awb", "waybill", "air bill", "airbill", "空运单", "空運單",
      "运单", "運單", "提单", "提單", "主单", "分单");
  /** Bounds how far before a number the word naming its waybill is looked for. */
  private static final int WAYBILL_REACH = 40;

  /**
   * Says whether {@code c} is an air waybill number written as airlines do, an airline's three-digit prefix and an
   * eight-digit serial ({@code AWB 176-44182093}, {@code 空运单 784-21188204}), with a word naming the waybill within
   * {@value #WAYBILL_REACH} characters before: eleven digits that a mobile never splits 3-8.
   */
  static boolean airWaybill(Candidate c, String text) {
    if (!c.shape(3, 8) || c.prefix() != 0 || !(c.separatedOnlyBy('-') || c.separatedOnlyBy(' '))) {
      return false;
    }
    String before = text.substring(Math.max(0, c.start() - WAYBILL_REACH), c.start()).toLowerCase(Locale.ROOT);
    for (String w : WAYBILL_WORDS) {
      if (before.contains(w)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns the length of the extension that ends {@code c} ({@code 0571-87654321-203}): a last group of one to
   * four digits after an area code and a subscriber group of seven or eight, all joined by dashes; 0 when none.
   */
  private static int extension(Candidate c, boolean international) {
    int[] g = c.groups();
    return !international && g.length == 3 && c.separatedOnlyBy('-') && (g[0] == 3 || g[0] == 4)
        && (g[1] == 7 || g[1] == 8) && g[2] <= 4 ? g[2] : 0;
  }

  /**
   * Returns whether the groups after the area code write a subscriber number of {@code length} digits the way
   * mainland numbers are written: one group, or 3-4 / 4-4.
   */
  private static boolean subscriberGroups(int[] g, int length) {
    return g.length == 2 || g.length == 3 && g[2] == 4 && g[1] == length - 4;
  }

  private static boolean mobilePrefix(String v) {
    int d = v.charAt(2) - '0';
    return switch (v.charAt(1)) {
      case '3', '8' -> true;
      case '4' -> d >= 5;
      case '5' -> d != 4;
      case '6' -> d == 2 || d == 5 || d == 6 || d == 7;
      case '7' -> d <= 8;
      case '9' -> d != 4;
      default -> false;
    };
  }

  /** Returns the length of the area code (leading 0 included) that starts {@code v}, or 0. */
  private static int areaCodeLength(String v) {
    if (v.length() < 10 || v.charAt(0) != '0') {
      return 0;
    }
    char second = v.charAt(1);
    if (second == '1') {
      return v.charAt(2) == '0' ? 3 : 0;
    }
    if (second == '2') {
      return 3;
    }
    return second >= '3' && second <= '9' ? 4 : 0;
  }
}
