package io.kexin.gateway.leak;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakTracker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * Records every leak Netty reports instead of only logging it, so a test run can fail on it. Netty builds it in place
 * of its own detector when the test JVM runs with {@code -Dio.netty.customResourceLeakDetector} naming this class
 * (see the surefire configuration); {@link LeakCheck} reads the records after each test class. The records are
 * process-wide because Netty's detectors are: one per resource type, created once per JVM. Thread-safe.
 */
public final class RecordingLeakDetector<T> extends ResourceLeakDetector<T> {
  private static final ConcurrentLinkedQueue<String> REPORTED = new ConcurrentLinkedQueue<>();
  private static final LongAdder TRACKED = new LongAdder();
  private static volatile boolean installed;

  /** Creates a detector; called by Netty's detector factory through reflection. */
  public RecordingLeakDetector(Class<?> resourceType, int samplingInterval) {
    super(resourceType, samplingInterval);
    installed = true;
  }

  /** Creates a detector; the form older Netty factories call. */
  @SuppressWarnings("deprecation")
  public RecordingLeakDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
    super(resourceType, samplingInterval, maxActive);
    installed = true;
  }

  /** Says whether Netty built at least one detector of this class, i.e. the JVM was started to record leaks. */
  public static boolean installed() {
    return installed;
  }

  /** Returns how many resources were tracked so far: a check may skip its garbage collection when none was new. */
  static long tracked() {
    return TRACKED.sum();
  }

  @Override
  public ResourceLeakTracker<T> track(T obj) {
    TRACKED.increment();
    return super.track(obj);
  }

  /** Reports every leak, whatever the logger's level. */
  @Override
  protected boolean needReport() {
    return true;
  }

  @Override
  protected void reportTracedLeak(String resourceType, String records) {
    REPORTED.add("LEAK: " + resourceType + ".release() was not called before it was garbage-collected." + records);
    super.reportTracedLeak(resourceType, records);
  }

  @Override
  protected void reportUntracedLeak(String resourceType) {
    REPORTED.add("LEAK: " + resourceType + ".release() was not called before it was garbage-collected"
        + " (no records: the detection level was not advanced or paranoid)");
    super.reportUntracedLeak(resourceType);
  }

  /** Removes and returns the reports recorded so far that {@code matching} accepts, in the order they came. */
  static List<String> take(Predicate<String> matching) {
    List<String> taken = new ArrayList<>();
    REPORTED.removeIf(r -> {
      if (matching.test(r)) {
        taken.add(r);
        return true;
      }
      return false;
    });
    return taken;
  }
}
