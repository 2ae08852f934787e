package io.kexin.gateway.inspect;

import io.kexin.gateway.content.Action;
import io.kexin.gateway.content.Replacement;
import io.kexin.gateway.policy.CompiledRule;
import java.util.List;

/**
 * Says what the policies decided for one direction of an exchange: every hit (enforced or monitored), the text
 * replacements to make, the hit that blocks (if any), the first rule whose detector failed in a
 * policy that fails closed, and every rule whose detector failed.
 */
public record Outcome(List<Hit> hits, List<Replacement> replacements, Hit block, CompiledRule failed,
    List<CompiledRule> errors) {
  public Outcome {
    hits = List.copyOf(hits);
    errors = List.copyOf(errors);
    replacements = List.copyOf(replacements);
  }

  /** Returns the action that takes effect: the most severe enforced action, by {@link Action} precedence. */
  public Action action() {
    if (failed != null || block != null) {
      return Action.BLOCK;
    }
    Action action = Action.ALLOW;
    for (Hit h : hits) {
      if (h.enforced()) {
        action = action.max(h.rule().action());
      }
    }
    return action;
  }

  /** Returns the action the enforced and monitored rules together would have taken (what monitor mode reports). */
  public Action wouldBe() {
    Action action = action();
    for (Hit h : hits) {
      action = action.max(h.rule().action());
    }
    return action;
  }
}
