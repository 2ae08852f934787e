package io.kexin.gateway.inspect;

import io.kexin.gateway.content.Role;
import io.kexin.gateway.content.TextSegment;
import io.kexin.gateway.detect.classifier.ClassifierBenchmark;
import io.kexin.gateway.policy.Direction;
import io.kexin.gateway.policy.PolicyLoader;
import io.kexin.gateway.policy.PolicySet;
import io.kexin.gateway.policy.ShippedPolicies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Measures what the stacked classifier adds to the shipped content-safety pack on 2 KB prompts (English, Chinese),
 * in thread CPU time: the pack alone; the pack with three rules of the stacked model beside it, which read the pack's
 * injection and harm findings; and the same rules loaded alone, which run the heuristics themselves (what they
 * cost before they shared the pack's passes):
 * {@code java -cp ... io.kexin.gateway.inspect.StackedPackBenchmark [rounds]}.
 */
public final class StackedPackBenchmark {
  private static final String STACKED = """
      apiVersion: kexin.io/v1
      kind: Policy
      metadata: {name: stacked}
      rules:
        - id: stacked.injection
          detector: {classifier: {category: injection, model: "builtin:stacked"}}
          appliesTo: {directions: [request], roles: [user]}
          action: block
        - id: stacked.jailbreak
          detector: {classifier: {category: jailbreak, model: "builtin:stacked"}}
          appliesTo: {directions: [request], roles: [user]}
          action: block
        - id: stacked.harmful-request
          detector: {classifier: {category: harmful-request, model: "builtin:stacked"}}
          appliesTo: {directions: [request], roles: [user]}
          action: block
      """;

  private StackedPackBenchmark() {}

  /** Prints median and best CPU microseconds per scan for each set-up and language. */
  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
    Path site = Files.createTempDirectory("stacked-bench");
    Files.writeString(site.resolve("stacked.yaml"), STACKED);
    PolicySet pack = ShippedPolicies.pack();
    PolicySet both = new PolicyLoader().load(Path.of("policies"), site);
    PolicySet alone = new PolicyLoader().load(site);
    String english = ClassifierBenchmark.utf8Prefix("Please summarize the attached quarterly report for the board and"
        + " list the three main risks. Keep it short, use bullet points, and mention the revenue figures"
        + " from page 12. ", 2048);
    String chinese = ClassifierBenchmark.utf8Prefix(
        "请帮我总结这份季度报告，列出三个主要风险，并说明第十二页的收入数据。语言要简洁，使用要点列表。", 2048);
    for (String[] text : new String[][] {{"English", english}, {"Chinese", chinese}}) {
      List<TextSegment> segments = List.of(new TextSegment("", Role.USER, text[1]));
      TextScanner packOnly = new TextScanner(() -> pack);
      TextScanner shared = new TextScanner(() -> both);
      TextScanner own = new TextScanner(() -> alone);
      CpuRounds.print(text[0] + " pack alone", rounds,
          () -> packOnly.scan(segments, Direction.REQUEST, List.of("content-safety")).hits().size());
      CpuRounds.print(text[0] + " pack + stacked rules (shared passes)", rounds,
          () -> shared.scan(segments, Direction.REQUEST, List.of("content-safety", "stacked")).hits().size());
      CpuRounds.print(text[0] + " stacked rules alone (own passes)", rounds,
          () -> own.scan(segments, Direction.REQUEST, List.of("stacked")).hits().size());
    }
  }
}
