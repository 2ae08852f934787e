package io.kexin.gateway.inspect;

import io.kexin.gateway.content.Action;
import io.kexin.gateway.content.Replacement;
import io.kexin.gateway.content.Role;
import io.kexin.gateway.content.TextSegment;
import io.kexin.gateway.detect.Finding;
import io.kexin.gateway.detect.injection.HiddenReadings;
import io.kexin.gateway.detect.injection.JoinCrossings;
import io.kexin.gateway.detect.injection.Payloads;
import io.kexin.gateway.detect.injection.ReadingGates;
import io.kexin.gateway.policy.CompiledPolicy;
import io.kexin.gateway.policy.CompiledRule;
import io.kexin.gateway.policy.Direction;
import io.kexin.gateway.policy.Mode;
import io.kexin.gateway.policy.OnError;
import io.kexin.gateway.provider.Vocabulary;
import io.kexin.gateway.text.DecodedText;
import io.kexin.gateway.text.ScanText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Runs policies over the text segments of one direction: every applicable rule of every policy scans each segment
 * (normalization is computed once per segment and shared), enforced findings become treatments, and each segment
 * is rewritten at most once. Monitored rules are recorded and change nothing. Thread-safe; it only caches which
 * rules apply to the policies it saw last.
 */
public final class PolicyEngine {
  /** The applicable rules of the last list of policies seen, by direction and role; replaced when the list changes. */
  private volatile Applicable last;
  /** What rules found in segments they scanned before, or null to scan every segment. */
  private final SegmentCache cache;
  /**
   * What rules found in an answer's model names and fingerprints ({@link TextSegment.Form#IDENTIFIER}), kept apart
   * from {@link #cache} so that identifiers never push a request's history out; null when {@link #cache} is.
   */
  private final SegmentCache identifiers;
  /** When a reading of joined texts is read only around its breaks, not whole. */
  private final BreakWindows.Use windows;
  /**
   * The bounds of the rules that read a reading of joined texts ({@link #bounds}), per kind of reading (message parts,
   * turns, siblings), for the list of rules seen last: the same list comes back with every request.
   */
  private final AtomicReferenceArray<Bounds> bounds = new AtomicReferenceArray<>(3);

  /** Holds the bounds of {@code rules} that read one kind of reading of joined texts. */
  private record Bounds(List<CompiledRule> rules, int[] bounds) {}

  /** Creates an engine that scans every segment. */
  public PolicyEngine() {
    this(null);
  }

  /** Creates an engine that keeps what rules found in segments in {@code cache}, or scans every segment (null). */
  public PolicyEngine(SegmentCache cache) {
    this(cache, BreakWindows.Use.WHEN_SHORTER);
  }

  /**
   * Creates an engine as above that reads a reading of joined texts around its breaks as {@code windows} says (see
   * {@link BreakWindows}); the differential test compares each way with the whole reading.
   */
  PolicyEngine(SegmentCache cache, BreakWindows.Use windows) {
    this.cache = cache;
    this.identifiers = cache == null ? null : new SegmentCache(IDENTIFIER_ENTRIES);
    this.windows = windows;
  }

  /**
   * Identifiers kept across exchanges: a model name or a system fingerprint comes back on every answer of the
   * models a gateway serves; an answer's own id, new each time, is not kept ({@link #repeats}).
   */
  static final int IDENTIFIER_ENTRIES = 4096;

  /** The number of roles, read once: {@code Role.values()} copies its array on every call. */
  private static final int ROLES = Role.values().length;

  /** The number of segment forms, read once. */
  private static final int FORMS = TextSegment.Form.values().length;

