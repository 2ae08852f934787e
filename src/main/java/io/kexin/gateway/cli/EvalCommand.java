package io.kexin.gateway.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kexin.gateway.config.ConfigException;
import io.kexin.gateway.eval.DatasetException;
import io.kexin.gateway.eval.Evaluator;
import io.kexin.gateway.eval.GroupScores;
import io.kexin.gateway.eval.LabelledText;
import io.kexin.gateway.eval.LabelledTextFile;
import io.kexin.gateway.eval.RateReport;
import io.kexin.gateway.eval.Report;
import io.kexin.gateway.eval.Score;
import io.kexin.gateway.inspect.TextScanner;
import io.kexin.gateway.policy.Direction;
import io.kexin.gateway.policy.PolicyLoader;
import io.kexin.gateway.policy.PolicySet;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Scores the policies against labelled JSONL texts: TP, FP, FN, precision, recall and F1 per label. */
@Command(name = "eval", mixinStandardHelpOptions = true, subcommands = {EvalConvertCommand.class, EvalClassifierCommand.class},
    description = {"Score the policies on labelled JSONL ({\"id\", \"text\", \"labels\": [\"pii:EMAIL\", \"secret\"]};"
        + " [] = nothing to find), per label at text level, with masked previews of misses. All files are pooled.",
        "A hit counts as 'secret' (rule family secret), 'pii:<ENTITY>' (family pii) or '<family>:<ENTITY>'."})
final class EvalCommand implements Callable<Integer> {
  @Option(names = "--policies", defaultValue = "policies", description = "policy directory (default: policies)")
  Path policies;

  @Option(names = "--policy", description = "only this policy (default: all)")
  String policy;

  @Option(names = "--direction", defaultValue = "request", description = "request or response (default: request)")
  String direction;

  @Option(names = "--labels", split = ",", description = "score exactly these labels (default: every gold label in"
      + " the files); e.g. pii:EMAIL,secret")
  List<String> labels = new ArrayList<>();

  @Option(names = "--misses", defaultValue = "5", description = "misses shown per label and kind (default: 5)")
  int misses;

  @Option(names = "--json", description = "print the report as one JSON object")
  boolean json;

  @Option(names = "--per-file", description = "report the true- and false-positive rate of each label per file and"
      + " language (zh, en) instead of pooling the files; needs --labels, e.g. attack,harmful-request")
  boolean perFile;

  @Option(names = "--by-group", description = "also score each group of texts, a group being the id up to its last"
      + " '/' (cred/aliyun/3 is in cred/aliyun): per-provider recall next to false positives")
  boolean byGroup;

  // 0..* rather than 1..*: picocli checks a parent's required parameters even when a sub-command follows.
  @Parameters(arity = "0..*", paramLabel = "FILE.jsonl", description = "labelled JSONL files")
  List<Path> files = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    if (files.isEmpty()) {
      System.err.println("eval: no FILE.jsonl given (expected: one or more labelled JSONL files, or: eval convert)");
      return 2;
    }
    if (misses < 0) {
      System.err.println("eval: --misses: " + misses + " (expected: >= 0)");
      return 2;
    }
    Direction dir;
    PolicySet set;
    List<LabelledText> texts = new ArrayList<>();
    try {
      dir = Direction.parse(direction);
      set = new PolicyLoader().load(policies);
      if (policy != null) {
        set.resolve(List.of(policy));
      }
      LabelledTextFile reader = new LabelledTextFile();
      for (Path f : files) {
        texts.addAll(reader.read(f));
      }
    } catch (ConfigException | DatasetException | IllegalArgumentException e) {
      System.err.println("eval: " + e.getMessage());
      return 2;
    }
    Evaluator evaluator = new Evaluator(new TextScanner(() -> set), dir, policy);
    if (perFile) {
      if (labels.isEmpty()) {
        System.err.println("eval: --per-file needs --labels (expected: e.g. --labels attack,harmful-request)");
        return 2;
      }
      Map<String, List<LabelledText>> sets = new LinkedHashMap<>();
      LabelledTextFile reader = new LabelledTextFile();
      for (Path f : files) {
        String name = f.getFileName().toString().replaceFirst("\\.jsonl$", "");
        sets.computeIfAbsent(name, k -> new ArrayList<>()).addAll(reader.read(f));
      }
      RateReport rates = RateReport.of(evaluator, sets, labels);
      if (json) {
        out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(
            rates.toJson(new ObjectMapper())));
      } else {
        out.print(rates.table());
      }
      return 0;
    }
    Report report = evaluator.evaluate(texts, labels, misses);
    GroupScores groups = byGroup ? GroupScores.of(evaluator, texts, labels) : null;
    if (json) {
      ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      ObjectNode o = report.toJson(mapper);
      if (groups != null) {
        ArrayNode list = o.putArray("groups");
        for (Score s : groups.groups()) {
          list.addObject().put("group", s.label()).put("tp", s.tp()).put("fp", s.fp()).put("fn", s.fn());
        }
      }
      out.println(mapper.writeValueAsString(o));
    } else {
      out.print(report.table());
      if (groups != null) {
        out.print(groups.table());
      }
    }
    return 0;
  }
}
