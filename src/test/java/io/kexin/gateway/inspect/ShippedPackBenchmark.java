package io.kexin.gateway.inspect;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kexin.gateway.audit.AuditLog;
import io.kexin.gateway.metrics.GatewayMetrics;
import io.kexin.gateway.policy.CompiledPolicy;
import io.kexin.gateway.policy.Direction;
import io.kexin.gateway.policy.PolicySet;
import io.kexin.gateway.policy.ShippedPolicies;
import io.kexin.gateway.provider.Endpoint;
import io.kexin.gateway.provider.ProviderApi;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Measures the whole shipped pack ({@code policies/}: PII, credentials, keywords) on a 2 KB chat prompt of mixed
 * Chinese and English carrying a few personal values, and its throughput on 1 MB of clean text.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ShippedPackBenchmark {
  private PolicyInspector inspector;
  private ExchangeInfo exchange;
  private String chat;
  private final ObjectMapper json = new ObjectMapper();
  private TextScanner scanner;
  private String clean1mb;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    PolicySet set = ShippedPolicies.pack();
    List<String> names = set.all().stream().map(CompiledPolicy::name).toList();
    inspector = new PolicyInspector(() -> set, AuditLog.writingTo(java.io.OutputStream.nullOutputStream(), 8192, new GatewayMetrics(false)), 1 << 16);
    exchange = new ExchangeInfo("bench", ProviderApi.openAi(), Endpoint.CHAT, "bench", "bench", names, false);
    StringBuilder user = new StringBuilder("客户张伟的手机号是 13800138000，邮箱 zhang.wei@example.cn，"
        + "请根据以下记录写一封英文回信。Customer card ending 1111 called about the invoice. ");
    while (user.length() < 1800) {
      user.append("请帮我总结一下这份季度报告的要点，并用中文和英文各写一段。Please summarize the quarterly report for "
          + "the board, highlighting revenue growth, hiring plans and the risks we discussed last week. ");
    }
    chat = json.createObjectNode().put("model", "gpt-4o").set("messages", json.createArrayNode()
        .add(json.createObjectNode().put("role", "system").put("content", "你是一位严谨的客服助手。Be concise."))
        .add(json.createObjectNode().put("role", "user").put("content", user.substring(0, 1800)))).toString();
    scanner = new TextScanner(() -> set);
    String prose = "the quick brown fox jumps over the lazy dog while the report covers quarterly results. ";
    clean1mb = prose.repeat(1_000_000 / prose.length() + 1).substring(0, 1_000_000);
  }

  /** Inspects the 2 KB chat request, parsing included (the request is rewritten, so each run needs a fresh tree). */
  @Benchmark
  public Verdict inspectChatRequest2k() throws Exception {
    return inspector.open(exchange).request((ObjectNode) json.readTree(chat));
  }

  /** Scans 1 MB of clean English text with the whole pack: MB/s = 1000 / (ms per operation). */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public TextScanner.Result scanClean1mb() {
    return scanner.scan(clean1mb, Direction.REQUEST, null);
  }
}