  /**
   * Holds, for one list of policies (compared by identity), the applicable rules per direction and role, as found,
   * and whether any of them asks a remote service (asked once per list, not once per segment).
   */
  private record Applicable(List<CompiledPolicy> policies, List<CompiledRule>[] rules, boolean[] remote,
      OpenRules[] open, Reads[] reads) {
    @SuppressWarnings("unchecked")
    Applicable(List<CompiledPolicy> policies) {
      this(policies, new List[Direction.values().length * ROLES], new boolean[Direction.values().length * ROLES],
          new OpenRules[Direction.values().length * ROLES], new Reads[Direction.values().length * ROLES * FORMS]);
    }

    List<CompiledRule> get(Direction direction, Role role) {
      int k = direction.ordinal() * ROLES + role.ordinal();
      List<CompiledRule> r = rules[k];
      if (r == null) {
        // A racing first use computes the same immutable list twice; the flag is written before the list is.
        r = List.copyOf(applicable(policies, direction, role));
        remote[k] = asksRemote(r);
        open[k] = OpenRules.of(r);
        rules[k] = r;
      }
      return r;
    }

    /** Says whether a rule of {@link #get}'s list asks a remote service; call after {@link #get}. */
    boolean remote(Direction direction, Role role) {
      return remote[direction.ordinal() * ROLES + role.ordinal()];
    }

    /** Returns which rules of {@link #get}'s list a text opens, null when all; call after {@link #get}. */
    OpenRules open(Direction direction, Role role) {
      return open[direction.ordinal() * ROLES + role.ordinal()];
    }

    /**
     * Returns the rules of {@link #get}'s list that read a segment of {@code form}, a bit per position (those
     * {@link #skips} does not rule out): worked out once per list and form instead of once per rule and segment; call
     * after {@link #get}, and do not modify the array.
     */
    long[] reads(Direction direction, Role role, TextSegment.Form form) {
      int k = (direction.ordinal() * ROLES + role.ordinal()) * FORMS + form.ordinal();
      Reads r = reads[k];
      if (r == null) {
        // a racing first use computes the same bits twice; the final field publishes them whole
        r = new Reads(readable(rules[direction.ordinal() * ROLES + role.ordinal()], form));
        reads[k] = r;
      }
      return r.bits();
    }
  }

  /** Holds the rules of a list that read a segment of one form, a bit per position; never modified. */
  private record Reads(long[] bits) {}

  /** Returns the rules of {@code rules} that read a segment of {@code form}, a bit per position. */
  static long[] readable(List<CompiledRule> rules, TextSegment.Form form) {
    long[] bits = new long[(rules.size() + 63) >>> 6];
    for (int r = 0, count = rules.size(); r < count; r++) {
      if (!skips(rules.get(r), form)) {
        bits[r >>> 6] |= 1L << r;
      }
    }
    return bits;
  }

  /**
   * Inspects {@code segments} travelling in {@code direction}; pseudonyms go through {@code vault}. A finding that
   * would rewrite an object key or a number, which cannot change without changing the body's shape, blocks instead.
   */
  public Outcome run(List<CompiledPolicy> policies, Direction direction, List<TextSegment> segments,
      PseudonymVault vault) {
    List<Hit> hits = new ArrayList<>();
    List<Replacement> replacements = new ArrayList<>();
    SegmentRewriter rewriter = new SegmentRewriter(vault);
    List<CompiledRule> errors = new ArrayList<>();
    Hit[] block = {null};
    Applicable applicable = applicable(policies);
    for (TextSegment segment : segments) {
      List<CompiledRule> rules = applicable.get(direction, segment.role());
      boolean anyRemote = applicable.remote(direction, segment.role());
      // Header and query texts, which no model reads, are not sent to a remote detector (a guard model judges
      // prompts; one call per header would only add latency and cost): the local rules inspect them.
      boolean remote = anyRemote && segment.form() != TextSegment.Form.METADATA;
      List<Treatment> treatments = new ArrayList<>();
      // Either way the list scanned holds no remote rule. Requests go through the segment cache: they resend the
      // history. An answer's text is new each time, whose entry would only push history out of the cache; its ids
      // and model name go through a cache of their own, since the model name comes back on every answer.
      boolean request = direction == Direction.REQUEST;
      boolean kept = request || segment.form() == TextSegment.Form.IDENTIFIER && repeats(segment.jsonPointer());
      treat(scan(anyRemote ? split(rules, false) : rules, anyRemote ? null : applicable.open(direction,
          segment.role()), anyRemote ? null : applicable.reads(direction, segment.role(), segment.form()), segment,
          request, kept, errors), segment, hits, treatments, block);
      boolean json = segment.form() == TextSegment.Form.JSON;
      String rewritten = treatments.isEmpty() ? segment.text() : rewriter.rewrite(segment.text(), treatments, json);
      if (remote) {
        // A remote detector (a guard model) reads what would leave: the text after the local rules rewrote it, so
        // no value they redact, mask or pseudonymize is ever sent to it.
        int before = treatments.size();
        treat(asked(split(rules, true), segment, rewritten, errors), segment, hits, treatments, block);
        if (treatments.size() > before) {
          rewritten = rewriter.rewrite(segment.text(), treatments, json);
        }
      }
      if (!rewritten.equals(segment.text())) {
        replacements.add(new Replacement(segment.jsonPointer(), rewritten));
      }
    }
    return outcome(policies, hits, replacements, block[0], errors);
  }

