package io.kexin.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Checks strict config loading: every error names file:line:col, the bad value and what was expected. */
class ConfigLoaderTest {
  private static final String HASH = "sha256:" + "ab".repeat(32);
  private final ConfigLoader loader = new ConfigLoader(Map.of("OPENAI_KEY", "sk-from-env", "PORT", "8181")::get);

  private static String valid(String upstreamExtra) {
    return """
        listeners:
          proxy:
            port: ${PORT}
        upstreams:
          - name: openai
            baseUrl: https://api.openai.com
            provider: openai
            apiKey: ${OPENAI_KEY}
        %s
        routes:
          - pathPrefix: /v1
            upstream: openai
        tenants:
          - name: 研发部
            keys: [%s]
        """.formatted(upstreamExtra, HASH);
  }

  @Test
  void loadsAValidConfigWithSubstitutionAndDefaults() {
    GatewayConfig c = loader.parse("gateway.yaml", valid("    timeouts: {connect: 250ms, firstByte: 2m}"));

    assertThat(c.listeners().proxy().port()).isEqualTo(8181);
    assertThat(c.listeners().admin().port()).isEqualTo(9090);
    assertThat(c.upstreams().get(0).apiKey()).isEqualTo("sk-from-env");
    assertThat(c.upstreams().get(0).toString()).doesNotContain("sk-from-env");
    assertThat(c.upstreams().get(0).timeouts().connect()).isEqualTo(Duration.ofMillis(250));
    assertThat(c.upstreams().get(0).timeouts().firstByte()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.upstreams().get(0).timeouts().idle()).isEqualTo(Duration.ofSeconds(120));
    assertThat(c.routes().get(0).name()).isEqualTo("openai");
    assertThat(c.tenants().get(0).name()).isEqualTo("研发部");
    assertThat(c.limits().maxRequestBytes()).isEqualTo(4 << 20);
  }

  @Test
  void defaultValuesInSubstitutionApply() {
    ConfigLoader bare = new ConfigLoader(Map.<String, String>of()::get);
    GatewayConfig c = bare.parse("g.yaml", """
        listeners:
          proxy: {port: "${PORT:-7070}"}
        """);

    assertThat(c.listeners().proxy().port()).isEqualTo(7070);
  }

  @Test
  void aCredentialGoesOverPlainHttpOnlyToLoopbackOrWhereDeclaredInsecure() {
    ConfigLoader bare = new ConfigLoader(Map.<String, String>of()::get);
    GatewayConfig c = bare.parse("g.yaml", """
        upstreams:
          - {name: lan, baseUrl: 'http://10.0.0.5:8000', provider: openai, apiKey: k, insecure: true}
          - {name: local, baseUrl: 'http://localhost:11434', provider: openai, apiKey: k}
          - {name: keyless, baseUrl: 'http://10.0.0.6:8000', provider: openai}
        """);

    assertThat(c.upstreams()).extracting(UpstreamConfig::insecure).containsExactly(true, false, false);
  }

