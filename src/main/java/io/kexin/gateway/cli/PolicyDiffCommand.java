package io.kexin.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kexin.gateway.config.ConfigException;
import io.kexin.gateway.inspect.Hit;
import io.kexin.gateway.inspect.TextScanner;
import io.kexin.gateway.policy.Direction;
import io.kexin.gateway.policy.PolicyDiff;
import io.kexin.gateway.policy.PolicyLoader;
import io.kexin.gateway.policy.PolicySet;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Prints what changes between two policy directories, rule by rule, classified major, minor or patch; with a corpus
 * of texts, the decisions that flip; with a site directory, both packs as the site's overrides leave them. Never
 * prints a corpus text, only its line and id.
 */
@Command(name = "diff", mixinStandardHelpOptions = true,
    description = "Compare two policy directories: rules added, removed, changed, classified major/minor/patch;"
        + " with --corpus, the decisions that would flip.")
final class PolicyDiffCommand implements Callable<Integer> {
  @Parameters(index = "0", description = "the policy directory as it is")
  Path before;

  @Parameters(index = "1", description = "the policy directory as it would be")
  Path after;

  @Option(names = "--corpus", description = "JSON lines {\"text\", \"direction\"?, \"id\"?} to run through both")
  Path corpus;

  @Option(names = "--format", defaultValue = "text", description = "text (default) or json")
  String format;

  @Option(names = "--site", description = "site directory layered over both: local policies and overrides"
      + " (kind: PolicyOverride), so the diff is of the packs as this site would run them")
  Path site;

  private final ObjectMapper mapper = new ObjectMapper();

  @Override
  public Integer call() throws IOException {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    if (!format.equals("text") && !format.equals("json")) {
      System.err.println("policy diff: --format: " + format + " (expected: text or json)");
      return 2;
    }
    PolicyDiff.Result diff;
    ArrayNode flips = mapper.createArrayNode();
    Map<String, Integer> transitions = new TreeMap<>();
    int texts = 0;
    try {
      diff = new PolicyDiff().compare(before, after, site);
      if (corpus != null) {
        TextScanner old = scanner(new PolicyLoader().load(before, site));
        TextScanner now = scanner(new PolicyLoader().load(after, site));
        try (BufferedReader in = Files.newBufferedReader(corpus, StandardCharsets.UTF_8)) {
          String line;
          int lineNo = 0;
          while ((line = in.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) {
              continue;
            }
            JsonNode row = read(line, lineNo);
            Direction direction = Direction.parse(row.path("direction").asText("request"));
            texts++;
            TextScanner.Result a = old.scan(row.get("text").asText(), direction, null);
            TextScanner.Result b = now.scan(row.get("text").asText(), direction, null);
            if (a.outcome().action() != b.outcome().action()) {
              String change = a.outcome().action().policyName() + " → " + b.outcome().action().policyName();
              transitions.merge(change, 1, Integer::sum);
              ObjectNode f = flips.addObject().put("line", lineNo);
              if (row.has("id")) {
                f.set("id", row.get("id"));
              }
              f.put("before", a.outcome().action().policyName()).put("after", b.outcome().action().policyName());
              f.put("rulesBefore", rules(a)).put("rulesAfter", rules(b));
            }
          }
        } catch (NoSuchFileException e) {
          throw new ConfigException(corpus + ": corpus not found");
        }
      }
    } catch (ConfigException | IllegalArgumentException e) {
      System.err.println("policy diff: " + e.getMessage());
      return 2;
    }
    String level = diff.level() == null ? "none" : diff.level().label();
    if (format.equals("json")) {
      ObjectNode o = mapper.createObjectNode().put("level", level);
      ArrayNode changes = o.putArray("changes");
      for (PolicyDiff.Change c : diff.changes()) {
        ObjectNode co = changes.addObject().put("policy", c.policy());
        if (c.rule() != null) {
          co.put("rule", c.rule());
        }
        co.put("kind", c.kind()).put("what", c.what()).put("level", c.level().label());
      }
      if (corpus != null) {
        o.put("texts", texts);
        o.set("flips", flips);
      }
      out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(o));
      return 0;
    }
    for (PolicyDiff.Change c : diff.changes()) {
      out.printf("%-5s  %-8s %-40s %s%n", c.level().label(), c.kind(),
          c.rule() == null ? c.policy() + " (policy)" : c.rule(), c.what());
    }
    out.println("change: " + level + " (" + diff.changes().size() + " changes)");
    if (corpus != null) {
      for (JsonNode f : flips) {
        out.println("  line " + f.path("line").asInt() + (f.has("id") ? " (id " + f.get("id") + ")" : "") + ": "
            + f.path("before").asText() + " → " + f.path("after").asText() + "  " + f.path("rulesBefore").asText()
            + " → " + f.path("rulesAfter").asText());
      }
      out.println("corpus: " + flips.size() + " of " + texts + " decisions flip" + (transitions.isEmpty() ? ""
          : " " + transitions));
    }
    return 0;
  }

  private JsonNode read(String line, int lineNo) {
    JsonNode row;
    try {
      row = mapper.readTree(line);
    } catch (IOException e) {
      throw new ConfigException(corpus + ":" + lineNo + ":1: not JSON (expected: {\"text\": ...})");
    }
    if (!row.path("text").isTextual()) {
      throw new ConfigException(corpus + ":" + lineNo + ":1: no 'text' string (expected: {\"text\": ...})");
    }
    return row;
  }

  private static TextScanner scanner(PolicySet set) {
    return new TextScanner(() -> set);
  }

  private static String rules(TextScanner.Result r) {
    TreeSet<String> ids = new TreeSet<>();
    for (Hit h : r.outcome().hits()) {
      ids.add(h.rule().id());
    }
    return ids.toString();
  }
}