  /** Adds {@code found} to {@code hits}, and the enforced ones to {@code treatments} or as the first {@code block}. */
  private static void treat(List<Hit> found, TextSegment segment, List<Hit> hits, List<Treatment> treatments,
      Hit[] block) {
    for (Hit hit : found) {
      hits.add(hit);
      if (!hit.enforced()) {
        continue;
      }
      Action action = hit.rule().action();
      if (action == Action.BLOCK || action.rewrites() && !segment.form().rewritable()) {
        block[0] = block[0] == null ? hit : block[0];
        continue;
      }
      switch (action) {
        case REDACT, PSEUDONYMIZE, STRIP -> treatments.add(Treatment.of(hit.finding(), action));
        case MASK -> treatments.add(Treatment.mask(hit.finding(), hit.rule().keepLast()));
        default -> { }
      }
    }
  }

  /** Returns the rules of {@code rules} that ask a remote service ({@code remote}) or those that do not. */
  static List<CompiledRule> split(List<CompiledRule> rules, boolean remote) {
    List<CompiledRule> out = new ArrayList<>(rules.size());
    for (CompiledRule rule : rules) {
      if (rule.detector().blocks() == remote) {
        out.add(rule);
      }
    }
    return out;
  }

  /**
   * Returns the hits of the remote {@code rules} on {@code rewritten}, the segment's text after the local rules'
   * rewrite; when that differs from the segment's text, each finding spans the whole segment (its offsets would
   * index the rewritten text) and keeps no matched value.
   */
  private List<Hit> asked(List<CompiledRule> rules, TextSegment segment, String rewritten, List<CompiledRule> errors) {
    if (rewritten.equals(segment.text())) {
      return scan(rules, null, null, segment, false, false, errors);
    }
    TextSegment sent = new TextSegment(segment.jsonPointer(), segment.role(), rewritten, segment.form());
    List<Hit> found = scan(rules, null, null, sent, false, false, errors);
    List<Hit> out = new ArrayList<>(found.size());
    for (Hit h : found) {
      out.add(new Hit(h.rule(), h.jsonPointer(), h.role(), h.finding().withSpan(0, segment.text().length()),
          h.enforced(), null));
    }
    return out;
  }

  private static Outcome outcome(List<CompiledPolicy> policies, List<Hit> hits, List<Replacement> replacements,
      Hit block, List<CompiledRule> errors) {
    CompiledRule failed = null;
    for (CompiledRule rule : errors) {
      if (failed == null && onError(policies, rule) == OnError.BLOCK) {
        failed = rule;
      }
    }
    return new Outcome(hits, replacements, block, failed, errors);
  }

  /**
   * Returns every hit of every applicable rule in one segment, without rewriting anything; rules whose detector
   * threw are added to {@code errors} (the normalization of the segment is computed once and shared).
   */
  public List<Hit> scan(List<CompiledPolicy> policies, Direction direction, TextSegment segment,
      List<CompiledRule> errors) {
    Applicable applicable = applicable(policies);
    List<CompiledRule> rules = applicable.get(direction, segment.role());
    return scan(rules, applicable.open(direction, segment.role()), applicable.reads(direction, segment.role(),
        segment.form()), segment, false, direction == Direction.REQUEST && !asksRemote(rules), errors);
  }

  /** Returns the rules of {@code policies} that apply to {@code role} in {@code direction}, cached per policy list. */
  List<CompiledRule> rules(List<CompiledPolicy> policies, Direction direction, Role role) {
    return applicable(policies).get(direction, role);
  }

  /**
   * Says whether the identifier at {@code pointer} may come back on later answers: a model name or a fingerprint
   * does; an id the provider gives each answer, message, item or tool call ({@code id}, {@code call_id}, …: a last
   * name of {@code id} or ending in {@code _id}) is new each time, and keeping it would cost a hash and an entry for
   * nothing (about a third of reading it).
   */
  static boolean repeats(String pointer) {
    int name = pointer.lastIndexOf('/') + 1;
    return !(pointer.endsWith("_id") || pointer.length() - name == 2 && pointer.endsWith("id"));
  }

