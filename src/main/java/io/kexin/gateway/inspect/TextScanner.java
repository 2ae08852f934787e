package io.kexin.gateway.inspect;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kexin.gateway.content.Action;
import io.kexin.gateway.content.Role;
import io.kexin.gateway.content.TextSegment;
import io.kexin.gateway.policy.CompiledPolicy;
import io.kexin.gateway.policy.Direction;
import io.kexin.gateway.policy.PolicySet;
import io.kexin.gateway.text.Normalizer;
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
  private volatile Normalizer normalizer;

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
    return new Result(text, outcome, output, this::normalizer);
  }

  /** Returns the normalizer that explanations use, built on first use (it loads ICU data). */
  private Normalizer normalizer() {
    Normalizer n = normalizer;
    if (n == null) {
      n = Normalizer.standard();
      normalizer = n;
    }
    return n;
  }

  /** Returns the policies in force. */
  public PolicySet policySet() {
    return policies.get();
  }

  /**
   * Scans the segments of one body travelling in {@code direction} with the named policies (all when the list is
   * empty), as the gateway would; returns the outcome, whose replacements hold each rewritten segment by pointer.
   */
  public Outcome scan(List<TextSegment> segments, Direction direction, List<String> policyNames) {
    PolicySet set = policies.get();
    List<CompiledPolicy> applied = policyNames.isEmpty() ? set.all() : set.resolve(policyNames);
    return engine.run(applied, direction, segments, new PseudonymVault());
  }

  /** Holds a scan's input, the policies' outcome and the rewritten text. */
  public record Result(String input, Outcome outcome, String output, Supplier<Normalizer> normalizer) {
    public static final String PRECEDENCE = "allow < flag < strip < pseudonymize < mask < redact < block";


    /** Returns the result as {@code {"action", "findings": [...], "output"}}; offsets in UTF-16 code units. */
    public ObjectNode toJson(ObjectMapper json) {
      return toJson(json, false);
    }

    /**
     * Returns the result as JSON; with {@code explain}, each finding also says whether normalization changed the
     * text it matched, and a {@code decision} says which finding decided the action and by which precedence.
     */
    public ObjectNode toJson(ObjectMapper json, boolean explain) {
      ObjectNode o = json.createObjectNode();
      o.put("action", outcome.action().policyName());
      o.put("wouldBe", outcome.wouldBe().policyName());
      ArrayNode findings = o.putArray("findings");
      for (Hit h : outcome.hits()) {
        ObjectNode f = findings.addObject();
        if (h.finding().category() != null) {
          f.put("category", h.finding().category().id());
        }
        f.put("rule", h.rule().id())
            .put("entity", h.finding().entity())
            .put("start", h.finding().start())
            .put("end", h.finding().end())
            .put("score", h.finding().score())
            .put("action", h.rule().action().policyName())
            .put("mode", h.enforced() ? "enforce" : "monitor")
            .put("explanation", h.finding().explanation());
        if (explain) {
          ((ObjectNode) findings.get(findings.size() - 1)).put("normalized", normalized(h));
        }
      }
      if (explain) {
        ObjectNode d = o.putObject("decision");
        d.put("action", outcome.action().policyName());
        d.put("why", why());
        d.put("precedence", PRECEDENCE);
      }
      if (outcome.block() != null) {
        o.put("blockedBy", outcome.block().rule().id());
      }
      o.put("output", output);
      return o;
    }

    /** Says whether the text {@code hit} matched reads differently once normalized (width, case, separators…). */
    public boolean normalized(Hit hit) {
      String span = input.substring(hit.finding().start(), hit.finding().end());
      return !normalizer.get().normalize(span).text().equals(span.toLowerCase(java.util.Locale.ROOT));
    }

    /** Says in words which finding decided the action and why, naming rules and actions only, never text. */
    public String why() {
      if (outcome.failed() != null) {
        return "rule " + outcome.failed().id() + " failed and its policy fails closed (onError: block)";
      }
      if (outcome.block() != null) {
        Hit b = outcome.block();
        return b.rule().action() == Action.BLOCK ? "rule " + b.rule().id() + " blocks"
            : "rule " + b.rule().id() + " would " + b.rule().action().policyName() + " a key or number, which"
                + " cannot be rewritten, so it blocks";
      }
      Hit top = null;
      for (Hit h : outcome.hits()) {
        if (h.enforced() && (top == null || h.rule().action().compareTo(top.rule().action()) > 0)) {
          top = h;
        }
      }
      String monitored = outcome.wouldBe() != outcome.action()
          ? "; monitored rules would make it " + outcome.wouldBe().policyName() : "";
      if (top == null) {
        return (outcome.hits().isEmpty() ? "no rule fired" : "only monitored rules fired") + monitored;
      }
      return "rule " + top.rule().id() + " (" + top.rule().action().policyName() + ") is the most severe enforced"
          + " action of " + outcome.hits().size() + " finding(s)" + monitored;
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
