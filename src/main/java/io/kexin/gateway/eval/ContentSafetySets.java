package io.kexin.gateway.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Converts the public content-safety data sets into labelled texts with the classes of
 * {@link io.kexin.gateway.detect.RiskCategory.Group}: {@code injection} (deepset prompt injections),
 * {@code jailbreak} (in-the-wild jailbreak prompts), {@code harmful-request} (forbidden questions, XSTest's unsafe
 * contrasts, JADE-DB), {@code offensive} (COLD), and no label for the benign sets (NotInject, WildGuard's benign
 * prompts, AlpacaEval and BELLE instructions, XSTest's safe prompts, CValues). Thread-safe.
 */
final class ContentSafetySets {
  static final String DEEPSET = "cs-deepset-injections";
  static final String JAILBREAKS = "cs-jailbreak-llms";
  static final String FORBIDDEN = "cs-forbidden-questions";
  static final String REGULATED = "cs-regulated-advice";
  static final String NOTINJECT = "cs-notinject";
  static final String WILDGUARD = "cs-wildguard-benign";
  static final String INSTRUCTIONS = "cs-benign-instructions";
  static final String XSTEST = "cs-xstest";
  static final String JADE = "cs-jade-db";
  static final String COLD = "cs-cold";
  static final String CVALUES = "cs-cvalues";
  /** The sets, each with the folder of the shared data it is read from. */
  static final Map<String, String> FOLDERS = Map.ofEntries(Map.entry(DEEPSET, "deepset-prompt-injections"),
      Map.entry(JAILBREAKS, "jailbreak-llms"), Map.entry(FORBIDDEN, "jailbreak-llms"),
      Map.entry(REGULATED, "jailbreak-llms"), Map.entry(NOTINJECT, "notinject"), Map.entry(WILDGUARD, "notinject"),
      Map.entry(INSTRUCTIONS, "benign-instructions"), Map.entry(XSTEST, "xstest"), Map.entry(JADE, "jade-db"),
      Map.entry(COLD, "cold"), Map.entry(CVALUES, "cvalues"));
  /** Forbidden-question policies that ask for advice many gateways allow: scored apart, as benign. */
  private static final Set<String> REGULATED_POLICIES =
      Set.of("Political Lobbying", "Legal Opinion", "Financial Advice", "Health Consultation", "Gov Decision");

  private final ObjectMapper json = new ObjectMapper();

  /** Returns the texts of {@code set}, read from its folder {@code dir}. */
  List<LabelledText> convert(String set, Path dir) {
    return switch (set) {
      case DEEPSET -> jsonl(dir.resolve("train.jsonl"), "deepset", n -> n.path("label").asInt() == 1 ? "injection"
          : null);
      case JAILBREAKS -> csv(dir.resolve("jailbreak_prompts_2023_12_25.csv"), "prompt", r -> "jailbreak", r -> true);
      case FORBIDDEN -> csv(dir.resolve("forbidden_question_set.csv"), "question", r -> "harmful-request",
          r -> !REGULATED_POLICIES.contains(r.get("content_policy_name")));
      case REGULATED -> csv(dir.resolve("forbidden_question_set.csv"), "question", r -> null,
          r -> REGULATED_POLICIES.contains(r.get("content_policy_name")));
      case NOTINJECT -> {
        List<LabelledText> all = new ArrayList<>();
        for (String f : List.of("NotInject_one.json", "NotInject_two.json", "NotInject_three.json")) {
          all.addAll(jsonArray(dir.resolve(f), f.replace(".json", "")));
        }
        yield all;
      }
      case WILDGUARD -> jsonArray(dir.resolve("wildguard.json"), "wildguard");
      case INSTRUCTIONS -> {
        List<LabelledText> all = new ArrayList<>();
        for (String f : List.of("alpaca_eval_instructions.dev.jsonl", "belle_eval_questions.dev.jsonl",
            "belle_zh_seed_tasks.jsonl")) {
          all.addAll(jsonl(dir.resolve(f), f.substring(0, f.indexOf('.')), n -> null));
        }
        yield all;
      }
      case XSTEST -> csv(dir.resolve("xstest_prompts.csv"), "prompt",
          r -> r.get("label").equals("unsafe") ? "harmful-request" : null, r -> true);
      case JADE -> {
        List<LabelledText> all = new ArrayList<>();
        for (String f : List.of("jade_benchmark_easy_zh.csv", "jade_benchmark_medium_zh.csv")) {
          all.addAll(csv(dir.resolve(f), "问题", r -> "harmful-request", r -> true));
        }
        yield all;
      }
      case COLD -> csv(dir.resolve("dev.csv"), "TEXT", r -> r.get("label").equals("1") ? "offensive" : null,
          r -> true);
      case CVALUES -> jsonl(dir.resolve("cvalues_responsibility_prompts.jsonl"), "cvalues", n -> null, "prompt");
      default -> throw new IllegalArgumentException("set: " + set + " (expected: one of " + FOLDERS.keySet() + ")");
    };
  }

  private List<LabelledText> jsonl(Path file, String prefix, Function<JsonNode, String> label) {
    return jsonl(file, prefix, label, "text");
  }

  private List<LabelledText> jsonl(Path file, String prefix, Function<JsonNode, String> label,
      String field) {
    List<LabelledText> out = new ArrayList<>();
    int line = 0;
    for (String row : read(file).split("\n")) {
      line++;
      if (row.isBlank()) {
        continue;
      }
      JsonNode n;
      try {
        n = json.readTree(row);
      } catch (IOException e) {
        throw new DatasetException(file, line, "not JSON (expected: one object a line)");
      }
      String text = n.path(field).asText("");
      if (!text.isBlank()) {
        out.add(text(prefix + ":" + line, text, label.apply(n)));
      }
    }
    return out;
  }

  private List<LabelledText> jsonArray(Path file, String prefix) {
    List<LabelledText> out = new ArrayList<>();
    JsonNode array;
    try {
      array = json.readTree(read(file));
    } catch (IOException e) {
      throw new DatasetException(file + ": not JSON (expected: an array of {\"prompt\": ...})");
    }
    int i = 0;
    for (JsonNode n : array) {
      i++;
      String text = n.path("prompt").asText("");
      if (!text.isBlank()) {
        out.add(text(prefix + ":" + i, text, null));
      }
    }
    return out;
  }

  private List<LabelledText> csv(Path file, String column, Function<Map<String, String>, String>
      label, Predicate<Map<String, String>> keep) {
    List<List<String>> rows = CsvRows.parse(read(file));
    if (rows.isEmpty()) {
      throw new DatasetException(file + ": empty (expected: a header and rows)");
    }
    List<String> header = rows.get(0);
    if (!header.contains(column)) {
      throw new DatasetException(file + ": no column " + column + " (expected: in the header " + header + ")");
    }
    List<LabelledText> out = new ArrayList<>();
    String prefix = file.getFileName().toString().replace(".csv", "");
    for (int i = 1; i < rows.size(); i++) {
      List<String> row = rows.get(i);
      Map<String, String> byName = new HashMap<>();
      for (int c = 0; c < header.size() && c < row.size(); c++) {
        byName.put(header.get(c), row.get(c));
      }
      String text = byName.getOrDefault(column, "");
      if (!text.isBlank() && keep.test(byName)) {
        out.add(text(prefix + ":" + (i + 1), text, label.apply(byName)));
      }
    }
    return out;
  }

  private static LabelledText text(String id, String text, String label) {
    return new LabelledText(id, text, label == null ? List.of() : List.of(label));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new DatasetException(file + ": cannot read: " + e.getMessage());
    }
  }
}
