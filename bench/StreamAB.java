import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Alternates rounds of {@code StreamBenchmark.inspectEvent} or {@code decodeInspectEncode} of two builds in one JVM,
 * each in a class loader of its own, and prints each build's thread CPU per event (median and best of the rounds
 * after the first third), so that both builds meet the same load. Usage, from a checkout with both built
 * ({@code mvn test-compile}) and a test class path in cp.txt:
 * {@code taskset -c 1 java [-Dkexin.bench.shape=chat|responses|anthropic] [-Deps=500] bench/StreamAB.java cp.txt
 * <base checkout> <new checkout> <rounds> inspectEvent|decodeInspectEncode}
 */
public class StreamAB {
  public static void main(String[] args) throws Throwable {
    String deps = Files.readString(Path.of(args[0])).trim();
    int rounds = Integer.parseInt(args[3]);
    String variant = args[4];
    List<URL> common = new ArrayList<>();
    for (String p : deps.split(":")) common.add(Path.of(p).toUri().toURL());
    Object[] bench = new Object[2];
    MethodHandle[] op = new MethodHandle[2];
    String[] names = {"base", "mine"};
    for (int k = 0; k < 2; k++) {
      String root = args[1 + k];
      List<URL> urls = new ArrayList<>();
      urls.add(Path.of(root, "target/test-classes").toUri().toURL());
      urls.add(Path.of(root, "target/classes").toUri().toURL());
      urls.addAll(common);
      ClassLoader cl = new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
      Class<?> c = Class.forName("io.kexin.gateway.inspect.StreamBenchmark", true, cl);
      Object b = c.getDeclaredConstructor().newInstance();
      var f = c.getDeclaredField("eventsPerStream"); f.setAccessible(true); f.setInt(b, Integer.getInteger("eps", 500));
      c.getMethod("setUp").invoke(b);
      bench[k] = b;
      Class<?> ret = variant.equals("inspectEvent") ? List.class : long.class;
      op[k] = MethodHandles.publicLookup().findVirtual(c, variant, MethodType.methodType(ret)).bindTo(b)
          .asType(MethodType.methodType(Object.class));
    }
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    List<List<Double>> measured = List.of(new ArrayList<>(), new ArrayList<>());
    long sink = 0;
    for (int r = 0; r < rounds; r++) {
      for (int kk = 0; kk < 2; kk++) {
        int k = (r % 2 == 0) ? kk : 1 - kk;
        int events = 100_000;
        long t0 = cpu.getCurrentThreadCpuTime();
        for (int i = 0; i < events; i++) {
          Object o = op[k].invoke();
          sink += o == null ? 0 : 1;
        }
        double us = (cpu.getCurrentThreadCpuTime() - t0) / 1e3 / events;
        if (r >= rounds / 3) {
          measured.get(k).add(us);
          System.out.printf("%s %s round %d: %.2f us CPU/event%n", variant, names[k], r, us);
        }
      }
    }
    for (int k = 0; k < 2; k++) {
      List<Double> m = measured.get(k);
      m.sort(null);
      System.out.printf("%s %s: median %.2f best %.2f us CPU/event (n=%d)%n", variant, names[k], m.get(m.size() / 2),
          m.get(0), m.size());
    }
    System.out.println("sink " + (sink % 10));
  }
}
