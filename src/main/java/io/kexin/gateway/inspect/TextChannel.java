package io.kexin.gateway.inspect;

import io.kexin.gateway.content.Action;
import io.kexin.gateway.content.Role;
import io.kexin.gateway.content.TextSegment;
import io.kexin.gateway.detect.Finding;
import io.kexin.gateway.detect.Sentences;
import io.kexin.gateway.policy.CompiledPolicy;
import io.kexin.gateway.policy.CompiledRule;
import io.kexin.gateway.policy.Direction;
import io.kexin.gateway.policy.OnError;
import io.kexin.gateway.stream.TextStream;
import io.kexin.gateway.text.DecodedText;
import io.kexin.gateway.text.JsonText;
import io.kexin.gateway.text.Normalizer;
import io.kexin.gateway.text.ScanText;
import java.util.ArrayList;
import java.util.List;

/**
 * Inspects one streamed text (a choice's content, a content block, a tool call's arguments), holding back only what
 * could still become a match: each feed rescans the held text plus the released context (the fixed window), and
 * releases everything before the least index where some response rule's detector says a match may still be live
 * ({@link io.kexin.gateway.detect.Detector#liveFrom}); the fixed window bounds what is held: the longest match of
 * the rules bounded by length, and the most letters a match spans of the rules bounded in letters (keyword lists,
 * the harm detector: their matches are counted in normalized units, which padding cannot stretch). A finding counts
 * only once it starts before that index, which makes it final, and a finding crossing it holds the index back to its
 * start, so the result equals inspecting the whole text at once. Released text then has
 * the exchange's placeholders restored, holding back a trailing partial placeholder ({@code <EM}). Rules that ask a
 * remote service (guard models, which judge sentences) run in a second channel on what the local rules released,
 * asked about each sentence once it has ended. One instance per text stream, used from one thread; with a remote
 * stage it may wait on that service, so the proxy runs it on its inspection pool.
 */
final class TextChannel implements TextStream {
  private final List<CompiledPolicy> policies;
  /** The response rules of this stage that apply to assistant text, in policy order. */
  private final List<CompiledRule> rules;
  private final PolicyEngine engine;
  private final PseudonymVault vault;
  private final SegmentRewriter rewriter;
  /** The longest match, plus one, in decoded units, of the rules that bound their matches by length only. */
  private final int window;
  /**
   * The most letters a match spans, plus one, of the rules that bound their matches in letters
   * ({@link io.kexin.gateway.detect.Detector#maxMatchLetters}); 0 when none does.
   */
  private final int letters;
  /** Per rule, whether it bounds its matches in letters. */
  private final boolean[] byLetters;
  /** Whether released text stays as context before the pending text (the window and the letters); not remotely. */
  private final boolean keepsContext;
  private final int maxHeld;
  private final boolean json;
  /**
   * Whether this channel reads the texts of a run joined ({@link TextSegment.Form#JOINED}, see {@link JoinedRun}): it
   * only decides, releasing nothing, and a finding across two texts blocks, since neither can be rewritten to remove
   * it.
   */
  private final boolean joined;
  /**
   * Whether a finding that would rewrite the text blocks instead, as in {@link #joined}: a streamed audio transcript,
   * which the audio beside it says as well.
   */
  private boolean rewriteBlocks;
  /** How many units of the text may be released in all, as far as the run this text belongs to allows. */
  private int limit = Integer.MAX_VALUE;
  /**
   * The stage that asks remote services (guard models) about what this one releases, or null; when set, this stage
   * runs the local rules and the remote one restores placeholders.
   */
  private final TextChannel remote;
  /**
   * The sender's JSON escaping in the text restored so far (see {@link JsonText#styleOf}): what a value restored in the
   * next piece follows, with that piece up to the placeholder's end, so that the cut does not change it.
   */
  private String style = "";
  /** Whether some delta held an escape or an invisible character (always, for JSON text): then text is decoded. */
  private boolean decodes;
  private final List<Hit> hits;
  /** The rules that failed in a policy whose {@code onError} allows, for the audit; the text went on without them. */
  private final List<CompiledRule> failures;
  /** The released context (see {@link #contextStart}) followed by the pending, unreleased text. */
  private final StringBuilder held = new StringBuilder();
  private final StringBuilder unrestored = new StringBuilder();
  private final List<CompiledRule> errors = new ArrayList<>(1);
  /** The rules that scan the held text on this feed (see {@link #scanning}). */
  private final List<CompiledRule> scanning = new ArrayList<>();
  private int contextLength;
  private Hit block;
  private CompiledRule failed;
  private boolean overflow;
  private int released;

