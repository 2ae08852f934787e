package io.kexin.gateway.inspect;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kexin.gateway.content.Role;
import io.kexin.gateway.content.TextSegment;
import io.kexin.gateway.policy.CompiledPolicy;
import io.kexin.gateway.policy.Direction;
import io.kexin.gateway.policy.PolicySet;
import java.util.List;
import java.util.function.Supplier;
import static java.util.Objects.requireNonNull;

/**
 * Runs the policies over one plain text, as the gateway would over one message: the scan behind {@code gateway
 * scan} and the admin {@code POST /scan}. Thread-safe.
 */
public final class TextScanner {
  private final Supplier<PolicySet> policies;
  private final PolicyEngine engine = new PolicyEngine();

  /** Creates a scanner over the current policy set. */
  public TextScanner(Supplier<PolicySet> policies) {
    this.policies = requireNonNull(policies, "policies");
  }

  /** Scans {@code text} travelling in {@code direction} with one policy, or all when {@code policy} is null. */
  public Result scan(String text, Direction direction, String policy) {
    PolicySet set = policies.get();
    List<CompiledPolicy> applied = policy == null ? set.all() : set.resolve(List.of(policy));
    Role role = direction == Direction.REQUEST ? Role.USER : Role.ASSISTANT;
    Outcome outcome = engine.run(applied, direction, List.of(new TextSegment("", role, text)), new PseudonymVault());
    String output = outcome.replacements().isEmpty() ? text : outcome.replacements().get(0).text();
    return new Result(text, outcome, output);
  }

  /** Holds a scan's input, the policies' outcome and the rewritten text. */
  public record Result(String input, Outcome outcome, String output) {

    /** Returns the result as {@code {"action", "findings": [...], "output"}}; offsets in UTF-16 code units. */
    public ObjectNode toJson(ObjectMapper json) {
      ObjectNode o = json.createObjectNode();
      o.put("action", outcome.action().policyName());
      o.put("wouldBe", outcome.wouldBe().policyName());
      ArrayNode findings = o.putArray("findings");
      for (Hit h : outcome.hits()) {
        findings.addObject()
            .put("rule", h.rule().id())
            .put("entity", h.finding().entity())
            .put("start", h.finding().start())
            .put("end", h.finding().end())
            .put("score", h.finding().score())
            .put("action", h.rule().action().policyName())
            .put("mode", h.enforced() ? "enforce" : "monitor")
            .put("explanation", h.finding().explanation());
      }
      if (outcome.block() != null) {
        o.put("blockedBy", outcome.block().rule().id());
      }
      o.put("output", output);
      return o;
    }

    /** Returns a masked preview of a finding's text: its first and last characters at most, never all of it. */
    public String preview(Hit hit) {
      String s = input.substring(hit.finding().start(), hit.finding().end());
      int n = s.codePointCount(0, s.length());
      if (n <= 4) {
        return "*".repeat(n);
      }
      int first = s.codePointAt(0);
      int last = s.codePointBefore(s.length());
      return new StringBuilder().appendCodePoint(first).append("*".repeat(n - 2)).appendCodePoint(last).toString();
    }
  }
}