  /** Returns the applicable rules of {@code policies}, kept while the same list comes back. */
  private Applicable applicable(List<CompiledPolicy> policies) {
    Applicable a = last;
    if (a == null || a.policies() != policies) {
      a = new Applicable(policies);
      last = a;
    }
    return a;
  }

  /** Returns the rules of {@code policies} that look at text of {@code role} travelling in {@code direction}. */
  private static List<CompiledRule> applicable(List<CompiledPolicy> policies, Direction direction, Role role) {
    List<CompiledRule> rules = new ArrayList<>();
    for (CompiledPolicy policy : policies) {
      if (policy.mode() == Mode.OFF) {
        continue;
      }
      for (CompiledRule rule : policy.rules()) {
        if (rule.appliesTo(direction, role)) {
          rules.add(rule);
        }
      }
    }
    return rules;
  }

  /**
   * Returns every hit of {@code rules}, which must all apply to the segment, in their order, with {@code payloads}
   * also what the rules find in text hidden by an encoding inside the segment (see {@link #inPayloads}). With
   * {@code cached}, the segment cache serves the hits when these rules already scanned this text, and keeps them
   * otherwise when no rule threw; never for rules that ask a remote service, whose verdicts (a guard model's) keep
   * only as long as that detector's own cache says. {@code open} tells which rules a text opens (null: all), and
   * {@code reads} which read a segment of its form (null: asked of each rule).
   */
  private List<Hit> scan(List<CompiledRule> rules, OpenRules open, long[] reads, TextSegment segment,
      boolean payloads, boolean cached, List<CompiledRule> errors) {
    SegmentCache kept = segment.form() == TextSegment.Form.IDENTIFIER ? identifiers : cache;
    SegmentCache.Key key = kept == null || !cached ? null : kept.keyOf(segment, payloads);
    if (key != null) {
      SegmentCache.Entry entry = kept.get(key, rules);
      if (entry != null) {
        return hits(rules, segment, entry.ruleAt(), entry.findings(), entry.findings().length);
      }
    }
    ScanText original = ScanText.of(segment.text());
    DecodedText decoded = decoded(segment, original);
    int failed = errors.size();
    Found found = find(rules, open, reads, segment, original, decoded, seen(original, decoded), payloads, windows,
        boundsOf(rules, segment.form()), errors);
    if (key != null && errors.size() == failed) {
      kept.put(key, rules, Arrays.copyOf(found.ruleAt, found.count), Arrays.copyOf(found.findings, found.count));
    }
    return hits(rules, segment, found.ruleAt, found.findings, found.count);
  }

  /**
   * Returns the text of {@code segment}, whose scan text is {@code original}, as a model reads it: what every
   * detector but an invisible one scans.
   */
  static DecodedText decoded(TextSegment segment, ScanText original) {
    boolean json = segment.form() == TextSegment.Form.JSON;
    return segment.parts() == null ? DecodedText.of(original, json)
        : DecodedText.ofParts(original, segment.parts(), TextSegment.PART_BREAK, json);
  }

  /**
   * Returns every hit of {@code rules} in {@code segment}, whose scan text is {@code original} and decoded text
   * {@code decoded}; spans index the segment's text. Credential rules skip a field that exists to carry a credential.
   */
  List<Hit> scan(List<CompiledRule> rules, TextSegment segment, ScanText original, DecodedText decoded,
      List<CompiledRule> errors) {
    return scan(rules, segment, original, decoded, seen(original, decoded), errors);
  }

  /** Returns the scan text of {@code decoded}: the original's own when nothing was decoded, so derivations share. */
  private static ScanText seen(ScanText original, DecodedText decoded) {
    return decoded.identity() ? original : ScanText.of(decoded.text());
  }

  /**
   * Returns what {@link #scan(List, TextSegment, ScanText, DecodedText, List)} returns, with {@code seen} the scan
   * text of {@code decoded} (the original's own when nothing was decoded), so that its cached derivations are shared.
   */
  List<Hit> scan(List<CompiledRule> rules, TextSegment segment, ScanText original, DecodedText decoded,
      ScanText seen, List<CompiledRule> errors) {
    Found found = find(rules, null, null, segment, original, decoded, seen, false, windows, boundsOf(rules,
        segment.form()), errors);
    return hits(rules, segment, found.ruleAt, found.findings, found.count);
  }

