package io.kexin.gateway.detect.pii;

import static java.util.Objects.requireNonNull;

import io.kexin.gateway.detect.Detector;
import io.kexin.gateway.detect.Finding;
import io.kexin.gateway.text.ScanText;
import java.time.Clock;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds personal data (Chinese ID cards, phones, bank and credit cards, credit codes, passports and permits,
 * e-mails, SSNs, IBANs, IP addresses) in one pass over the original text and reports the named entities whose
 * score reaches a threshold. Immutable and thread-safe.
 *
 * <p>Scores: a number validated by a checksum (CN_ID_CARD, CN_USCC with a letter, IBAN, BANK_CARD 62…,
 * CREDIT_CARD) or an e-mail address scores 0.9, and 1.0 after a context word of its entity in the 30
 * characters before it; a number validated by its number plan or format scores 0.6 to 0.85 and 0.9 to 1.0 with
 * context (PHONE_CN mobile 0.75 / +86 0.85, landline 0.6; PHONE 0.7 / North American 0.6; US_SSN
 * {@code ddd-dd-dddd} 0.6; IPv4 0.6, IPv6 0.8). Entities with no check (CN_PASSPORT, CN_HK_MACAU_PERMIT, legacy
 * 15-digit ID, nine-digit SSN, compact landline, digits-only credit code, Luhn-valid card of unknown issuer)
 * are reported only after a context word, at 0.9. A candidate failing its check (GB 11643, GB 32100, Luhn,
 * mod 97, SSN vetoes) is never reported as that entity.
 *
 * <p>Cards: UnionPay's 62 range (16-19 digits) is {@code BANK_CARD}, debit or credit; Visa, Mastercard, Amex,
 * JCB, Discover (6011, 644-649, 65) and Diners numbers are {@code CREDIT_CARD}, whoever issued them; any
 * other Luhn-valid 16-19 digit number is a {@code BANK_CARD} after a bank-card context word.
 *
 * <p>Every recognizer sees every candidate, whatever entities are reported, so a span is claimed the same way
 * in every configuration: a 62… card number is a {@code BANK_CARD} even for a detector that reports only
 * {@code PHONE_CN}. Findings inside an e-mail address are dropped in favour of the address.
 */
public final class PiiDetector implements Detector {
  private static final Set<String> KNOWN = Collections.unmodifiableSet(new LinkedHashSet<>(List.of(
      "CN_ID_CARD", "PHONE_CN", "PHONE", "BANK_CARD", "CREDIT_CARD", "CN_USCC", "CN_PASSPORT", "CN_HK_MACAU_PERMIT",
      "EMAIL", "US_SSN", "IBAN", "IP_ADDRESS")));

  private final String ruleId;
  private final Set<String> entities;
  private final double minScore;
  private final Clock clock;
  private final CountyCodes counties;
  private final List<Recognizer> numeric;
  private final boolean[] shapes;
  private final EmailRecognizer email = new EmailRecognizer();
  private final IpAddressRecognizer ip = new IpAddressRecognizer();
  private final int maxMatchLength;
  /**
   * Computes every entity's findings for a text once, with where the passes that found them may still change;
   * detectors made by {@link #sharing} share one instance.
   */
  private final ScanText.Derivation<Found> pass;
  /**
   * Computes, from {@link #pass}, where a match may still be live once what only more text can complete is held
   * too (a trailing chain of numerals or number words, an escape or spelled-out sign in the making): only a stream
   * asks, so a whole text's scan does not pay for it. Shared like {@link #pass}.
   */
  private final ScanText.Derivation<Pass.Result> held;

  /** Holds what the passes over a text found, and whether the text holds a number written in Chinese numerals. */
  private record Found(Pass.Result result, boolean numeralRun) {}

  private PiiDetector(String ruleId, Set<String> entities, double minScore, Clock clock) {
    this(ruleId, entities, minScore, clock, CountyCodes.shipped(), null, null);
  }

