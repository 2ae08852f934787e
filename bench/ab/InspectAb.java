import java.lang.management.ManagementFactory;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.IntToLongFunction;

/**
 * Compares the inspection cost of gateway builds in one JVM: each jar gets its own class loader and an
 * {@code InspectProbe}; rounds alternate between them, so the noise of a shared machine falls on all alike. Prints,
 * per jar, the CPU time per request-and-answer pair (minimum, and quartile and median of the last two thirds of the
 * rounds) and the bytes allocated per pair.
 */
public class InspectAb {
  public static void main(String[] jars) throws Exception {
    int rounds = Integer.getInteger("rounds", 60);
    int n = Integer.getInteger("n", 200);
    URL probe = Path.of(System.getProperty("probe", "bench/ab/classes")).toUri().toURL();
    IntToLongFunction[] probes = new IntToLongFunction[jars.length];
    String pack = System.getProperty("policies", "policies");
    for (int i = 0; i < jars.length; i++) {
      // JAR=DIR inspects with that jar's own pack (a build and the policies it shipped with).
      int eq = jars[i].indexOf(".jar=");
      System.setProperty("policies", eq < 0 ? pack : jars[i].substring(eq + 5));
      jars[i] = eq < 0 ? jars[i] : jars[i].substring(0, eq + 4);
      URLClassLoader loader = new URLClassLoader(new URL[] {probe, Path.of(jars[i]).toUri().toURL()},
          ClassLoader.getPlatformClassLoader());
      probes[i] = (IntToLongFunction) loader.loadClass(System.getProperty("probeClass", "InspectProbe")).getConstructor().newInstance();
    }
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long[][] cpu = new long[jars.length][rounds];
    long[] bytes = new long[jars.length];
    for (int r = 0; r < rounds; r++) {
      for (int i = 0; i < jars.length; i++) {
        long b0 = threads.getCurrentThreadAllocatedBytes();
        cpu[i][r] = probes[i].applyAsLong(n);
        bytes[i] = (threads.getCurrentThreadAllocatedBytes() - b0) / n;
      }
    }
    for (int i = 0; i < jars.length; i++) {
      long[] all = cpu[i].clone();
      Arrays.sort(all);
      long[] tail = Arrays.copyOfRange(cpu[i], rounds / 3, rounds);
      Arrays.sort(tail);
      System.out.printf("%-28s CPU min %6d  p25 %6d  median %6d ns/pair   %6d B/pair%n", Path.of(jars[i]).getFileName(),
          all[0], tail[tail.length / 4], tail[tail.length / 2], bytes[i]);
    }
  }
}
