package io.kexin.gateway.inspect;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures an operation by this thread's CPU clock, which a shared, loaded machine disturbs less than the wall clock:
 * rounds of 10,000 calls, the first third of them warm-up.
 */
public final class CpuRounds {
  private static final int OPS = 10_000;

  private CpuRounds() {}

  /** One call of the measured operation; its result keeps the call from being optimized away. */
  @FunctionalInterface
  public interface Op {
    /** Runs the operation once and returns a number derived from its result. */
    int run() throws Exception;
  }

  /** Runs {@code rounds} rounds of {@code op} and prints the median and best CPU microseconds per call after warm-up. */
  public static void print(String name, int rounds, Op op) throws Exception {
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    List<Double> measured = new ArrayList<>();
    long sink = 0;
    for (int r = 0; r < rounds; r++) {
      long t0 = cpu.getCurrentThreadCpuTime();
      for (int i = 0; i < OPS; i++) {
        sink += op.run();
      }
      double us = (cpu.getCurrentThreadCpuTime() - t0) / 1e3 / OPS;
      if (r >= rounds / 3) {
        measured.add(us);
      }
    }
    measured.sort(null);
    System.out.printf("%s: median %.2f us CPU/op, best %.2f (%d)%n", name, measured.get(measured.size() / 2),
        measured.get(0), sink % 10);
  }
}
