package io.kexin.gateway.cli;

import io.kexin.gateway.train.Training;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Evaluates the classifier's training on texts the judging model never saw: by source, or on a fixed split. */
@Command(name = "classifier", mixinStandardHelpOptions = true,
    description = {"Evaluate the content-safety classifier: each source group is judged by a model trained without"
        + " it (split by source); sets of a class with one source are judged on a fixed split (COLD's dev file, or a"
        + " random fifth by text hash). Prints TPR per positive set, the rate flagged per benign set, and per"
        + " category and language TPR/FPR at the chosen threshold and a ROC point list."})
final class EvalClassifierCommand implements Callable<Integer> {
  @Option(names = "--data", defaultValue = "../shared/data", description = "shared data folder (default: ../shared/data)")
  Path data;

  @Option(names = "--own", defaultValue = "train/cases", description = "own cases folder (default: train/cases)")
  Path own;

  @Option(names = "--harm-lists", defaultValue = "policies/lists/content-safety/harm",
      description = "harm heuristics' lists the model stacks and carries (default: policies/lists/content-safety/harm)")
  Path harmLists;

  @Option(names = "--stacked", description = "evaluate the stacked model: the injection and harm heuristics' findings"
      + " as features beside the n-grams")
  boolean stacked;

  @Option(names = "--check", split = ",", description = "labelled JSON Lines files never trained on, scored by the"
      + " model trained on everything (comma-separated)")
  List<Path> check = List.of();

  @Option(names = "--random", description = "hold out a random fifth of every set instead (one model; in-distribution)")
  boolean random;

  @Option(names = "--misses", defaultValue = "0", description = "list per class, language and set the held-out"
      + " positives missed and benign texts flagged, up to N each (hash, score, first 60 characters; default: 0)")
  int misses;

  @Override
  public Integer call() {
    if (misses < 0) {
      System.err.println("eval classifier: --misses: " + misses + " (expected: >= 0)");
      return 2;
    }
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Training training;
    try {
      Path cases = Files.isDirectory(own) ? own : null;
      training = stacked ? Training.withCues(data, cases, harmLists) : Training.of(data, cases);
    } catch (IllegalArgumentException e) {
      System.err.println("eval classifier: " + e.getMessage());
      return 2;
    }
    out.print(training.evaluate(random, misses));
    if (!check.isEmpty()) {
      try {
        out.print(training.check(check));
      } catch (IllegalArgumentException e) {
        System.err.println("eval classifier: " + e.getMessage());
        return 2;
      }
    }
    return 0;
  }
}
