package io.kexin.gateway.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * Checks, through real sockets, requests whose framing or target a proxy and its upstream could read differently:
 * each is answered by the gateway in the caller's format and never reaches the upstream.
 */
class RequestFramingTest {
  private static final String BODY = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  private static String exchange(TestGateway gateway, String raw) throws Exception {
    URI uri = URI.create(gateway.proxyUrl("/"));
    try (Socket s = new Socket(uri.getHost(), uri.getPort())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(raw.getBytes(US_ASCII));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      InputStream in = s.getInputStream();
      in.transferTo(out);
      return out.toString(US_ASCII);
    }
  }

  @Test
  void aTransferCodingOtherThanChunkedIsRefusedWith501() throws Exception {
    try (ScriptedUpstream up = new ScriptedUpstream((head, body, out) -> ScriptedUpstream.json(out, 200, "{}"));
        TestGateway gateway = TestGateway.forUpstream("openai", up.baseUrl(), "")) {
      String chunk = Integer.toHexString(BODY.length()) + "\r\n" + BODY + "\r\n0\r\n\r\n";
      String answer = exchange(gateway, "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\ncontent-type: "
          + "application/json\r\nauthorization: Bearer " + TestGateway.CLIENT_KEY + "\r\ntransfer-encoding: gzip, "
          + "chunked\r\n\r\n" + chunk);

      assertThat(answer).startsWith("HTTP/1.1 501").contains("unsupported_transfer_coding");
      assertThat(up.requestHeads()).isEmpty();
    }
  }

  @Test
  void aFragmentInTheRequestTargetIsRefused() throws Exception {
    try (ScriptedUpstream up = new ScriptedUpstream((head, body, out) -> ScriptedUpstream.json(out, 200, "{}"));
        TestGateway gateway = TestGateway.forUpstream("openai", up.baseUrl(), "")) {
      String answer = exchange(gateway, "POST /v1/chat/completions#frag HTTP/1.1\r\nHost: x\r\ncontent-type: "
          + "application/json\r\nauthorization: Bearer " + TestGateway.CLIENT_KEY + "\r\nconnection: close\r\n"
          + "content-length: " + BODY.length() + "\r\n\r\n" + BODY);

      assertThat(answer).startsWith("HTTP/1.1 400").contains("bad_request_target");
      assertThat(up.requestHeads()).isEmpty();
    }
  }

  @Test
  void plainChunkedRequestsStillWork() throws Exception {
    try (ScriptedUpstream up = new ScriptedUpstream((head, body, out) -> ScriptedUpstream.json(out, 200,
            "{\"id\":\"c\",\"object\":\"chat.completion\",\"choices\":[]}"));
        TestGateway gateway = TestGateway.forUpstream("openai", up.baseUrl(), "")) {
      String chunk = Integer.toHexString(BODY.length()) + "\r\n" + BODY + "\r\n0\r\n\r\n";
      String answer = exchange(gateway, "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\ncontent-type: "
          + "application/json\r\nauthorization: Bearer " + TestGateway.CLIENT_KEY + "\r\nconnection: close\r\n"
          + "transfer-encoding: chunked\r\n\r\n" + chunk);

      assertThat(answer).startsWith("HTTP/1.1 200");
      assertThat(up.requestHeads()).hasSize(1);
    }
  }
}