  /** Returns what {@code rule} finds in {@code text}; none, with the rule added to {@code errors}, if it throws. */
  private static List<Finding> scanned(CompiledRule rule, ScanText text, List<CompiledRule> errors) {
    try {
      return rule.detector().scan(text);
    } catch (RuntimeException e) {
      errors.add(rule);
      return List.of();
    }
  }

  /** The entity of person-name rules, which a reading of sibling strings does not apply. */
  private static final String PERSON = "PERSON";

  /** Most units decoded from the encoded runs of one segment; what lies beyond is not decoded. */
  static final int PAYLOAD_BUDGET = 16_384;

  /** Collects findings with the position of their rule; not thread-safe. */
  private static final class Found {
    private int[] ruleAt = new int[0];
    private Finding[] findings = new Finding[0];
    private int count;

    /** Says whether a finding of a credential rule of {@code rules} covers {@code [start, end)}. */
    boolean credentialOver(List<CompiledRule> rules, int start, int end) {
      for (int i = 0; i < count; i++) {
        if (findings[i].start() <= start && findings[i].end() >= end
            && rules.get(ruleAt[i]).detector().findsCredentials()) {
          return true;
        }
      }
      return false;
    }

    /** Says whether a finding of rule {@code rule} overlaps {@code [start, end)}. */
    boolean ruleOver(int rule, int start, int end) {
      for (int i = 0; i < count; i++) {
        if (ruleAt[i] == rule && findings[i].start() < end && findings[i].end() > start) {
          return true;
        }
      }
      return false;
    }

    void add(int rule, Finding f) {
      if (count == findings.length) {
        ruleAt = Arrays.copyOf(ruleAt, Math.max(4, count * 2));
        findings = Arrays.copyOf(findings, ruleAt.length);
      }
      ruleAt[count] = rule;
      findings[count++] = f;
    }
  }

  /**
   * Returns the findings that {@link #scan(List, TextSegment, ScanText, DecodedText, ScanText, List)} makes hits of;
   * a rule that {@code open} (null: every rule is open) says the text does not open finds nothing and is skipped, as
   * is one that does not read a segment of this form: per {@code reads}, a bit per rule ({@link #readable}), or, when
   * null, per {@link #skips} asked of each rule.
   */
  private static Found find(List<CompiledRule> rules, OpenRules open, long[] reads, TextSegment segment,
      ScanText original, DecodedText decoded, ScanText seen, boolean payloads, BreakWindows.Use windowed, int[] bounds,
      List<CompiledRule> errors) {
    boolean credentialField = segment.form() == TextSegment.Form.CREDENTIAL;
    Found found = new Found();
    // Rules that read a joined text read only the windows around its breaks where a finding can cross one.
    // The decoded indices of its breaks, found once for the windows and the payload pass (null until asked).
    int[] breaks = bounds != null && BreakWindows.reads(seen, bounds, windowed)
        ? BreakWindows.breaks(segment.text(), decoded) : null;
    BreakWindows windows = breaks == null ? null : BreakWindows.of(breaks, seen, bounds, windowed);
    // Which rules the text opens, when they read it whole (a window's own keywords are not asked here); not in a
    // credential field, whose credential rules (the gated ones) are skipped anyway.
    long[] opened = open == null || windows != null || credentialField ? null : open.in(seen);
    if (reads != null) {
      if (opened == null) {
        opened = reads;
      } else {
        // a fresh array of OpenRules.in: the rules both open and reading this form
        for (int w = 0; w < opened.length; w++) {
          opened[w] &= reads[w];
        }
      }
    }
    // An indexed loop: this runs once per rule and segment, and the rules' list is random-access.
    for (int r = opened == null ? 0 : OpenRules.next(opened, 0, rules.size()), count = rules.size(); r < count;
        r = opened == null ? r + 1 : OpenRules.next(opened, r + 1, count)) {
      CompiledRule rule = rules.get(r);
      if (reads == null && skips(rule, segment.form())) {
        continue;
      }
      ScanText text = seen == original || !rule.detector().readsInvisible() ? seen : original;
      if (windows == null) {
        collect(r, rule, segment, text, 0, text == original ? null : decoded, found, errors);
        continue;
      }
      int failed = errors.size();
      for (BreakWindows.Window w : windows.around(rule.detector())) {
        collect(r, rule, segment, w.text(), w.start(), seen == original ? null : decoded, found, errors);
        if (errors.size() > failed) {
          break;
        }
      }
    }
    if (payloads && !credentialField) {
      inPayloads(rules, segment, seen, seen == original ? null : decoded, windowed != BreakWindows.Use.NEVER, breaks,
          found, errors);
    }
    return found;
  }

