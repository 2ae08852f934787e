package io.kexin.gateway.detect.classifier;

import io.kexin.gateway.detect.Finding;
import io.kexin.gateway.text.ScanText;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
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
 * Measures the shipped classifier on 2 KB (UTF-8) prompts: English, Chinese and mixed, judged as one text (a request
 * rule), and the mixed one judged by sentence (an answer rule); the stacked model on the English prompt. Its
 * {@link #main} prints, per shipped model and language, the best of 400 batches of 50 in thread CPU time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ClassifierBenchmark {
  private ClassifierDetector text;
  private ClassifierDetector sentences;
  private ClassifierDetector stacked;
  private String english2k;
  private String chinese2k;
  private String mixed2k;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    LinearModel model;
    try (InputStream in = LinearModel.class.getResourceAsStream(LinearModel.SHIPPED)) {
      model = LinearModel.read(in);
    }
    text = ClassifierDetector.of("classifier.bench", "INJECTION", model, "injection", null,
        ClassifierDetector.Unit.TEXT, 512);
    sentences = ClassifierDetector.of("classifier.bench", "INJECTION", model, "injection", null,
        ClassifierDetector.Unit.SENTENCE, 512);
    stacked = ClassifierDetector.of("classifier.bench", "INJECTION", load(LinearModel.SHIPPED_STACKED), "injection",
        null, ClassifierDetector.Unit.TEXT, 512);
    english2k = utf8Prefix("Please summarize the attached quarterly report for the board and list the three main"
        + " risks. Keep it short, use bullet points, and mention the revenue figures from page 12. ", 2048);
    chinese2k = utf8Prefix("请帮我总结这份季度报告，列出三个主要风险，并说明第十二页的收入数据。语言要简洁，使用要点列表。", 2048);
    mixed2k = utf8Prefix("Summarize the report 请总结报告中的风险 and list the revenue numbers. 谢谢！", 2048);
  }

  private static LinearModel load(String resource) throws IOException {
    try (InputStream in = LinearModel.class.getResourceAsStream(resource)) {
      return LinearModel.read(in);
    }
  }

  /** Prints the best of 400 batches of 50 judgements per shipped model and language, in thread CPU time. */
  public static void main(String[] args) throws IOException {
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    ClassifierBenchmark b = new ClassifierBenchmark();
    b.setUp();
    for (String resource : List.of(LinearModel.SHIPPED, LinearModel.SHIPPED_STACKED)) {
      ClassifierDetector d = ClassifierDetector.of("classifier.bench", "INJECTION", load(resource), "injection", null,
          ClassifierDetector.Unit.TEXT, 512);
      for (String[] text : new String[][] {{"English", b.english2k}, {"Chinese", b.chinese2k}}) {
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 400; round++) {
          long start = cpu.getCurrentThreadCpuTime();
          for (int i = 0; i < 50; i++) {
            d.scan(ScanText.of(text[1]));
          }
          best = Math.min(best, (cpu.getCurrentThreadCpuTime() - start) / 50.0 / 1000);
        }
        System.out.printf(Locale.ROOT, "%s %s 2 KB: best %.1f us%n", resource, text[0], best);
      }
    }
  }

  /** Returns the longest repetition of {@code unit} whose UTF-8 encoding fits in {@code bytes}. */
  public static String utf8Prefix(String unit, int bytes) {
    StringBuilder sb = new StringBuilder();
    int size = 0;
    for (int i = 0; ; i = (i + 1) % unit.length()) {
      char c = unit.charAt(i);
      int b = c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
      if (size + b > bytes) {
        return sb.toString();
      }
      sb.append(c);
      size += b;
    }
  }

  /** Scores a 2 KB English prompt as one text. */
  @Benchmark
  public List<Finding> english2kText() {
    return text.scan(ScanText.of(english2k));
  }

  /** Scores a 2 KB English prompt as one text with the stacked model (the heuristics run too). */
  @Benchmark
  public List<Finding> english2kStacked() {
    return stacked.scan(ScanText.of(english2k));
  }

  /** Scores a 2 KB Chinese prompt as one text. */
  @Benchmark
  public List<Finding> chinese2kText() {
    return text.scan(ScanText.of(chinese2k));
  }

  /** Scores a 2 KB mixed prompt as one text. */
  @Benchmark
  public List<Finding> mixed2kText() {
    return text.scan(ScanText.of(mixed2k));
  }

  /** Scores a 2 KB mixed answer sentence by sentence. */
  @Benchmark
  public List<Finding> mixed2kSentences() {
    return sentences.scan(ScanText.of(mixed2k));
  }

  /** Checks the fixture sizes once: each prompt is 2 KB of UTF-8 at most. */
  static boolean fits(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length <= 2048;
  }
}
