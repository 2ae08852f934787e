package io.kexin.gateway.cli;

import io.kexin.gateway.detect.classifier.LinearModel;
import io.kexin.gateway.train.Training;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Trains the content-safety classifier on the shared data and the repository's own cases and writes its weights. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = {"Train the content-safety classifier (categories injection, jailbreak, harmful-request, offensive)"
        + " on the shared data folder and the repository's own cases, with a fixed seed: the same data give the same"
        + " weights file. Writes two models: n-grams alone, and the stacked one that adds the injection and harm"
        + " heuristics' findings as features (and carries the harm lists it was trained with)."})
final class TrainCommand implements Callable<Integer> {
  /** Where the shipped model lives in the source tree. */
  static final String SHIPPED = "src/main/resources/io/kexin/gateway/detect/classifier/content-safety.model";
  /** Where the shipped stacked model lives in the source tree. */
  static final String SHIPPED_STACKED =
      "src/main/resources/io/kexin/gateway/detect/classifier/content-safety-stacked.model";

  @Option(names = "--data", defaultValue = "../shared/data", description = "shared data folder (default: ../shared/data)")
  Path data;

  @Option(names = "--own", defaultValue = "train/cases", description = "own cases folder (default: train/cases)")
  Path own;

  @Option(names = "--harm-lists", defaultValue = "policies/lists/content-safety/harm",
      description = "harm heuristics' lists the model stacks and carries (default: policies/lists/content-safety/harm)")
  Path harmLists;



  @Option(names = "--out", defaultValue = SHIPPED, description = "weights file to write (default: the shipped one)")
  Path out;

  @Option(names = "--stacked-out", defaultValue = SHIPPED_STACKED,
      description = "weights file of the stacked model to write (default: the shipped one)")
  Path stackedOut;

  @Override
  public Integer call() throws Exception {
    PrintStream stdout = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Training plain;
    Training stacked;
    try {
      Path cases = Files.isDirectory(own) ? own : null;
      plain = Training.of(data, cases);
      stacked = Training.withCues(data, cases, harmLists);
    } catch (IllegalArgumentException e) {
      System.err.println("train: " + e.getMessage());
      return 2;
    }
    write(stdout, plain, out);
    write(stdout, stacked, stackedOut);
    return 0;
  }

  private static void write(PrintStream stdout, Training training, Path out) throws IOException {
    long started = System.nanoTime();
    LinearModel model = training.train(out);
    stdout.printf(Locale.ROOT, "trained on %d texts in %.1f s; wrote %s (%d bytes)%n", training.size(),
        (System.nanoTime() - started) / 1e9, out, Files.size(out));
    for (int c = 0; c < model.categories().size(); c++) {
      stdout.printf(Locale.ROOT, "  %-16s threshold en %.3f, zh %.3f%n", model.categories().get(c),
          model.threshold(0, c), model.threshold(1, c));
    }
  }
}
