package io.kexin.gateway.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kexin.gateway.eval.CsvRows;
import io.kexin.gateway.train.Sample.Split;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads the labelled texts the classifier learns from: the public sets of the shared data folder (each described in
 * its SOURCE.md) and the repository's own cases ({@code *.jsonl} of {@code {"text", "labels": [category, ...]}},
 * where {@code []} is benign). Sets of a class that has a second source are evaluated by source; the others on a
 * fixed split (upstream's where it has one, else a random fifth chosen by a hash of the text). Stateless.
 */
final class Corpus {
  private static final byte Y = 1;
  private static final byte N = 0;
  private static final byte X = -1;
  /** Forbidden-question scenarios that are plainly unsafe; the other five are regulated advice a gateway allows. */
  private static final Set<String> UNSAFE_POLICIES = Set.of("Illegal Activity", "Hate Speech", "Malware",
      "Physical Harm", "Economic Harm", "Fraud", "Pornography", "Privacy Violence");
  private final ObjectMapper json = new ObjectMapper();

  /** Returns every sample of {@code data} (the shared data folder) and {@code own} (the repository's cases). */
  List<Sample> read(Path data, Path own) {
    if (!Files.isDirectory(data)) {
      throw new IllegalArgumentException("data: " + data + " not found (expected: the shared data folder with"
          + " jailbreak-llms, deepset-prompt-injections, notinject, benign-instructions, xstest, jade-db, cold, cvalues)");
    }
    List<Sample> out = new ArrayList<>();
    deepset(data.resolve("deepset-prompt-injections/train.jsonl"), out);
    jailbreaks(data.resolve("jailbreak-llms/jailbreak_prompts_2023_12_25.csv"), out);
    forbidden(data.resolve("jailbreak-llms/forbidden_question_set.csv"), out);
    xstest(data.resolve("xstest/xstest_prompts.csv"), out);
    for (String level : List.of("easy", "medium")) {
      List<List<String>> rows = rows(data.resolve("jade-db/jade_benchmark_" + level + "_zh.csv"));
      for (List<String> r : rows.subList(1, rows.size())) {
        add(out, "jade-db", "jade-db", r.get(1), labels(N, N, Y, X), null);
      }
    }
    cold(data.resolve("cold/train.csv"), Split.TRAIN, out);
    cold(data.resolve("cold/dev.csv"), Split.TEST, out);
    for (JsonNode n : lines(data.resolve("cvalues/cvalues_responsibility_prompts.jsonl"))) {
      add(out, "cvalues", "cvalues", n.get("prompt").asText(), labels(N, N, N, N), Split.SOURCE);
    }
    for (String f : List.of("alpaca_eval_instructions.dev", "belle_eval_questions.dev", "belle_zh_seed_tasks")) {
      String set = f.replace(".dev", "");
      for (JsonNode n : lines(data.resolve("benign-instructions/" + f + ".jsonl"))) {
        add(out, set, set, n.get("text").asText(), labels(N, N, N, N), Split.SOURCE);
      }
    }
    for (String f : List.of("NotInject_one", "NotInject_two", "NotInject_three", "wildguard")) {
      String set = f.startsWith("NotInject") ? "notinject" : "wildguard";
      for (JsonNode n : array(data.resolve("notinject/" + f + ".json"))) {
        add(out, set, set, n.get("prompt").asText(), labels(N, N, N, N), Split.SOURCE);
      }
    }
    if (own != null) {
      ownCases(own, out);
    }
    return out;
  }

  private void deepset(Path file, List<Sample> out) {
    for (JsonNode n : lines(file)) {
      boolean injection = n.get("label").asInt() == 1;
      add(out, injection ? "deepset-injection" : "deepset-benign", "deepset", n.get("text").asText(), injection ? labels(Y, X, N, N) : labels(N, N, N, N),
          Split.SOURCE);
    }
  }

  private void jailbreaks(Path file, List<Sample> out) {
    List<List<String>> rows = rows(file);
    int prompt = rows.get(0).indexOf("prompt");
    int platform = rows.get(0).indexOf("platform");
    for (List<String> r : rows.subList(1, rows.size())) {
      // Two prompts come from open-source lists: grouped with the prompt websites they were copied from.
      String where = r.get(platform).equals("open_source") ? "website" : r.get(platform);
      add(out, "jailbreak-llms", "jailbreak-llms/" + where, r.get(prompt), labels(X, Y, X, X), Split.SOURCE);
    }
  }

  private void forbidden(Path file, List<Sample> out) {
    List<List<String>> rows = rows(file);
    for (List<String> r : rows.subList(1, rows.size())) {
      boolean unsafe = UNSAFE_POLICIES.contains(r.get(1).trim());
      add(out, unsafe ? "forbidden-unsafe" : "forbidden-regulated", "forbidden-questions", r.get(3),
          unsafe ? labels(N, N, Y, X) : labels(N, N, N, N), Split.SOURCE);
    }
  }

  private void xstest(Path file, List<Sample> out) {
    List<List<String>> rows = rows(file);
    for (List<String> r : rows.subList(1, rows.size())) {
      boolean unsafe = r.get(3).equals("unsafe");
      add(out, unsafe ? "xstest-unsafe" : "xstest-safe", "xstest", r.get(1),
          unsafe ? labels(N, N, Y, X) : labels(N, N, N, N), Split.SOURCE);
    }
  }

  private void cold(Path file, Split split, List<Sample> out) {
    List<List<String>> rows = rows(file);
    for (List<String> r : rows.subList(1, rows.size())) {
      boolean offensive = r.get(3).equals("1");
      add(out, offensive ? "cold-offensive" : "cold-neutral", "cold", r.get(4),
          offensive ? labels(N, N, X, Y) : labels(N, N, N, N), split);
    }
  }

  /** Reads the repository's own cases: each file a set and a group; Chinese sets are evaluated on a random split. */
  private void ownCases(Path own, List<Sample> out) {
    List<Path> files;
    try (Stream<Path> s = Files.list(own)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(own + ": cannot list own cases", e);
    }
    for (Path f : files) {
      String set = "own-" + f.getFileName().toString().replace(".jsonl", "");
      int line = 0;
      for (JsonNode n : lines(f)) {
        line++;
        byte[] labels = labels(N, N, N, N);
        JsonNode ls = n.get("labels");
        if (ls == null || !ls.isArray() || n.get("text") == null) {
          throw new IllegalArgumentException(f + ":" + line + ": expected {\"text\", \"labels\": [category, ...]}");
        }
        for (JsonNode l : ls) {
          labels[Category.index(l.asText())] = Y;
        }
        if (labels[Category.INJECTION_INDEX] == Y && labels[Category.JAILBREAK_INDEX] == N) {
          labels[Category.JAILBREAK_INDEX] = X;
        }
        if (labels[Category.JAILBREAK_INDEX] == Y && labels[Category.INJECTION_INDEX] == N) {
          labels[Category.INJECTION_INDEX] = X;
        }
        // A jailbreak wraps a request that is often harmful: unlabelled for the harm classes, as jailbreak-llms'
        // prompts are, rather than taught as not harmful.
        if (labels[Category.JAILBREAK_INDEX] == Y) {
          labels[Category.HARMFUL_INDEX] = labels[Category.HARMFUL_INDEX] == Y ? Y : X;
          labels[Category.OFFENSIVE_INDEX] = labels[Category.OFFENSIVE_INDEX] == Y ? Y : X;
        }
        String text = n.get("text").asText();
        add(out, set, set, text, labels, Sample.language(text).equals("zh") ? null : Split.SOURCE);
      }
    }
  }

  /** Adds a sample; a {@code null} split means a random fifth of the set is its test part. */
  private static void add(List<Sample> out, String set, String group, String text, byte[] labels, Split split) {
    String t = text.strip();
    if (t.isEmpty()) {
      return;
    }
    Split s = split != null ? split : Math.floorMod(t.hashCode() * 0x9E3779B1, 5) == 0 ? Split.TEST : Split.TRAIN;
    out.add(new Sample(set, group, Sample.language(t), t, labels, s));
  }

  private static byte[] labels(byte injection, byte jailbreak, byte harmful, byte offensive) {
    return new byte[] {injection, jailbreak, harmful, offensive};
  }

  private List<JsonNode> lines(Path file) {
    List<JsonNode> out = new ArrayList<>();
    for (String line : read(file).split("\n")) {
      if (!line.isBlank()) {
        out.add(parse(file, line));
      }
    }
    return out;
  }

  private List<JsonNode> array(Path file) {
    List<JsonNode> out = new ArrayList<>();
    parse(file, read(file)).forEach(out::add);
    return out;
  }

  private JsonNode parse(Path file, String text) {
    try {
      return json.readTree(text);
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": not JSON: " + e.getMessage().lines().findFirst().orElse(""));
    }
  }

  private static List<List<String>> rows(Path file) {
    return CsvRows.parse(read(file));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage().toLowerCase(Locale.ROOT)
          + " (expected: the data set as described in its SOURCE.md)");
    }
  }
}
