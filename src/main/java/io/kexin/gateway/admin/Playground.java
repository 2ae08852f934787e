package io.kexin.gateway.admin;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kexin.gateway.content.Action;
import io.kexin.gateway.content.Replacement;
import io.kexin.gateway.content.TextSegment;
import io.kexin.gateway.inspect.Hit;
import io.kexin.gateway.inspect.Outcome;
import io.kexin.gateway.inspect.RecentDecisions;
import io.kexin.gateway.inspect.TextScanner;
import io.kexin.gateway.policy.CompiledPolicy;
import io.kexin.gateway.policy.CompiledRule;
import io.kexin.gateway.policy.Direction;
import io.kexin.gateway.policy.PolicySet;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Serves the policy playground on the admin listener: the page itself (no external resources), the policies in
 * force, an inspection of pasted text, JSON or SSE with findings, rewritten output and the decision with the
 * precedence that decided it, and the recent decisions and per-rule counters (which never hold any text).
 */
final class Playground {
  /** Actions from the one that wins to the one that loses when several rules hit. */
  private static final String PRECEDENCE = "block > redact > mask > pseudonymize > strip > flag > allow";
  private final ObjectMapper json = new ObjectMapper();
  private final TextScanner scanner;
  private final RecentDecisions decisions;
  private final PlaygroundInput input = new PlaygroundInput();
  private final byte[] page;

  Playground(TextScanner scanner, RecentDecisions decisions) {
    this.scanner = requireNonNull(scanner, "scanner");
    this.decisions = requireNonNull(decisions, "decisions");
    try (InputStream in = Playground.class.getResourceAsStream("playground.html")) {
      this.page = requireNonNull(in, "playground.html on the class path").readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns the page. */
  byte[] page() {
    return page.clone();
  }

  /** Returns {@code {"revision", "policies": [{"name", "description", "mode", "rules": [...]}]}}. */
  ObjectNode policies() {
    PolicySet set = scanner.policySet();
    ObjectNode o = json.createObjectNode().put("revision", set.revision());
    ArrayNode policies = o.putArray("policies");
    for (CompiledPolicy p : set.all()) {
      ObjectNode n = policies.addObject().put("name", p.name()).put("description", p.description())
          .put("mode", p.mode().name().toLowerCase(Locale.ROOT));
      ArrayNode rules = n.putArray("rules");
      for (CompiledRule r : p.rules()) {
        rules.addObject().put("id", r.id()).put("entity", r.entity()).put("action", r.action().policyName());
      }
    }
    return o;
  }

  /** Returns the recent decisions and per-rule counters. */
  ObjectNode decisions() {
    return decisions.toJson(json);
  }

  /**
   * Inspects {@code {"input", "format", "direction", "policies": [names]}} (format auto, text, json or sse; no
   * policies: all) and returns the shape, each segment with its findings and output, and the decision.
   *
   * @throws IllegalArgumentException when the request or its input cannot be read, with a message for the page
   */
  ObjectNode inspect(JsonNode request) {
    if (request == null || !request.path("input").isTextual()) {
      throw new IllegalArgumentException("missing 'input' string (expected: {\"input\": \"...\", \"format\":"
          + " \"auto\", \"direction\": \"request\", \"policies\": []})");
    }
    Direction direction = Direction.parse(request.path("direction").asText("request"));
    List<String> names = new ArrayList<>();
    request.path("policies").forEach(n -> names.add(n.asText()));
    PlaygroundInput.Parsed parsed = input.parse(request.get("input").asText(), request.path("format").asText(),
        direction);
    Outcome outcome = scanner.scan(parsed.segments(), direction, names);
    Map<String, String> outputs = new HashMap<>();
    for (Replacement r : outcome.replacements()) {
      outputs.put(r.jsonPointer(), r.text());
    }
    ObjectNode o = json.createObjectNode().put("shape", parsed.shape())
        .put("revision", scanner.policySet().revision());
    ArrayNode segments = o.putArray("segments");
    for (TextSegment s : parsed.segments()) {
      ObjectNode n = segments.addObject().put("pointer", s.jsonPointer().isEmpty() ? "(text)" : s.jsonPointer())
          .put("role", s.role().name().toLowerCase(Locale.ROOT)).put("text", s.text())
          .put("output", outputs.getOrDefault(s.jsonPointer(), s.text()));
      ArrayNode findings = n.putArray("findings");
      for (Hit h : scanner.scan(List.of(s), direction, names).hits()) {
        findings.addObject().put("rule", h.rule().id()).put("policy", h.rule().policy())
            .put("entity", h.finding().entity()).put("start", h.finding().start()).put("end", h.finding().end())
            .put("score", h.finding().score()).put("action", h.rule().action().policyName())
            .put("mode", h.enforced() ? "enforce" : "monitor").put("explanation", h.finding().explanation())
            .put("message", h.rule().message());
      }
    }
    o.set("decision", decision(outcome));
    return o;
  }

  /** Returns the action taken, what monitor-mode rules would have added, and the rule and precedence deciding it. */
  private ObjectNode decision(Outcome outcome) {
    Action action = outcome.action();
    ObjectNode d = json.createObjectNode().put("action", action.policyName())
        .put("wouldBe", outcome.wouldBe().policyName()).put("precedence", PRECEDENCE);
    Hit decisive = outcome.block();
    if (decisive == null && outcome.failed() == null) {
      for (Hit h : outcome.hits()) {
        if (h.enforced() && h.rule().action() == action) {
          decisive = h;
          break;
        }
      }
    }
    String why;
    if (outcome.failed() != null) {
      why = "rule " + outcome.failed().id() + " could not run and its policy fails closed (onError: block)";
      d.put("rule", outcome.failed().id());
    } else if (decisive == null) {
      why = outcome.hits().isEmpty() ? "no rule found anything" : "only monitor-mode rules found something:"
          + " they are reported, never enforced";
    } else {
      long enforced = outcome.hits().stream().filter(Hit::enforced).count();
      why = "rule " + decisive.rule().id() + " (" + decisive.rule().action().policyName() + ") decides: "
          + (enforced > 1 ? "the strongest of " + enforced + " enforced findings by precedence" : "the only"
          + " enforced finding");
      if (action == Action.BLOCK && decisive.rule().action() != Action.BLOCK) {
        why += "; its rewrite would change the body's shape, so it blocks instead";
      }
      d.put("rule", decisive.rule().id());
      if (decisive.rule().message() != null) {
        d.put("message", decisive.rule().message());
      }
    }
    return d.put("why", why);
  }
}
