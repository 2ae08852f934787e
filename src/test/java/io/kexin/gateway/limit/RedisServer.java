package io.kexin.gateway.limit;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a real {@code redis-server} for a test on a free 127.0.0.1 port, without persistence, until {@link #close()}
 * or {@link #kill()}. Without Debian's {@code redis-server} installed the test is skipped, with a message saying so,
 * unless {@code KEXIN_REDIS_REQUIRED=1} (as CI sets it), which makes it fail.
 */
public final class RedisServer implements AutoCloseable {
  private static final Duration START_WITHIN = Duration.ofSeconds(10);
  private final Path executable;
  private final int port;
  private Process process;

  private RedisServer(Path executable, int port) {
    this.executable = executable;
    this.port = port;
  }

  /** Starts a server on a free port, or skips (fails under {@code KEXIN_REDIS_REQUIRED=1}) when none is installed. */
  public static RedisServer start() throws IOException, InterruptedException {
    Path executable = find();
    if (executable == null) {
      String message = "redis-server is not installed (apt-get install redis-server; CI's .ci/run installs it)";
      if ("1".equals(System.getenv("KEXIN_REDIS_REQUIRED"))) {
        fail(message + ", and KEXIN_REDIS_REQUIRED=1 requires it");
      }
      assumeTrue(false, message + ": test skipped");
    }
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    RedisServer server = new RedisServer(executable, port);
    server.launch();
    return server;
  }

  private static Path find() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      Path p = Path.of(dir, "redis-server");
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    Path debian = Path.of("/usr/bin/redis-server");
    return Files.isExecutable(debian) ? debian : null;
  }

  private void launch() throws IOException, InterruptedException {
    process = new ProcessBuilder(List.of(executable.toString(), "--port", Integer.toString(port), "--bind",
        "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes", "--maxmemory", "64mb",
        "--loglevel", "warning", "--databases", "1")).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    long deadline = System.nanoTime() + START_WITHIN.toNanos();
    while (!ping()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        process.destroyForcibly();
        fail("redis-server did not answer PING on 127.0.0.1:" + port + " within " + START_WITHIN);
      }
      Thread.sleep(20);
    }
  }

  /** Says whether the server answers {@code PING}. */
  boolean ping() {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(1000);
      OutputStream out = s.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] reply = in.readNBytes(7);
      return new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
    } catch (IOException e) {
      return false;
    }
  }

  /** Returns the server's process id. */
  public long pid() {
    return process.pid();
  }

  /** Returns the CPU time (user and system) process {@code pid} has used, from /proc (Linux). */
  public static long cpuNanos(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    return ticks * 10_000_000L; // USER_HZ is 100 on Linux
  }

  /** Returns the URL of the server. */
  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  /** Kills the server at once (SIGKILL), as a crash would; waits until it is gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** Stops the server's process (SIGSTOP): connections stay open and nothing answers, as on a stalled host. */
  public void pause() throws IOException, InterruptedException {
    signal("-STOP");
  }

  /** Lets a paused server go on (SIGCONT). */
  public void resume() throws IOException, InterruptedException {
    signal("-CONT");
  }

  private void signal(String signal) throws IOException, InterruptedException {
    new ProcessBuilder("kill", signal, Long.toString(process.pid())).start().waitFor(10, TimeUnit.SECONDS);
  }

  /** Starts the server again on the same port, empty. */
  public void restart() throws IOException, InterruptedException {
    kill();
    launch();
  }

  @Override
  public void close() throws IOException, InterruptedException {
    if (process != null) {
      resume();
      kill();
    }
  }
}
