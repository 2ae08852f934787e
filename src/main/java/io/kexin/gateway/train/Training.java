package io.kexin.gateway.train;

import io.kexin.gateway.detect.classifier.LinearModel;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
   * {@code random} on a random fifth of every set.
   */
  public String evaluate(boolean random) {
    Evaluation e = new Evaluation(samples, trainer);
    return Evaluation.table(random ? e.runRandom() : e.run());
  }
}
