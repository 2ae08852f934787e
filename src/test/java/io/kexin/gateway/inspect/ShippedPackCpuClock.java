package io.kexin.gateway.inspect;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * Measures {@link ShippedPackBenchmark#inspectChatRequest2k} by the thread's CPU clock rather than the wall clock, for
 * a machine whose other tenants make wall-clock figures meaningless: 40,000 warm-up calls, then 15 batches of 4,000,
 * printing the minimum, median and maximum CPU microseconds per call. Run from the project directory with the test
 * classpath: {@code java -cp target/test-classes:target/classes:$(cat cp.txt) io.kexin.gateway.inspect.ShippedPackCpuClock}.
 */
public final class ShippedPackCpuClock {
  private ShippedPackCpuClock() {}

  /** Runs the measurement and prints one line. */
  public static void main(String[] args) throws Exception {
    ShippedPackBenchmark bench = new ShippedPackBenchmark();
    bench.setUp();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (int i = 0; i < 40_000; i++) {
      bench.inspectChatRequest2k();
    }
    double[] perCall = new double[15];
    for (int k = 0; k < perCall.length; k++) {
      long start = threads.getCurrentThreadCpuTime();
      for (int i = 0; i < 4_000; i++) {
        bench.inspectChatRequest2k();
      }
      perCall[k] = (threads.getCurrentThreadCpuTime() - start) / 4_000.0 / 1_000.0;
    }
    Arrays.sort(perCall);
    System.out.printf("inspectChatRequest2k CPU us/call: min %.1f median %.1f max %.1f%n", perCall[0],
        perCall[perCall.length / 2], perCall[perCall.length - 1]);
  }
}
