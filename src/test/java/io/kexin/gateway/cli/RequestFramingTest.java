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

  @Test
  void anOversizedBodySentWithoutWaitingGets413NotAReset() throws Exception {
    try (ScriptedUpstream up = new ScriptedUpstream((head, body, out) -> ScriptedUpstream.json(out, 200, "{}"));
        TestGateway gateway = TestGateway.forUpstream("openai", up.baseUrl(), "limits: {maxRequestBytes: 65536}\n")) {
      URI uri = URI.create(gateway.proxyUrl("/"));
      int size = 1 << 20;
      try (Socket s = new Socket(uri.getHost(), uri.getPort())) {
        s.setSoTimeout(10_000);
        // The whole body goes out at once, as SDKs send it (no Expect: 100-continue), from another thread.
        Thread writer = new Thread(() -> {
          try {
            s.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\ncontent-type: "
                + "application/json\r\nauthorization: Bearer " + TestGateway.CLIENT_KEY + "\r\ncontent-length: "
                + size + "\r\n\r\n").getBytes(US_ASCII));
            byte[] piece = new byte[16_384];
            java.util.Arrays.fill(piece, (byte) 'a');
            for (int sent = 0; sent < size; sent += piece.length) {
              s.getOutputStream().write(piece);
            }
            s.shutdownOutput();
          } catch (Exception e) {
            // the gateway may close once it read enough; what the client reads is what the test checks
          }
        });
        writer.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        s.getInputStream().transferTo(out);
        writer.join(10_000);

        assertThat(out.toString(US_ASCII)).startsWith("HTTP/1.1 413").contains("request_too_large");
      }
      assertThat(up.requestHeads()).isEmpty();
      String metric = "kexin_requests_total{route=\"none\",status=\"413\"}";
      assertThat(gateway.metricsShowing(metric)).contains(metric);
    }
  }
}