  @Test
  void targetsRetriesFallbacksAndAzureBindWithTheirDefaults() {
    GatewayConfig c = loader.parse("g.yaml", """
        upstreams:
          - name: pool
            provider: openai
            targets:
              - {baseUrl: 'https://a.example', weight: 3}
              - {baseUrl: 'https://b.example:8443/v', name: b, priority: 1, maxConnections: 10, maxPendingRequests: 5}
          - {name: azure, baseUrl: 'https://r.openai.azure.com', provider: azure-openai, deployment: prod}
          - {name: single, baseUrl: 'https://c.example', provider: openai}
        routes:
          - {upstream: pool, fallbacks: [azure, single], retry: {attempts: 1, on: [connect-failure, 503]}}
          - {name: plain, pathPrefix: /x, upstream: single}
        """);

    UpstreamConfig pool = c.upstreams().get(0);
    assertThat(pool.targetList()).extracting(TargetConfig::label).containsExactly("a.example:443", "b");
    assertThat(pool.targetList()).extracting(TargetConfig::weight).containsExactly(3, 1);
    assertThat(pool.targetList()).extracting(TargetConfig::priority).containsExactly(0, 1);
    assertThat(pool.outlierDetection()).isEqualTo(OutlierConfig.DEFAULT);
    assertThat(c.upstreams().get(1).apiVersion()).isEqualTo(UpstreamConfig.AZURE_API_VERSION);
    assertThat(c.upstreams().get(2).targetList()).hasSize(1);
    assertThat(c.routes().get(0).fallbacks()).containsExactly("azure", "single");
    assertThat(c.routes().get(0).retry().on()).containsExactly("connect-failure", "503");
    assertThat(c.routes().get(1).retry()).isEqualTo(RetryConfig.DEFAULT);
    assertThat(RetryConfig.DEFAULT.attempts()).isEqualTo(2);
    assertThat(RetryConfig.DEFAULT.on()).containsExactlyElementsOf(RetryConfig.REASONS);
  }

