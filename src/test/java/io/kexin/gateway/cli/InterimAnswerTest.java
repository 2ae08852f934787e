package io.kexin.gateway.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checks that an upstream's interim answer ({@code 100 Continue}, {@code 103 Early Hints}) is not taken for the final
 * one: each client gets its own answer, and a pooled connection never carries one client's answer to the next.
 */
class InterimAnswerTest {
  private static final Pattern MARKER = Pattern.compile("marker-(\\d+)");

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"100 Continue", "103 Early Hints"})
  void eachClientGetsItsOwnAnswerAfterAnInterimOne(String interim) throws Exception {
    try (ScriptedUpstream up = new ScriptedUpstream((head, body, out) -> {
          Matcher m = MARKER.matcher(new String(body, US_ASCII));
          String marker = m.find() ? m.group() : "none";
          out.write(("HTTP/1.1 " + interim + "\r\nlink: </style.css>; rel=preload\r\n\r\n").getBytes(US_ASCII));
          out.flush();
          // The final answer comes in a later write, as a real upstream sends it once generation is done.
          Thread.sleep(30);
          ScriptedUpstream.json(out, 200, "{\"id\":\"c\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
              + "\"message\":{\"role\":\"assistant\",\"content\":\"answer for " + marker + "\"},"
              + "\"finish_reason\":\"stop\"}]}");
        });
        TestGateway gateway = TestGateway.forUpstream("openai", up.baseUrl(), "")) {
      for (int i = 0; i < 4; i++) {
        HttpResponse<String> r = gateway.post("/v1/chat/completions", "{\"model\":\"m\",\"messages\":[{\"role\":"
            + "\"user\",\"content\":\"marker-" + i + "\"}]}", "authorization", "Bearer " + TestGateway.CLIENT_KEY);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("answer for marker-" + i + "\"");
      }
    }
  }
}
