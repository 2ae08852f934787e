import java.lang.management.ManagementFactory;
import java.lang.reflect.*;
import java.net.*;
import java.nio.file.Path;
import java.util.*;

/**
 * Compares the shared cue walk ({@code CueAutomaton.findAll}) of gateway builds over the normalized 2 KB prompt of
 * {@code ContentSafetyBenchmark}: each build (a jar, or a classes directory and its class path joined by ':') in its
 * own class loader with the pack of {@code policies/}, the walk taken from the injection rule's shared part, rounds
 * alternating, thread CPU time per walk (min, and quartile and median of the last two thirds). The checksum sums
 * term and end of every occurrence: equal checksums, same occurrences (for builds with the same terms).
 *
 * <pre>
 * javac -d /tmp/cw bench/CueWalkAB.java
 * taskset -c 1 java -cp /tmp/cw CueWalkAB BASE.jar target/kexin-gateway.jar
 * </pre>
 */
public class CueWalkAB {
  static Object get(Object o, String f) throws Exception {
    Class<?> c = o.getClass();
    while (c != null) { try { Field x = c.getDeclaredField(f); x.setAccessible(true); return x.get(o);} catch (NoSuchFieldException e) { c = c.getSuperclass(); } }
    throw new NoSuchFieldException(f);
  }
  public static void main(String[] a) throws Exception {
    int k = a.length; Object[] autos = new Object[k]; Method[] finds = new Method[k]; Object[] sinks = new Object[k]; char[][] texts = new char[k][]; int[] lens = new int[k];
    long[] counter = new long[1];
    StringBuilder user = new StringBuilder("请根据以下记录写一封英文回信，语气礼貌。Customer called about the invoice. ");
    while (user.length() < 2000) user.append("请帮我总结一下这份季度报告的要点，并用中文和英文各写一段。Please summarize the quarterly report for "
          + "the board, highlighting revenue growth, hiring plans and the risks we discussed last week. ");
    String prompt = user.substring(0, 2000);
    for (int i = 0; i < k; i++) {
      List<URL> us = new ArrayList<>(); for (String e : a[i].split(":")) us.add(Path.of(e).toUri().toURL()); URLClassLoader l = new URLClassLoader(us.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
      Class<?> loader = l.loadClass("io.kexin.gateway.policy.PolicyLoader");
      Object set = loader.getMethod("load", Path.class).invoke(loader.getConstructor().newInstance(), Path.of("policies"));
      List<?> all = (List<?>) set.getClass().getMethod("all").invoke(set);
      Object auto = null;
      for (Object p : all) for (Object r : (List<?>) p.getClass().getMethod("rules").invoke(p)) {
        Object d = r.getClass().getMethod("detector").invoke(r);
        for (int z = 0; z < 3 && auto == null; z++) {
          try { Object part = get(d, "walk"); if (part != null) auto = get(get(part, "walk"), "automaton"); } catch (Exception e) { }
          try { d = get(d, "delegate"); } catch (Exception e) { break; }
        }
      }
      autos[i] = auto;
      Class<?> sinkC = l.loadClass("io.kexin.gateway.detect.CueAutomaton$Sink");
      sinks[i] = java.lang.reflect.Proxy.newProxyInstance(l, new Class<?>[] {sinkC}, (pr, m, args) -> { counter[0] += (int) args[0] + (int) args[2]; return null; });
      finds[i] = auto.getClass().getMethod("findAll", char[].class, int.class, boolean.class, sinkC);
      Class<?> st = l.loadClass("io.kexin.gateway.text.ScanText");
      Object scan = st.getMethod("of", String.class).invoke(null, prompt);
      Object norm = st.getMethod("normalized").invoke(scan);
      texts[i] = (char[]) norm.getClass().getMethod("units").invoke(norm);
      lens[i] = (int) norm.getClass().getMethod("length").invoke(norm);
    }
    var th = ManagementFactory.getThreadMXBean();
    int rounds = 30, n = 4000;
    long[][] t = new long[k][rounds]; long[] sums = new long[k];
    for (int r = 0; r < rounds; r++) for (int i = 0; i < k; i++) {
      long c0 = counter[0];
      long t0 = th.getCurrentThreadCpuTime();
      for (int x = 0; x < n; x++) finds[i].invoke(autos[i], texts[i], lens[i], false, sinks[i]);
      t[i][r] = (th.getCurrentThreadCpuTime() - t0) / n; sums[i] = counter[0] - c0;
    }
    for (int i = 0; i < k; i++) { long[] s = Arrays.copyOfRange(t[i], rounds/3, rounds); Arrays.sort(s); long mn = Arrays.stream(t[i]).min().getAsLong();
      System.out.printf("%s min %d p25 %d median %d ns  checksum %d%n", a[i], mn, s[s.length/4], s[s.length/2], sums[i]); }
  }
}
