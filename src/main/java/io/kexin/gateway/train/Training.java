package io.kexin.gateway.train;

import io.kexin.gateway.detect.classifier.LinearModel;
import io.kexin.gateway.detect.injection.InjectionDetector;
import io.kexin.gateway.text.ScanText;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** Runs the two procedures the command line offers: train the shipped model, and evaluate training by held-out sources. */
public final class Training {
  private final List<Sample> samples;
  private final Trainer trainer;

  private Training(List<Sample> samples) {
    this.samples = samples;
    this.trainer = new Trainer(samples, Trainer.BITS);
  }

  /** Reads the shared data folder {@code data} and the repository's own cases in {@code own} (may be null). */
  public static Training of(Path data, Path own) {
    return new Training(new Corpus().read(data, own));
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
   * Evaluates the training procedure and returns the report as text: on held-out sources and fixed splits, or with
   * {@code random} on a random fifth of every set; then what the jailbreak class adds beside the shipped injection
   * heuristics at high thresholds.
   */
  public String evaluate(boolean random) {
    Evaluation e = new Evaluation(samples, trainer);
    List<Evaluation.Judged> judged = random ? e.runRandom() : e.run();
    InjectionDetector heuristics = InjectionDetector.of("injection.prompt-attack", 0.7, Set.of());
    return Evaluation.table(judged)
        + Evaluation.secondSignal(judged, text -> !heuristics.scan(ScanText.of(text)).isEmpty());
  }
}