  private PiiDetector(String ruleId, Set<String> entities, double minScore, Clock clock, CountyCodes counties,
      ScanText.Derivation<Found> shared, ScanText.Derivation<Pass.Result> sharedHeld) {
    this.ruleId = ruleId;
    this.entities = entities;
    this.minScore = minScore;
    this.clock = clock;
    this.counties = counties;
    // Priority: checksum-validated entities first, then number plans, then context-only formats.
    this.numeric = List.of(new CnIdCardRecognizer(clock, counties), new CnUsccRecognizer(), new IbanRecognizer(),
        new CreditCardRecognizer(), new BankCardRecognizer(), ip, new CnPhoneRecognizer(), new PhoneRecognizer(),
        new UsSsnRecognizer(), new CnPassportRecognizer(), new CnHkMacauPermitRecognizer());
    this.shapes = Pass.shapes(numeric);
    int max = 0;
    for (String entity : entities) {
      max = Math.max(max, switch (entity) {
        case "EMAIL" -> EmailRecognizer.MAX_LENGTH;
        case "IP_ADDRESS" -> Math.max(IpAddressRecognizer.MAX_IPV6, Pass.MAX_NUMERIC_SPAN);
        default -> Pass.MAX_NUMERIC_SPAN;
      });
    }
    // A value may be written in percent-escapes, three characters for each of its own (look-alikes take two at most).
    this.maxMatchLength = 3 * max;
    this.pass = shared != null ? shared : text -> {
      Found found = withNumerals(text.original(), text.units());
      return new Found(withEscapes(found.result(), text), found.numeralRun());
    };
    ScanText.Derivation<Found> found = this.pass;
    this.held = sharedHeld != null ? sharedHeld : text -> held(text.derived(found), text);
  }

  /**
   * Returns {@code found}, the passes' result over {@code text}, held back also to where more text may still
   * complete a number or a sign: a stretch of digits and numerals the text ends in, a chain of number words or
   * digits it ends in, an escape or spelled-out sign at its end. Each only lowers where a match may be live, so it
   * is applied apart from the passes, which alone decide the findings.
   */
  private Pass.Result held(Found found, ScanText text) {
    Pass.Result result = found.result();
    String original = text.original();
    char[] units = text.units();
    int n = original.length();
    int live = result.live();
    if (!found.numeralRun()) {
      int stretch = Pass.numberStretch(units, n);
      if (stretch < n && numeralIn(units, n, stretch)) {
        live = Math.min(live, Math.max(0, stretch - 1));
      }
    }
    int open = NumberWords.openChainStart(units, n);
    if (open >= 0) {
      live = Math.min(live, Math.max(0, open - 1));
    }
    int mixed = NumberWords.openChainStart(units, n, true);
    if (mixed >= 0) {
      live = Math.min(live, Math.max(0, mixed - 1));
    }
    Pass.Result plain = new Pass.Result(result.findings(), live, result.localStart());
    int partial = partialEscape(original);
    int sign = Undisguised.partialSign(text);
    if (sign >= 0 && (partial < 0 || sign < partial)) {
      partial = sign;
    }
    return partial >= 0 ? beforeEscape(plain, original, partial) : plain;
  }

  /**
   * Returns the pass over {@code original}, with what a second pass reading Chinese numerals as digits finds where
   * the first found nothing when the text holds a number written in them ({@code 一三八…}, {@code 138一二三四…});
   * the first pass keeps digits next to numerals that are words ({@code 张三13812345678}, {@code …5678一直}). A
   * number of the second pass counts only when its own span holds a chain of numerals ({@link Pass#numeralChain}),
   * so that what is found never depends on text far from it, and where a match may still be live accounts for both
   * passes (a stretch the text ends in that numerals may still make such a number is held by {@link #held}).
   */
  private Found withNumerals(String original, char[] units) {
    Pass plain = new Pass(original, units, "pii", numeric, shapes, email, ip);
    Pass.Result result = withWords(plain.result(), plain.readOutAt(), original, units);
    if (!plain.numeralRun()) {
      return new Found(withMixed(result, plain, original, units), false);
    }
    Pass.Result second = new Pass(original, units, "pii", numeric, shapes, email, ip, true).result();
    List<Finding> all = new ArrayList<>(result.findings());
    BitSet claimed = new BitSet(original.length());
    for (Finding f : all) {
      claimed.set(f.start(), f.end());
    }
    for (Finding f : second.findings()) {
      int taken = claimed.nextSetBit(f.start());
      if ((taken < 0 || taken >= f.end()) && Pass.numeralChain(units, f.start(), f.end())) {
        all.add(new Finding(f.ruleId(), f.entity(), f.start(), f.end(), f.score(), f.explanation()
            + "; Chinese numerals read as digits"));
      }
    }
    all.sort((x, y) -> Integer.compare(x.start(), y.start()));
    return new Found(withMixed(new Pass.Result(List.copyOf(all), Math.min(result.live(), second.live()),
        Math.min(result.localStart(), second.localStart())), plain, original, units), true);
  }

