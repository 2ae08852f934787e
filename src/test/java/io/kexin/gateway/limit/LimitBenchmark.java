package io.kexin.gateway.limit;

import com.sun.management.OperatingSystemMXBean;
import io.kexin.gateway.config.QuotasConfig;
import io.kexin.gateway.metrics.GatewayMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Measures what a limit check adds to a request: the token estimate of the 2 KB chat body of {@code bench/}, the
 * take of one rule with a request rate, a token rate and a concurrency limit (three buckets), and the settling when
 * the exchange ends; in this process, and in a real Redis on loopback (started here, as the tests start it). It
 * reports this JVM's CPU time per check (all its threads: the caller's and Lettuce's, and the JIT's and GC's too, so
 * an upper bound), redis-server's CPU time per check (from /proc), and the wall time per check, one at a time and
 * with 64 in flight.
 * Run: {@code java -cp target/test-classes:target/classes:$(cat cp.txt) io.kexin.gateway.limit.LimitBenchmark [rounds]}
 */
public final class LimitBenchmark {
  private static final String RULES = "rules: [{name: tenant, tenant: team-a, requestsPerMinute: 1000000000,"
      + " tokensPerMinute: 1000000000000, concurrent: 100000}]";

  private LimitBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
    ByteBuf body = Unpooled.wrappedBuffer(Files.readAllBytes(Path.of("bench/chat-request.json")));
    GatewayMetrics metrics = new GatewayMetrics(false);
    try (Quotas local = Quotas.of(config("store: local\n" + RULES), Set.of(), metrics, Clock.systemUTC())) {
      run("local", local, body, rounds, 1, -1, 200_000);
    }
    try (RedisServer redis = RedisServer.start();
        Quotas shared = Quotas.of(config("store: redis\nredis: {url: \"" + redis.url() + "\", timeout: 1s}\n"
            + RULES), Set.of(), metrics, Clock.systemUTC())) {
      while (!shared.health().state().equals("ok")) {
        Thread.sleep(10);
      }
      run("redis, 1 in flight", shared, body, rounds, 1, redis.pid(), 20_000);
      run("redis, 64 in flight", shared, body, rounds, 64, redis.pid(), 20_000);
    }
  }

  private static QuotasConfig config(String yaml) {
    return QuotasTest.config(yaml).quotas();
  }

  private static void run(String name, Quotas quotas, ByteBuf body, int rounds, int inFlight, long redisPid,
      int ops) throws Exception {
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    List<double[]> measured = new ArrayList<>();
    long sink = 0;
    for (int r = 0; r < rounds; r++) {
      long cpu0 = os.getProcessCpuTime();
      long redis0 = redisPid < 0 ? 0 : RedisServer.cpuNanos(redisPid);
      long t0 = System.nanoTime();
      for (int i = 0; i < ops; i += inFlight) {
        List<CompletableFuture<Admission>> batch = new ArrayList<>(inFlight);
        for (int j = 0; j < inFlight; j++) {
          long estimate = TokenEstimate.of(body, false);
          batch.add(quotas.admit(new Quotas.Ask("team-a", QuotasTest.KEY_A1, "gpt-4o", estimate, null)));
        }
        for (CompletableFuture<Admission> f : batch) {
          Admission a = f.join();
          if (a instanceof Admission.Pass p) {
            p.lease().end(200);
            sink++;
          }
        }
      }
      double wall = (System.nanoTime() - t0) / 1e3 / ops;
      double cpu = (os.getProcessCpuTime() - cpu0) / 1e3 / ops;
      double redisCpu = redisPid < 0 ? 0 : (RedisServer.cpuNanos(redisPid) - redis0) / 1e3 / ops;
      if (r >= rounds / 3) {
        measured.add(new double[] {cpu, redisCpu, wall});
        System.out.printf("%s round %d: gateway CPU %.2f us/check, redis-server CPU %.2f us/check, wall %.2f us/check%n",
            name, r, cpu, redisCpu, wall);
      }
    }
    measured.sort((a, b) -> Double.compare(a[0], b[0]));
    double[] median = measured.get(measured.size() / 2);
    System.out.printf("%s: median gateway CPU %.2f us/check (best %.2f), redis-server CPU %.2f us, wall %.2f us"
        + " (passed %d)%n", name, median[0], measured.get(0)[0], median[1], median[2], sink);
  }
}
