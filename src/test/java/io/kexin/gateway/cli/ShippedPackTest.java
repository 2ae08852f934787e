package io.kexin.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kexin.gateway.policy.CompiledPolicy;
import io.kexin.gateway.policy.PolicyLoader;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks that a gateway started without a config file away from {@code policies/} serves the pack built in, not
 * nothing: the copy is the shipped pack file for file, and a process started in an empty directory blocks a key.
 */
class ShippedPackTest {
  private static final Pattern LISTENING = Pattern.compile("proxy listening on \\S*:(\\d+), admin on \\S*:(\\d+)");
  private static final String KEY = "sk-proj-" + "Q7vKx2Lm9Pz4Tn8Wb3Yc6Rd1Hf5Js0Ga7Ue2Io4Xk9Vq3Nl8Mw6";

  @TempDir
  Path dir;

  @Test
  void theBuiltInCopyIsTheShippedPackFileForFile() throws Exception {
    ShippedPack.copyTo(dir);

    assertThat(contents(dir)).isEqualTo(contents(Path.of("policies")));
    assertThat(new PolicyLoader().load(dir).all()).extracting(CompiledPolicy::name)
        .containsExactlyInAnyOrder("default", "pii", "secrets", "content-safety");
  }

  @Test
  void anExistingDirectoryIsServedAsItIs() {
    assertThat(ShippedPack.directory(Path.of("policies"))).isEqualTo(Path.of("policies"));
    Path copy = ShippedPack.directory(dir.resolve("absent"));
    assertThat(copy).isNotEqualTo(dir.resolve("absent"));
    assertThat(copy.resolve("default.yaml")).isRegularFile();
  }

  @Test
  @EnabledOnOs({OS.LINUX, OS.MAC})
  void aGatewayStartedInAnEmptyDirectoryStillBlocksAKey() throws Exception {
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", absoluteClassPath(), Main.class.getName(), "serve",
        "--port", "0", "--admin-port", "0", "--workers", "1")
        .directory(dir.toFile()).redirectErrorStream(true).redirectInput(new File("/dev/null"));
    pb.environment().keySet().removeIf(k -> k.startsWith("OPENAI_") || k.startsWith("ANTHROPIC_")
        || k.startsWith("KEXIN_"));
    Process gateway = pb.start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(gateway.getInputStream(),
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
    try {
      List<String> seen = new ArrayList<>();
      Matcher ports = LISTENING.matcher(await(lines, "proxy listening on", seen));
      assertThat(ports.find()).isTrue();
      assertThat(seen).anyMatch(l -> l.contains("serving the pack built into the jar"));
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + ports.group(1) + "/v1/chat/completions"))
          .header("authorization", "Bearer " + DefaultSetup.DEMO_CLIENT_KEY).timeout(Duration.ofSeconds(30))
          .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"kexin-demo\",\"messages\":[{\"role\":\"user\","
              + "\"content\":\"我的密钥 " + KEY + " 请帮我检查\"}]}")).build(), HttpResponse.BodyHandlers.ofString());
      JsonNode policies = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + ports.group(2) + "/policies")).build(),
          HttpResponse.BodyHandlers.ofString()).body());

      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body()).doesNotContain(KEY).contains("\"error\"");
      List<String> names = new ArrayList<>();
      policies.path("policies").forEach(p -> names.add(p.path("name").asText()));
      assertThat(names).containsExactlyInAnyOrder("default", "pii", "secrets", "content-safety");
    } finally {
      gateway.destroy();
      if (!gateway.waitFor(60, TimeUnit.SECONDS)) {
        gateway.destroyForcibly();
      }
    }
  }

  /** Returns the test's class path with every entry absolute: the process runs in another directory. */
  private static String absoluteClassPath() {
    List<String> parts = new ArrayList<>();
    for (String p : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!p.isEmpty()) {
        parts.add(new File(p).getAbsolutePath());
      }
    }
    return String.join(File.pathSeparator, parts);
  }

  /** Returns every file below {@code root} by its relative path, with its bytes as text. */
  private static Map<String, String> contents(Path root) throws Exception {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        if (Files.isRegularFile(p)) {
          out.put(root.relativize(p).toString(), Files.readString(p, StandardCharsets.ISO_8859_1));
        }
      }
    }
    return out;
  }

  /** Returns the first log line containing {@code text}, waiting up to 60 s for it; keeps every line in seen. */
  private static String await(BlockingQueue<String> lines, String text, List<String> seen)
      throws InterruptedException {
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
}