  /**
   * Adds to {@code found}, what the other passes over {@code original} found, what a pass over its chains of number
   * words mixed with Chinese numerals finds ({@code one三eight一二三四五六七八}, {@code 一三八 one two 三四五六七八}) where
   * they found nothing: read last, so that a number one of them finds keeps its span and reading. Only texts holding
   * both a word and a numeral ({@code plain} says) are read for them. Then, likewise, what a pass over its tokens of
   * digits with letters that look like digits finds ({@code l38l2345678}: {@link DigitLookAlikes}).
   */
  private Pass.Result withMixed(Pass.Result found, Pass plain, String original, char[] units) {
    Undisguised mixed = plain.mixed() ? NumberWords.read(original, units, 0, true) : null;
    Pass.Result words = mixed == null ? found
        : merged(found, mixed, original.length(), "; a number spelled in words and Chinese numerals read as digits");
    Undisguised letters = plain.lookAlikeDigits() ? DigitLookAlikes.read(original) : null;
    return letters == null ? words
        : merged(words, letters, original.length(), "; letters that look like digits read as digits");
  }

  /**
   * Says whether a stretch from {@code from} to the end may hold or grow a number in numerals: it holds a numeral,
   * or ends in digits that numerals may still follow.
   */
  private static boolean numeralIn(char[] units, int n, int from) {
    for (int p = from; p < n; p++) {
      if (Fold.numeral(units[p]) != Fold.NONE || Fold.digit(Fold.ascii(units[p]))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Adds to {@code plain}, the pass over {@code text}, what a pass over its {@link Undisguised} form finds where
   * the plain pass found nothing ({@code zhang%40example.cn}, {@code %2B86 138…}, {@code ١٣٨…}, {@code 𝟏𝟑𝟖…}), at
   * the spans of the original; where a match may still be live accounts for that pass too (an escape not yet
   * complete at the end of the text, {@code %} or {@code %4}, which may still join what precedes it, is held by
   * {@link #held}).
   */
  private Pass.Result withEscapes(Pass.Result plain, ScanText text) {
    Undisguised decoded = Undisguised.of(text);
    return decoded == null ? plain
        : merged(plain, decoded, text.original().length(), "; read through escapes or look-alike characters");
  }

  /** Returns where the plain pass over {@code text} lets the reading of numbers read out start, or -1. */
  int readOutAt(String text) {
    Pass pass = new Pass(text, text.toCharArray(), "pii", numeric, shapes, email, ip);
    pass.result();
    return pass.readOutAt();
  }

  /**
   * Adds to {@code plain}, the pass over {@code original}, what a pass over its numbers read out finds ({@code one
   * three eight …}, {@code 4 1 1 1 …}: {@link NumberWords}) where the plain pass found nothing, at the spans of the
   * original; {@code readOutAt} is where the first may start, -1 when none may. A chain the text ends in, which more
   * words or digits may still make a number, is held by {@link #held}.
   */
  private Pass.Result withWords(Pass.Result plain, int readOutAt, String original, char[] units) {
    Undisguised words = readOutAt < 0 ? null : NumberWords.read(original, units, readOutAt);
    return words == null ? plain
        : merged(plain, words, original.length(), "; a number spelled in words read as digits");
  }

  /**
   * Returns {@code plain} with what a pass over {@code decoded}, a reading of a text of {@code length} units, finds
   * where {@code plain} found nothing, each finding at its span in the original with {@code note} added to its
   * explanation, and the earlier of the two passes' live starts and local-part starts.
   */
  private Pass.Result merged(Pass.Result plain, Undisguised decoded, int length, String note) {
    String d = decoded.text();
    Pass read = new Pass(d, d.toCharArray(), "pii", numeric, shapes, email, ip, false, decoded.listed());
    Pass.Result pass = read.result();
    // Cyrillic or Greek letters read as Latin ones that look like digits in a token of digits (11О1О5…, Cyrillic О)
    Undisguised digits = read.lookAlikeDigits() ? DigitLookAlikes.read(d, decoded.listed()) : null;
    if (digits != null) {
      pass = merged(pass, digits, d.length(), "; letters that look like digits read as digits");
    }
    List<Finding> all = new ArrayList<>(plain.findings());
    BitSet claimed = new BitSet(length);
    for (Finding f : all) {
      claimed.set(f.start(), f.end());
    }
    for (Finding f : pass.findings()) {
      int start = decoded.originalStart(f.start());
      int end = decoded.originalEnd(f.end());
      int taken = claimed.nextSetBit(start);
      if (taken < 0 || taken >= end) {
        all.add(new Finding(f.ruleId(), f.entity(), start, end, f.score(), f.explanation() + note));
      }
    }
    all.sort((x, y) -> Integer.compare(x.start(), y.start()));
    int live = pass.live() >= d.length() ? length : decoded.originalStart(pass.live());
    int local = pass.localStart() >= d.length() ? length : decoded.originalStart(pass.localStart());
    return new Pass.Result(List.copyOf(all), Math.min(plain.live(), live), Math.min(plain.localStart(), local));
  }

  /** Returns where an escape that more text may still complete starts at the end of {@code s}, or -1. */
  private static int partialEscape(String s) {
    int n = s.length();
    if (n >= 1 && s.charAt(n - 1) == '%') {
      return n - 1;
    }
    if (n >= 2 && s.charAt(n - 2) == '%' && Character.digit(s.charAt(n - 1), 16) >= 0
        && Character.digit(s.charAt(n - 1), 16) < 8) {
      return n - 2;
    }
    return -1;
  }

  /**
   * Returns {@code plain} held back to the start of what the escape or spelled-out sign at {@code at} may still join
   * once complete: the trailing stretch of a number, the local part of an address, or the address whose domain is
   * still open before it, read with escapes decoded and signs read, and what precedes a sign that it may complete.
   */
  private Pass.Result beforeEscape(Pass.Result plain, String original, int at) {
    String before = original.substring(0, at);
    Undisguised decoded = Undisguised.of(before, true, true);
    String d = decoded == null ? before : decoded.text();
    char[] units = d.toCharArray();
    int stretch = Math.min(Pass.trailingStretch(units, units.length),
        Math.min(EmailRecognizer.localStart(d, units.length), EmailRecognizer.openAddressStart(d)));
    int start = stretch >= units.length ? at : decoded == null ? stretch : decoded.originalStart(stretch);
    int live = Math.max(0, Math.min(start, at) - 1);
    Pass.Result held =
        new Pass.Result(plain.findings(), Math.min(plain.live(), live), Math.min(plain.localStart(), live));
    // The escape may be the space that completes a sign before it ("alice%20[at]" and then "%20"): hold from the
    // address before that sign too.
    int sign = Undisguised.partialSign(before);
    return sign >= 0 && sign < at ? beforeEscape(held, original, sign) : held;
  }

  /**
   * Returns the detectors rebuilt so that all detectors made with the same clock run the one pass over a text once
   * and share its result (each keeps its own rule id, entities and minimum score).
   */
  public static List<PiiDetector> sharing(List<PiiDetector> detectors) {
    List<PiiDetector> out = new ArrayList<>(detectors.size());
    java.util.Map<Clock, PiiDetector> firsts = new java.util.HashMap<>();
    for (PiiDetector d : detectors) {
      PiiDetector first = firsts.computeIfAbsent(d.clock, c -> d);
      out.add(new PiiDetector(d.ruleId, d.entities, d.minScore, d.clock, d.counties, first.pass, first.held));
    }
    return out;
  }

  /** Returns a detector for the named entities (all when empty) reporting findings with score >= minScore. */
  public static PiiDetector of(String ruleId, Set<String> entities, double minScore) {
    return of(ruleId, entities, minScore, Clock.systemDefaultZone());
  }

  /** Returns a detector like {@link #of(String, Set, double)} that judges birth dates against {@code clock}. */
  static PiiDetector of(String ruleId, Set<String> entities, double minScore, Clock clock) {
    requireNonNull(ruleId, "ruleId");
    requireNonNull(entities, "entities");
    requireNonNull(clock, "clock");
    if (!(minScore >= 0 && minScore <= 1)) {
      throw new IllegalArgumentException("minScore: " + minScore + " (expected: 0 <= minScore <= 1)");
    }
    Set<String> unknown = new TreeSet<>();
    for (String entity : entities) {
      if (!KNOWN.contains(requireNonNull(entity, "entity"))) {
        unknown.add(entity);
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("entities: " + unknown + " (expected: any of " + KNOWN + ")");
    }
    return new PiiDetector(ruleId, entities.isEmpty() ? KNOWN : Set.copyOf(entities), minScore, clock);
  }

  /** Returns the names of the entities this detector can report. */
  public static Set<String> knownEntities() {
    return KNOWN;
  }

  @Override
  public List<Finding> scan(ScanText text) {
    List<Finding> all = text.derived(pass).result().findings();
    if (all.isEmpty()) {
      return List.of();
    }
    List<Finding> kept = new ArrayList<>(all.size());
    int addressEnd = -1;
    for (int i = 0; i < all.size(); i++) {
      Finding f = all.get(i);
      if (f.entity().equals("EMAIL")) {
        addressEnd = Math.max(addressEnd, f.end());
      } else if (f.start() < addressEnd || insideNextAddress(all, i)) {
        continue;
      }
      if (f.score() >= minScore && entities.contains(f.entity())) {
        kept.add(new Finding(ruleId, f.entity(), f.start(), f.end(), f.score(), f.explanation()));
      }
    }
    return kept;
  }

  /** Returns whether a finding that starts before the address following it in start order overlaps that address. */
  private static boolean insideNextAddress(List<Finding> all, int i) {
    Finding f = all.get(i);
    for (int k = i + 1; k < all.size() && all.get(k).start() < f.end(); k++) {
      if (all.get(k).entity().equals("EMAIL")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns three times {@value EmailRecognizer#MAX_LENGTH} when e-mails are reported, else three times
   * {@value Pass#MAX_NUMERIC_SPAN}: a numeric candidate holds at most 34 characters, 11 separators of at most 3 and a
   * sign, and each of them may be written as a percent-escape of three characters. Deciding a match
   * also reads the character after it (a glued letter or digit cancels it) and up to 30 characters before it, or
   * 100 within its sentence (context words).
   */
  @Override
  public int maxMatchLength() {
    return maxMatchLength;
  }

  /**
   * Returns the earliest start of a candidate that more text could still change, from the same pass as
   * {@link #scan}: a digit run, IPv6 chunk or address whose reading reached the end of the text (the pass reads
   * one character after a candidate, for glue, and the context words before it) in the plain, numeral or
   * percent-decoded reading, a trailing chain that numerals may still extend, an escape not yet complete, and, since
   * an {@code @} may still
   * follow, the trailing run of local-part characters when e-mails are reported, or else the start of any finding
   * that run overlaps (an address claims the findings inside it).
   */
  @Override
  public int liveFrom(ScanText text) {
    Pass.Result r = text.derived(held);
    int live = r.live();
    int local = r.localStart();
    if (entities.contains("EMAIL")) {
      return Math.min(live, local);
    }
    for (Finding f : r.findings()) {
      if (f.start() >= live) {
        break;
      }
      if (f.end() > local && !f.entity().equals("EMAIL")) {
        live = f.start();
      }
    }
    return live;
  }

  @Override
  public String toString() {
    return "PiiDetector[" + ruleId + ", " + entities + ", minScore=" + minScore + "]";
  }
}
