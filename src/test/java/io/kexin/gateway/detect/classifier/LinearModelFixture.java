package io.kexin.gateway.detect.classifier;

/** Supplies a small random model with categories {@code a} and {@code b} to tests of other packages. */
public final class LinearModelFixture {
  private LinearModelFixture() {}

  /** Returns the model. */
  public static LinearModel model() {
    return LinearModelTest.random(11);
  }
}
