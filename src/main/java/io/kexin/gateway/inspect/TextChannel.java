package io.kexin.gateway.inspect;

import io.kexin.gateway.detect.Finding;
import io.kexin.gateway.policy.CompiledPolicy;
import io.kexin.gateway.policy.CompiledRule;
import io.kexin.gateway.policy.Direction;
import io.kexin.gateway.stream.TextStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Inspects one streamed text (a choice's content, a content block, a tool call's arguments) with a hold-back
 * window: text is released as soon as no response rule can still match across it. Each feed rescans the held text
 * plus a little released context; a finding counts only once it is final (every character its longest possible
 * match could cover has arrived), so the result equals inspecting the whole text at once. Released text then has
 * the exchange's placeholders restored, holding back a trailing partial placeholder ({@code <EM}). One instance
 * per text stream, used from one thread.
 */
final class TextChannel implements TextStream {
  /** The response rules that apply to assistant text, in policy order. */
  private final List<CompiledRule> rules;
  private final PolicyEngine engine;
  private final PseudonymVault vault;
  private final SegmentRewriter rewriter;
  private final int window;
  private final int maxHeld;
  private final List<Hit> hits;
  private final StringBuilder pending = new StringBuilder();
  private final StringBuilder unrestored = new StringBuilder();
  private String context = "";
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
    this.rules = PolicyEngine.applicable(policies, Direction.RESPONSE, Role.ASSISTANT);
    this.engine = engine;
    this.vault = vault;
    this.rewriter = new SegmentRewriter(vault);
    this.window = window;
    this.maxHeld = maxHeld;
    this.hits = hits;
  }

  @Override
  public String feed(String delta) {
    if (stopped()) {
      return "";
    }
    pending.append(delta);
    if (pending.length() > maxHeld) {
      overflow = true;
      return "";
    }
    return release(false);
  }

  @Override
  public String finish() {
    if (stopped()) {
      return "";
    }
    String out = release(true);
    if (stopped()) {
      return "";
    }
    String rest = vault.restore(unrestored.toString());
    unrestored.setLength(0);
    return out + rest;
  }

  @Override
  public Hit blockedBy() {
    return block;
  }

  @Override
  public boolean overflowed() {
    return overflow;
  }

  @Override
  public CompiledRule failedRule() {
    return failed;
  }

  private boolean stopped() {
    return block != null || failed != null || overflow;
  }

  private String release(boolean end) {
    int cut = end ? pending.length() : pending.length() - window;
    if (cut <= 0) {
      return "";
    }
    String text = context + pending;
    int offset = context.length();
    List<CompiledRule> errors = new ArrayList<>();
    List<Hit> found = engine.scan(rules, new TextSegment("", Role.ASSISTANT, text), errors);
    if (!errors.isEmpty()) {
      failed = errors.get(0);
      return "";
    }
    // Only ever move the cut left, until no finding that starts before it is unsettled or crosses it.
    boolean moved = true;
    while (moved) {
      moved = false;
      for (Hit h : found) {
        int start = h.finding().start() - offset;
        if (start < 0 || start >= cut) {
          continue;
        }
        boolean settled = end || (long) h.finding().start() + h.rule().detector().maxMatchLength() < text.length();
        if (!settled || h.finding().end() - offset > cut) {
          cut = start;
          moved = true;
        }
      }
    }
    if (cut <= 0) {
      return "";
    }
    List<Treatment> treatments = new ArrayList<>();
    for (Hit h : found) {
      Finding f = h.finding();
      int start = f.start() - offset;
      if (start < 0 || start >= cut) {
        continue;
      }
      Finding local = new Finding(f.ruleId(), f.entity(), start, f.end() - offset, f.score(), f.explanation());
      hits.add(new Hit(h.rule(), h.jsonPointer(), h.role(), new Finding(f.ruleId(), f.entity(), released + start,
          released + local.end(), f.score(), f.explanation()), h.enforced()));
      if (!h.enforced()) {
        continue;
      }
      switch (h.rule().action()) {
        case BLOCK -> block = block == null ? h : block;
        case MASK -> treatments.add(Treatment.mask(local, h.rule().keepLast()));
        case STRIP, PSEUDONYMIZE, REDACT -> treatments.add(Treatment.of(local, h.rule().action()));
        default -> { }
      }
    }
    if (block != null) {
      return "";
    }
    String releasable = pending.substring(0, cut);
    String rewritten = treatments.isEmpty() ? releasable : rewriter.rewrite(releasable, treatments);
    String raw = context + releasable;
    context = raw.length() <= window ? raw : raw.substring(raw.length() - window);
    pending.delete(0, cut);
    released += cut;
    return restore(rewritten);
  }

  /** Restores placeholders in released text, holding back a trailing piece that may be the start of one. */
  private String restore(String released) {
    unrestored.append(released);
    int open = unrestored.lastIndexOf("<");
    int hold = 0;
    if (open >= 0 && unrestored.indexOf(">", open) < 0) {
      int limit = Math.max(vault.maxPlaceholderLength(), 1);
      if (unrestored.length() - open < limit) {
        hold = unrestored.length() - open;
      }
    }
    String ready = unrestored.substring(0, unrestored.length() - hold);
    unrestored.delete(0, unrestored.length() - hold);
    return vault.restore(ready);
  }

}
