package io.kexin.gateway.detect.person;

import io.kexin.gateway.detect.Finding;
import io.kexin.gateway.text.ScanText;
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
 * Measures the names recognizer on 2 KB of Chinese and of English prose with names, a new scan text each call (as the
 * proxy has it: nothing derived from the text is cached between calls).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PersonBenchmark {
  private PersonDetector detector;
  private String chinese2k;
  private String english2k;

  @Setup(Level.Trial)
  public void setUp() {
    detector = PersonDetector.of("pii.bench", 0.7);
    chinese2k = repeat("客户王建国昨天打电话说，他上周在网站上下的订单还没有到。张伟经理表示会尽快处理，并让李娜同事联系物流公司。"
        + "关于仓库地址的问题，我们已经通知了上海浦东的仓储部门，周末不营业，工作日的营业时间是早上九点到下午六点。"
        + "请帮我总结一下这份季度报告的要点，并用中文写一段说明，重点说明收入增长、招聘计划以及上周讨论的风险。"
        + "陈静表示同意，刘洋补充说还需要财务部门确认。");
    english2k = repeat("Hello team, Zhang Wei called yesterday about the invoice, and Priya Raman said the books and the "
        + "keyboard are still in transit. Could you explain what usually causes a delay like this? Tom Becker from the "
        + "Shanghai office will forward the tracking page to Maria Garcia. The quarterly report covers revenue growth, "
        + "hiring plans and the risks we discussed last week with Dr. Smith and the board. Please summarize it in "
        + "English for the Monday meeting. ");
    if (detector.scan(ScanText.of(chinese2k)).isEmpty() || detector.scan(ScanText.of(english2k)).isEmpty()) {
      throw new IllegalStateException("benchmark texts: expected names in both");
    }
  }

  private static String repeat(String unit) {
    StringBuilder sb = new StringBuilder();
    while (sb.length() < 2048) {
      sb.append(unit);
    }
    return sb.substring(0, 2048);
  }

  /** Scans 2 KB of Chinese prose with names. */
  @Benchmark
  public List<Finding> chinese2k() {
    return detector.scan(ScanText.of(chinese2k));
  }

  /** Scans 2 KB of English prose with names. */
  @Benchmark
  public List<Finding> english2k() {
    return detector.scan(ScanText.of(english2k));
  }
}
