package io.kexin.gateway.inspect;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kexin.gateway.audit.AuditLog;
import io.kexin.gateway.metrics.GatewayMetrics;
import io.kexin.gateway.policy.CompiledPolicy;
import io.kexin.gateway.policy.PolicySet;
import io.kexin.gateway.policy.ShippedPolicies;
import io.kexin.gateway.provider.Endpoint;
import io.kexin.gateway.provider.ProviderApi;
import io.kexin.gateway.stream.SseDecoder;
import io.kexin.gateway.stream.SseEvent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Measures the CPU cost of one streamed OpenAI chat chunk through response inspection with the shipped policies
 * ({@code policies/}): one operation is one SSE event carrying a clean token of 1 to 6 characters (mixed Chinese
 * and English). Every {@code eventsPerStream} events the stream ends and a new inspection is opened (with one small
 * request inspected), so the held text and per-stream state stay those of a real 500-token answer; that per-stream
 * cost is spread over the stream's events. Variants:
 * <ul>
 *   <li>{@code inspectEvent}: {@code Inspection.streamEvent} on a pre-decoded event (JSON parse of the chunk,
 *       hold-back window, scan, rebuilt chunk);</li>
 *   <li>{@code decodeInspectEncode}: what {@code SseRelay} does per event short of the socket write: SSE decoding
 *       of the raw bytes from a {@link ByteBuf}, {@code streamEvent}, and encoding the released events;</li>
 *   <li>{@code decodeOnly}: SSE decoding alone, for reference.</li>
 * </ul>
 * Run: see bench/STREAM.md; {@code -Dkexin.bench.shape=responses} (a reasoning summary, then the message, read joined)
 * or {@code anthropic} (text, a tool call, text) streams the other APIs' answers; {@code tools} a chat answer whose
 * last two thirds are a tool call's arguments; {@code choices} a chat answer with {@code n = 3} interleaved, the third
 * choice a tool call.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StreamBenchmark {
  /** Clean tokens as a tokenizer would cut a mixed Chinese and English answer. */
  static final String[] TOKENS = {
    "您好", "，", "包裹", "在", "浦东", "仓库", "停留", "通常", "是因为", "分拣", "积压", "。", " The", " remaining",
    " items", " will", " ship", " togeth", "er", " within", " two", " busin", "ess", " days", ";", " returns", " for",
    " damag", "ed", " books", " are", " accept", "ed", " within", " 7", " days", ".", "如果", "您", "需要", "加急",
    "处理", "，", "请", "提供", "订单", "编号", "，", "我们", "会", "尽快", "为您", "安排", "。", " Thank", " you",
    " for", " your", " patien", "ce", "!", "\\n", "祝您", "生活", "愉快", "。"
  };

  /** The answer's API: {@code chat} (the default), {@code responses} or {@code anthropic} (system property). */
  static final String SHAPE = System.getProperty("kexin.bench.shape", "chat");

  @Param("500")
  int eventsPerStream;

  private PolicyInspector inspector;
  private ExchangeInfo exchange;
  private ObjectNode request;
  private SseEvent[] events;
  private ByteBuf[] raw;
  private SseDecoder decoder;
  private final List<SseEvent> decoded = new ArrayList<>(4);
  private Inspection inspection;
  private int next;
  private int window;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    PolicySet set = ShippedPolicies.pack();
    List<String> names = new ArrayList<>();
    for (CompiledPolicy p : set.all()) {
      names.add(p.name());
    }
    window = StreamInspection.window(set.all());
    inspector = new PolicyInspector(() -> set, AuditLog.writingTo(java.io.OutputStream.nullOutputStream(), 8192, new GatewayMetrics(false)), 1 << 16);
    boolean responses = SHAPE.equals("responses");
    boolean anthropic = SHAPE.equals("anthropic");
    exchange = new ExchangeInfo("b", anthropic ? ProviderApi.anthropic() : ProviderApi.openAi(),
        responses ? Endpoint.RESPONSES : anthropic ? Endpoint.MESSAGES : Endpoint.CHAT, "r", "t", names, true);
    ObjectMapper json = new ObjectMapper();
    String user = "{\"role\":\"user\",\"content\":\"我的包裹为什么还在浦东仓库？When will the rest of my order ship?\"}";
    request = (ObjectNode) json.readTree(responses ? "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"input\":[" + user
        + "]}" : anthropic ? "{\"model\":\"claude\",\"max_tokens\":512,\"stream\":true,\"messages\":[" + user + "]}"
        : "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":["
        + "{\"role\":\"system\",\"content\":\"你是一位客服助手。Answer briefly.\"}," + user + "]}");
    Random random = new Random(7);
    events = new SseEvent[eventsPerStream];
    raw = new ByteBuf[eventsPerStream];
    for (int i = 0; i < eventsPerStream; i++) {
      String token = TOKENS[random.nextInt(TOKENS.length)];
      String data = responses ? responsesEvent(i, token) : anthropic ? anthropicEvent(i, token)
          : SHAPE.equals("tools") ? toolsEvent(i, token) : SHAPE.equals("choices") ? choicesEvent(i, token)
          : "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1735689600,"
          + "\"model\":\"gpt-4o-mini-2024-07-18\",\"system_fingerprint\":\"fp_bench\",\"choices\":[{\"index\":0,"
          + "\"delta\":{\"content\":\"" + token + "\"},\"logprobs\":null,\"finish_reason\":null}]}";
      events[i] = SseEvent.of(null, data);
      // A pooled direct buffer, as Netty hands the relay; kept (never released) for the whole trial.
      raw[i] = PooledByteBufAllocator.DEFAULT.directBuffer();
      raw[i].writeBytes(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
    }
    System.err.println("stream window with the shipped policies " + names + ": " + window + " characters");
    reopen();
  }

  /**
   * Returns event {@code i} of a Responses answer: a reasoning summary for the first fifth of the events (its done
   * event last), then a message's output text, read joined with it.
   */
  private String responsesEvent(int i, String token) {
    int summary = eventsPerStream / 5;
    if (i == summary - 1) {
      return "{\"type\":\"response.reasoning_summary_text.done\",\"item_id\":\"rs_1\",\"output_index\":0,"
          + "\"summary_index\":0,\"text\":\"\",\"sequence_number\":" + i + "}";
    }
    return i < summary
        ? "{\"type\":\"response.reasoning_summary_text.delta\",\"item_id\":\"rs_1\",\"output_index\":0,"
            + "\"summary_index\":0,\"delta\":\"" + token + "\",\"sequence_number\":" + i + "}"
        : "{\"type\":\"response.output_text.delta\",\"item_id\":\"msg_1\",\"output_index\":1,"
            + "\"content_index\":0,\"delta\":\"" + token + "\",\"logprobs\":[],\"sequence_number\":" + i + "}";
  }

  /**
   * Returns event {@code i} of a chat answer whose first third is content and the rest one tool call's arguments, a
   * string value streamed token by token, read as its values in the choice's run.
   */
  private String toolsEvent(int i, String token) {
    String head = "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1735689600,"
        + "\"model\":\"gpt-4o-mini-2024-07-18\",\"system_fingerprint\":\"fp_bench\",\"choices\":[{\"index\":0,"
        + "\"delta\":";
    String tail = ",\"logprobs\":null,\"finish_reason\":null}]}";
    int third = eventsPerStream / 3;
    if (i < third) {
      return head + "{\"content\":\"" + token + "\"}" + tail;
    }
    String call = i == third ? "\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"reply\","
        + "\"arguments\":\"{\\\"text\\\":\\\"" + token + "\"}" : "\"function\":{\"arguments\":\"" + token + "\"}";
    return head + "{\"tool_calls\":[{\"index\":0," + call + "}]}" + tail;
  }

  /**
   * Returns event {@code i} of a chat answer with {@code n = 3}, as OpenAI interleaves it: chunk {@code i} belongs to
   * choice {@code i % 3}; choices 0 and 1 stream content, choice 2 a tool call's arguments (a string value token by
   * token); the last three chunks finish the choices. The later choices are read across with the ones before them.
   */
  private String choicesEvent(int i, String token) {
    int choice = i % 3;
    String head = "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1735689600,"
        + "\"model\":\"gpt-4o-mini-2024-07-18\",\"system_fingerprint\":\"fp_bench\",\"choices\":[{\"index\":" + choice
        + ",\"delta\":";
    if (i >= eventsPerStream - 3) {
      return head + "{},\"logprobs\":null,\"finish_reason\":\"" + (choice == 2 ? "tool_calls" : "stop") + "\"}]}";
    }
    String tail = ",\"logprobs\":null,\"finish_reason\":null}]}";
    if (choice < 2) {
      return head + "{\"content\":\"" + token + "\"}" + tail;
    }
    String call = i == 2 ? "\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"reply\","
        + "\"arguments\":\"{\\\"text\\\":\\\"" + token + "\"}" : "\"function\":{\"arguments\":\"" + token + "\"}";
    return head + "{\"tool_calls\":[{\"index\":0," + call + "}]}" + tail;
  }

  /** Returns event {@code i} of an Anthropic answer: text, a tool call, then text again, read joined with the first. */
  private String anthropicEvent(int i, String token) {
    int first = eventsPerStream / 2;
    if (i == first - 1) {
      return "{\"type\":\"content_block_stop\",\"index\":0}";
    }
    if (i == first) {
      return "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\","
          + "\"id\":\"toolu_1\",\"name\":\"lookup\",\"input\":{}}}";
    }
    if (i == first + 1) {
      return "{\"type\":\"content_block_stop\",\"index\":1}";
    }
    if (i == first + 2) {
      return "{\"type\":\"content_block_start\",\"index\":2,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}";
    }
    return "{\"type\":\"content_block_delta\",\"index\":" + (i < first ? 0 : 2) + ",\"delta\":{\"type\":"
        + "\"text_delta\",\"text\":\"" + token + "\"}}";
  }

  private void reopen() {
    if (inspection != null) {
      inspection.streamEnd();
    }
    inspection = inspector.open(exchange);
    inspection.request(request.deepCopy());
    decoder = new SseDecoder(1 << 20);
    next = 0;
  }

  /** One pre-decoded chunk through {@code streamEvent}. */
  @Benchmark
  public List<SseEvent> inspectEvent() {
    if (next == eventsPerStream) {
      reopen();
    }
    List<SseEvent> out = inspection.streamEvent(events[next++]);
    if (inspection.streamStopped()) {
      throw new IllegalStateException("the clean stream was stopped");
    }
    return out;
  }

  /** One chunk's raw bytes through SSE decoding, {@code streamEvent} and encoding of what is released. */
  @Benchmark
  public long decodeInspectEncode() {
    if (next == eventsPerStream) {
      reopen();
    }
    ByteBuf in = raw[next++];
    in.readerIndex(0);
    decoder.decode(in, decoded);
    long bytes = 0;
    for (SseEvent event : decoded) {
      for (SseEvent out : inspection.streamEvent(event)) {
        bytes += out.encode().length;
      }
    }
    decoded.clear();
    if (inspection.streamStopped()) {
      throw new IllegalStateException("the clean stream was stopped");
    }
    return bytes;
  }

  /**
   * Prints the CPU time per event of {@code inspectEvent} and {@code decodeInspectEncode}, read from this thread's
   * CPU clock over rounds of 100,000 events (200 streams): on a shared machine it counts only this thread's work,
   * where JMH's wall-clock score also counts the time other jobs held the core. Argument: rounds (default 15); the
   * first third are warm-up. Prints each measured round and the median.
   */
  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    StreamBenchmark b = new StreamBenchmark();
    b.eventsPerStream = 500;
    b.setUp();
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    for (String variant : List.of("inspectEvent", "decodeInspectEncode")) {
      List<Double> measured = new ArrayList<>();
      long sink = 0;
      for (int r = 0; r < rounds; r++) {
        int events = 200 * b.eventsPerStream;
        long t0 = cpu.getCurrentThreadCpuTime();
        for (int i = 0; i < events; i++) {
          sink += variant.equals("inspectEvent") ? b.inspectEvent().size() : b.decodeInspectEncode();
        }
        double us = (cpu.getCurrentThreadCpuTime() - t0) / 1e3 / events;
        if (r >= rounds / 3) {
          measured.add(us);
          System.out.printf("%s round %d: %.2f us CPU/event%n", variant, r, us);
        }
      }
      measured.sort(null);
      System.out.printf("%s: median %.2f us CPU/event, best %.2f (%d)%n", variant,
          measured.get(measured.size() / 2), measured.get(0), sink % 10);
    }
  }

  /** One chunk's raw bytes through SSE decoding alone. */
  @Benchmark
  public void decodeOnly(Blackhole bh) {
    if (next == eventsPerStream) {
      next = 0;
    }
    ByteBuf in = raw[next++];
    in.readerIndex(0);
    decoder.decode(in, decoded);
    bh.consume(decoded.get(0));
    decoded.clear();
  }
}
