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
  private final List<Recognizer> numeric;
  private final boolean[] shapes;
  private final EmailRecognizer email = new EmailRecognizer();
  private final IpAddressRecognizer ip = new IpAddressRecognizer();
  private final int maxMatchLength;
  /** Computes every entity's findings for a text once; detectors made by {@link #sharing} share one instance. */
  private final ScanText.Derivation<Pass.Result> pass;

  private PiiDetector(String ruleId, Set<String> entities, double minScore, Clock clock) {
    this(ruleId, entities, minScore, clock, null);
  }

  private PiiDetector(String ruleId, Set<String> entities, double minScore, Clock clock,
      ScanText.Derivation<Pass.Result> shared) {
    this.ruleId = ruleId;
    this.entities = entities;
    this.minScore = minScore;
    this.clock = clock;
    // Priority: checksum-validated entities first, then number plans, then context-only formats.
    this.numeric = List.of(new CnIdCardRecognizer(clock), new CnUsccRecognizer(), new IbanRecognizer(),
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
    this.maxMatchLength = max;
    this.pass = shared != null ? shared
        : text -> withEscapes(withNumerals(text.original(), text.units()), text.original());
  }

  /**
   * Returns the pass over {@code original}, with what a second pass reading Chinese numerals as digits finds where
   * the first found nothing when the text holds a number written in them ({@code 一三八…}, {@code 138一二三四…});
   * the first pass keeps digits next to numerals that are words ({@code 张三13812345678}, {@code …5678一直}).
   */
  private Pass.Result withNumerals(String original, char[] units) {
    Pass plain = new Pass(original, units, "pii", numeric, shapes, email, ip);
    Pass.Result result = plain.result();
    if (!plain.numeralRun()) {
      return result;
    }
    List<Finding> found = new Pass(original, units, "pii", numeric, shapes, email, ip, true).run();
    List<Finding> all = new ArrayList<>(result.findings());
    BitSet claimed = new BitSet(original.length());
    for (Finding f : all) {
      claimed.set(f.start(), f.end());
    }
    for (Finding f : found) {
      int taken = claimed.nextSetBit(f.start());
      if (taken < 0 || taken >= f.end()) {
        all.add(new Finding(f.ruleId(), f.entity(), f.start(), f.end(), f.score(), f.explanation()
            + "; Chinese numerals read as digits"));
      }
    }
    all.sort((a, b) -> Integer.compare(a.start(), b.start()));
    return new Pass.Result(List.copyOf(all), result.live(), result.localStart());
  }

  /**
   * Adds to {@code plain}, the pass over {@code original}, what a pass over its percent-decoded form finds where
   * the plain pass found nothing ({@code zhang%40example.cn}, {@code %2B86 138…}), at the spans of the original.
   */
  private Pass.Result withEscapes(Pass.Result plain, String original) {
    PercentDecoded decoded = PercentDecoded.of(original);
    if (decoded == null) {
      return plain;
    }
    String d = decoded.text();
    List<Finding> found = new Pass(d, d.toCharArray(), "pii", numeric, shapes, email, ip).run();
    List<Finding> all = new ArrayList<>(plain.findings());
    BitSet claimed = new BitSet(original.length());
    for (Finding f : all) {
      claimed.set(f.start(), f.end());
    }
    for (Finding f : found) {
      int start = decoded.originalStart(f.start());
      int end = decoded.originalEnd(f.end());
      int taken = claimed.nextSetBit(start);
      if (taken < 0 || taken >= end) {
        all.add(new Finding(f.ruleId(), f.entity(), start, end, f.score(), f.explanation() + "; percent-decoded"));
      }
    }
    all.sort((a, b) -> Integer.compare(a.start(), b.start()));
    return new Pass.Result(List.copyOf(all), plain.live(), plain.localStart());
  }

  /**
   * Returns the detectors rebuilt so that all detectors made with the same clock run the one pass over a text once
   * and share its result (each keeps its own rule id, entities and minimum score).
   */
  public static List<PiiDetector> sharing(List<PiiDetector> detectors) {
    List<PiiDetector> out = new ArrayList<>(detectors.size());
    java.util.Map<Clock, ScanText.Derivation<Pass.Result>> passes = new java.util.HashMap<>();
    for (PiiDetector d : detectors) {
      ScanText.Derivation<Pass.Result> shared = passes.computeIfAbsent(d.clock, c -> d.pass);
      out.add(new PiiDetector(d.ruleId, d.entities, d.minScore, d.clock, shared));
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
    List<Finding> all = text.derived(pass).findings();
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
   * Returns {@value EmailRecognizer#MAX_LENGTH} when e-mails are reported, else {@value Pass#MAX_NUMERIC_SPAN}:
   * a numeric candidate holds at most 34 characters, 11 separators of at most 3 and a sign. Deciding a match
   * also reads the character after it (a glued letter or digit cancels it) and up to 30 characters before it
   * (context words).
   */
  @Override
  public int maxMatchLength() {
    return maxMatchLength;
  }

  /**
   * Returns the earliest start of a candidate that more text could still change, from the same pass as
   * {@link #scan}: a digit run, IPv6 chunk or address whose reading reached the end of the text (the pass reads
   * one character after a candidate, for glue, and the context words before it), and, since an {@code @} may still
   * follow, the trailing run of local-part characters when e-mails are reported, or else the start of any finding
   * that run overlaps (an address claims the findings inside it).
   */
  @Override
  public int liveFrom(ScanText text) {
    Pass.Result r = text.derived(pass);
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
