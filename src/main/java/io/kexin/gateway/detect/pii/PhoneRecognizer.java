package io.kexin.gateway.detect.pii;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import java.util.Arrays;
import java.util.List;

/**
 * Recognizes international phone numbers: E.164 {@code +<country code>} numbers valid in their country's
 * numbering plan as libphonenumber ships it, a {@code (0)} trunk prefix after the code allowed (0.7, 0.95 with
 * context; of a possible length only, 0.5 and 0.9, but not a local number's length after the code,
 * {@code +1 555 0100}; +86 is left to {@link CnPhoneRecognizer}, and what it leaves, {@code +86 10086}, is a service
 * number), and North American national formats {@code (555) 123-4567},
 * {@code 555-123-4567}, {@code 555.123.4567} (0.6, 0.9); ten bare digits of that plan are reported only with a
 * context word (0.9). National numbers of other countries, 7 to 15 digits in groups of at least two joined by one
 * kind of separator (spaces, dashes or dots) or after a parenthesized area code ({@code 0612 34 56 78},
 * {@code (08) 1234 5678}, {@code 12.34.56.78.90}), have no plan to check and are reported only with a context
 * word (0.9); shapes of dates, SSNs, ZIP+4 codes, IPv4 addresses, 15-digit cards and mainland mobiles are left to
 * the others; those with a trunk {@code 0} valid in the plan of a country whose plan leaves few other numbers
 * valid (Britain, France, Australia, Japan, the Netherlands, Korea, India, Taiwan), grouped as that plan writes
 * them, are reported without one (0.5).
 * Numbers after an international prefix ({@code 00}, or {@code 011} from North America) are checked like E.164
 * ones, and so are North American numbers after their trunk {@code 1} ({@code 1-212-867-5309}) and in spaced groups
 * ({@code 212 867 5309}, 0.5). Immutable and
 * thread-safe (libphonenumber's plans are).
 */
final class PhoneRecognizer implements Recognizer {
  /** The ITU numbering plans of every country, as libphonenumber ships them. */
  private final PhoneNumberUtil plans;
  private static final List<String> CONTEXT = List.of("phone", "tel", "mobile", "call", "cell", "fax", "whatsapp",
      "reach", "text", "sms", "messages to", "answering", "contact number", "my registered", "电话", "手机", "联系",
      "致电", "拨打", "我的号码", "新号码", "号码是", "号码为", "短信", "ruf mich", "rufen sie", "anrufen", "handynummer",
      "rufnummer", "llámame", "llamar al", "móvil", "celular", "appelez", "appelle-moi", "電話", "手機", "聯絡", "聯繫",
      "致電", "撥打");
  private static final int MIN_NATIONAL = 7;
  private static final int MAX_NATIONAL = 15;
  private static final int MAX_NATIONAL_GROUPS = 6;
  /** Bounds the groups of a {@code +} number: {@code +33 (0)1 42 68 53 00} has seven. */
  private static final int MAX_SIGNED_GROUPS = 8;
  /**
   * Countries whose national numbers open with a trunk {@code 0} and whose plans leave few other numbers valid: a
   * grouped number valid in one of them is reported without a context word.
   */
  private static final List<String> TRUNK_REGIONS = List.of("GB", "FR", "AU", "JP", "NL", "KR", "IN", "TW");

  /** Creates a recognizer checking E.164 numbers against libphonenumber's numbering plans. */
  PhoneRecognizer() {
    this(PhoneNumberUtil.getInstance());
  }

  /** Creates a recognizer checking E.164 numbers against {@code plans}. */
  PhoneRecognizer(PhoneNumberUtil plans) {
    this.plans = plans;
  }

  @Override
  public String entity() {
    return "PHONE";
  }

  @Override
  public List<String> contextWords() {
    return CONTEXT;
  }

  @Override
  public boolean mayMatch(int length, int groups, boolean letterFirst, boolean signed) {
    return !letterFirst && (signed ? length >= 5 && length <= 18 && groups <= MAX_SIGNED_GROUPS
        : length == 10 && groups <= 3
            || length >= MIN_NATIONAL && length <= MAX_NATIONAL && groups >= 2 && groups <= MAX_NATIONAL_GROUPS);
  }

