package io.kexin.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kexin.gateway.policy.PolicySet;
import io.kexin.gateway.policy.ShippedPolicies;
import io.kexin.gateway.tenant.VirtualKeys;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs a gateway in front of an Azure OpenAI upstream played by a real socket: OpenAI paths map to deployment paths
 * with the api-version, Azure paths pass as they are, the gateway's credential goes in api-key, the client's key
 * never leaves, and requests on Azure paths are inspected like any other (an unknown one is refused).
 */
class AzureOpenAiProxyTest {
  private static final String KEY = TestGateway.CLIENT_KEY;
  private static final String ANSWER = "{\"id\":\"c\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
      + "\"message\":{\"role\":\"assistant\",\"content\":\"好的 fine\"},\"finish_reason\":\"stop\"}]}";

  private static PolicySet policies;
  private ScriptedUpstream up;
  private TestGateway gateway;

  @BeforeAll
  static void loadPolicies() {
    policies = ShippedPolicies.pack();
  }

  @BeforeEach
  void start() throws Exception {
    up = new ScriptedUpstream((head, body, out) -> ScriptedUpstream.json(out, 200, head.contains("/embeddings")
        ? "{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":[0.1]}]}" : ANSWER));
    String names = String.join(", ", policies.all().stream().map(p -> p.name()).toList());
    gateway = UpstreamFaultTest.gateway("""
        listeners:
          proxy: {bind: 127.0.0.1, port: 0}
          admin: {bind: 127.0.0.1, port: 0}
        upstreams:
          - name: azure
            baseUrl: %s
            provider: azure-openai
            apiKey: ${REAL_KEY}
            deployments: {gpt-4o: prod-4o}
            apiVersion: 2024-10-21
        routes:
          - {name: openai-paths, pathPrefix: /v1, upstream: azure, policies: [%s]}
          - {name: azure-paths, pathPrefix: /openai, upstream: azure, policies: [%s]}
        tenants:
          - name: team-a
            keys: [%s]
        """.formatted(up.baseUrl(), names, names, VirtualKeys.hash(KEY)), policies);
  }

  @AfterEach
  void stop() throws Exception {
    gateway.close();
    up.close();
  }

  @Test
  void anOpenAiPathMapsToTheDeploymentOfItsModelWithTheApiKeyHeader() throws Exception {
    HttpResponse<String> r = gateway.post("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":"
        + "\"user\",\"content\":\"你好, hello\"}]}", "api-key", KEY);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("好的 fine");
    String head = up.requestHeads().get(0);
    assertThat(head).startsWith("POST /openai/deployments/prod-4o/chat/completions?api-version=2024-10-21 HTTP/1.1")
        .contains("api-key: " + TestGateway.REAL_KEY).doesNotContain(KEY).doesNotContainIgnoringCase("authorization");
  }

  @Test
  void aModelWithoutAnEntryIsItsOwnDeploymentAndAnUnsafeOneIsRefused() throws Exception {
    HttpResponse<String> own = gateway.post("/v1/embeddings", "{\"model\":\"text-embedding-3-small\",\"input\":"
        + "\"向量 vector\"}", "authorization", "Bearer " + KEY);
    HttpResponse<String> unsafe = gateway.post("/v1/chat/completions", "{\"model\":\"../../admin\",\"messages\":"
        + "[{\"role\":\"user\",\"content\":\"hi\"}]}", "authorization", "Bearer " + KEY);

    assertThat(own.statusCode()).isEqualTo(200);
    assertThat(up.requestHeads().get(0))
        .startsWith("POST /openai/deployments/text-embedding-3-small/embeddings?api-version=2024-10-21 HTTP/1.1");
    assertThat(unsafe.statusCode()).isEqualTo(400);
    assertThat(unsafe.body()).contains("no_deployment").contains("\"error\":{");
    assertThat(up.requestHeads()).hasSize(1);
  }

  @Test
  void anAzurePathPassesWithItsApiVersion() throws Exception {
    HttpResponse<String> r = gateway.post("/openai/deployments/my-dep/chat/completions?api-version=2024-06-01",
        "{\"messages\":[{\"role\":\"user\",\"content\":\"你好\"}]}", "api-key", KEY);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(up.requestHeads().get(0))
        .startsWith("POST /openai/deployments/my-dep/chat/completions?api-version=2024-06-01 HTTP/1.1")
        .contains("api-key: " + TestGateway.REAL_KEY).doesNotContain(KEY);
  }

  @Test
  void aRequestOnAnAzurePathIsInspected() throws Exception {
    HttpResponse<String> r = gateway.post("/openai/deployments/my-dep/chat/completions?api-version=2024-06-01", """
        {"messages":[{"role":"user","content":"检查这个 check -----BEGIN OPENSSH PRIVATE KEY-----\\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ"}]}""",
        "api-key", KEY);

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("content_policy_violation").doesNotContain("b3BlbnNzaC1rZXktdjEAAAAA");
    assertThat(up.requestHeads()).isEmpty();
  }

  @Test
  void anUnknownOrMalformedAzurePathIsRefused() throws Exception {
    HttpResponse<String> unknown = gateway.post("/openai/deployments/my-dep/images/generations?api-version=1",
        "{\"prompt\":\"x\"}", "api-key", KEY);
    HttpResponse<String> badDeployment = gateway.post("/openai/deployments/../chat/completions?api-version=1",
        "{\"messages\":[]}", "api-key", KEY);

    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("unknown path");
    assertThat(badDeployment.statusCode()).isIn(400, 404);
    assertThat(up.requestHeads()).isEmpty();
  }
}