  /**
   * Creates a channel; {@code window} is the longest match of any response rule plus one, {@code maxHeld} bounds
   * the held text, and final hits are added to {@code hits} for the audit.
   */
  TextChannel(List<CompiledPolicy> policies, PolicyEngine engine, PseudonymVault vault, int window, int maxHeld,
      List<Hit> hits) {
    this(policies, engine, vault, window, maxHeld, hits, new ArrayList<>(), false);
  }

  /**
   * Creates a channel as above; with {@code json} the text is nested JSON text (a tool call's arguments), read with
   * its escapes decoded, and values restored into it are escaped. Rules that failed where their policy allows it
   * are added to {@code failures}. When some rule asks a remote service, the text goes through two stages: the local
   * rules first, then the remote ones on what the local ones released (rewritten: pseudonyms, masks, never the raw
   * values), so a guard model judges the text a whole answer would show it.
   */
  TextChannel(List<CompiledPolicy> policies, PolicyEngine engine, PseudonymVault vault, int window, int maxHeld,
      List<Hit> hits, List<CompiledRule> failures, boolean json) {
    this(policies, PolicyEngine.split(engine.rules(policies, Direction.RESPONSE, Role.ASSISTANT), false), engine,
        vault, window, true, maxHeld, hits, failures, json,
        remoteStage(policies, engine, vault, maxHeld, hits, failures, json), false);
  }

  /**
   * Returns a channel of the local rules alone, for an answer's id or model ({@link TextSegment.Form#IDENTIFIER}),
   * which no rule that asks a remote service judges.
   */
  static TextChannel local(List<CompiledPolicy> policies, PolicyEngine engine, PseudonymVault vault, int window,
      int maxHeld, List<Hit> hits, List<CompiledRule> failures) {
    return new TextChannel(policies, PolicyEngine.split(engine.rules(policies, Direction.RESPONSE, Role.ASSISTANT),
        false), engine, vault, window, true, maxHeld, hits, failures, false, null, false);
  }

  /**
   * Returns a channel that reads the texts of a run joined, each text after the first preceded by
   * {@link TextSegment#PART_BREAK}: with the local rules that do not read invisible characters (the break is one), it
   * counts only findings across a break, and blocks on those a rule would block or rewrite; it releases nothing itself
   * ({@link #released()} is how far it decided).
   */
  static TextChannel joined(List<CompiledPolicy> policies, PolicyEngine engine, PseudonymVault vault, int window,
      int maxHeld, List<Hit> hits, List<CompiledRule> failures) {
    List<CompiledRule> rules = new ArrayList<>();
    for (CompiledRule r : PolicyEngine.split(engine.rules(policies, Direction.RESPONSE, Role.ASSISTANT), false)) {
      if (!r.detector().readsInvisible()) {
        rules.add(r);
      }
    }
    return new TextChannel(policies, rules, engine, vault, window, true, maxHeld, hits, failures, false, null, true);
  }

