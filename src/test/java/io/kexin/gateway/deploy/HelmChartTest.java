package io.kexin.gateway.deploy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.kexin.gateway.cli.GatewayRuntime;
import io.kexin.gateway.config.ConfigLoader;
import io.kexin.gateway.config.GatewayConfig;
import io.kexin.gateway.config.LimitStoreKind;
import io.kexin.gateway.config.QuotaRule;
import io.kexin.gateway.inspect.TextScanner;
import io.kexin.gateway.policy.CompiledPolicy;
import io.kexin.gateway.policy.Direction;
import io.kexin.gateway.policy.PolicyLoader;
import io.kexin.gateway.policy.PolicySet;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lints and renders the Helm chart with a real Helm (helm-java: Helm's Go libraries, in-process, offline) for the
 * default and several other values, and checks the objects it makes: probes, security, the policy pack, shutdown
 * timing, optional objects, and that the schema refuses bad values.
 */
class HelmChartTest {
  private static final Path POLICIES = Path.of("policies");

  @TempDir Path scratch;

  @Test
  void lintFindsNothing() {
    LintResult lint = new Helm(HelmRender.CHART).lint().strict().call();
    assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();
  }

  @Test
  void defaultsMakeTheDeploymentAndItsCompanions() {
    HelmRender.Manifests m = HelmRender.template("", scratch);
    assertThat(m.kinds()).containsExactlyInAnyOrder("NetworkPolicy", "PodDisruptionBudget", "ConfigMap", "ConfigMap",
        "Service", "Deployment", "HorizontalPodAutoscaler");
    JsonNode deployment = m.get("Deployment", "");
    assertThat(deployment.at("/spec/replicas").isMissingNode()).as("replicas are the HPA's").isTrue();
    JsonNode hpa = m.get("HorizontalPodAutoscaler", "");
    assertThat(hpa.at("/spec/scaleTargetRef/name").asText()).isEqualTo(deployment.at("/metadata/name").asText());
    assertThat(hpa.at("/spec/metrics/0/resource/name").asText()).isEqualTo("cpu");
    assertThat(m.get("PodDisruptionBudget", "").at("/spec/selector/matchLabels"))
        .isEqualTo(deployment.at("/spec/selector/matchLabels"));
    assertThat(m.get("Service", "").at("/spec/selector")).isEqualTo(deployment.at("/spec/selector/matchLabels"));
  }

  @Test
  void probesAskTheAdminListenerOfTheRenderedConfig() {
    for (String values : List.of("", """
        config:
          listeners: {proxy: {bind: 0.0.0.0, port: 18080}, admin: {bind: 0.0.0.0, port: 19090}}
          upstreams: [{name: openai, baseUrl: 'https://api.openai.com', provider: openai}]
          routes: [{name: openai, pathPrefix: /v1, upstream: openai, policies: [default]}]
        """)) {
      HelmRender.Manifests m = HelmRender.template(values, scratch);
      GatewayConfig config = gatewayConfig(m);
      JsonNode container = container(m);
      assertThat(port(container, "admin")).isEqualTo(config.listeners().admin().port());
      assertThat(port(container, "http")).isEqualTo(config.listeners().proxy().port());
      assertThat(config.listeners().admin().bind()).as("kubelet probes come from the node").isEqualTo("0.0.0.0");
      assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/healthz");
      assertThat(container.at("/livenessProbe/httpGet/port").asText()).isEqualTo("admin");
      assertThat(container.at("/startupProbe/httpGet/path").asText()).isEqualTo("/healthz");
      assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/readyz");
      assertThat(container.at("/readinessProbe/httpGet/port").asText()).isEqualTo("admin");
      assertThat(container.path("args").toString()).isEqualTo("[\"serve\",\"--config\",\"/etc/kexin/config/gateway.yaml\"]");
      JsonNode service = m.get("Service", "");
      assertThat(service.at("/spec/ports/0/targetPort").asText()).isEqualTo("http");
      assertThat(service.at("/spec/ports/1/port").asInt()).isEqualTo(config.listeners().admin().port());
    }
  }

  @Test
  void podRunsAsNonRootOnAReadOnlyRootWithNoCapabilities() throws IOException {
    HelmRender.Manifests m = HelmRender.template("", scratch);
    JsonNode pod = m.get("Deployment", "").at("/spec/template/spec");
    JsonNode security = container(m).path("securityContext");
    assertThat(security.path("runAsNonRoot").asBoolean()).isTrue();
    assertThat(security.path("readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(security.path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
    assertThat(security.at("/capabilities/drop").toString()).isEqualTo("[\"ALL\"]");
    assertThat(security.at("/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
    assertThat(pod.at("/securityContext/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
    assertThat(pod.at("/securityContext/runAsUser").asInt())
        .as("the image's USER").isEqualTo(Integer.parseInt(Dockerfile.read().user().split(":")[0]));
    assertThat(pod.path("automountServiceAccountToken").asBoolean(true)).isFalse();
    assertThat(mountPath(container(m), "tmp")).as("the only writable path: Netty unpacks its native library there")
        .isEqualTo("/tmp");
    assertThat(volume(m, "tmp").has("emptyDir")).isTrue();
  }

  @Test
  void policiesConfigMapHoldsTheWholeShippedPackAndTheRenderedConfigServesTheFirstRequest() throws Exception {
    HelmRender.Manifests m = HelmRender.template("providerKeys: {OPENAI_API_KEY: sk-chart-test-0123456789}",
        scratch);
    Map<String, String> shipped = files(POLICIES);
    assertThat(shipped).containsKey("lists/codenames.txt");
    Map<String, String> mounted = mountedPolicies(m);
    assertThat(mounted).isEqualTo(shipped);
    GatewayConfig rendered = gatewayConfig(m);
    assertThat(rendered.policies().dir()).isEqualTo(Path.of(mountPath(container(m), "policies")));

    // The pod's files, laid out here: the policies volume, the provider key Secret, and gateway.yaml pointing at them.
    Path policies = materialize(mounted, scratch.resolve("policies"));
    Path keys = Files.createDirectories(scratch.resolve("keys"));
    JsonNode secret = m.get("Secret", "");
    Files.write(keys.resolve("OPENAI_API_KEY"), Base64.getDecoder().decode(secret.at("/data/OPENAI_API_KEY").asText()));
    WireMockServer provider = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    provider.start();
    try {
      provider.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
          .withHeader("content-type", "application/json").withBody("{\"id\":\"c1\",\"object\":"
              + "\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
              + "\"content\":\"好的, I will write to <EMAIL_1>\"},\"finish_reason\":\"stop\"}]}")));
      String yaml = m.get("ConfigMap", "-config").at("/data/gateway.yaml").asText()
          .replace(mountPath(container(m), "policies"), policies.toString())
          .replace(mountPath(container(m), "provider-keys"), keys.toString())
          .replace("https://api.openai.com", provider.baseUrl());
      GatewayConfig config = new ConfigLoader(name -> null).parse("gateway.yaml", yaml).withPorts(0, 0, "127.0.0.1");
      PolicySet loaded = new PolicyLoader().load(config.policies().dir());
      assertThat(loaded.all()).extracting(CompiledPolicy::name).contains("default", "pii", "secrets");
      try (GatewayRuntime gateway = new GatewayRuntime(config, loaded, 1, false, "test")) {
        gateway.start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String admin = "http://127.0.0.1:" + gateway.adminAddress().getPort();
        assertThat(http.send(HttpRequest.newBuilder(URI.create(admin + "/readyz")).timeout(Duration.ofSeconds(10))
            .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        // The request NOTES.txt suggests.
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + gateway.proxyAddress().getPort() + "/v1/chat/completions"))
            .header("Authorization", "Bearer kexin-demo-key").header("content-type", "application/json")
            .timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":"
                + "\"user\",\"content\":\"你好, my email is zhang.wei@example.cn\"}]}")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("好的, I will write to zhang.wei@example.cn");
        var sent = provider.getAllServeEvents().get(0).getRequest();
        assertThat(sent.getHeader("Authorization")).isEqualTo("Bearer sk-chart-test-0123456789");
        assertThat(sent.getBodyAsString()).contains("<EMAIL_1>").doesNotContain("zhang.wei");
      }
    } finally {
      provider.stop();
    }
  }

  @Test
  void policyFilesFromValuesJoinOrReplaceTheShippedOnesInChineseAndEnglish() throws IOException {
    String codenames = "Project Phoenix\n凤凰计划\n天鹅项目\n";
    HelmRender.Manifests m = HelmRender.template("""
        policies:
          files:
            lists/codenames.txt: "Project Phoenix\\n凤凰计划\\n天鹅项目\\n"
            team/README.md: "团队的策略 — team policies\\n"
        """, scratch);
    Map<String, String> mounted = mountedPolicies(m);
    assertThat(mounted.get("lists/codenames.txt")).isEqualTo(codenames);
    assertThat(mounted.get("team/README.md")).isEqualTo("团队的策略 — team policies\n");
    assertThat(mounted.get("secrets.yaml")).isEqualTo(files(POLICIES).get("secrets.yaml"));
    PolicySet loaded = new PolicyLoader().load(materialize(mounted, scratch.resolve("policies")));
    TextScanner scanner = new TextScanner(() -> loaded);
    assertThat(scanner.scan("天鹅项目 ships soon", Direction.REQUEST, "default").toJson(new ObjectMapper())
        .toString()).contains("keyword.project-codenames");
    assertThat(scanner.scan("Bluebird ships soon", Direction.REQUEST, "default").toJson(new ObjectMapper())
        .toString()).doesNotContain("keyword.project-codenames");
  }

  @Test
  void siteFilesMountAsTheSiteDirectoryThatTheRenderedConfigLayersOverThePackInChineseAndEnglish() throws IOException {
    HelmRender.Manifests m = HelmRender.template("""
        policies:
          site:
            files:
              acme.yaml: |
                apiVersion: kexin.io/v1
                kind: PolicyOverride
                metadata: {name: acme}
                rules:
                  - id: keyword.project-codenames
                    terms: [青鸟项目]
                    wordList: lists/acme-codenames.txt
                  - id: keyword.confidential-markers
                    enabled: false
              lists/acme-codenames.txt: "Project Kestrel\\n天鹅湖计划\\n"
        """, scratch);
    GatewayConfig config = gatewayConfig(m);
    assertThat(config.policies().site()).isEqualTo(Path.of(mountPath(container(m), "site")));
    assertThat(config.policies().dir()).isEqualTo(Path.of(mountPath(container(m), "policies")));
    Map<String, String> site = mounted(m, "-site", "site");
    assertThat(site).containsOnlyKeys("acme.yaml", "lists/acme-codenames.txt");
    assertThat(site.get("lists/acme-codenames.txt")).isEqualTo("Project Kestrel\n天鹅湖计划\n");
    assertThat(mountedPolicies(m)).isEqualTo(files(POLICIES));

    PolicySet loaded = new PolicyLoader().load(materialize(mountedPolicies(m), scratch.resolve("policies")),
        materialize(site, scratch.resolve("site")));
    assertThat(loaded.overrides()).hasSize(2);
    TextScanner scanner = new TextScanner(() -> loaded);
    for (String text : List.of("青鸟项目 ships soon", "天鹅湖计划的进度", "status of Project Kestrel", "project phoenix")) {
      assertThat(scanner.scan(text, Direction.REQUEST, "default").toJson(new ObjectMapper()).toString()).as(text)
          .contains("keyword.project-codenames");
    }
    for (String text : List.of("这是机密文件", "internal use only")) {
      assertThat(scanner.scan(text, Direction.REQUEST, "default").toJson(new ObjectMapper()).toString()).as(text)
          .doesNotContain("keyword.confidential-markers");
    }
    assertThat(annotations(m).path("checksum/policies"))
        .isNotEqualTo(annotations(HelmRender.template("", scratch)).path("checksum/policies"));

    HelmRender.Manifests none = HelmRender.template("", scratch);
    assertThat(none.find("ConfigMap", "-site")).isEmpty();
    assertThat(volumeNames(none)).doesNotContain("site");
    assertThat(gatewayConfig(none).policies().site()).isNull();
  }

  @Test
  void aSiteConfigMapOfYoursIsMountedInsteadOfTheChartsOwn() {
    HelmRender.Manifests m = HelmRender.template("""
        policies:
          fromImage: true
          site:
            existingConfigMap: acme-site
            items: [{key: acme.yaml, path: acme.yaml}, {key: lists--acme.txt, path: lists/acme.txt}]
        """, scratch);
    assertThat(m.find("ConfigMap", "-site")).isEmpty();
    assertThat(volume(m, "site").at("/configMap/name").asText()).isEqualTo("acme-site");
    assertThat(volume(m, "site").at("/configMap/items/1/path").asText()).isEqualTo("lists/acme.txt");
    assertThat(gatewayConfig(m).policies().site()).isEqualTo(Path.of(mountPath(container(m), "site")));
    assertThatThrownBy(() -> HelmRender.template("policies: {site: {files: {lists/big.txt: " + "x".repeat(1_100_000)
        + "}}}", scratch)).hasMessageContaining("policies.site: 1100000 bytes do not fit in a ConfigMap")
        .hasMessageContaining("policies.site.existingConfigMap");
  }

  @Test
  void aPackPastTheConfigMapLimitIsRefusedWithTheWayOut() {
    String big = "x".repeat(1_100_000);
    assertThatThrownBy(() -> HelmRender.template("policies: {files: {lists/big.txt: " + big + "}}", scratch))
        .hasMessageContaining("do not fit in a ConfigMap").hasMessageContaining("policies.fromImage");
  }

  @Test
  void shutdownWaitsLongerThanTheGatewayDrains() {
    HelmRender.Manifests m = HelmRender.template("shutdown: {preStopSeconds: 3, delaySeconds: 7, graceSeconds: 45}",
        scratch);
    GatewayConfig config = gatewayConfig(m);
    assertThat(config.limits().shutdownDelay()).isEqualTo(Duration.ofSeconds(7));
    assertThat(config.limits().shutdownGrace()).isEqualTo(Duration.ofSeconds(45));
    JsonNode pod = m.get("Deployment", "").at("/spec/template/spec");
    assertThat(pod.path("terminationGracePeriodSeconds").asInt()).isEqualTo(3 + 7 + 45 + 10);
    assertThat(container(m).at("/lifecycle/preStop/exec/command").toString()).isEqualTo("[\"sleep\",\"3\"]");

    HelmRender.Manifests defaults = HelmRender.template("", scratch);
    assertThat(defaults.get("Deployment", "").at("/spec/template/spec/terminationGracePeriodSeconds").asLong())
        .isGreaterThan(gatewayConfig(defaults).limits().shutdownGrace().plus(
            gatewayConfig(defaults).limits().shutdownDelay()).toSeconds());
  }

  @Test
  void checksumsRollThePodsWhenConfigOrPoliciesChange() {
    JsonNode base = annotations(HelmRender.template("", scratch));
    JsonNode policies = annotations(HelmRender.template("policies: {files: {extra.txt: '密钥'}}", scratch));
    JsonNode config = annotations(HelmRender.template("config: {audit: {sink: stderr}}", scratch));
    assertThat(policies.path("checksum/policies")).isNotEqualTo(base.path("checksum/policies"));
    assertThat(policies.path("checksum/config")).isEqualTo(base.path("checksum/config"));
    assertThat(config.path("checksum/config")).isNotEqualTo(base.path("checksum/config"));
    assertThat(annotations(HelmRender.template("rollOnConfigChange: false", scratch)).has("checksum/config"))
        .isFalse();
  }

  @Test
  void providerKeysBecomeASecretMountedAsFiles() {
    HelmRender.Manifests m = HelmRender.template("providerKeys: {OPENAI_API_KEY: sk-test-0123456789}", scratch);
    JsonNode secret = m.get("Secret", "");
    assertThat(new String(Base64.getDecoder().decode(secret.at("/data/OPENAI_API_KEY").asText()),
        StandardCharsets.UTF_8)).isEqualTo("sk-test-0123456789");
    assertThat(volume(m, "provider-keys").at("/secret/secretName").asText()).isEqualTo(secret.at("/metadata/name").asText());
    String dir = mountPath(container(m), "provider-keys");
    assertThat(gatewayConfig(m).upstreams().get(0).apiKeyFile()).isEqualTo(Path.of(dir, "OPENAI_API_KEY"));
    assertThat(m.text()).as("the key appears only base64-encoded").doesNotContain("sk-test-0123456789");
  }

  @Test
  void existingObjectsReplaceTheChartsOwn() {
    HelmRender.Manifests m = HelmRender.template("""
        existingSecret: llm-keys
        existingConfigMap: my-gateway
        policies:
          existingConfigMap: my-policies
          items:
            - {key: team.yaml, path: team.yaml}
            - {key: lists--words.txt, path: lists/words.txt}
        """, scratch);
    assertThat(m.kinds()).doesNotContain("ConfigMap", "Secret");
    assertThat(volume(m, "config").at("/configMap/name").asText()).isEqualTo("my-gateway");
    assertThat(volume(m, "provider-keys").at("/secret/secretName").asText()).isEqualTo("llm-keys");
    assertThat(volume(m, "policies").at("/configMap/name").asText()).isEqualTo("my-policies");
    assertThat(volume(m, "policies").at("/configMap/items/1/path").asText()).isEqualTo("lists/words.txt");
  }

  @Test
  void policiesFromTheImageUseItsShippedPath() throws IOException {
    HelmRender.Manifests m = HelmRender.template("policies: {fromImage: true}", scratch);
    assertThat(m.find("ConfigMap", "-policies")).isEmpty();
    assertThat(volumeNames(m)).doesNotContain("policies");
    assertThat(gatewayConfig(m).policies().dir()).isEqualTo(Path.of(Dockerfile.read().shippedPolicies()));
  }

  @Test
  void optionalObjectsRenderWhenAsked() {
    HelmRender.Manifests m = HelmRender.template("""
        autoscaling: {enabled: false}
        replicaCount: 3
        serviceMonitor: {enabled: true, interval: 15s}
        dashboard: {enabled: true}
        networkPolicy: {enabled: false}
        podDisruptionBudget: {enabled: false}
        ingress:
          enabled: true
          className: nginx
          hosts: [{host: llm.example.com, paths: [{path: /, pathType: Prefix}]}]
          tls: [{secretName: llm-tls, hosts: [llm.example.com]}]
        """, scratch);
    assertThat(m.kinds()).contains("ServiceMonitor", "Ingress").doesNotContain("HorizontalPodAutoscaler",
        "NetworkPolicy", "PodDisruptionBudget");
    assertThat(m.get("Deployment", "").at("/spec/replicas").asInt()).isEqualTo(3);
    JsonNode monitor = m.get("ServiceMonitor", "");
    assertThat(monitor.at("/spec/endpoints/0/port").asText()).isEqualTo("admin");
    assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/metrics");
    assertThat(m.get("Ingress", "").at("/spec/rules/0/http/paths/0/backend/service/port/name").asText())
        .isEqualTo("http");
    JsonNode dashboard = m.get("ConfigMap", "-dashboard");
    assertThat(dashboard.at("/metadata/labels/grafana_dashboard").asText()).isEqualTo("1");
    assertThat(dashboard.at("/data/kexin-gateway.json").asText()).contains("\"panels\"");
  }

  @Test
  void networkPolicyKeepsClientsOffTheAdminPort() {
    JsonNode policy = HelmRender.template("", scratch).get("NetworkPolicy", "");
    assertThat(policy.at("/spec/ingress/0/ports/0/port").asText()).isEqualTo("http");
    assertThat(policy.at("/spec/ingress/1/ports/0/port").asText()).isEqualTo("admin");
    assertThat(policy.at("/spec/ingress/1/from").isEmpty()).as("admin is open to the listed peers only").isFalse();
  }

  @Test
  void limitsSharedInRedisRenderIntoTheGatewaysConfig() {
    HelmRender.Manifests m = HelmRender.template("""
        config:
          quotas:
            store: redis
            redis: {url: "redis://redis.kexin.svc:6379", timeout: 50ms}
            prices: {gpt-4o: {input: 2.5, output: 10}}
            rules:
              - {name: per-tenant, requestsPerMinute: 600, tokensPerMinute: 200000, concurrent: 50}
              - {name: demo-budget, tenant: demo, costPerMonth: 100, onError: block}
        """, scratch);
    GatewayConfig rendered = gatewayConfig(m);
    assertThat(rendered.quotas().store()).isEqualTo(LimitStoreKind.REDIS);
    assertThat(rendered.quotas().rules()).extracting(QuotaRule::name).containsExactly("per-tenant", "demo-budget");
    assertThat(rendered.quotas().prices().get("gpt-4o").output()).isEqualTo(10.0);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "replicaCount: two",
      "replicas: 2",
      "shutdown: {graceSeconds: -1}",
      "service: {type: External}",
      "config: {limits: {shutdownGrace: 10s}}",
      "config: {listeners: {proxy: {port: 70000}, admin: {port: 9090}}}",
      "providerKeys: {OPENAI_API_KEY: ''}",
      "policies: {items: [{key: 'a/b', path: b}]}",
      "config: {quotas: {store: memcached}}",
      "config: {quotas: {store: redis}}",
      "config: {quotas: {rules: [{name: Per Tenant, requestsPerMinute: 5}]}}",
      "policies: {site: {file: {a.yaml: x}}}",
      "policies: {site: {items: [{key: 'a/b', path: b}]}}",
      "policies: {site: {files: {a.yaml: 3}}}"
  })
  void schemaRefusesBadValues(String values) {
    assertThatThrownBy(() -> HelmRender.template(values, scratch))
        .hasMessageContaining("values don't meet the specifications of the schema");
  }

  private static GatewayConfig gatewayConfig(HelmRender.Manifests m) {
    String text = m.get("ConfigMap", "-config").at("/data/gateway.yaml").asText();
    return new ConfigLoader(name -> null).parse("gateway.yaml", text);
  }

  private static JsonNode container(HelmRender.Manifests m) {
    return m.get("Deployment", "").at("/spec/template/spec/containers/0");
  }

  private static JsonNode annotations(HelmRender.Manifests m) {
    return m.get("Deployment", "").at("/spec/template/metadata/annotations");
  }

  private static int port(JsonNode container, String name) {
    for (JsonNode p : container.path("ports")) {
      if (p.path("name").asText().equals(name)) {
        return p.path("containerPort").asInt();
      }
    }
    throw new AssertionError("no port " + name + " in " + container);
  }

  private static String mountPath(JsonNode container, String volume) {
    for (JsonNode v : container.path("volumeMounts")) {
      if (v.path("name").asText().equals(volume)) {
        return v.path("mountPath").asText();
      }
    }
    throw new AssertionError("no mount of " + volume + " in " + container);
  }

  private static JsonNode volume(HelmRender.Manifests m, String name) {
    for (JsonNode v : m.get("Deployment", "").at("/spec/template/spec/volumes")) {
      if (v.path("name").asText().equals(name)) {
        return v;
      }
    }
    throw new AssertionError("no volume " + name);
  }

  private static List<String> volumeNames(HelmRender.Manifests m) {
    List<String> names = new ArrayList<>();
    m.get("Deployment", "").at("/spec/template/spec/volumes").forEach(v -> names.add(v.path("name").asText()));
    return names;
  }

  /** Returns the files the policies volume shows the gateway: the items' paths with their ConfigMap values. */
  private static Map<String, String> mountedPolicies(HelmRender.Manifests m) {
    return mounted(m, "-policies", "policies");
  }

  /** Returns the files {@code volume} shows the gateway: the items' paths with the values of ConfigMap {@code suffix}. */
  private static Map<String, String> mounted(HelmRender.Manifests m, String suffix, String volume) {
    JsonNode data = m.get("ConfigMap", suffix).path("data");
    Map<String, String> files = new TreeMap<>();
    for (JsonNode item : volume(m, volume).at("/configMap/items")) {
      assertThat(data.has(item.path("key").asText())).as("key %s", item).isTrue();
      files.put(item.path("path").asText(), data.path(item.path("key").asText()).asText());
    }
    assertThat(files).hasSize(data.size());
    return files;
  }

  private static Map<String, String> files(Path dir) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        files.put(dir.relativize(p).toString().replace('\\', '/'), Files.readString(p, StandardCharsets.UTF_8));
      }
    }
    return files;
  }

  private static Path materialize(Map<String, String> files, Path dir) throws IOException {
    for (Map.Entry<String, String> f : files.entrySet()) {
      Path p = dir.resolve(f.getKey());
      Files.createDirectories(p.getParent());
      Files.writeString(p, f.getValue(), StandardCharsets.UTF_8);
    }
    return dir;
  }
}
