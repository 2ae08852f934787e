package io.kexin.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kexin.gateway.policy.CompiledPolicy;
import io.kexin.gateway.policy.PolicyLoader;
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
    try (GatewayProcess gateway = GatewayProcess.start(dir, "serve", "--port", "0", "--admin-port", "0",
        "--workers", "1")) {
      String[] urls = gateway.listening();
      assertThat(gateway.seen()).anyMatch(l -> l.contains("serving the pack built into the jar"));
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(urls[0] + "/v1/chat/completions"))
          .header("authorization", "Bearer " + DefaultSetup.DEMO_CLIENT_KEY).timeout(Duration.ofSeconds(30))
          .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"kexin-demo\",\"messages\":[{\"role\":\"user\","
              + "\"content\":\"我的密钥 " + KEY + " 请帮我检查\"}]}")).build(), HttpResponse.BodyHandlers.ofString());
      JsonNode policies = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(
          URI.create(urls[1] + "/policies")).build(), HttpResponse.BodyHandlers.ofString()).body());

      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body()).doesNotContain(KEY).contains("\"error\"");
      List<String> names = new ArrayList<>();
      policies.path("policies").forEach(p -> names.add(p.path("name").asText()));
      assertThat(names).containsExactlyInAnyOrder("default", "pii", "secrets", "content-safety");
      gateway.stop();
    }
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
}