  private TextChannel(List<CompiledPolicy> policies, List<CompiledRule> rules, PolicyEngine engine,
      PseudonymVault vault, int window, boolean keepsContext, int maxHeld, List<Hit> hits, List<CompiledRule> failures,
      boolean json, TextChannel remote, boolean joined) {
    this.policies = policies;
    this.json = json;
    this.joined = joined;
    this.decodes = json;
    this.rules = rules;
    this.engine = engine;
    this.vault = vault;
    this.rewriter = new SegmentRewriter(vault);
    this.window = window;
    this.byLetters = new boolean[rules.size()];
    int most = -1;
    for (int i = 0; i < byLetters.length; i++) {
      int l = rules.get(i).detector().maxMatchLetters();
      byLetters[i] = l >= 0;
      most = Math.max(most, l);
    }
    this.letters = most < 0 ? 0 : most + 1;
    this.keepsContext = keepsContext;
    this.maxHeld = maxHeld;
    this.hits = hits;
    this.failures = failures;
    this.remote = remote;
  }

  /**
   * Returns the stage of the remote rules, or null when no response rule asks a remote service. Its rules judge
   * sentences, which need no released context: it keeps none, and judges only finished sentences until the end.
   */
  private static TextChannel remoteStage(List<CompiledPolicy> policies, PolicyEngine engine, PseudonymVault vault,
      int maxHeld, List<Hit> hits, List<CompiledRule> failures, boolean json) {
    List<CompiledRule> remote =
        PolicyEngine.split(engine.rules(policies, Direction.RESPONSE, Role.ASSISTANT), true);
    if (remote.isEmpty()) {
      return null;
    }
    long longest = 0;
    for (CompiledRule r : remote) {
      longest = Math.max(longest, r.detector().maxMatchLength());
    }
    int window = (int) Math.min(Integer.MAX_VALUE - 1, longest) + 1;
    return new TextChannel(policies, remote, engine, vault, window, false, maxHeld, hits, failures, json, null, false);
  }

  @Override
  public String feed(String delta) {
    if (stopped() || delta.isEmpty()) {
      return "";
    }
    held.append(delta);
    // Whether the text needs decoding is learned from each delta once, not from the whole held text on every feed.
    decodes = decodes || DecodedText.mayDecode(delta) || Character.isLowSurrogate(delta.charAt(0));
    if (held.length() - contextLength > maxHeld) {
      overflow = true;
      return "";
    }
    String out = release(false);
    return remote == null ? out : remote.feed(out);
  }

  @Override
  public String finish() {
    if (stopped()) {
      return "";
    }
    String out = release(true);
    if (remote != null) {
      out = remote.feed(out);
      out += remote.finish();
      return stopped() ? "" : out;
    }
    if (stopped()) {
      return "";
    }
    String u = unrestored.toString();
    String rest = vault.restore(u, json, style);
    unrestored.setLength(0);
    return out + rest;
  }

  /** Makes a finding that would rewrite this text block the stream instead; returns this channel. */
  TextChannel blockingRewrites() {
    rewriteBlocks = true;
    if (remote != null) {
      remote.blockingRewrites();
    }
    return this;
  }

  /**
   * Lets at most {@code units} units of the text (before rewriting) be released in all, until a later call raises it:
   * what the run this text belongs to has decided so far ({@link JoinedRun}).
   */
  void limit(int units) {
    limit = units;
  }

  /** Returns the text this channel holds: the released context, then what it has not released. */
  String heldText() {
    return held.toString();
  }

  /** Returns how many units this channel holds: the released context and what it has not released. */
  int heldLength() {
    return held.length();
  }

  /** Returns how many units of the text have been released so far (before rewriting). */
  int released() {
    return released;
  }

  /** Returns the enforced block finding that stopped this text, or null. */
  Hit blockedBy() {
    return block != null || remote == null ? block : remote.blockedBy();
  }

  /** Says whether the held text outgrew its bound, which stops the text. */
  boolean overflowed() {
    return overflow || remote != null && remote.overflowed();
  }

  /** Returns the rule whose detector failed in a policy that fails closed, or null. */
  CompiledRule failedRule() {
    return failed != null || remote == null ? failed : remote.failedRule();
  }

  private boolean stopped() {
    return block != null || failed != null || overflow || remote != null && remote.stopped();
  }

