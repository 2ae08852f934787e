package io.kexin.gateway.inspect;

import io.kexin.gateway.content.Role;
import io.kexin.gateway.content.TextSegment;
import io.kexin.gateway.policy.CompiledPolicy;
import io.kexin.gateway.policy.Direction;
import io.kexin.gateway.policy.ShippedPolicies;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Measures what an answer's identifiers cost the data-leakage pack by this thread's CPU clock: the proxy benchmark's
 * model name and system fingerprint without the identifier cache and with it (served from it after the first
 * answer), and a new answer id each time, which no cache serves; rounds alternate between the six, so a loaded
 * machine shifts them alike: {@code java -cp ... io.kexin.gateway.inspect.IdentifierBreakdown [rounds]}.
 */
final class IdentifierBreakdown {
  private static final int OPS = 5_000;

  private IdentifierBreakdown() {}

  /** Prints, per identifier and engine, the least and median CPU microseconds per answer after warm-up. */
  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    List<CompiledPolicy> policies = ShippedPolicies.pack()
        .resolve(List.of("default", "pii", "secrets"));
    PolicyEngine plain = new PolicyEngine();
    PolicyEngine cached = new PolicyEngine(new SegmentCache(20_000));
    String[] ids = new String[OPS];
    for (int i = 0; i < OPS; i++) {
      long n = i + 1;
      ids[i] = String.format("chatcmpl-%016x%016x", n * 0x9E3779B97F4A7C15L, ~n);
    }
    String[] names = {"model, no cache", "model, cached", "fingerprint, no cache", "fingerprint, cached",
        "new id, no cache", "new id, cached"};
    List<List<Double>> measured = new ArrayList<>();
    for (int k = 0; k < names.length; k++) {
      measured.add(new ArrayList<>());
    }
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    long sink = 0;
    for (int r = 0; r < rounds; r++) {
      for (int k = 0; k < names.length; k++) {
        PolicyEngine engine = k % 2 == 0 ? plain : cached;
        // a fresh id per answer, and per round and engine: no cache has seen it
        String[] fresh = new String[OPS];
        for (int i = 0; i < OPS; i++) {
          fresh[i] = ids[i] + "r" + r + "k" + k;
        }
        long t0 = cpu.getCurrentThreadCpuTime();
        for (int i = 0; i < OPS; i++) {
          TextSegment segment = switch (k / 2) {
            case 0 -> new TextSegment("/model", Role.ASSISTANT, "gpt-4o-mini-2024-07-18", TextSegment.Form.IDENTIFIER);
            case 1 -> new TextSegment("/system_fingerprint", Role.ASSISTANT, "fp_bench", TextSegment.Form.IDENTIFIER);
            default -> new TextSegment("/id", Role.ASSISTANT, fresh[i], TextSegment.Form.IDENTIFIER);
          };
          sink += engine.run(policies, Direction.RESPONSE, List.of(segment), new PseudonymVault()).hits().size();
        }
        double us = (cpu.getCurrentThreadCpuTime() - t0) / 1e3 / OPS;
        if (r >= rounds / 3) {
          measured.get(k).add(us);
        }
      }
    }
    for (int k = 0; k < names.length; k++) {
      Double[] v = measured.get(k).toArray(new Double[0]);
      Arrays.sort(v);
      System.out.printf("%-22s least %.2f  median %.2f us CPU per answer%n", names[k], v[0], v[v.length / 2]);
    }
    System.out.println("(hits " + sink + ")");
  }
}
