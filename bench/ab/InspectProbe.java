import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kexin.gateway.audit.AuditLog;
import io.kexin.gateway.inspect.ExchangeInfo;
import io.kexin.gateway.inspect.PolicyInspector;
import io.kexin.gateway.inspect.SegmentCache;
import io.kexin.gateway.metrics.GatewayMetrics;
import io.kexin.gateway.policy.CompiledPolicy;
import io.kexin.gateway.policy.PolicyLoader;
import io.kexin.gateway.policy.PolicySet;
import io.kexin.gateway.provider.Endpoint;
import io.kexin.gateway.provider.ProviderApi;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntToLongFunction;

/**
 * Inspects the proxy benchmark's chat request and answer with a policy pack, through the gateway's public API only,
 * so that it compiles against any build's jar; loaded once per jar by {@code InspectAb}.
 */
public class InspectProbe implements IntToLongFunction {
  private final PolicyInspector inspector;
  private final ExchangeInfo exchange;
  private final ObjectMapper json = new ObjectMapper();
  private final byte[] request;
  private final byte[] answer;
  /** Whether every request's last message ends with its own number, as with the proxy benchmark's UNIQUE=1. */
  private final boolean unique = !"0".equals(System.getProperty("unique", "1"));
  /**
   * The number the last message ends with, counted up per request ({@code -Dsequence=N} starts it at N: 10000 gives the
   * five-digit numbers that the proxy benchmark's requests end with after their first 10,000 per connection).
   */
  private long sequence = Long.getLong("sequence", 0);
  /**
   * Memory read between the request and the answer and after the answer, as a proxy's network work between
   * inspections evicts the inspection's tables from the caches ({@code -Devict=KB}, 0: none); its own cost is
   * measured apart and taken off.
   */
  private final byte[] evict = new byte[Integer.getInteger("evict", 0) * 1024];
  private long sink;

  public InspectProbe() throws Exception {
    PolicySet set = new PolicyLoader().load(Path.of(System.getProperty("policies", "policies")));
    String only = System.getProperty("names", "");
    List<String> names = only.isEmpty() ? set.all().stream().map(CompiledPolicy::name).toList()
        : List.of(only.split(","));
    // -Dcache=N: a segment cache of N texts, as the gateway keeps (limits.segmentCacheEntries); 0: none
    int cached = Integer.getInteger("cache", 0);
    inspector = new PolicyInspector(() -> set,
        AuditLog.writingTo(OutputStream.nullOutputStream(), 8192, new GatewayMetrics(false)), 1 << 16,
        cached == 0 ? null : new SegmentCache(cached));
    exchange = new ExchangeInfo("bench", ProviderApi.openAi(), Endpoint.CHAT, "bench", "bench", names, false);
    request = Files.readAllBytes(Path.of(System.getProperty("request", "bench/chat-request.json")));
    answer = Files.readAllBytes(Path.of(System.getProperty("answer", "bench/ab/chat-answer.json")));
  }

  /** Reads one byte of every cache line of the eviction buffer. */
  private void evict() {
    byte[] b = evict;
    long sum = sink;
    for (int i = 0; i < b.length; i += 64) {
      sum += b[i];
      b[i] = (byte) sum;
    }
    sink = sum;
  }

  /** Parses and inspects the request and the answer {@code n} times; returns the CPU nanoseconds per pair. */
  @Override
  public long applyAsLong(int n) {
    var threads = ManagementFactory.getThreadMXBean();
    long t0 = threads.getCurrentThreadCpuTime();
    try {
      for (int i = 0; i < n; i++) {
        var inspection = inspector.open(exchange);
        ObjectNode body = (ObjectNode) json.readTree(request);
        if (unique) {
          ObjectNode last = (ObjectNode) body.withArray("messages").get(body.withArray("messages").size() - 1);
          last.put("content", last.get("content").asText() + " #" + ++sequence);
        }
        inspection.request(body);
        evict();
        ObjectNode reply = (ObjectNode) json.readTree(answer);
        if (unique) {
          // a provider's answer id is new each time (the proxy benchmark's mock: 32 hex digits per request)
          reply.put("id", String.format("chatcmpl-%016x%016x", sequence * 0x9E3779B97F4A7C15L, ~sequence));
        }
        inspection.response(reply);
        evict();
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    long spent = threads.getCurrentThreadCpuTime() - t0;
    if (evict.length > 0) {
      long e0 = threads.getCurrentThreadCpuTime();
      for (int i = 0; i < 2 * n; i++) {
        evict();
      }
      spent -= threads.getCurrentThreadCpuTime() - e0;
    }
    return spent / n;
  }
}
