package io.kexin.gateway.inspect;

import io.kexin.gateway.detect.Finding;
import io.kexin.gateway.policy.CompiledPolicy;
import io.kexin.gateway.policy.CompiledRule;
import io.kexin.gateway.policy.Direction;
import io.kexin.gateway.policy.Mode;
import io.kexin.gateway.policy.OnError;
import io.kexin.gateway.provider.Replacement;
import io.kexin.gateway.text.ScanText;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs policies over the text segments of one direction: every applicable rule of every policy scans each segment
 * (normalization is computed once per segment and shared), enforced findings become treatments, and each segment
 * is rewritten at most once. Monitored rules are recorded and change nothing. Stateless and thread-safe.
 */
public final class PolicyEngine {

  /** Inspects {@code segments} travelling in {@code direction}; pseudonyms go through {@code vault}. */
  public Outcome run(List<CompiledPolicy> policies, Direction direction, List<TextSegment> segments,
      PseudonymVault vault) {
    List<Hit> hits = new ArrayList<>();
    List<Replacement> replacements = new ArrayList<>();
    SegmentRewriter rewriter = new SegmentRewriter(vault);
    Hit block = null;
    CompiledRule failed = null;
    List<CompiledRule> errors = new ArrayList<>();
    for (TextSegment segment : segments) {
      ScanText scan = ScanText.of(segment.text());
      List<Treatment> treatments = new ArrayList<>();
      for (CompiledPolicy policy : policies) {
        if (policy.mode() == Mode.OFF) {
          continue;
        }
        for (CompiledRule rule : policy.rules()) {
          if (!rule.appliesTo(direction, segment.role())) {
            continue;
          }
          List<Finding> findings;
          try {
            findings = rule.detector().scan(scan);
          } catch (RuntimeException e) {
            errors.add(rule);
            if (policy.onError() == OnError.BLOCK && failed == null) {
              failed = rule;
            }
            continue;
          }
          for (Finding f : findings) {
            boolean enforced = rule.mode() == Mode.ENFORCE;
            Hit hit = new Hit(rule, segment.jsonPointer(), segment.role(), f, enforced);
            hits.add(hit);
            if (!enforced) {
              continue;
            }
            switch (rule.action()) {
              case BLOCK -> block = block == null ? hit : block;
              case REDACT, PSEUDONYMIZE, STRIP -> treatments.add(Treatment.of(f, rule.action()));
              case MASK -> treatments.add(Treatment.mask(f, rule.keepLast()));
              default -> { }
            }
          }
        }
      }
      if (!treatments.isEmpty()) {
        String rewritten = rewriter.rewrite(segment.text(), treatments);
        if (!rewritten.equals(segment.text())) {
          replacements.add(new Replacement(segment.jsonPointer(), rewritten));
        }
      }
    }
    return new Outcome(hits, replacements, block, failed, errors);
  }
}
