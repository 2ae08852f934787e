package io.kexin.gateway.inspect;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kexin.gateway.audit.AuditLog;
import io.kexin.gateway.metrics.GatewayMetrics;
import io.kexin.gateway.policy.Direction;
import io.kexin.gateway.policy.PolicyLoader;
import io.kexin.gateway.policy.PolicySet;
import io.kexin.gateway.provider.Endpoint;
import io.kexin.gateway.provider.ProviderApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
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
 * Measures request inspection end to end (segment extraction, normalization, one 10,000-term keyword list and 20
 * regexes, decision) on a 2 KB chat request of mixed Chinese and English, and scanning throughput on 1 MB of clean
 * text. Run: see the README's "Speed" section.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class InspectionBenchmark {
  static final String[] PATTERNS = {
    "1[3-9]\\\\d{9}", "\\\\d{17}[\\\\dXx]", "\\\\b\\\\d{3}-\\\\d{2}-\\\\d{4}\\\\b",
    "[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\\\\.[A-Za-z0-9-]{1,63}){0,8}\\\\.[A-Za-z]{2,24}",
    "(?i)api[_-]?key\\\\s*[:=]\\\\s*[A-Za-z0-9]{16,64}", "sk-[A-Za-z0-9]{20,48}", "AKIA[0-9A-Z]{16}",
    "ghp_[A-Za-z0-9]{36}", "\\\\b(?:\\\\d{4}[ -]?){3}\\\\d{4}\\\\b", "(?i)password\\\\s*[:=]\\\\s*\\\\S{6,64}",
    "\\\\b\\\\d{1,3}(?:\\\\.\\\\d{1,3}){3}\\\\b", "(?i)bearer\\\\s+[a-z0-9._-]{20,200}",
    "身份证号?[:：]?\\\\s*\\\\d{15,18}", "\\\\p{Han}{2}机密", "(?i)ignore (?:all )?previous instructions",
    "-----BEGIN [A-Z ]{0,20}PRIVATE KEY-----", "xox[baprs]-[0-9A-Za-z-]{10,48}", "(?i)jdbc:[a-z]{2,12}://\\\\S{1,200}",
    "\\\\+86\\\\s?1\\\\d{10}", "LTAI[0-9A-Za-z]{12,20}"
  };

  private PolicyInspector inspector;
  private ExchangeInfo exchange;
  private ObjectNode chat;
  private TextScanner scanner;
  private String clean1mb;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    Path dir = Files.createTempDirectory("kexin-bench");
    Random random = new Random(5);
    StringBuilder terms = new StringBuilder();
    for (int i = 0; i < 10_000; i++) {
      terms.append(i % 2 == 0 ? randomHan(random, 2 + random.nextInt(4)) : randomLatin(random, 5 + random.nextInt(8)))
          .append('\n');
    }
    Files.writeString(dir.resolve("terms.txt"), terms);
    StringBuilder policy = new StringBuilder("""
        apiVersion: kexin.io/v1
        kind: Policy
        metadata: {name: bench}
        rules:
          - id: keyword.bench
            detector: {keyword: {wordList: terms.txt, wholeWord: true}}
            action: redact
        """);
    for (int i = 0; i < PATTERNS.length; i++) {
      policy.append("  - id: regex.bench-").append(i).append("\n    detector: {regex: {pattern: \"")
          .append(PATTERNS[i]).append("\"}}\n    appliesTo: {directions: [request]}\n    action: redact\n");
    }
    Files.writeString(dir.resolve("bench.yaml"), policy);
    PolicySet set = new PolicyLoader().load(dir);
    inspector = new PolicyInspector(() -> set, AuditLog.writingTo(java.io.OutputStream.nullOutputStream(), 8192, new GatewayMetrics(false)), 1 << 16);
    exchange = new ExchangeInfo("bench", ProviderApi.openAi(), Endpoint.CHAT, "bench", "bench", List.of("bench"),
        false);
    StringBuilder user = new StringBuilder();
    while (user.length() < 1700) {
      user.append("请帮我总结一下这份季度报告的要点，并用中文和英文各写一段。Please summarize the quarterly report for "
          + "the board, highlighting revenue growth, hiring plans and the risks we discussed last week. ");
    }
    chat = (ObjectNode) new ObjectMapper().readTree(new ObjectMapper().createObjectNode()
        .put("model", "gpt-4o")
        .set("messages", new ObjectMapper().createArrayNode()
            .add(new ObjectMapper().createObjectNode().put("role", "system")
                .put("content", "你是一位严谨的财务分析助手。You are a careful financial analyst; answer concisely."))
            .add(new ObjectMapper().createObjectNode().put("role", "user").put("content", user.substring(0, 1700))))
        .toString());
    scanner = new TextScanner(() -> set);
    String prose = "the quick brown fox jumps over the lazy dog while the report covers quarterly results. ";
    clean1mb = prose.repeat(1_000_000 / prose.length() + 1).substring(0, 1_000_000);
  }

  private static String randomHan(Random r, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append((char) (0x4E00 + r.nextInt(0x9FA5 - 0x4E00)));
    }
    return sb.toString();
  }

  private static String randomLatin(Random r, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append((char) ('a' + r.nextInt(26)));
    }
    return sb.toString();
  }

  /** Inspects the 2 KB chat request: one operation is one request. */
  @Benchmark
  public Verdict inspectChatRequest2k() {
    return inspector.open(exchange).request(chat);
  }

  /** Scans 1 MB of clean English text: MB/s = 1 / (seconds per operation). */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public TextScanner.Result scanClean1mb() {
    return scanner.scan(clean1mb, Direction.REQUEST, null);
  }
}