  @Override
  public int pending() {
    return pendingChars();
  }

  /** Returns the characters received and not yet released, over both stages. */
  int pendingChars() {
    return Math.max(0, held.length() - contextLength) + (remote == null ? 0 : remote.pendingChars());
  }

  private String release(boolean end) {
    int pending = held.length() - contextLength;
    if (pending <= 0) {
      return "";
    }
    String text = held.toString();
    TextSegment segment = new TextSegment("", Role.ASSISTANT, text,
        joined ? TextSegment.Form.JOINED : json ? TextSegment.Form.JSON : TextSegment.Form.TEXT);
    ScanText original = ScanText.of(text);
    DecodedText decoded = decodes ? PolicyEngine.decoded(segment, original) : DecodedText.identity(text);
    ScanText seen = decoded.identity() ? original : ScanText.of(decoded.text());
    int offset = contextLength;
    // The fixed window bounds what is held: it counts units as a model reads them (invisible characters and escapes
    // do not shorten it), and no match of a rule bounded by length can start before it and still change; for a rule
    // bounded in letters, no match can start before the last letters it may span.
    int bound = decoded.length() <= window ? 0 : decoded.originalStart(decoded.length() - window);
    int letterBound = letters == 0 ? text.length() : decoded.originalStart(lettersBack(seen, decoded.length()));
    int cut;
    if (end) {
      cut = pending;
    } else {
      cut = liveCut(text, original, decoded, seen, Math.max(bound, offset), Math.max(letterBound, offset)) - offset;
      cut = (int) Math.min(cut, (long) limit - released);
      if (cut <= 0) {
        return "";
      }
    }
    if (!keepsContext && !end && cut < pending) {
      // The remote stage asks about finished sentences only, never about the one still being written.
      String finished = text.substring(0, sentencesEnd(decoded, seen, offset + cut));
      segment = new TextSegment("", Role.ASSISTANT, finished, segment.form());
      original = ScanText.of(finished);
      decoded = decodes ? PolicyEngine.decoded(segment, original) : DecodedText.identity(finished);
      seen = decoded.identity() ? original : ScanText.of(decoded.text());
    }
    errors.clear();
    List<CompiledRule> scanning = scanning(original, decoded, seen, offset);
    List<Hit> found = segment.text().isEmpty() || scanning.isEmpty() ? List.of()
        : engine.scan(scanning, segment, original, decoded, seen, errors);
    for (CompiledRule rule : errors) {
      if (PolicyEngine.onError(policies, rule) == OnError.BLOCK) {
        failed = rule;
        return "";
      }
      if (!failures.contains(rule)) {
        failures.add(rule);
      }
    }
    List<Treatment> treatments = List.of();
    if (!found.isEmpty()) {
      cut = settledCut(found, offset, cut);
      treatments = treatments(found, offset, cut);
      if (block != null) {
        return "";
      }
    }
    if (cut <= 0) {
      return "";
    }
    if (joined) {
      // Decides only: each text of the run releases itself, up to what this reading has decided.
      int kept = offset + cut;
      int drop = contextStart(decoded, seen, kept);
      held.delete(0, drop);
      contextLength = kept - drop;
      released += cut;
      return "";
    }
    String releasable = text.substring(offset, offset + cut);
    String rewritten = treatments.isEmpty() ? releasable : rewriter.rewrite(releasable, treatments, json);
    int kept = offset + cut;
    int drop = keepsContext ? contextStart(decoded, seen, kept) : kept;
    held.delete(0, drop);
    contextLength = kept - drop;
    released += cut;
    return remote == null ? restore(rewritten) : rewritten;
  }

