package io.kexin.gateway.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kexin.gateway.config.ConfigException;
import io.kexin.gateway.config.EnumNames;
import io.kexin.gateway.policy.AppliedOverride;
import io.kexin.gateway.policy.CompiledPolicy;
import io.kexin.gateway.policy.CompiledRule;
import io.kexin.gateway.policy.Direction;
import io.kexin.gateway.policy.PolicyLoader;
import io.kexin.gateway.policy.PolicySet;
import io.kexin.gateway.policytest.SuiteRunner;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Validates a policy directory as the gateway would load it (schema, patterns, word lists, every rule's examples),
 * with a site directory layered over it, and the test suites of both, without serving: exit 0 when all is well, 1
 * with one {@code file:line:col: message} line a problem, 2 on bad usage. {@code --effective} prints the merged
 * pack: every policy and rule as the gateway would run them, with the overrides that changed them.
 */
@Command(name = "lint", mixinStandardHelpOptions = true,
    description = "Validate policies and their test suites: exit 1 with file:line:col messages on any problem.")
final class PolicyLintCommand implements Callable<Integer> {
  @Mixin
  PolicyCheckOptions options;

  @Option(names = "--effective", description = "print the effective pack: the rules with the site's overrides"
      + " applied (action, mode, severity, directions) and where each change comes from")
  boolean effective;

  private final ObjectMapper mapper = new ObjectMapper();

  @Override
  public Integer call() throws IOException {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    boolean json;
    try {
      json = options.json();
    } catch (IllegalArgumentException e) {
      System.err.println("policy lint: " + e.getMessage());
      return 2;
    }
    List<ConfigException> problems = new ArrayList<>();
    PolicyLoader loader;
    try {
      loader = options.loader();
    } catch (ConfigException e) {
      System.err.println("policy lint: " + e.getMessage());
      return 2;
    }
    PolicySet set = null;
    Path site = null;
    try {
      site = options.site();
      set = loader.load(options.dir, site);
    } catch (ConfigException e) {
      // Loading stops at the first problem; lint goes on to find one in every file.
      problems.addAll(loader.lint(options.dir, site));
      if (problems.isEmpty()) {
        problems.add(e);
      }
    }
    if (set != null) {
      try {
        new SuiteRunner().lint(set, options.dir, site, options.bindings());
      } catch (ConfigException e) {
        problems.add(e);
      }
    }
    int rules = set == null ? 0 : set.all().stream().mapToInt(p -> p.rules().size()).sum();
    if (json) {
      ObjectNode o = mapper.createObjectNode();
      o.put("ok", problems.isEmpty());
      if (set != null) {
        o.put("revision", set.revision());
        o.put("policies", set.all().size());
        o.put("rules", rules);
      }
      ArrayNode list = o.putArray("problems");
      for (ConfigException e : problems) {
        ObjectNode p = list.addObject();
        if (e.source() != null) {
          p.put("file", e.source()).put("line", e.line()).put("column", e.column());
        }
        p.put("message", e.detail());
      }
      if (effective && set != null) {
        o.set("effective", effectiveJson(set));
      }
      out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(o));
    } else {
      for (ConfigException e : problems) {
        out.println(e.getMessage());
      }
      if (problems.isEmpty()) {
        if (effective) {
          printEffective(out, set);
        }
        int suites = SuiteRunner.files(options.dir).size() + (site == null ? 0 : SuiteRunner.files(site).size());
        out.println("ok: " + set.all().size() + " policies (" + String.join(", ",
            set.all().stream().map(CompiledPolicy::name).toList()) + "), " + rules + " rules, "
            + suites + " test suites" + (site == null ? "" : ", " + set.overrides().size() + " site overrides")
            + "; revision " + set.revision());
      } else {
        out.println(problems.size() + (problems.size() == 1 ? " problem" : " problems"));
      }
    }
    return problems.isEmpty() ? 0 : 1;
  }

  /** Prints every policy and rule as the gateway would run them, each change by a site override marked. */
  private static void printEffective(PrintStream out, PolicySet set) {
    Map<String, List<AppliedOverride>> byName = byName(set);
    for (CompiledPolicy p : set.all()) {
      out.println("policy " + p.name() + " (" + p.source() + "): mode " + p.mode().label() + ", onError "
          + EnumNames.of(p.onError()));
      for (AppliedOverride a : byName.getOrDefault("policy:" + p.name(), List.of())) {
        out.println("  ^ " + String.join(", ", a.changes()) + "  [" + a.where() + "]");
      }
      for (CompiledRule r : p.rules()) {
        out.println(String.format("  %-36s %-12s %-8s %-8s %s", r.id(), r.action().policyName(), r.mode().label(),
            EnumNames.of(r.severity()), directions(r)));
        for (AppliedOverride a : byName.getOrDefault("rule:" + r.id(), List.of())) {
          out.println("    ^ " + String.join(", ", a.changes()) + "  [" + a.where() + "]");
        }
      }
    }
  }

  /** Returns the effective pack as JSON: {@code {policies: [{name, file, mode, onError, overrides, rules}]}}. */
  private ObjectNode effectiveJson(PolicySet set) {
    Map<String, List<AppliedOverride>> byName = byName(set);
    ObjectNode o = mapper.createObjectNode();
    ArrayNode policies = o.putArray("policies");
    for (CompiledPolicy p : set.all()) {
      ObjectNode po = policies.addObject().put("name", p.name()).put("file", p.source()).put("mode", p.mode().label())
          .put("onError", EnumNames.of(p.onError()));
      po.set("overrides", where(byName.getOrDefault("policy:" + p.name(), List.of())));
      ArrayNode rules = po.putArray("rules");
      for (CompiledRule r : p.rules()) {
        ObjectNode ro = rules.addObject().put("id", r.id()).put("action", r.action().policyName())
            .put("mode", r.mode().label()).put("severity", EnumNames.of(r.severity())).put("directions", directions(r));
        ro.set("overrides", where(byName.getOrDefault("rule:" + r.id(), List.of())));
      }
    }
    return o;
  }

  private ArrayNode where(List<AppliedOverride> applied) {
    ArrayNode list = mapper.createArrayNode();
    for (AppliedOverride a : applied) {
      ObjectNode ao = list.addObject().put("where", a.where());
      ArrayNode changes = ao.putArray("changes");
      a.changes().forEach(changes::add);
    }
    return list;
  }

  private static Map<String, List<AppliedOverride>> byName(PolicySet set) {
    Map<String, List<AppliedOverride>> map = new HashMap<>();
    for (AppliedOverride a : set.overrides()) {
      map.computeIfAbsent(a.target().label() + ":" + a.name(), k -> new ArrayList<>()).add(a);
    }
    return map;
  }

  private static String directions(CompiledRule r) {
    return r.directions().isEmpty() ? "request,response" : String.join(",", r.directions().stream()
        .map(Direction::label).sorted().toList());
  }
}
