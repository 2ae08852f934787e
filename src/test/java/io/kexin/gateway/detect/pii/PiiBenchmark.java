package io.kexin.gateway.detect.pii;

import io.kexin.gateway.detect.Finding;
import io.kexin.gateway.text.ScanText;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Measures the PII detector (all entities) on a 2 KB mixed prompt holding five values and on 1 MB of clean text. */
@State(Scope.Benchmark)
public class PiiBenchmark {
  private static final int ONE_MB = 1_000_000;

  private PiiDetector detector;
  private String prompt2k;
  private String clean1mb;
  private String cleanAscii1mb;

  @Setup(Level.Trial)
  public void setUp() {
    detector = PiiDetector.of("pii.bench", Set.of(), 0.5);
    String pii = "客户姓名：张三，身份证号码 11010519491231002X，手机 138-1234-5678，邮箱 zhang.san@example.com。"
        + "付款银行卡号 6228 4800 1234 5671，备用 Visa card 4111 1111 1111 1111, expiring 12/27. ";
    String[] filler = {
      "请帮我整理这份客户资料，并用英文写一封确认邮件。Please draft a short confirmation email for the customer. ",
      "The order 2024-0815 was shipped on 2024-08-15 to Building 3, Room 402; invoice total 1,299.00 CNY. ",
      "日志显示第 3 次重试失败，错误码 502，请在 24 小时内回复。Version 3.2.1 of the app fixed 17 bugs in 5 modules. ",
      "以下是会议纪要：第一，季度收入增长百分之十二；第二，新产品将于下月发布；第三，团队扩招五人。",
    };
    StringBuilder p = new StringBuilder(filler[0]).append(pii);
    for (int k = 1; p.length() < 2048; k++) {
      p.append(filler[k % filler.length]);
    }
    prompt2k = p.substring(0, 2048);
    String prose = "我们在第三季度完成了新版本的发布，用户反馈整体积极，团队将继续改进性能和稳定性。"
        + "The team shipped the new release in the third quarter; feedback was positive and work on speed "
        + "continues with 12 engineers across 3 sites. ";
    clean1mb = repeat(prose);
    cleanAscii1mb = repeat("the quick brown fox jumps over the lazy dog while the report covers quarterly results. ");
    if (!detector.scan(ScanText.of(clean1mb)).isEmpty() || detector.scan(ScanText.of(prompt2k)).size() != 5) {
      throw new IllegalStateException("benchmark texts: unexpected findings"
          + " (expected: none in clean text, 5 in the prompt)");
    }
  }

  private static String repeat(String unit) {
    StringBuilder sb = new StringBuilder(ONE_MB + unit.length());
    while (sb.length() < ONE_MB) {
      sb.append(unit);
    }
    return sb.substring(0, ONE_MB);
  }

  /** Scans the 2,048-char mixed prompt for all entities; sample mode reports the median. */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public List<Finding> prompt2kMixed() {
    return detector.scan(ScanText.of(prompt2k));
  }

  /** Scans 1,000,000 chars of clean mixed Chinese/English prose; the score in ops/us is M chars/s. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OperationsPerInvocation(ONE_MB)
  public List<Finding> clean1mbMixed() {
    return detector.scan(ScanText.of(clean1mb));
  }

  /** Scans 1,000,000 chars of clean ASCII prose; the score in ops/us is MB/s. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OperationsPerInvocation(ONE_MB)
  public List<Finding> clean1mbAscii() {
    return detector.scan(ScanText.of(cleanAscii1mb));
  }
}