  /**
   * Returns the bounds ({@link BreakWindows#bounds}) of the {@code rules} that read a segment of {@code form}, kept
   * while the same list of rules comes back; null when the segment is no reading of joined texts or this engine
   * reads those whole. A list whose contents change between calls (a stream's rules per feed) may be given the
   * bounds of its earlier contents: only the cost depends on them, since each rule reads at least the windows of its
   * own bound.
   */
  private int[] boundsOf(List<CompiledRule> rules, TextSegment.Form form) {
    int kind = form == TextSegment.Form.JOINED ? 0 : form == TextSegment.Form.TURNS ? 1
        : form == TextSegment.Form.SIBLINGS ? 2 : -1;
    if (kind < 0 || windows == BreakWindows.Use.NEVER) {
      return null;
    }
    Bounds b = bounds.get(kind);
    if (b == null || b.rules() != rules) {
      b = new Bounds(rules, bounds(rules, form));
      bounds.set(kind, b);
    }
    return b.bounds();
  }

  /** Returns the bounds ({@link BreakWindows#bounds}) of the {@code rules} that read a reading of joined texts. */
  private static int[] bounds(List<CompiledRule> rules, TextSegment.Form form) {
    int[] bounds = BreakWindows.bounds();
    for (int r = 0, count = rules.size(); r < count; r++) {
      CompiledRule rule = rules.get(r);
      if (!skips(rule, form)) {
        BreakWindows.note(bounds, rule.detector());
      }
    }
    return bounds;
  }

  /**
   * Says whether {@code rule} does not read a segment of {@code form}: a credential rule a field that exists to carry
   * a credential; an invisible-character rule a reading of joined texts; a judging or remote rule the texts of several
   * messages read as one; a name rule sibling strings (a name is words of prose: words of two strings side by side
   * are no value cut in two); a remote rule an answer's id or model ({@link TextSegment.Form#IDENTIFIER}).
   */
  private static boolean skips(CompiledRule rule, TextSegment.Form form) {
    boolean siblings = form == TextSegment.Form.SIBLINGS;
    boolean turns = siblings || form == TextSegment.Form.TURNS;
    boolean joined = turns || form == TextSegment.Form.JOINED;
    return form == TextSegment.Form.CREDENTIAL && rule.detector().findsCredentials()
        || joined && rule.detector().readsInvisible()
        || turns && (rule.detector().judgesText() || rule.detector().blocks())
        || siblings && PERSON.equals(rule.entity())
        || form == TextSegment.Form.IDENTIFIER && rule.detector().blocks();
  }

  /**
   * Adds to {@code found} the findings of {@code rule}, at position {@code r}, in {@code text}, which starts at index
   * {@code shift} of the text the rule reads, mapped to the segment's text through {@code decoded} unless null; in a
   * reading of joined texts, only those that cross a break.
   */
  private static void collect(int r, CompiledRule rule, TextSegment segment, ScanText text, int shift,
      DecodedText decoded, Found found, List<CompiledRule> errors) {
    List<Finding> findings = scanned(rule, text, errors);
    if (findings.isEmpty()) {
      return;
    }
    TextSegment.Form form = segment.form();
    boolean siblings = form == TextSegment.Form.SIBLINGS;
    boolean turns = siblings || form == TextSegment.Form.TURNS;
    boolean joined = turns || form == TextSegment.Form.JOINED;
    for (Finding f : findings) {
      if (rule.allows(text.original(), f)) {
        continue;
      }
      if (shift != 0) {
        f = f.withSpan(f.start() + shift, f.end() + shift);
      }
      if (decoded != null) {
        f = f.withSpan(decoded.originalStart(f.start()), decoded.originalEnd(f.end()));
      }
      if (joined && !spansBreak(segment.text(), f) || siblings && spansRuns(segment.text(), f)
          || turns && heldByOneText(rule, segment.text(), f, errors)) {
        continue;
      }
      found.add(r, f);
    }
  }

