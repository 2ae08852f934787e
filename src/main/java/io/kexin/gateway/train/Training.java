package io.kexin.gateway.train;

import io.kexin.gateway.detect.classifier.Cues;
import io.kexin.gateway.detect.classifier.LinearModel;
import io.kexin.gateway.detect.injection.InjectionDetector;
import io.kexin.gateway.text.ScanText;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** Runs the two procedures the command line offers: train the shipped model, and evaluate training by held-out sources. */
public final class Training {
  private final List<Sample> samples;
  private final Trainer trainer;

  private Training(List<Sample> samples, Cues cues) {
    this.samples = samples;
    this.trainer = new Trainer(samples, Trainer.BITS, cues);
  }

  /** Reads the shared data folder {@code data} and the repository's own cases in {@code own} (may be null). */
  public static Training of(Path data, Path own) {
    return new Training(new Corpus().read(data, own), null);
  }

  /**
   * Reads the shared data folder {@code data} and the repository's own cases in {@code own} (may be null), for a
   * model that stacks the injection heuristics and the harm heuristics on the n-grams, the latter with the lists
   * in {@code harmLists} (a folder of {@code NAME.txt}, NAME one of {@link Cues#HARM_LISTS}; null for none).
   */
  public static Training withCues(Path data, Path own, Path harmLists) {
    return new Training(new Corpus().read(data, own), Cues.of(harmLists == null ? Map.of() : lists(harmLists)));
  }

  private static Map<String, String> lists(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("harm lists: " + dir + " not found (expected: a folder with "
          + String.join(".txt, ", Cues.HARM_LISTS) + ".txt)");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : Cues.HARM_LISTS) {
      Path f = dir.resolve(name + ".txt");
      if (Files.isRegularFile(f)) {
        try {
          out.put(name, Files.readString(f, StandardCharsets.UTF_8));
        } catch (IOException e) {
          throw new UncheckedIOException(f + ": cannot read", e);
        }
      }
    }
    if (!out.containsKey("intents")) {
      throw new IllegalArgumentException("harm lists: " + dir + " has no intents.txt (expected: the harm lists)");
    }
    return out;
  }

  /** Returns the number of samples read. */
  public int size() {
    return samples.size();
  }

  /** Trains on every sample, writes the model to {@code out} and returns it. */
  public LinearModel train(Path out) throws IOException {
    LinearModel model = trainer.train(s -> true);
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (OutputStream o = Files.newOutputStream(out)) {
      model.write(o);
    }
    return model;
  }

  /**
   * Trains on every sample and scores the labelled texts of {@code files} ({@code *.jsonl} of {@code {"text",
   * "labels"}}, none of them trained on) with it: a second check of generalization. Returns the report as text.
   */
  public String check(List<Path> files) {
    return HeldOutFiles.report(trainer.train(s -> true), files);
  }

  /**
   * Evaluates the training procedure and returns the report as text: on held-out sources and fixed splits, or with
   * {@code random} on a random fifth of every set; then what the jailbreak class adds beside the shipped injection
   * heuristics at high thresholds.
   */
  public String evaluate(boolean random) {
    return evaluate(random, 0);
  }

  /**
   * Evaluates as {@link #evaluate(boolean)} does and, when {@code misses} is above 0, lists per category, language
   * and set the held-out positives missed and benign texts flagged, up to {@code misses} of each set.
   */
  public String evaluate(boolean random, int misses) {
    Evaluation e = new Evaluation(samples, trainer);
    List<Evaluation.Judged> judged = random ? e.runRandom() : e.run();
    InjectionDetector heuristics = InjectionDetector.of("injection.prompt-attack", 0.7, Set.of());
    // Both tables ask about the same texts: each is scanned once.
    Map<String, Boolean> found = new HashMap<>();
    Predicate<String> finds = text -> found.computeIfAbsent(text, t -> !heuristics.scan(ScanText.of(t)).isEmpty());
    return Evaluation.table(judged) + Evaluation.secondSignal(judged, finds) + Evaluation.twoStage(judged, finds)
        + (misses > 0 ? Misses.report(judged, misses) : "");
  }
}