  @Test
  void routesNameModelsAsStringsOrEntriesAndTenantsTakeGlobs() {
    GatewayConfig c = loader.parse("g.yaml", """
        upstreams: [{name: a, baseUrl: 'http://127.0.0.1:1', provider: openai}]
        routes:
          - upstream: a
            models:
              - gpt-4o*
              - {name: chat-default, upstreamModel: gpt-4o-mini, policies: [secrets]}
              - name: Qwen/Qwen2.5-72B-Instruct
        tenants: [{name: t, models: ['gpt-4o*', chat-default]}]
        """);

    List<ModelConfig> models = c.routes().get(0).models();
    assertThat(models).extracting(ModelConfig::name)
        .containsExactly("gpt-4o*", "chat-default", "Qwen/Qwen2.5-72B-Instruct");
    assertThat(models.get(0).glob()).isTrue();
    assertThat(models.get(1).upstreamModel()).isEqualTo("gpt-4o-mini");
    assertThat(models.get(1).policies()).containsExactly("secrets");
    assertThat(c.tenants().get(0).models()).containsExactly("gpt-4o*", "chat-default");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      glob alias       | - {name: 'gpt-*', upstreamModel: gpt-4o}   | g.yaml:5:9: routes[0].models[0]: upstreamModel: set on the glob 'gpt-*' (expected: an alias is one exact name)
      name with space  | - 'gpt 4o'                                 | g.yaml:5:9: routes[0].models[0]: name: 'gpt 4o' (expected: a model name or glob of letters, digits, '.', '_', ':', '/', '@', '+', '-' and '*', at most 128 characters)
      bad alias target | - {name: fast, upstreamModel: 'gpt-4o mini'} | g.yaml:5:9: routes[0].models[0]: upstreamModel: 'gpt-4o mini' (expected: a model name of
      unknown key      | - {name: fast, alias: gpt-4o}              | g.yaml:5:22: unknown key 'alias' in routes[0].models[0] (expected one of: name, policies, upstreamModel)
      duplicate name   | - gpt-4o\\n      - {name: gpt-4o}           | g.yaml:6:9: routes[0].models[1]: model 'gpt-4o' named twice on this route (expected: each name or glob once)
      """)
  void badModelEntriesNameFileLineAndColumn(String name, String entry, String message) {
    String yaml = """
        upstreams: [{name: a, baseUrl: 'http://127.0.0.1:1', provider: openai}]
        routes:
          - upstream: a
            models:
              %s
        """.formatted(entry.replace("\\n", "\n"));
    assertThatThrownBy(() -> loader.parse("g.yaml", yaml))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void aTenantsModelThatIsNoNameNorGlobIsRefused() {
    assertThatThrownBy(() -> loader.parse("g.yaml", "tenants:\n  - {name: t, models: ['gpt 4o']}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("g.yaml:2:5: tenants[0]: models: 'gpt 4o' (expected: a model name or glob");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      unknown key           | listeners:\\n  proxy: {prot: 80}                  | g.yaml:2:11: unknown key 'prot' in listeners.proxy (expected one of: bind, port, tls)
      wrong type            | listeners:\\n  proxy: {port: eighty}              | g.yaml:2:17: listeners.proxy.port: bad value 'eighty' (expected: an integer)
      out of range          | listeners:\\n  proxy: {port: 70000}               | g.yaml:2:10: listeners.proxy: port: 70000 (expected: 0..65535)
      unset variable        | upstreams:\\n  - {name: a, baseUrl: '${NOPE}'}     | g.yaml:2:24: upstreams[0].baseUrl: ${NOPE}: environment variable is not set (expected: set it, or write ${NOPE:-default})
      bad provider          | upstreams:\\n  - {name: a, baseUrl: 'http://x', provider: azure} | g.yaml:2:46: upstreams[0].provider: provider: azure (expected: openai, anthropic, azure-openai)
      bad duration          | limits:\\n  shutdownGrace: soon                  | g.yaml:2:18: limits.shutdownGrace: bad value 'soon' (expected: a duration such as 250ms, 5s, 2m)
      list expected         | tenants: team-a                                  | g.yaml:1:10: tenants: wrong type (expected: a list)
      bad key hash          | tenants:\\n  - {name: t, keys: [my-secret-key]}  | g.yaml:2:5: tenants[0]: keys: a value that is not a key hash (expected: sha256:<64 lowercase hex>, as printed by `./gateway hash-key`)
      duplicate key         | limits: {}\\nlimits: {}                          | g.yaml:2:1: duplicate key 'limits' (expected: each key once in a mapping)
      duplicate nested key  | tenants:\\n  - name: 研发部\\n    name: 测试       | g.yaml:3:5: duplicate key 'name' (expected: each key once in a mapping)
      audit unknown key     | audit: {sinc: file}                              | g.yaml:1:9: unknown key 'sinc' in audit (expected one of: hashKey, hashKeyFile, path, queue, sink)
      audit bad sink        | audit: {sink: syslog}                            | g.yaml:1:15: audit.sink: sink: syslog (expected: stdout, stderr, file, off)
      audit queue zero      | audit: {queue: 0}                                | g.yaml:1:8: audit: queue: 0 (expected: 1..1048576)
      audit queue type      | audit: {queue: many}                             | g.yaml:1:16: audit.queue: bad value 'many' (expected: an integer)
      audit file no path    | audit:\\n  sink: file                            | g.yaml:2:3: audit: path: missing (expected: the file to append audit lines to, with sink: file)
      audit path not file   | audit:\\n  sink: stdout\\n  path: a.jsonl         | g.yaml:2:3: audit: path: a.jsonl given with sink: stdout (expected: sink: file, or no path)
      ftp url               | upstreams:\\n  - {name: a, baseUrl: 'ftp://x', provider: openai} | g.yaml:2:5: upstreams[0]: baseUrl: ftp://x (expected: an http:// or https:// URL)
      url and targets       | upstreams:\\n  - {name: a, baseUrl: 'http://x', targets: [{baseUrl: 'http://y'}], provider: openai} | g.yaml:2:5: upstreams[0]: baseUrl and targets: both set (expected: one baseUrl, or a list of targets)
      no url nor targets    | upstreams:\\n  - name: a\\n    provider: openai\\n    targets: [] | g.yaml:2:5: upstreams[0]: baseUrl: missing (expected: a baseUrl, or a non-empty list of targets)
      zero weight           | upstreams:\\n  - name: a\\n    provider: openai\\n    targets:\\n      - {baseUrl: 'http://y'}\\n      - {baseUrl: 'http://z', weight: 0} | g.yaml:6:9: upstreams[0].targets[1]: weight: 0 (expected: 1 to 1000)
      negative priority     | upstreams:\\n  - name: a\\n    provider: openai\\n    targets:\\n      - {baseUrl: 'http://y', priority: -1} | g.yaml:5:9: upstreams[0].targets[0]: priority: -1 (expected: 0 to 100, lower is preferred)
      duplicate target      | upstreams:\\n  - name: a\\n    provider: openai\\n    targets:\\n      - {baseUrl: 'http://y'}\\n      - {baseUrl: 'http://y:80'} | g.yaml:6:9: upstreams[0].targets[1]: duplicate target 'y:80' (expected: distinct URLs, or a distinct name for each)
      credential in url     | upstreams:\\n  - {name: a, provider: openai, targets: [{baseUrl: 'http://u:p@x'}]} | g.yaml:2:43: upstreams[0].targets[0]: baseUrl: a URL with user info (expected: the credential in apiKey or apiKeyFile, never in the URL)
      deployment not azure  | upstreams:\\n  - {name: a, baseUrl: 'http://x', provider: openai, deployment: d} | g.yaml:2:5: upstreams[0]: deployment: set on an upstream of provider openai (expected: only with provider: azure-openai)
      unknown fallback      | upstreams:\\n  - {name: a, baseUrl: 'http://x', provider: openai}\\nroutes:\\n  - {upstream: a, fallbacks: [b]} | g.yaml:4:31: routes[0].fallbacks[0]: unknown upstream 'b' (expected one of: a)
      fallback to itself    | upstreams:\\n  - {name: a, baseUrl: 'http://x', provider: openai}\\nroutes:\\n  - {upstream: a, fallbacks: [a]} | g.yaml:4:31: routes[0].fallbacks[0]: upstream 'a' named twice (expected: the route's upstream once, each fallback once)
      unsafe retry          | upstreams:\\n  - {name: a, baseUrl: 'http://x', provider: openai}\\nroutes:\\n  - {upstream: a, retry: {on: [500]}} | g.yaml:4:26: routes[0].retry: on: 500 (expected: any of connect-failure, reset-before-response, 429, 502, 503, 504; other failures are not safe to retry)
      retry unknown key     | upstreams:\\n  - {name: a, baseUrl: 'http://x', provider: openai}\\nroutes:\\n  - {upstream: a, retry: {atempts: 1}} | g.yaml:4:27: unknown key 'atempts' in routes[0].retry (expected one of: attempts, backoff, maxBackoff, maxRetryAfter, on)
      negative ejection     | upstreams:\\n  - {name: a, baseUrl: 'http://x', provider: openai, outlierDetection: {consecutiveFailures: -1}} | g.yaml:2:72: upstreams[0].outlierDetection: consecutiveFailures: -1 (expected: >= 0, 0 never ejects)
      key to plain target   | upstreams:\\n  - {name: a, provider: openai, targets: [{baseUrl: 'http://10.0.0.1'}], apiKey: k} | g.yaml:2:5: upstreams[0]: baseUrl: http://10.0.0.1 (expected: https:// when a credential is sent, or a loopback address; set insecure: true to send the credential in clear anyway)
      key over plain http   | upstreams:\\n  - {name: a, baseUrl: 'http://10.0.0.5:8000', provider: openai, apiKey: k} | g.yaml:2:5: upstreams[0]: baseUrl: http://10.0.0.5:8000 (expected: https:// when a credential is sent, or a loopback address; set insecure: true to send the credential in clear anyway)
      """)
  void errorsNameFileLineAndColumn(String name, String yaml, String message) {
    assertThatThrownBy(() -> loader.parse("g.yaml", yaml.replace("\\n", "\n")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(message);
  }

  @Test
  void aRouteToAnUnknownUpstreamPointsAtTheReference() {
    String yaml = valid("").replace("upstream: openai", "upstream: opanai");

    assertThatThrownBy(() -> loader.parse("gateway.yaml", yaml))
        .hasMessage("gateway.yaml:12:15: routes[0].upstream: unknown upstream 'opanai' (expected one of: openai)");
  }

  @Test
  void aKeyGivenToTwoTenantsIsRefused() {
    String yaml = valid("") + "  - name: other\n    keys: [" + HASH + "]\n";

    assertThatThrownBy(() -> loader.parse("gateway.yaml", yaml))
        .hasMessageStartingWith("gateway.yaml:17:12: tenants[1].keys[0]: key hash already given to another tenant");
  }

  @Test
  void aSecretInAValueNeverAppearsInAnError() {
    assertThatThrownBy(() -> loader.parse("g.yaml", "tenants:\n  - {name: t, keys: [sk-live-abcdef]}"))
        .hasMessageNotContaining("sk-live-abcdef");
  }

  @Test
  void relativePathsResolveAgainstTheConfigFile(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("gateway.yaml"), """
        upstreams:
          - {name: a, baseUrl: 'http://127.0.0.1:1', provider: openai, apiKeyFile: secrets/key}
        policies: {dir: my-policies}
        """);

    GatewayConfig c = loader.load(dir.resolve("gateway.yaml"));

    assertThat(c.upstreams().get(0).apiKeyFile()).isEqualTo(dir.resolve("secrets/key").toAbsolutePath());
    assertThat(c.policies().dir()).isEqualTo(dir.resolve("my-policies").toAbsolutePath());
  }

  @Test
  void auditDefaultsToStandardOutputWithAQueueOf8192() {
    GatewayConfig c = loader.parse("g.yaml", valid(""));

    assertThat(c.audit().sink()).isEqualTo(AuditSink.STDOUT);
    assertThat(c.audit().path()).isNull();
    assertThat(c.audit().queue()).isEqualTo(8192);
  }

  @Test
  void anAuditFileResolvesAgainstTheConfigFile(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("logs"));
    Files.writeString(dir.resolve("gateway.yaml"), "audit: {sink: file, path: logs/audit.jsonl, queue: 100}\n");

    GatewayConfig c = loader.load(dir.resolve("gateway.yaml"));

    assertThat(c.audit().sink()).isEqualTo(AuditSink.FILE);
    assertThat(c.audit().path()).isEqualTo(dir.resolve("logs/audit.jsonl").toAbsolutePath());
    assertThat(c.audit().queue()).isEqualTo(100);
    assertThat(dir.resolve("logs/audit.jsonl")).doesNotExist();
  }

  @Test
  void anAuditFileInAMissingDirectoryStopsLoading(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("gateway.yaml");
    Files.writeString(file, "listeners: {}\naudit:\n  sink: file\n  path: nowhere/审计.jsonl\n");

    assertThatThrownBy(() -> loader.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(file + ":4:9: audit.path: " + dir.resolve("nowhere/审计.jsonl") + ": directory "
            + dir.resolve("nowhere") + " does not exist (expected: a writable file, appended to and created if missing)");
  }

  @Test
  void anAuditFileThatIsADirectoryStopsLoading(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("gateway.yaml");
    Files.createDirectories(dir.resolve("logs"));
    Files.writeString(file, "audit: {sink: file, path: logs}\n");

    assertThatThrownBy(() -> loader.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(file + ":1:27: audit.path: " + dir.resolve("logs") + ": is a directory");
  }

  @Test
  void aConfigFileOverOneMebibyteIsRefusedWithItsSize(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("g.yaml");
    Files.writeString(file, valid("") + "#".repeat(1 << 20));

    assertThatThrownBy(() -> loader.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(file + ": config file of ")
        .hasMessageEndingWith(" bytes (expected: at most 1048576 bytes, 1 MiB)");
  }

  @Test
  void invalidUtf8InTheConfigIsNamedByLineAndColumn(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("g.yaml");
    byte[] text = valid("").replace("研发部", "研发部\u0000").getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < text.length; i++) {
      if (text[i] == 0) {
        text[i] = (byte) 0xFE;
      }
    }
    Files.write(file, text);

    assertThatThrownBy(() -> loader.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(file + ":14:14: invalid UTF-8: byte 0xFE at offset ");
  }

  @Test
  void aMissingFileSaysSo(@TempDir Path dir) {
    assertThatThrownBy(() -> loader.load(dir.resolve("absent.yaml"))).hasMessageContaining("config file not found");
  }

  @Test
  void theShippedExampleLoads() {
    ConfigLoader withEnv = new ConfigLoader(Map.of("OPENAI_API_KEY", "sk-x", "ANTHROPIC_API_KEY", "sk-ant-x")::get);
    GatewayConfig c = withEnv.load(Path.of("gateway.example.yaml"));

    assertThat(c.upstreams()).isNotEmpty();
    assertThat(c.routes()).isNotEmpty();
    assertThat(c.tenants()).isNotEmpty();
    assertThat(c.audit().sink()).isEqualTo(AuditSink.STDOUT);
    assertThat(c.limits().pdf()).isEqualTo(PdfLimits.DEFAULT);
  }

  @Test
  void pdfBoundsAndTheirDirectionAreRead(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("g.yaml");
    Files.writeString(file, "limits:\n  pdf: {maxPages: 5, maxChars: 1000, maxMillis: 500, unreadable: pass}\n");

    PdfLimits pdf = loader.load(file).limits().pdf();

    assertThat(pdf).isEqualTo(new PdfLimits(8 << 20, 5, 1000, 64L << 20, 500, PdfLimits.UnreadablePdf.PASS));
    Files.writeString(file, "limits:\n  pdf: {unreadable: ignore}\n");
    assertThatThrownBy(() -> loader.load(file)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("unreadable: ignore (expected: refuse, pass)");
  }

  @Test
  void imageReadingIsOffByDefaultAndItsBoundsAreRead(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("g.yaml");
    Files.writeString(file, "limits: {}\n");
    assertThat(loader.load(file).limits().images()).isEqualTo(ImageLimits.DEFAULT);
    assertThat(ImageLimits.DEFAULT.reads()).isFalse();

    Files.writeString(file, "limits:\n  images: {ocr: true, languages: [chi_tra, eng], maxPixels: 1000000,"
        + " maxMillis: 3000, maxConcurrent: 1, unreadable: pass}\n");
    ImageLimits images = loader.load(file).limits().images();

    assertThat(images).isEqualTo(new ImageLimits(true, "tesseract", List.of("chi_tra", "eng"), 10 << 20,
        1_000_000L, 3000, 1, ImageLimits.Unreadable.PASS, 8));
    Files.writeString(file, "limits:\n  images: {ocr: true, languages: ['eng; rm -rf /']}\n");
    assertThatThrownBy(() -> loader.load(file)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("an OCR language name");
    Files.writeString(file, "limits:\n  images: {unreadable: ignore}\n");
    assertThatThrownBy(() -> loader.load(file)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("unreadable: ignore (expected: refuse, pass)");
    Files.writeString(file, "limits:\n  images: {maxMillis: 0}\n");
    assertThatThrownBy(() -> loader.load(file)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("images.maxMillis: 0 (expected: > 0)");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "images: {maxPixels: 0}|images.maxPixels: 0 (expected: > 0)",
      "pdf: {maxMemoryBytes: -1}|pdf.maxMemoryBytes: -1 (expected: > 0)",
      "pdf: {maxPages: 0}|pdf.maxPages: 0 (expected: > 0)",
      "clientIdleTimeout: 0s|clientIdleTimeout: PT0S (expected: > 0)",
      "maxConnections: -5|maxConnections: -5 (expected: > 0)"})
  void aBoundThatMustBePositiveIsRefusedByName(String limit, String message, @TempDir Path dir) throws Exception {
    Path file = dir.resolve("g.yaml");
    Files.writeString(file, "limits:\n  " + limit + "\n");

    assertThatThrownBy(() -> loader.load(file)).isInstanceOf(ConfigException.class).hasMessageContaining(message);
  }
}
