package io.kexin.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kexin.gateway.config.ConfigException;
import io.kexin.gateway.config.PluginsConfig;
import io.kexin.gateway.inspect.Hit;
import io.kexin.gateway.inspect.TextScanner;
import io.kexin.gateway.policy.Direction;
import io.kexin.gateway.policy.PolicyLoader;
import io.kexin.gateway.policy.PolicySet;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Prints what the policies find and do to a text, without a running gateway. */
@Command(name = "scan", mixinStandardHelpOptions = true,
    description = "Scan a text with the policies: findings (rule, entity, span, masked preview), action, output.")
final class ScanCommand implements Callable<Integer> {
  @Option(names = "--policies", defaultValue = "policies", description = "policy directory (default: policies)")
  Path policies;

  @Option(names = "--plugins", defaultValue = "plugins", description = "detector plugin directory (default: plugins)")
  Path plugins;

  @Option(names = "--site", description = "site directory layered over the policies: local policies and overrides"
      + " (kind: PolicyOverride)")
  Path site;

  @Option(names = "--policy", description = "only this policy (default: all)")
  String policy;

  @Option(names = "--direction", defaultValue = "request", description = "request or response (default: request)")
  String direction;

  @Option(names = "--json", description = "print one JSON object")
  boolean json;

  @Option(names = "--explain", description = "say why each finding fired (pattern or term, validation, context,"
      + " score, normalization) and which precedence decided the action")
  boolean explain;

  @Option(names = "--jsonl", description = "read JSON objects with a 'text' (and optional 'id') field, one a line,"
      + " from stdin; write one result a line")
  boolean jsonl;

  @Parameters(index = "0", arity = "0..1", description = "the text, or - to read stdin")
  String text;

  private final ObjectMapper mapper = new ObjectMapper();

  @Override
  public Integer call() throws IOException {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Direction dir;
    PolicySet set;
    try {
      dir = Direction.parse(direction);
      set = new PolicyLoader(ServeCommand.plugins(new PluginsConfig(plugins, null, null))).load(policies, site);
      if (policy != null) {
        set.resolve(java.util.List.of(policy));
      }
    } catch (ConfigException | IllegalArgumentException e) {
      System.err.println("scan: " + e.getMessage());
      return 2;
    }
    TextScanner scanner = new TextScanner(() -> set);
    BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    if (jsonl) {
      String line;
      int lineNo = 0;
      while ((line = stdin.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode in;
        try {
          in = mapper.readTree(line);
        } catch (IOException e) {
          System.err.println("scan: stdin line " + lineNo + ": not JSON (expected: {\"id\": ..., \"text\": ...})");
          return 2;
        }
        if (!in.path("text").isTextual()) {
          System.err.println("scan: stdin line " + lineNo + ": no 'text' string (expected: {\"text\": ...})");
          return 2;
        }
        ObjectNode result = scanner.scan(in.get("text").asText(), dir, policy).toJson(mapper, explain);
        if (in.has("id")) {
          ObjectNode withId = mapper.createObjectNode();
          withId.set("id", in.get("id"));
          withId.setAll(result);
          result = withId;
        }
        out.println(mapper.writeValueAsString(result));
      }
      return 0;
    }
    String input = text == null || text.equals("-") ? stdin.lines().reduce((a, b) -> a + "\n" + b).orElse("")
        : text;
    TextScanner.Result result = scanner.scan(input, dir, policy);
    if (json) {
      out.println(mapper.writeValueAsString(result.toJson(mapper, explain)));
      return 0;
    }
    out.println("action: " + result.outcome().action().policyName()
        + (result.outcome().wouldBe() != result.outcome().action()
            ? " (monitored rules would make it " + result.outcome().wouldBe().policyName() + ")" : ""));
    for (Hit h : result.outcome().hits()) {
      out.printf("  %-34s %-12s [%d,%d) %-14s %s%s%n", h.rule().id(), h.finding().entity(), h.finding().start(),
          h.finding().end(), result.preview(h), h.rule().action().policyName(), h.enforced() ? "" : " (monitor)");
      if (explain) {
        out.println("      why: " + h.finding().explanation() + "; score " + h.finding().score()
            + (result.normalized(h) ? "; matched after normalization" : ""));
      }
    }
    if (explain) {
      out.println("decided: " + result.why());
      out.println("precedence: " + TextScanner.Result.PRECEDENCE);
    }
    if (result.outcome().block() != null) {
      out.println("blocked by: " + result.outcome().block().rule().id());
    }
    out.println("output: " + result.output());
    return 0;
  }
}