  /**
   * Adds to {@code found} what {@code rules} find in the text hidden by an encoding inside {@code seen} (base64, hex,
   * URL encoding: {@link Payloads}, at most {@link #PAYLOAD_BUDGET} decoded units), each finding spanning the whole
   * encoded run, mapped through {@code decoded} unless null: a model decodes such a run as readily as it reads plain
   * text, so a phone number or a key sent base64-encoded leaves as surely as one sent in the clear. Rules that read
   * invisible characters or ask a remote service do not read payloads, nor does any rule read a run that a credential
   * rule's finding already covers; in the joined parts of a message, as for plain text, only a run that spans two
   * parts counts (each part's own segment reports the others), and with {@code aroundBreaks} (an engine that reads
   * joined texts around their breaks) nothing is read when no run or reading can cross a break. Requests only: an
   * answer streamed to the client is released before an encoded run in it may be complete.
   */
  private static void inPayloads(List<CompiledRule> rules, TextSegment segment, ScanText seen, DecodedText decoded,
      boolean aroundBreaks, int[] breaks, Found found, List<CompiledRule> errors) {
    if (aroundBreaks && (segment.form() == TextSegment.Form.JOINED || segment.form() == TextSegment.Form.TURNS)
        && decoded != null && !mayCrossBreak(breaks != null ? breaks : BreakWindows.breaks(segment.text(), decoded), seen)) {
      // only a run or reading across a break counts here, and none can be: the passes over the whole reading (its
      // gates, most of this reading's cost) are saved
      return;
    }
    // one pass for the gates of the readings and of base85 tokens and byte lists, which the payload gate does not see
    ReadingGates gates = ReadingGates.of(seen);
    inReadings(rules, segment, seen, decoded, gates, found, errors);
    if (!Payloads.mayHold(seen, true) && !gates.encoded()) {
      return;
    }
    for (Payloads.Decoded payload : Payloads.find(seen.original(), PAYLOAD_BUDGET, true)) {
      ScanText text = ScanText.of(payload.text());
      int start = decoded == null ? payload.start() : decoded.originalStart(payload.start());
      int end = decoded == null ? payload.end() : decoded.originalEnd(payload.end());
      if ((segment.form() == TextSegment.Form.JOINED || segment.form() == TextSegment.Form.TURNS
          || segment.form() == TextSegment.Form.SIBLINGS) && !spansBreak(segment.text(), start, end)
          || found.credentialOver(rules, start, end)) {
        // inside one part (its own segment reads it), or a token (a JWT, a key) that a credential rule treats as a
        // whole already: what it encodes goes with it
        continue;
      }
      for (int r = 0, count = rules.size(); r < count; r++) {
        CompiledRule rule = rules.get(r);
        if (rule.detector().readsInvisible() || rule.detector().blocks()) {
          continue;
        }
        for (Finding f : scanned(rule, text, errors)) {
          if (!rule.allows(payload.text(), f)) {
            found.add(r, new Finding(f.ruleId(), f.entity(), start, end, f.score(),
                f.explanation() + "; inside " + payload.encoding() + "-encoded text", f.category()));
          }
        }
      }
    }
  }