  @Override
  public Match match(Candidate c) {
    if (!c.digitsOnly()) {
      return null;
    }
    String v = c.value();
    if (c.prefix() == '+' && c.groups().length >= 3 && c.groups()[0] == 1 && v.length() == 11
        && v.charAt(0) == '1' && (v.charAt(1) < '2' || v.charAt(4) == '0')) {
      // +1 (555) 010-0000: the plan's area and exchange codes begin with 2 to 9, so this is a template's stand-in (an
      // exchange of 1xx, as generated test data writes them, +1-984-182-0190, is still read as a number)
      return Match.invalid("North American number", NANP_CODES);
    }
    if (c.prefix() == '+') {
      int[] g = c.groups();
      char[] s = c.separators();
      boolean trunk = g.length >= 3 && g[1] == 1 && s[0] == '(' && s[1] == ')' && v.charAt(g[0]) == '0';
      if (trunk) {
        v = v.substring(0, g[0]) + v.substring(g[0] + 1);
      }
      return e164(v, trunk);
    }
    if (c.prefix() == 0 && c.groups().length >= 2 && (v.startsWith("00") || v.startsWith("011"))) {
      Match dialled = dialled(v.substring(v.startsWith("011") ? 3 : 2));
      if (dialled != null) {
        return dialled;
      }
    }
    if (c.prefix() == 0 && v.length() == 11 && v.charAt(0) == '1' && c.groups()[0] == 1 && c.groups().length >= 3) {
      // North America's trunk 1 before the area code: 1-212-867-5309, 1 (212) 867-5309.
      Match trunked = e164(v, false);
      if (trunked != null && trunked.validation() == Validation.VALID && trunked.base() >= 0.7) {
        return Match.valid("North American number with trunk 1", trunked.check(), 0.6, 0.9);
      }
    }
    if (v.length() == 10 && c.prefix() == '(' && c.shape(3, 3, 4) && c.separators()[0] == ')'
        && (v.charAt(0) < '2' || v.charAt(3) == '0')) {
      // (555) 010-0199 is written as North America writes numbers, with an exchange no number of the plan has
      return Match.invalid("North American number", NANP_CODES);
    }
    if (v.length() != 10 || v.charAt(0) < '2' || v.charAt(3) < '2') {
      return national(c);
    }
    if (v.startsWith("400")) {
      // NANP leaves area code 400 unassigned; 400-xxx-xxxx is how mainland China writes its companies' service lines
      return Match.invalid("North American number", "area code 400 unassigned (a mainland service line)");
    }
    if (v.charAt(0) == '8' && v.charAt(1) == v.charAt(2) && (v.charAt(1) == '0' || v.charAt(1) >= '3')) {
      // 800, 833, 844, 855, 866, 877, 888: toll-free service lines, no subscriber's number
      return Match.invalid("North American number", SERVICE);
    }
    String check = "area and exchange codes in the North American plan";
    if (c.prefix() == 0 && c.shape(3, 3, 4) && c.separatedOnlyBy(' ')) {
      Match plan = e164("1" + v, false);
      if (plan != null && plan.validation() == Validation.VALID && plan.base() >= 0.7) {
        return Match.valid("North American number in spaced groups", plan.check(), 0.5, 0.9);
      }
    }
    if (c.prefix() == '(' && c.shape(3, 3, 4) && c.separators()[0] == ')'
        || c.prefix() == 0 && c.shape(3, 3, 4) && (c.separatedOnlyBy('-') || c.separatedOnlyBy('.'))) {
      return Match.valid("North American number", check, 0.6, 0.9);
    }
    if (c.prefix() == 0 && c.groups().length == 1) {
      return Match.needsContext("ten-digit number", Validation.VALID, check, 0.6, 0.9);
    }
    return national(c);
  }

