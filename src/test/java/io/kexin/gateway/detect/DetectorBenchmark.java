package io.kexin.gateway.detect;

import io.kexin.gateway.detect.keyword.KeywordDetector;
import io.kexin.gateway.detect.regex.RegexDetector;
import io.kexin.gateway.text.NormalizedText;
import io.kexin.gateway.text.Normalizer;
import io.kexin.gateway.text.ScanText;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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
import org.openjdk.jmh.infra.Blackhole;

/** Measures normalization, keyword and regex scanning on request-sized and megabyte texts. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DetectorBenchmark {
  private static final int ONE_MB = 1_000_000;
  private static final String CJK = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严";

  private Normalizer normalizer;
  private KeywordDetector keywords;
  private List<RegexDetector> regexes;
  private String mixed2k;
  private String ascii1mb;
  private List<String> terms200k;

  @Setup(Level.Trial)
  public void setUp() {
    normalizer = Normalizer.standard();
    Random random = new Random(11);
    List<String> terms = new ArrayList<>(List.of("敏感词", "国家机密", "法轮功", "password", "api key", "secret"));
    while (terms.size() < 10_000) {
      terms.add(randomTerm(random));
    }
    keywords = KeywordDetector.builder("keyword.bench").normalizer(normalizer).build(terms);
    regexes = new ArrayList<>();
    String[] patterns = {
      "1[3-9]\\d{9}", "\\d{17}[\\dXx]", "\\d{3}-\\d{4}", "[\\w.+-]+@[\\w-]+\\.[\\w.]+", "(?i)api[_-]?key",
      "sk-[A-Za-z0-9]{20,48}", "AKIA[0-9A-Z]{16}", "ghp_[A-Za-z0-9]{36}", "\\b(?:\\d{4}[ -]?){3}\\d{4}\\b",
      "(?i)password\\s*[:=]\\s*\\S+", "\\b\\d{1,3}(?:\\.\\d{1,3}){3}\\b", "(?i)bearer\\s+[a-z0-9._-]+",
      "身份证号?[:：]?\\s*\\d{15,18}", "\\p{Han}{2}机密", "(?i)ignore (all )?previous instructions",
      "-----BEGIN [A-Z ]*PRIVATE KEY-----", "(?i)\\bssn\\b\\s*\\d{3}-\\d{2}-\\d{4}", "xox[baprs]-[0-9A-Za-z-]{10,48}",
      "(?i)jdbc:[a-z]+://\\S+", "\\+86\\s?1\\d{10}"
    };
    for (int i = 0; i < patterns.length; i++) {
      regexes.add(RegexDetector.builder("regex.bench-" + i, patterns[i]).build());
    }
    StringBuilder sb = new StringBuilder();
    while (sb.length() < 2048) {
      sb.append("Please summarize the attached report for the board. 请帮我总结这份报告，其中提到了敏*感*词和國家機密。")
          .append(" The API key is not here; contact ops at ops@example.com or 13812345678. ")
          .append(CJK, random.nextInt(100), 100 + random.nextInt(100))
          .append(" Ｆｕｌｌ ｗｉｄｔｈ ｔｅｘｔ and p\u200Bassword. ");
    }
    mixed2k = sb.substring(0, 2048);
    String prose = "the quick brown fox jumps over the lazy dog while the report covers quarterly results. ";
    StringBuilder ascii = new StringBuilder(ONE_MB);
    while (ascii.length() < ONE_MB) {
      ascii.append(prose);
    }
    ascii1mb = ascii.substring(0, ONE_MB);
    terms200k = new ArrayList<>(200_000);
    while (terms200k.size() < 200_000) {
      terms200k.add(randomTerm(random));
    }
  }

  private static String randomTerm(Random random) {
    StringBuilder t = new StringBuilder();
    boolean han = random.nextBoolean();
    int length = han ? 2 + random.nextInt(4) : 4 + random.nextInt(8);
    for (int k = 0; k < length; k++) {
      t.append(han ? CJK.charAt(random.nextInt(CJK.length())) : (char) ('a' + random.nextInt(26)));
    }
    return t.toString();
  }

  /** (a) Normalizes a 2 KB mixed text and scans it against 10,000 terms. */
  @Benchmark
  public List<Finding> keywords2kMixed() {
    return keywords.scan(ScanText.of(mixed2k, normalizer));
  }

  /** (b) Runs 20 regexes over the same 2 KB text. */
  @Benchmark
  public void regexes20on2kMixed(Blackhole blackhole) {
    ScanText text = ScanText.of(mixed2k, normalizer);
    for (RegexDetector r : regexes) {
      blackhole.consume(r.scan(text));
    }
  }

  /** (c) Normalizes 1 MB of clean ASCII; the score in ops/us is MB/s. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OperationsPerInvocation(ONE_MB)
  public NormalizedText normalize1mbAscii() {
    return normalizer.normalize(ascii1mb);
  }

  /** (c) Normalizes and keyword-scans 1 MB of clean ASCII; the score in ops/us is MB/s. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OperationsPerInvocation(ONE_MB)
  public List<Finding> keywords1mbAscii() {
    return keywords.scan(ScanText.of(ascii1mb, normalizer));
  }

  /** (c) Runs the 20 regexes over 1 MB of clean ASCII; the score in ops/us is MB/s. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OperationsPerInvocation(ONE_MB)
  public void regexes20on1mbAscii(Blackhole blackhole) {
    ScanText text = ScanText.of(ascii1mb, normalizer);
    for (RegexDetector r : regexes) {
      blackhole.consume(r.scan(text));
    }
  }

  /** Compiles a 200,000-term keyword list. */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public KeywordDetector build200kTerms() {
    return KeywordDetector.builder("keyword.bench").normalizer(normalizer).build(terms200k);
  }
}
