package io.kexin.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Drives the proxy over raw sockets on both sides, to check what goes on the wire: which headers each hop sees,
 * pipelined requests, and when upstream connections are reused.
 */
class ProxyConnectionTest {
  private static final String ANSWER = "{\"object\":\"chat.completion\",\"choices\":[]}";

  private static String request(String id, String extraHeaders) {
    String body = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"你好 " + id + "\"}]}";
    int length = body.getBytes(StandardCharsets.UTF_8).length;
    return "POST /v1/chat/completions HTTP/1.1\r\nhost: gateway.local\r\ncontent-type: application/json\r\n"
        + "authorization: Bearer " + TestGateway.CLIENT_KEY + "\r\nx-request-id: " + id + "\r\n" + extraHeaders
        + "content-length: " + length + "\r\n\r\n" + body;
  }

  /** Reads one response with a Content-Length body; returns head and body. */
  private static String[] readResponse(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      assertThat(b).as("response ended early").isNotNegative();
      head.write(b);
      matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String h = head.toString(StandardCharsets.ISO_8859_1);
    int length = 0;
    for (String line : h.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    return new String[] {h, new String(in.readNBytes(length), StandardCharsets.UTF_8)};
  }

  private static Socket connect(TestGateway gateway) throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), gateway.runtime.proxyAddress().getPort());
    s.setSoTimeout(10_000);
    return s;
  }

  @Test
  void eachHopSeesOnlyItsOwnHeaders() throws Exception {
    try (ScriptedUpstream up = new ScriptedUpstream((head, body, out) -> {
          byte[] bytes = ANSWER.getBytes(StandardCharsets.UTF_8);
          out.write(("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: keep-alive, x-up-hop\r\n"
              + "x-up-hop: 1\r\nkeep-alive: timeout=5\r\nx-up-kept: 2\r\ncontent-length: " + bytes.length
              + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
          out.write(bytes);
        });
        TestGateway gateway = TestGateway.forUpstream("openai", up.baseUrl(), "");
        Socket client = connect(gateway)) {
      client.getOutputStream().write(request("0e1f2a3b4c5d6e7f",
          "connection: keep-alive, x-client-hop\r\nx-client-hop: 1\r\n"
          + "x-client-kept: 2\r\nte: trailers\r\nproxy-authorization: Basic eA==\r\naccept-encoding: gzip\r\n"
          + "x-forwarded-for: 10.0.0.1\r\n").getBytes(StandardCharsets.UTF_8));
      String[] response = readResponse(client.getInputStream());

      String upstreamHead = up.requestHeads().get(0).toLowerCase(Locale.ROOT);
      assertThat(upstreamHead).startsWith("post /v1/chat/completions http/1.1\r\n")
          .contains("\r\nx-client-kept: 2\r\n", "\r\nhost: 127.0.0.1:", "\r\naccept-encoding: identity\r\n",
              "\r\nx-request-id: 0e1f2a3b4c5d6e7f\r\n", "\r\nx-forwarded-for: 10.0.0.1, 127.0.0.1\r\n",
              "\r\nx-forwarded-proto: http\r\n",
              "\r\nauthorization: bearer " + TestGateway.REAL_KEY.toLowerCase(Locale.ROOT) + "\r\n")
          .doesNotContain("x-client-hop", "\r\nte:", "proxy-authorization", "gateway.local", "gzip",
              TestGateway.CLIENT_KEY, "\r\nconnection:");
      String head = response[0].toLowerCase(Locale.ROOT);
      assertThat(head).startsWith("http/1.1 200 ok\r\n")
          .contains("\r\nx-up-kept: 2\r\n", "\r\nx-request-id: 0e1f2a3b4c5d6e7f\r\n", "\r\ncontent-length: ")
          .doesNotContain("x-up-hop", "keep-alive", "transfer-encoding");
      assertThat(response[1]).isEqualTo(ANSWER);
    }
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrderOnOneUpstreamConnection() throws Exception {
    try (ScriptedUpstream up = new ScriptedUpstream((head, body, out) -> ScriptedUpstream.json(out, 200,
            new String(body, StandardCharsets.UTF_8)));
        TestGateway gateway = TestGateway.forUpstream("openai", up.baseUrl(), "");
        Socket client = connect(gateway)) {
      OutputStream out = client.getOutputStream();
      out.write((request("aaaaaaaaaaaaaaaa", "") + request("bbbbbbbbbbbbbbbb", "") + request("cccccccccccccccc", ""))
          .getBytes(StandardCharsets.UTF_8));
      out.flush();
      for (String id : new String[] {"aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb", "cccccccccccccccc"}) {
        String[] response = readResponse(client.getInputStream());
        assertThat(response[0]).contains("x-request-id: " + id + "\r\n");
        assertThat(response[1]).contains("你好 " + id);
      }
      for (String id : new String[] {"dddddddddddddddd", "eeeeeeeeeeeeeeee"}) {
        out.write(request(id, "").getBytes(StandardCharsets.UTF_8));
        assertThat(readResponse(client.getInputStream())[1]).contains("你好 " + id);
      }

      assertThat(up.requestHeads()).hasSize(5);
      assertThat(up.connections()).isEqualTo(1);
    }
  }

  @Test
  void anUpstreamConnectionIsNotReusedAfterTheUpstreamSaidClose() throws Exception {
    try (ScriptedUpstream up = new ScriptedUpstream((head, body, out) -> {
          byte[] bytes = ANSWER.getBytes(StandardCharsets.UTF_8);
          out.write(("HTTP/1.0 200 OK\r\ncontent-type: application/json\r\ncontent-length: " + bytes.length
              + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
          out.write(bytes);
          out.flush();
          throw new IOException("HTTP/1.0 without keep-alive: the connection ends here");
        });
        TestGateway gateway = TestGateway.forUpstream("openai", up.baseUrl(), "");
        Socket client = connect(gateway)) {
      for (String id : new String[] {"aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb", "cccccccccccccccc"}) {
        client.getOutputStream().write(request(id, "").getBytes(StandardCharsets.UTF_8));
        String[] response = readResponse(client.getInputStream());
        assertThat(response[0]).startsWith("HTTP/1.1 200 OK\r\n").doesNotContainIgnoringCase("connection: close");
        assertThat(response[1]).isEqualTo(ANSWER);
      }

      assertThat(up.connections()).isEqualTo(3);
    }
  }

  @Test
  void anIdleUpstreamConnectionTheUpstreamClosesIsNotReused() throws Exception {
    try (ScriptedUpstream up = new ScriptedUpstream((head, body, out) -> {
          ScriptedUpstream.json(out, 200, ANSWER);
          // keep-alive answer, then the upstream closes the connection while it sits idle in the gateway's pool
          throw new IOException("closed after a keep-alive answer");
        });
        TestGateway gateway = TestGateway.forUpstream("openai", up.baseUrl(), "");
        Socket client = connect(gateway)) {
      for (String id : new String[] {"aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb"}) {
        client.getOutputStream().write(request(id, "").getBytes(StandardCharsets.UTF_8));
        String[] response = readResponse(client.getInputStream());
        assertThat(response[0]).startsWith("HTTP/1.1 200 ").contains("x-request-id: " + id + "\r\n");
        assertThat(response[1]).isEqualTo(ANSWER);
        Thread.sleep(300);
      }

      assertThat(up.connections()).isEqualTo(2);
    }
  }
}