  /**
   * Returns the rules to scan the held text with: those whose detector may find something that starts in the pending
   * text, at or after original index {@code offset} ({@link io.kexin.gateway.detect.Detector#mayFindFrom}, asked
   * about the text the rule scans); only such findings count, so the others need no scan. The list is reused.
   */
  private List<CompiledRule> scanning(ScanText original, DecodedText decoded, ScanText seen, int offset) {
    scanning.clear();
    int from = seen == original ? offset : decoded.decodedIndex(offset);
    for (int i = 0, count = rules.size(); i < count; i++) {
      CompiledRule rule = rules.get(i);
      boolean reads = seen == original || !rule.detector().readsInvisible();
      if (reads ? rule.detector().mayFindFrom(seen, from) : rule.detector().mayFindFrom(original, offset)) {
        scanning.add(rule);
      }
    }
    return scanning;
  }

  /**
   * Returns the original index before which every match of every rule is final: the least, over the rules, of
   * where each rule's detector says a match may still be live ({@link io.kexin.gateway.detect.Detector#liveFrom}),
   * computed on the text the rule scans (decoded or original, as {@link PolicyEngine#scan} chooses) and mapped
   * back, but never before {@code bound} ({@code letterBound} for a rule bounded in letters), which the fixed window
   * proves final.
   */
  private int liveCut(String text, ScanText original, DecodedText decoded, ScanText seen, int bound,
      int letterBound) {
    int n = text.length();
    // A trailing escape or surrogate may still change the units decoded from it, so each rule judges the text before
    // it: whatever text follows that prefix, matches starting before its live index are final.
    int stable = stableLength(text);
    ScanText whole = stable == n ? original : ScanText.of(text.substring(0, stable));
    DecodedText prefix = stable == n ? decoded : null;
    ScanText read = stable == n ? seen : null;
    int cut = n;
    int floor = Math.min(bound, letterBound);
    for (int i = 0; i < rules.size(); i++) {
      CompiledRule rule = rules.get(i);
      int live;
      if (rule.detector().readsInvisible()) {
        live = rule.detector().liveFrom(whole);
      } else {
        if (read == null) {
          prefix = DecodedText.of(whole, json);
          read = prefix.identity() ? whole : ScanText.of(prefix.text());
        }
        int d = rule.detector().liveFrom(read);
        live = d >= prefix.length() ? stable : prefix.originalStart(d);
      }
      cut = Math.min(cut, Math.max(byLetters[i] ? letterBound : bound, Math.min(live, stable)));
      if (cut <= floor) {
        return cut;
      }
    }
    return cut;
  }

  /**
   * Returns the original index from which released text stays as context before the pending text that starts at
   * original index {@code kept}: the window's decoded units and the letters before it, so that every rule reads
   * what it would read in the whole text before any match that may still come, and no match cut short at the
   * context's start can reach the pending text.
   */
  private int contextStart(DecodedText decoded, ScanText seen, int kept) {
    int at = decoded.decodedIndex(kept);
    int from = Math.max(0, at - window);
    if (letters > 0) {
      from = Math.min(from, lettersBack(seen, at));
    }
    return decoded.originalStart(from);
  }

  /**
   * Returns the decoded index where the last {@link #letters} letters before decoded index {@code end} start
   * (letters as {@link io.kexin.gateway.text.Normalizer#emitsOwnUnit} counts them), or 0 when there are fewer.
   */
  private int lettersBack(ScanText seen, int end) {
    char[] u = seen.units();
    Normalizer normalizer = seen.normalizer();
    int count = 0;
    for (int i = end - 1; i >= 0; i--) {
      if (normalizer.emitsOwnUnit(u[i]) && ++count == letters) {
        return i;
      }
    }
    return 0;
  }

  /**
   * Returns the length of the prefix of {@code text} whose decoded units later text cannot change
   * ({@link DecodedText#stableLength}, when the text is decoded), less a high surrogate whose pair has not arrived.
   */
  private int stableLength(String text) {
    int stable = decodes ? DecodedText.stableLength(text, contextLength) : text.length();
    if (stable > 0 && Character.isHighSurrogate(text.charAt(stable - 1))) {
      stable--;
    }
    return stable;
  }

