package io.kexin.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kexin.gateway.tenant.VirtualKeys;
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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code gateway serve} as its own process and sends it SIGHUP: the config and the policies are reloaded and the
 * audit file, rotated away before, is reopened by name. Waits on the process's log lines, never on the clock.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class SighupReloadTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECOND_KEY = "kx-second-tenant-key";
  private static final Pattern LISTENING = Pattern.compile("proxy listening on \\S*:(\\d+), admin on \\S*:(\\d+)");

  @TempDir
  Path dir;

  @Test
  void sighupReloadsThePoliciesAndReopensTheAuditFile() throws Exception {
    Path policies = Files.createDirectories(dir.resolve("policies"));
    Files.writeString(policies.resolve("p.yaml"), PolicyReloadTest.policy("凤凰计划", "redact"));
    Path audit = dir.resolve("audit.log");
    try (ScriptedUpstream up = new ScriptedUpstream((head, body, out) -> ScriptedUpstream.json(out, 200,
        "{\"id\":\"x\",\"object\":\"chat.completion\",\"model\":\"m\",\"choices\":[{\"index\":0,\"finish_reason\":"
            + "\"stop\",\"message\":{\"role\":\"assistant\",\"content\":\"ok\"}}]}"))) {
      Path config = dir.resolve("gateway.yaml");
      String text = """
          listeners:
            proxy: {bind: 127.0.0.1, port: 0}
            admin: {bind: 127.0.0.1, port: 0}
          upstreams:
            - {name: up, baseUrl: '%s', provider: openai, apiKey: sk-test}
          routes:
            - {name: main, pathPrefix: /v1, upstream: up, policies: [p]}
          tenants:
            - {name: t, keys: ['%s']}
          policies: {dir: policies, watch: false}
          audit: {sink: file, path: audit.log}
          """.formatted(up.baseUrl(), VirtualKeys.hash(TestGateway.CLIENT_KEY));
      Files.writeString(config, text);
      Process gateway = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx256m", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve", "--config",
          config.toString(), "--workers", "1").redirectErrorStream(true).redirectInput(new File("/dev/null"))
          .start();
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
        Matcher ports = LISTENING.matcher(await(lines, "proxy listening on"));
        assertThat(ports.find()).isTrue();
        String proxy = "http://127.0.0.1:" + ports.group(1);
        String admin = "http://127.0.0.1:" + ports.group(2);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

        assertThat(chat(http, proxy).statusCode()).isEqualTo(200);
        assertThat(chat(http, proxy, SECOND_KEY).statusCode()).isEqualTo(401);
        Files.move(audit, dir.resolve("audit.log.1"));
        Files.writeString(policies.resolve("p.yaml"), PolicyReloadTest.policy("凤凰计划", "block"));
        Files.writeString(config, text.replace("keys: ['", "keys: ['" + VirtualKeys.hash(SECOND_KEY) + "', '"));
        assertThat(new ProcessBuilder("kill", "-HUP", Long.toString(gateway.pid())).start()
            .waitFor(30, TimeUnit.SECONDS)).isTrue();
        // the three happen on their own threads, in any order: wait for each before asking
        awaitAll(lines, "audit file reopened", "policies reloaded (sighup)", "config reloaded (sighup)");

        assertThat(chat(http, proxy).statusCode()).isEqualTo(400);
        assertThat(chat(http, proxy, SECOND_KEY).statusCode()).as("the config reloaded too").isEqualTo(400);
        JsonNode configStatus = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(admin + "/config"))
            .build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(configStatus.at("/lastReload/trigger").asText()).isEqualTo("sighup");
        assertThat(configStatus.at("/lastReload/result").asText()).isEqualTo("applied");
        JsonNode status = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(admin + "/policies")).build(),
            HttpResponse.BodyHandlers.ofString()).body());
        assertThat(status.at("/lastReload/trigger").asText()).isEqualTo("sighup");
        assertThat(status.at("/lastReload/result").asText()).isEqualTo("applied");
        gateway.destroy(); // SIGTERM: drains, closes the audit file after its last line
        assertThat(gateway.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(dir.resolve("audit.log.1"))).contains("\"action\":\"redact\"")
            .doesNotContain("\"action\":\"block\"");
        assertThat(Files.readString(audit)).contains("\"action\":\"block\"").doesNotContain("凤凰");
      } finally {
        gateway.destroyForcibly();
      }
    }
  }

  private static HttpResponse<String> chat(HttpClient http, String proxy) throws Exception {
    return chat(http, proxy, TestGateway.CLIENT_KEY);
  }

  private static HttpResponse<String> chat(HttpClient http, String proxy, String key) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(proxy + "/v1/chat/completions"))
        .header("authorization", "Bearer " + key).timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"凤凰计划 status\"}]}")).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Waits up to 60 s in all until a log line containing each of {@code texts} has come, in any order. */
  private static void awaitAll(BlockingQueue<String> lines, String... texts) throws InterruptedException {
    Set<String> missing = new HashSet<>(List.of(texts));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!missing.isEmpty() && System.nanoTime() < deadline) {
      String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (line != null) {
        missing.removeIf(line::contains);
      }
    }
    assertThat(missing).as("log lines not seen within 60 s").isEmpty();
  }

  /** Returns the first log line containing {@code text}, waiting up to 60 s for it. */
  private static String await(BlockingQueue<String> lines, String text) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (line != null && line.contains(text)) {
        return line;
      }
    }
    throw new AssertionError("no log line with '" + text + "' within 60 s");
  }
}
