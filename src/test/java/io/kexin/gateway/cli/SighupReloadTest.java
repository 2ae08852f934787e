package io.kexin.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kexin.gateway.tenant.VirtualKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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
      try (GatewayProcess gateway = GatewayProcess.start(dir, "serve", "--config", config.toString(), "--workers",
          "1")) {
        String[] urls = gateway.listening();
        String proxy = urls[0];
        String admin = urls[1];
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

        assertThat(chat(http, proxy).statusCode()).isEqualTo(200);
        assertThat(chat(http, proxy, SECOND_KEY).statusCode()).isEqualTo(401);
        Files.move(audit, dir.resolve("audit.log.1"));
        Files.writeString(policies.resolve("p.yaml"), PolicyReloadTest.policy("凤凰计划", "block"));
        Files.writeString(config, text.replace("keys: ['", "keys: ['" + VirtualKeys.hash(SECOND_KEY) + "', '"));
        assertThat(new ProcessBuilder("kill", "-HUP", Long.toString(gateway.process().pid())).start()
            .waitFor(30, TimeUnit.SECONDS)).isTrue();
        // the three happen on their own threads, in any order: wait for each before asking
        gateway.awaitAll("audit file reopened", "policies reloaded (sighup)", "config reloaded (sighup)");

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
        // SIGTERM: drains, closes the audit file after its last line
        assertThat(gateway.stop()).isTrue();
        assertThat(Files.readString(dir.resolve("audit.log.1"))).contains("\"action\":\"redact\"")
            .doesNotContain("\"action\":\"block\"");
        assertThat(Files.readString(audit)).contains("\"action\":\"block\"").doesNotContain("凤凰");
      }
    }
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  void saysWhenSighupIsIgnored() throws Exception {
    try (GatewayProcess gateway = GatewayProcess.startIgnoringSighup(dir, "serve", "--port", "0", "--admin-port",
        "0", "--workers", "1")) {
      assertThat(gateway.await("SIGHUP")).contains("ignored").contains("/policies/reload");
      gateway.listening();
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
}