  /**
   * Returns the match for the E.164 digits {@code v} (country code first): valid in its country's numbering plan
   * (0.7, 0.95), of a possible length for it only (reported with a context word), or invalid.
   */
  private Match e164(String v, boolean trunk) {
    if (v.length() > 17) {
      return null;
    }
    Phonenumber.PhoneNumber number;
    try {
      number = plans.parse("+" + v, "ZZ");
    } catch (NumberParseException e) {
      return null;
    }
    String region = plans.getRegionCodeForNumber(number);
    String pattern = trunk ? "E.164 number with (0)" : "E.164 number";
    if (region != null && plans.isValidNumber(number)) {
      if (service(number)) {
        return Match.invalid(pattern, SERVICE);
      }
      return Match.valid(pattern, "valid in the numbering plan of " + region, 0.7, 0.95);
    }
    if (number.getCountryCode() == 86) {
      // The mainland plan is read in full by CnPhoneRecognizer: +86 10086 or +86 95588 is a service number.
      return Match.invalid(pattern, "not a mainland number of +86's plan");
    }
    if (plans.isPossibleNumberWithReason(number) == PhoneNumberUtil.ValidationResult.IS_POSSIBLE_LOCAL_ONLY) {
      return Match.invalid(pattern, "a local number's length after +" + number.getCountryCode());
    }
    if (plans.isPossibleNumber(number)) {
      return Match.valid(pattern, "possible length for +" + number.getCountryCode() + ", range not allocated",
          0.5, 0.9);
    }
    return Match.invalid(pattern, "not a number of +" + number.getCountryCode() + "'s numbering plan");
  }

  /**
   * Returns the match for a number dialled from abroad ({@code 0049 89 …}, {@code 001-646-…}, {@code 011 44 …}),
   * {@code v} being what follows the international prefix: valid in its country's plan (0.6, 0.9), or null.
   */
  private Match dialled(String v) {
    if (v.length() < 7 || v.length() > 15 || v.charAt(0) == '0') {
      return null;
    }
    return validAbroad(v, 0, "number after an international prefix");
  }

  /**
   * Returns a match named {@code pattern} for {@code v} read as a country calling code and a national number valid
   * in that country's plan (0.6, 0.9), or null; {@code codeLength}, when not 0, is how many of {@code v}'s first
   * digits the code must be.
   */
  private static final String NANP_CODES = "area code begins with 0 or 1, or exchange code with 0, which the plan never "
      + "assigns";

  private static final String SERVICE = "a toll-free, premium-rate or shared-cost service number";

  /**
   * Says whether {@code number} is a service's rather than a subscriber's: toll-free ({@code 1-800-222-1222},
   * {@code 0800 …}), premium-rate or shared-cost, as the plan types it. Businesses and hotlines publish those.
   */
  private boolean service(Phonenumber.PhoneNumber number) {
    PhoneNumberUtil.PhoneNumberType type = plans.getNumberType(number);
    return type == PhoneNumberUtil.PhoneNumberType.TOLL_FREE || type == PhoneNumberUtil.PhoneNumberType.PREMIUM_RATE
        || type == PhoneNumberUtil.PhoneNumberType.SHARED_COST;
  }

  private Match validAbroad(String v, int codeLength, String pattern) {
    try {
      Phonenumber.PhoneNumber number = plans.parse("+" + v, "ZZ");
      if ((codeLength == 0 || number.getCountryCode() == Integer.parseInt(v.substring(0, codeLength)))
          && plans.isValidNumber(number)) {
        if (service(number)) {
          return Match.invalid(pattern, SERVICE);
        }
        return Match.valid(pattern, "valid in the numbering plan of " + plans.getRegionCodeForNumber(number), 0.6,
            0.9);
      }
    } catch (NumberParseException e) {
      return null;
    }
    return null;
  }

