package io.kexin.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Checks that an upstream named by host name is reached through the gateway's asynchronous resolver. */
class UpstreamHostNameTest {

  @Test
  void anUpstreamNamedByHostNameIsResolvedAndServed() throws Exception {
    try (ScriptedUpstream up = new ScriptedUpstream((head, body, out) -> ScriptedUpstream.json(out, 200,
            "{\"id\":\"c\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
                + "\"assistant\",\"content\":\"resolved\"},\"finish_reason\":\"stop\"}]}"));
        TestGateway gateway = TestGateway.forUpstream("openai", up.baseUrl().replace("127.0.0.1", "localhost"), "")) {
      HttpResponse<String> r = gateway.post("/v1/chat/completions", "{\"model\":\"m\",\"messages\":[{\"role\":"
          + "\"user\",\"content\":\"hi\"}]}", "authorization", "Bearer " + TestGateway.CLIENT_KEY);

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("resolved");
      assertThat(up.requestHeads()).hasSize(1);
    }
  }
}
