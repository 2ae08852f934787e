package io.kexin.gateway.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kexin.gateway.config.ConfigException;
import io.kexin.gateway.policy.CompiledPolicy;
import io.kexin.gateway.policy.PolicyLoader;
import io.kexin.gateway.policy.PolicySet;
import io.kexin.gateway.policytest.SuiteRunner;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Validates a policy directory as the gateway would load it (schema, patterns, word lists, every rule's examples)
 * and its test suites, without serving: exit 0 when all is well, 1 with one {@code file:line:col: message} line a
 * problem, 2 on bad usage.
 */
@Command(name = "lint", mixinStandardHelpOptions = true,
    description = "Validate policies and their test suites: exit 1 with file:line:col messages on any problem.")
final class PolicyLintCommand implements Callable<Integer> {
  @Mixin
  PolicyCheckOptions options;

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
    try {
      set = loader.load(options.dir);
    } catch (ConfigException e) {
      // Loading stops at the first problem; lint goes on to find one in every file.
      problems.addAll(loader.lint(options.dir));
      if (problems.isEmpty()) {
        problems.add(e);
      }
    }
    if (set != null) {
      try {
        new SuiteRunner().lint(set, options.dir, options.bindings());
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
      out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(o));
    } else {
      for (ConfigException e : problems) {
        out.println(e.getMessage());
      }
      if (problems.isEmpty()) {
        out.println("ok: " + set.all().size() + " policies (" + String.join(", ",
            set.all().stream().map(CompiledPolicy::name).toList()) + "), " + rules + " rules, "
            + SuiteRunner.files(options.dir).size() + " test suites; revision " + set.revision());
      } else {
        out.println(problems.size() + (problems.size() == 1 ? " problem" : " problems"));
      }
    }
    return problems.isEmpty() ? 0 : 1;
  }
}