  /**
   * Returns the match for a national number with a trunk {@code 0} valid in the plan of one of
   * {@link #TRUNK_REGIONS}: in the groups that plan writes it in, or with its first group and the rest in groups of
   * three digits or more ({@code 0161 496 0018}, {@code 0161 4960 018}, {@code 01 42 68 53 00},
   * {@code 03-1234-5678}; 0.5, 0.9), or null.
   */
  private Match trunk(String v, int[] groups) {
    if (v.length() < 9 || v.length() > 12 || v.charAt(0) != '0' || v.charAt(1) == '0') {
      return null;
    }
    for (String region : TRUNK_REGIONS) {
      try {
        Phonenumber.PhoneNumber number = plans.parse(v, region);
        if (!plans.isValidNumberForRegion(number, region)) {
          continue;
        }
        String check = "valid in the numbering plan of " + region;
        int[] written = groups(plans.format(number, PhoneNumberUtil.PhoneNumberFormat.NATIONAL));
        if (Arrays.equals(groups, written) || groups[0] == written[0] && restOfThreeOrMore(groups)) {
          return Match.valid("national number with a trunk 0", check, 0.5, 0.9);
        }
      } catch (NumberParseException e) {
        return null;
      }
    }
    return null;
  }

  /**
   * Returns a context-only match for {@code v}, one run of digits with a trunk {@code 0}, when it is a mobile
   * number valid in the plan of one of the trunk countries ({@code 聯絡電話：0933581207}, {@code mobile 07723481906};
   * 0.5, 0.9), or null: written without groups, only a phone word says the run is a number to call.
   */
  private Match compactTrunk(String v) {
    if (v.length() < 10 || v.length() > 11 || v.charAt(0) != '0' || v.charAt(1) == '0') {
      return null;
    }
    for (String region : TRUNK_REGIONS) {
      try {
        Phonenumber.PhoneNumber number = plans.parse(v, region);
        if (plans.isValidNumberForRegion(number, region)
            && plans.getNumberType(number) == PhoneNumberUtil.PhoneNumberType.MOBILE) {
          return Match.needsContext("mobile number with a trunk 0", Validation.VALID,
              "mobile in the numbering plan of " + region, 0.5, 0.9);
        }
      } catch (NumberParseException e) {
        return null;
      }
    }
    return null;
  }

  /**
   * Returns the match for a number whose first group, in parentheses, is a country calling code and whose rest is
   * valid in that country's plan ({@code (853) 6612 3456}, {@code (852) 9123 4567}; 0.6, 0.9), or null: the
   * parentheses are how many write the code without its {@code +}.
   */
  private Match countryCoded(String v, int codeLength) {
    if (codeLength > 3 || v.charAt(0) == '0') {
      return null;
    }
    return validAbroad(v, codeLength, "national number after a country code in parentheses");
  }

  /** Returns whether every group after the first holds three digits or more. */
  private static boolean restOfThreeOrMore(int[] groups) {
    for (int k = 1; k < groups.length; k++) {
      if (groups[k] < 3) {
        return false;
      }
    }
    return true;
  }

  /** Returns the lengths of the digit groups of {@code formatted}, a number as its plan writes it. */
  private static int[] groups(String formatted) {
    int[] lengths = new int[formatted.length()];
    int count = 0;
    int run = 0;
    for (int i = 0; i <= formatted.length(); i++) {
      char ch = i < formatted.length() ? formatted.charAt(i) : ' ';
      if (ch >= '0' && ch <= '9') {
        run++;
      } else if (run > 0) {
        lengths[count++] = run;
        run = 0;
      }
    }
    return Arrays.copyOf(lengths, count);
  }

