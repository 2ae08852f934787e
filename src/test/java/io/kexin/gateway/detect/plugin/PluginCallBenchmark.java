package io.kexin.gateway.detect.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import io.kexin.gateway.detect.Detector;
import io.kexin.gateway.plugin.DetectorKind;
import io.kexin.gateway.plugin.Options;
import io.kexin.gateway.plugin.PluginDetector;
import io.kexin.gateway.text.ScanText;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Measures what the guard adds to a plugin call: the example plugin on a short clean text, called directly and
 * through the gateway (its own thread, the time budget, the answer checked).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PluginCallBenchmark {
  private static final String TEXT = "hello, please summarise the meeting notes; 没有账号";
  private DetectorPlugins plugins;
  private Detector guarded;
  private PluginDetector direct;
  private URLClassLoader loader;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    Path dir = Files.createTempDirectory("plugin-bench");
    Path jar = PluginJars.example(dir);
    plugins = DetectorPlugins.load(dir, Duration.ofSeconds(5), 2);
    guarded = plugins.kind("bankAccount").orElseThrow().detector("bench.bank", "BANK", Map.<String, JsonNode>of());
    loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, DetectorKind.class.getClassLoader());
    direct = ServiceLoader.load(DetectorKind.class, loader).iterator().next().create(Options.of(Map.of()));
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    plugins.close();
    loader.close();
  }

  @Benchmark
  public Object guarded() {
    return guarded.scan(ScanText.of(TEXT));
  }

  @Benchmark
  public Object direct() {
    return direct.scan(TEXT);
  }
}
