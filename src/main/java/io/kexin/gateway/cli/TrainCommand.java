package io.kexin.gateway.cli;

import io.kexin.gateway.detect.classifier.LinearModel;
import io.kexin.gateway.train.Training;
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
        + " weights file."})
final class TrainCommand implements Callable<Integer> {
  /** Where the shipped model lives in the source tree. */
  static final String SHIPPED = "src/main/resources/io/kexin/gateway/detect/classifier/content-safety.model";

  @Option(names = "--data", defaultValue = "../shared/data", description = "shared data folder (default: ../shared/data)")
  Path data;

  @Option(names = "--own", defaultValue = "train/cases", description = "own cases folder (default: train/cases)")
  Path own;

  @Option(names = "--out", defaultValue = SHIPPED, description = "weights file to write (default: the shipped one)")
  Path out;

  @Override
  public Integer call() throws Exception {
    PrintStream stdout = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Training training;
    try {
      training = Training.of(data, Files.isDirectory(own) ? own : null);
    } catch (IllegalArgumentException e) {
      System.err.println("train: " + e.getMessage());
      return 2;
    }
    long started = System.nanoTime();
    LinearModel model = training.train(out);
    stdout.printf(Locale.ROOT, "trained on %d texts in %.1f s; wrote %s (%d bytes)%n", training.size(),
        (System.nanoTime() - started) / 1e9, out, Files.size(out));
    for (int c = 0; c < model.categories().size(); c++) {
      stdout.printf(Locale.ROOT, "  %-16s threshold en %.3f, zh %.3f%n", model.categories().get(c),
          model.threshold(0, c), model.threshold(1, c));
    }
    return 0;
  }
}
