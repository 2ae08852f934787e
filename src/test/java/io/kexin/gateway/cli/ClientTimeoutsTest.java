package io.kexin.gateway.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * Checks, through real sockets, that a stalled or hostile client cannot hold a connection: a request head or body
 * that stops arriving gets a 408 and the connection closes; an idle keep-alive connection closes; connections over
 * the cap are closed at once; every cut is counted as a client fault. Timeouts are short here; the socket read
 * timeout only bounds a failing test.
 */
class ClientTimeoutsTest {
  private static final String LIMITS = """
      limits: {clientRequestTimeout: 300ms, clientIdleTimeout: 300ms, clientWriteTimeout: 300ms, maxConnections: 3}
      """;
  private static final String BODY = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  private static Socket connect(TestGateway gateway) throws IOException {
    URI uri = URI.create(gateway.proxyUrl("/"));
    Socket s = new Socket(uri.getHost(), uri.getPort());
    s.setSoTimeout(10_000);
    return s;
  }

  /** Reads until the peer closes the connection; returns what it sent. */
  private static String readToClose(Socket s) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    InputStream in = s.getInputStream();
    byte[] buf = new byte[4096];
    int n;
    while ((n = in.read(buf)) >= 0) {
      out.write(buf, 0, n);
    }
    return out.toString(US_ASCII);
  }

  @Test
  void aHeadSentTooSlowlyGets408AndTheConnectionCloses() throws Exception {
    try (TestGateway gateway = TestGateway.forUpstream("openai", "http://127.0.0.1:9", LIMITS);
        Socket s = connect(gateway)) {
      s.getOutputStream().write("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n".getBytes(US_ASCII));

      String answer = readToClose(s);

      assertThat(answer).startsWith("HTTP/1.1 408").contains("request_timeout");
      String metric = "kexin_client_faults_total{kind=\"request_timeout\"}";
      assertThat(gateway.metricsShowing(metric)).contains(metric);
    }
  }

  @Test
  void aBodyStalledHalfwayGets408AndTheConnectionCloses() throws Exception {
    try (TestGateway gateway = TestGateway.forUpstream("openai", "http://127.0.0.1:9", LIMITS);
        Socket s = connect(gateway)) {
      OutputStream out = s.getOutputStream();
      out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\n"
          + "authorization: Bearer " + TestGateway.CLIENT_KEY + "\r\ncontent-length: " + BODY.length() + "\r\n\r\n"
          + BODY.substring(0, 10)).getBytes(US_ASCII));

      assertThat(readToClose(s)).startsWith("HTTP/1.1 408");
    }
  }

  @Test
  void anIdleKeepAliveConnectionCloses() throws Exception {
    try (TestGateway gateway = TestGateway.forUpstream("openai", "http://127.0.0.1:9", LIMITS);
        Socket s = connect(gateway)) {
      // A request the gateway answers itself (no key: 401) on a keep-alive connection, then nothing.
      s.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\ncontent-type: application/json"
          + "\r\ncontent-length: " + BODY.length() + "\r\n\r\n" + BODY).getBytes(US_ASCII));

      String answer = readToClose(s);

      assertThat(answer).startsWith("HTTP/1.1 401").doesNotContain("408");
      String metric = "kexin_client_faults_total{kind=\"idle\"}";
      assertThat(gateway.metricsShowing(metric)).contains(metric);
    }
  }

  @Test
  void connectionsOverTheCapAreClosedAtOnce() throws Exception {
    String limits = "limits: {clientIdleTimeout: 30s, maxConnections: 2}\n";
    try (TestGateway gateway = TestGateway.forUpstream("openai", "http://127.0.0.1:9", limits);
        Socket a = connect(gateway);
        Socket b = connect(gateway)) {
      for (Socket s : new Socket[] {a, b}) {
        // An answered request proves the gateway holds the connection.
        s.getOutputStream().write(("GET /v1/nothing HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(US_ASCII));
        byte[] head = new byte[12];
        assertThat(s.getInputStream().read(head)).isPositive();
      }
      try (Socket c = connect(gateway)) {
        c.setSoTimeout(5_000);
        int read;
        try {
          c.getOutputStream().write(("GET /v1/nothing HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(US_ASCII));
          read = c.getInputStream().read();
        } catch (SocketTimeoutException e) {
          read = 0;
        } catch (IOException e) {
          read = -1;
        }
        assertThat(read).isEqualTo(-1);
      }
      String metric = "kexin_client_faults_total{kind=\"over_connection_limit\"}";
      assertThat(gateway.metricsShowing(metric)).contains(metric);
      a.close();
      // A slot is free again once the gateway sees the close: a new client is served (within a bounded wait).
      long deadline = System.nanoTime() + 5_000_000_000L;
      int status = 0;
      while (status == 0 && System.nanoTime() < deadline) {
        try {
          status = gateway.get(gateway.proxyUrl("/v1/models")).statusCode();
        } catch (IOException e) {
          Thread.sleep(20);
        }
      }
      assertThat(status).isEqualTo(401);
    }
  }

  @Test
  void aClientThatStopsReadingIsCutAsAClientFault() throws Exception {
    byte[] event = ("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":"
        + "{\"content\":\"" + "x".repeat(4000) + "\"},\"finish_reason\":null}]}\n\n").getBytes(US_ASCII);
    try (ScriptedUpstream up = new ScriptedUpstream((head, body, out) -> {
          out.write("HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n"
              .getBytes(US_ASCII));
          // At most 64 MiB: far more than the sockets between the gateway and a client that reads nothing can hold.
          for (int i = 0; i < (64 << 20) / event.length; i++) {
            ScriptedUpstream.chunk(out, event);
          }
        });
        TestGateway gateway = TestGateway.forUpstream("openai", up.baseUrl(), LIMITS)) {
      URI uri = URI.create(gateway.proxyUrl("/"));
      try (Socket s = new Socket()) {
        s.setReceiveBufferSize(4096);
        s.connect(new java.net.InetSocketAddress(uri.getHost(), uri.getPort()));
        String body = "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        s.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\ncontent-type: application/json"
            + "\r\nauthorization: Bearer " + TestGateway.CLIENT_KEY + "\r\ncontent-length: " + body.length()
            + "\r\n\r\n" + body).getBytes(US_ASCII));
        // Nothing is read: the gateway's writes stop reaching the socket, and the write timeout cuts the client.
        String metric = "kexin_client_faults_total{kind=\"write_timeout\"}";
        assertThat(gateway.metricsShowing(metric)).contains(metric);
      }
    }
  }
}
