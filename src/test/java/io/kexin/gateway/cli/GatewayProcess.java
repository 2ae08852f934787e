package io.kexin.gateway.cli;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@code gateway} with the test's class path as a process of its own, in a working directory of the test's
 * choosing, and reads its log lines as they come: tests wait on lines, never on the clock.
 */
final class GatewayProcess implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("proxy listening on \\S*:(\\d+), admin on \\S*:(\\d+)");
  private final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> seen = new ArrayList<>();

  private GatewayProcess(Process process) {
    this.process = process;
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          lines.add(line);
        }
      } catch (Exception e) {
        // the process ended
      }
    }, "gateway-log");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code gateway args…} in {@code dir}, without the providers' and the gateway's environment variables. */
  static GatewayProcess start(Path dir, String... args) throws Exception {
    // A build started under nohup hands SIGHUP down ignored, and the JVM then installs no handler for it: GNU env
    // restores the default so that tests which send SIGHUP see what a service manager's process would.
    return start(dir, "--default-signal=HUP", args);
  }

  /** Starts {@code gateway args…} in {@code dir} as a process started under nohup would be: SIGHUP ignored. */
  static GatewayProcess startIgnoringSighup(Path dir, String... args) throws Exception {
    return start(dir, "--ignore-signal=HUP", args);
  }

  private static GatewayProcess start(Path dir, String envSignal, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    if (System.getProperty("os.name").startsWith("Linux")) {
      command.addAll(List.of("env", envSignal));
    }
    command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", absoluteClassPath(), Main.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectInput(new File("/dev/null"));
    pb.environment().keySet().removeIf(k -> k.startsWith("OPENAI_") || k.startsWith("ANTHROPIC_")
        || k.startsWith("KEXIN_"));
    return new GatewayProcess(pb.start());
  }

  /** Returns the process, to signal it. */
  Process process() {
    return process;
  }

  /** Waits for the line that says the gateway listens and returns its proxy and admin base URLs. */
  String[] listening() throws InterruptedException {
    Matcher ports = LISTENING.matcher(await("proxy listening on"));
    if (!ports.find()) {
      throw new AssertionError("no ports in the listening line");
    }
    return new String[] {"http://127.0.0.1:" + ports.group(1), "http://127.0.0.1:" + ports.group(2)};
  }

  /** Returns the first log line from now on containing {@code text}, waiting up to 60 s for it. */
  String await(String text) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (line != null) {
        seen.add(line);
        if (line.contains(text)) {
          return line;
        }
      }
    }
    throw new AssertionError("no log line with '" + text + "' within 60 s; saw " + seen);
  }

  /** Waits up to 60 s in all until a log line containing each of {@code texts} has come, in any order. */
  void awaitAll(String... texts) throws InterruptedException {
    Set<String> missing = new HashSet<>(List.of(texts));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!missing.isEmpty() && System.nanoTime() < deadline) {
      String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (line != null) {
        seen.add(line);
        missing.removeIf(line::contains);
      }
    }
    if (!missing.isEmpty()) {
      throw new AssertionError("log lines not seen within 60 s: " + missing + "; saw " + seen);
    }
  }

  /** Returns every log line read so far. */
  List<String> seen() {
    return List.copyOf(seen);
  }

  /** Sends SIGTERM and waits up to 60 s for the process to end; says whether it did. */
  boolean stop() throws InterruptedException {
    process.destroy();
    return process.waitFor(60, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }

  /** Returns the test's class path with every entry absolute: the process may run in another directory. */
  private static String absoluteClassPath() {
    List<String> parts = new ArrayList<>();
    for (String p : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!p.isEmpty()) {
        parts.add(new File(p).getAbsolutePath());
      }
    }
    return String.join(File.pathSeparator, parts);
  }
}
