package io.kexin.gateway.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kexin.gateway.config.ConfigException;
import io.kexin.gateway.policy.PolicySet;
import io.kexin.gateway.policytest.CaseResult;
import io.kexin.gateway.policytest.SuiteReport;
import io.kexin.gateway.policytest.SuiteRunner;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Runs the golden test suites of a policy directory ({@code DIR/tests/*.yaml}, then the site's {@code SITE/tests}),
 * against the pack with the site layered over it, and prints each failure with its
 * {@code file:line:col}, then {@code N passed, M failed}: exit 0 when every case passed, 1 when one failed or the
 * policies do not load, 2 on bad usage.
 */
@Command(name = "test", mixinStandardHelpOptions = true,
    description = "Run the golden test suites in DIR/tests/*.yaml; the last line is 'N passed, M failed'.")
final class PolicyTestCommand implements Callable<Integer> {
  @Mixin
  PolicyCheckOptions options;

  @Option(names = "--run", description = "only cases whose suite/name matches this regular expression")
  String run;

  @Option(names = {"-v", "--verbose"}, description = "list every case, passed ones too")
  boolean verbose;

  private final ObjectMapper mapper = new ObjectMapper();

  @Override
  public Integer call() throws IOException {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    boolean json;
    Pattern filter;
    try {
      json = options.json();
      filter = Pattern.compile(run == null ? "" : run);
    } catch (IllegalArgumentException e) {
      String message = e instanceof PatternSyntaxException p ? "--run: " + p.getDescription() + " in " + run
          : e.getMessage();
      System.err.println("policy test: " + message);
      return 2;
    }
    SuiteReport report;
    try {
      Path site = options.site();
      PolicySet set = options.loader().load(options.dir, site);
      report = new SuiteRunner().run(set, options.dir, site, options.bindings(), id -> filter.matcher(id).find());
    } catch (ConfigException e) {
      out.println(e.getMessage());
      out.println("0 passed, 0 failed (the policies or suites do not load)");
      return 1;
    }
    if (json) {
      ObjectNode o = mapper.createObjectNode();
      ArrayNode cases = o.putArray("cases");
      for (CaseResult c : report.cases()) {
        ObjectNode co = cases.addObject().put("id", c.id()).put("suite", c.suite()).put("name", c.name())
            .put("where", c.where()).put("passed", c.passed());
        if (c.waived()) {
          co.put("waivedBy", c.waivedBy());
        }
        ArrayNode problems = co.putArray("problems");
        c.problems().forEach(problems::add);
      }
      o.put("passed", report.passed());
      o.put("failed", report.failed());
      o.put("waived", report.waived());
      out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(o));
    } else {
      for (CaseResult c : report.cases()) {
        if (c.passed()) {
          if (verbose) {
            out.println("PASS " + c.id());
          }
          continue;
        }
        if (c.waived()) {
          out.println("WAIVED " + c.id() + " (" + c.where() + "): changed by the site override at " + c.waivedBy());
          if (!verbose) {
            continue;
          }
        } else {
          out.println("FAIL " + c.id() + " (" + c.where() + ")");
        }
        for (String p : c.problems()) {
          out.println("    " + p);
        }
        for (String d : c.details()) {
          out.println("    " + d);
        }
      }
      if (report.cases().isEmpty()) {
        out.println("no test cases" + (run == null ? " in " + options.dir.resolve(SuiteRunner.TESTS_DIR)
            : " match --run " + run));
      }
      out.println(report.summary());
    }
    return report.failed() == 0 ? 0 : 1;
  }
}