  /**
   * Says whether a payload or hidden reading of {@code seen}, the scan text of a reading of joined texts, may span one
   * of its part breaks, at the decoded indices {@code breaks} ({@link JoinCrossings}).
   */
  private static boolean mayCrossBreak(int[] breaks, ScanText seen) {
    for (int d : breaks) {
      if (JoinCrossings.mayCross(seen.original(), d)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Adds to {@code found} what {@code rules} find in the readings of {@code seen} that its characters do not show: a
   * value in ROT13 or backwards, a value split by markup ({@link HiddenReadings}), each finding spanning the whole
   * reading as written (the split or turned value is one unit to a model; rewriting a part would leave the rest
   * readable). Only a finding that crosses a join of a split counts, and none that a finding of the same rule on the
   * text as written already covers. The same rules as for encoded payloads read them.
   */
  private static void inReadings(List<CompiledRule> rules, TextSegment segment, ScanText seen, DecodedText decoded,
      ReadingGates gates, Found found, List<CompiledRule> errors) {
    List<HiddenReadings.Reading> readings = HiddenReadings.find(seen, gates);
    for (HiddenReadings.Reading reading : readings) {
      int start = decoded == null ? reading.start() : decoded.originalStart(reading.start());
      int end = decoded == null ? reading.end() : decoded.originalEnd(reading.end());
      if ((segment.form() == TextSegment.Form.JOINED || segment.form() == TextSegment.Form.TURNS)
          && !spansBreak(segment.text(), start, end)) {
        continue;
      }
      ScanText text = ScanText.of(reading.text());
      for (int r = 0, count = rules.size(); r < count; r++) {
        CompiledRule rule = rules.get(r);
        if (rule.detector().readsInvisible() || rule.detector().blocks()) {
          continue;
        }
        for (Finding f : scanned(rule, text, errors)) {
          if (reading.counts(f.start(), f.end()) && !rule.allows(reading.text(), f)
              && !found.ruleOver(r, start, end)) {
            found.add(r, new Finding(f.ruleId(), f.entity(), start, end, f.score(),
                f.explanation() + "; read as " + reading.kind(), f.category()));
          }
        }
      }
    }
  }

  /** Returns the hits in {@code segment} of the first {@code count} findings, whose rules' positions are given. */
  private static List<Hit> hits(List<CompiledRule> rules, TextSegment segment, int[] ruleAt, Finding[] findings,
      int count) {
    if (count == 0) {
      return new ArrayList<>(0);
    }
    String pointer = Vocabulary.safePointer(segment.jsonPointer());
    List<Hit> hits = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      CompiledRule rule = rules.get(ruleAt[i]);
      hits.add(new Hit(rule, pointer, segment.role(), findings[i], rule.mode() == Mode.ENFORCE,
          matched(segment.text(), findings[i])));
    }
    return hits;
  }

  /** Returns the text a finding spans, for the audit's keyed hash; null if its span lies outside the text. */
  private static String matched(String text, Finding f) {
    return f.start() >= 0 && f.start() <= f.end() && f.end() <= text.length() ? text.substring(f.start(), f.end())
        : null;
  }

  /** Says whether one of {@code rules} asks a remote service. */
  private static boolean asksRemote(List<CompiledRule> rules) {
    for (int r = 0, count = rules.size(); r < count; r++) {
      if (rules.get(r).detector().blocks()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Says whether a finding across a break of several messages' texts extends a value that the text at one of its ends
   * holds whole (its own segment finds it there): "…2333" then "1831690944@qq.com" reads as a longer address, which no
   * model reads across two messages. Asked only of findings across a break, which are rare.
   */
  private static boolean heldByOneText(CompiledRule rule, String text, Finding f, List<CompiledRule> errors) {
    int firstStart = text.lastIndexOf(TextSegment.PART_BREAK, f.start()) + 1;
    int firstEnd = text.indexOf(TextSegment.PART_BREAK, f.start());
    int lastStart = text.lastIndexOf(TextSegment.PART_BREAK, f.end() - 1) + 1;
    int lastEnd = text.indexOf(TextSegment.PART_BREAK, f.end() - 1);
    return findsWithin(rule, text, firstStart, firstEnd, f.start(), errors)
        || findsWithin(rule, text, lastStart, lastEnd < 0 ? text.length() : lastEnd, f.end(), errors);
  }

  /** Says whether {@code rule} finds, in {@code text[from, to)} alone, a match that covers index {@code at}. */
  private static boolean findsWithin(CompiledRule rule, String text, int from, int to, int at,
      List<CompiledRule> errors) {
    for (Finding g : scanned(rule, ScanText.of(text.substring(from, to)), errors)) {
      if (g.start() + from <= at && at <= g.end() + from) {
        return true;
      }
    }
    return false;
  }

  /** Says whether a finding in a reading of sibling strings spans two runs of them, which nothing joins. */
  private static boolean spansRuns(String text, Finding f) {
    int at = text.indexOf(TextSegment.RUN_BREAK, f.start());
    return at >= 0 && at < f.end();
  }

  /** Says whether a finding in joined parts spans a break between two of them. */
  private static boolean spansBreak(String text, Finding f) {
    return spansBreak(text, f.start(), f.end());
  }

  /** Says whether {@code [start, end)} of joined parts spans a break between two of them. */
  private static boolean spansBreak(String text, int start, int end) {
    int at = text.indexOf(TextSegment.PART_BREAK, start);
    return at >= 0 && at < end;
  }

  /** Returns the {@code onError} of the policy {@code rule} belongs to; block when it is not among them. */
  static OnError onError(List<CompiledPolicy> policies, CompiledRule rule) {
    for (CompiledPolicy p : policies) {
      if (p.name().equals(rule.policy())) {
        return p.onError();
      }
    }
    return OnError.BLOCK;
  }
}