  /** Returns a context-only match for a national number of no checked plan, or null when {@code c} is not one. */
  private Match national(Candidate c) {
    int[] g = c.groups();
    char[] s = c.separators();
    String v = c.value();
    boolean area = c.prefix() == '(' && s.length > 0 && s[0] == ')' && g[0] <= 5;
    if (c.prefix() == 0 && g.length == 1) {
      return compactTrunk(v);
    }
    if (c.prefix() == '+' || c.prefix() == '(' && !area || v.length() < MIN_NATIONAL || v.length() > MAX_NATIONAL
        || g.length < 2 || g.length > MAX_NATIONAL_GROUPS) {
      return null;
    }
    char kind = 0;
    for (int k = area ? 1 : 0; k < s.length; k++) {
      if (s[k] != ' ' && s[k] != '-' && s[k] != '.' || kind != 0 && s[k] != kind) {
        return null;
      }
      kind = s[k];
    }
    for (int k = area ? 1 : 0; k < g.length; k++) {
      if (g[k] < 2) {
        return null;
      }
    }
    if (!area && c.shape(3, 4) && kind == '-' && v.charAt(0) == '0') {
      // 010-0000 is written as North America writes a local number, with an exchange the plan never assigns: the
      // rest of a template's +1 (555) 010-0000
      return Match.invalid("national number", NANP_CODES);
    }
    String other = area ? null : otherEntity(v, g, kind);
    if (other != null) {
      return Match.invalid("national number", "shape of " + other);
    }
    Match planned = area ? countryCoded(v, g[0]) : null;
    planned = planned != null ? planned : trunk(v, g);
    if (planned != null) {
      return planned;
    }
    String pattern = area ? "national number with area code in parentheses" : "national number in digit groups";
    return Match.needsContext(pattern, Validation.UNKNOWN, "7 to 15 digits; no number plan checked", 0.6, 0.9);
  }

  /**
   * Returns the name of another entity whose usual shape the groups {@code g} of {@code v}, joined by {@code kind},
   * have (dates y-m-d and d-m-y, SSN, ZIP+4, IPv4, 4-6-5 card, mainland mobile), or null.
   */
  private static String otherEntity(String v, int[] g, char kind) {
    if (g.length >= 3 && (kind == '-' || kind == '.')
        && (g[0] == 4 && g[1] == 2 && g[2] == 2 && date(v, 0, 4, 6) || g[0] == 2 && g[1] == 2 && g[2] == 4
            && (date(v, 4, 2, 0) || date(v, 4, 0, 2)))) {
      return "a date";
    }
    if (g.length == 3 && g[0] == 3 && g[1] == 2 && g[2] == 4 && kind != '.') {
      return "a US SSN";
    }
    if (g.length == 2 && g[0] == 5 && g[1] == 4 && kind == '-') {
      return "a ZIP+4 code";
    }
    if (g.length == 4 && kind == '.' && g[0] <= 3 && g[1] <= 3 && g[2] <= 3 && g[3] <= 3) {
      return "an IPv4 address";
    }
    if (g.length == 3 && g[0] == 4 && g[1] == 6 && g[2] == 5) {
      return "a 15-digit card";
    }
    if (v.length() == 11 && v.charAt(0) == '1' && g[0] == 3) {
      return "a mainland mobile";
    }
    return null;
  }

  /** Returns whether {@code v} holds a year 19xx/20xx, a month and a day at the given offsets. */
  private static boolean date(String v, int year, int month, int day) {
    String y = v.substring(year, year + 2);
    int m = Integer.parseInt(v.substring(month, month + 2));
    int d = Integer.parseInt(v.substring(day, day + 2));
    return (y.equals("19") || y.equals("20")) && m >= 1 && m <= 12 && d >= 1 && d <= 31;
  }

  /**
   * Says whether the candidate {@code c} is part of an identifier that holds digits shaped like a phone's: a
   * Telegram bot token's numeric id, right before {@code :AA} ({@code 7712983340:AAH…}), or the tail of a UPS
   * tracking number written in groups ({@code 1Z 4E2 V71 03 9482 1730}), whose {@code 1Z} opens the run of capitals,
   * digits and spaces the candidate ends.
   */
  static boolean insideIdentifier(Candidate c, String text) {
    int end = c.end();
    if (end + 3 <= text.length() && text.charAt(end) == ':' && text.charAt(end + 1) == 'A'
        && text.charAt(end + 2) == 'A') {
      return true;
    }
    int at = c.start();
    int floor = Math.max(0, at - UPS_REACH);
    while (at > floor) {
      char ch = text.charAt(at - 1);
      if (!(ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || ch == ' ')) {
        break;
      }
      at--;
    }
    int z = text.indexOf("1Z", at);
    return z >= 0 && z < c.start() && (z == 0 || !Character.isLetterOrDigit(text.charAt(z - 1)));
  }

  /** Bounds how far before a phone-shaped run a UPS tracking number's {@code 1Z} is looked for. */
  private static final int UPS_REACH = 12;
}