  /**
   * Returns the original index where the last sentence that ends at or before {@code end} (an original index, with
   * text after it) ends, or 0 when none does: a cut inside a sentence longer than the judged bound is not an end.
   */
  private static int sentencesEnd(DecodedText decoded, ScanText seen, int end) {
    int d = decoded.identity() ? end : decoded.decodedIndex(end);
    char[] units = seen.units();
    for (int at = Math.min(d, units.length - 1); at > 0; at--) {
      if (Sentences.endsAt(units, at)) {
        return at == d ? end : decoded.originalStart(at);
      }
    }
    return 0;
  }

  /** Moves the cut left, never right, until no finding that starts before it crosses it; those are all final. */
  private static int settledCut(List<Hit> found, int offset, int cut) {
    boolean moved = true;
    while (moved) {
      moved = false;
      for (Hit h : found) {
        int start = h.finding().start() - offset;
        if (start < 0 || start >= cut) {
          continue;
        }
        if (h.finding().end() - offset > cut) {
          cut = start;
          moved = true;
        }
      }
    }
    return cut;
  }

  /** Records the findings that start before the cut and returns their treatments; a block stops the text. */
  private List<Treatment> treatments(List<Hit> found, int offset, int cut) {
    List<Treatment> treatments = new ArrayList<>();
    for (Hit h : found) {
      Finding f = h.finding();
      int start = f.start() - offset;
      if (start < 0 || start >= cut) {
        continue;
      }
      Finding local = f.withSpan(start, f.end() - offset);
      hits.add(new Hit(h.rule(), h.jsonPointer(), h.role(), f.withSpan(released + start, released + local.end()),
          h.enforced(), h.value()));
      if (!h.enforced()) {
        continue;
      }
      if ((joined || rewriteBlocks) && (h.rule().action() == Action.BLOCK || h.rule().action().rewrites())) {
        block = block == null ? h : block;
        continue;
      }
      switch (h.rule().action()) {
        case BLOCK -> block = block == null ? h : block;
        case MASK -> treatments.add(Treatment.mask(local, h.rule().keepLast()));
        case STRIP, PSEUDONYMIZE, REDACT -> treatments.add(Treatment.of(local, h.rule().action()));
        default -> { }
      }
    }
    return treatments;
  }

  /**
   * Restores placeholders in released text, holding back a trailing piece that may be the start of one ({@code <EM},
   * or an escape not yet complete).
   */
  private String restore(String released) {
    if (vault.size() == 0
        || unrestored.length() == 0 && released.indexOf('<') < 0 && released.indexOf('\\') < 0) {
      // Nothing held and nothing that could start a placeholder: the common case, without copies. The sender's escapes
      // are noted all the same: a placeholder a response rule makes later may be restored after them.
      if (json && vault.size() == 0 && released.indexOf('\\') >= 0) {
        style = JsonText.styleOf(style, released);
      }
      return released;
    }
    unrestored.append(released);
    String u = unrestored.toString();
    int hold = 0;
    int escape = u.lastIndexOf('\\');
    if (escape >= 0 && escape > u.length() - 6) {
      hold = u.length() - escape;
    }
    // A placeholder may still be opening before an escape not yet complete ("\\u003cEMAIL_1\\u003"): judged on the
    // text before that escape, which its ending cannot change.
    String stable = hold == 0 ? u : u.substring(0, u.length() - hold);
    DecodedText decoded = DecodedText.of(stable, json);
    String d = decoded.text();
    int open = d.lastIndexOf('<');
    if (open >= 0 && d.indexOf(">", open) < 0 && d.length() - open < Math.max(vault.maxPlaceholderLength(), 1)) {
      hold = u.length() - decoded.originalStart(open);
    }
    String ready = u.substring(0, u.length() - hold);
    unrestored.delete(0, u.length() - hold);
    String restored = vault.restore(ready, json, style);
    if (json) {
      style = JsonText.styleOf(style, ready);
    }
    return restored;
  }
}
