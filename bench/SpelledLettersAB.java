import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Times {@code SpelledLetters.any} of two or more builds (class directories) over the texts of a JSONL file, the builds
 * alternating round by round in one JVM; prints each build's least thread CPU time per unit over rounds 6 to 30.
 */
public class SpelledLettersAB {
  public static void main(String[] args) throws Exception {
    List<char[]> texts = new ArrayList<>();
    long units = 0;
    for (String line : Files.readAllLines(Path.of(args[0]))) {
      int i = line.indexOf("\"text\": \"");
      if (i < 0) continue;
      String t = line.substring(i + 9, line.length() - 2).replace("\\n", "\n").replace("\\\"", "\"");
      texts.add(t.toCharArray());
      units += t.length();
    }
    Method[] any = new Method[args.length - 1];
    for (int b = 1; b < args.length; b++) {
      URLClassLoader loader = new URLClassLoader(new URL[] {Path.of(args[b]).toUri().toURL()}, null);
      Class<?> c = loader.loadClass("io.kexin.gateway.detect.secret.SpelledLetters");
      any[b - 1] = c.getDeclaredMethod("any", char[].class, int.class);
      any[b - 1].setAccessible(true);
    }
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long[][] best = new long[any.length][1];
    for (long[] x : best) x[0] = Long.MAX_VALUE;
    int hits = 0;
    for (int round = 0; round < 30; round++) {
      for (int b = 0; b < any.length; b++) {
        long t0 = mx.getCurrentThreadCpuTime();
        int h = 0;
        for (char[] t : texts) {
          if ((boolean) any[b].invoke(null, t, t.length)) h++;
        }
        long dt = mx.getCurrentThreadCpuTime() - t0;
        if (round >= 5) best[b][0] = Math.min(best[b][0], dt);
        hits = h;
        if (round == 29) System.out.printf("build %d: min %.3f ns/unit (%d texts, %d units, %d chains)%n", b,
            best[b][0] / (double) units, texts.size(), units, h);
      }
    }
  }
}
