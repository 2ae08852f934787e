import io.kexin.gateway.text.ScanText;
import java.lang.management.ManagementFactory;
import java.util.function.IntToLongFunction;

/**
 * Normalizes the 2 KB prompt of {@code ContentSafetyBenchmark} (a new scan text each call, as a request has it)
 * through the gateway's public API only, so that it compiles against any build's jar; loaded once per jar by
 * {@code InspectAb}: {@code java -DprobeClass=NormalizeProbe -Dprobe=DIR -cp DIR InspectAb OLD.jar NEW.jar}.
 */
public class NormalizeProbe implements IntToLongFunction {
  private final String prompt;
  private long sink;

  public NormalizeProbe() {
    StringBuilder user = new StringBuilder("请根据以下记录写一封英文回信，语气礼貌。Customer called about the invoice. ");
    while (user.length() < 2000) {
      user.append("请帮我总结一下这份季度报告的要点，并用中文和英文各写一段。Please summarize the quarterly report for "
          + "the board, highlighting revenue growth, hiring plans and the risks we discussed last week. ");
    }
    prompt = user.substring(0, 2000);
  }

  @Override
  public long applyAsLong(int n) {
    var threads = ManagementFactory.getThreadMXBean();
    long t0 = threads.getCurrentThreadCpuTime();
    for (int i = 0; i < n; i++) {
      sink += ScanText.of(prompt).normalized().length();
    }
    return (threads.getCurrentThreadCpuTime() - t0) / n;
  }
}
