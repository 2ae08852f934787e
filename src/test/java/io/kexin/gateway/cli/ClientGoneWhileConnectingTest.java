package io.kexin.gateway.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Checks, through real sockets, a client that leaves while the gateway is still connecting to the upstream: the
 * upstream is a listening socket that never accepts, with its accept queue filled first, so the kernel drops the
 * gateway's connection attempts and the connect stays pending. The exchange is counted once as 499, the late connect
 * failure answers no one and releases the request (the leak check after the class would see it otherwise), and the
 * next client is served on its own attempts.
 */
class ClientGoneWhileConnectingTest {
  private static final String BODY = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  @Test
  void aClientGoneWhileConnectingIsCountedOnceAndTheLateFailureAnswersNoOne() throws Exception {
    List<Socket> fillers = new ArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      InetSocketAddress address = (InetSocketAddress) silent.getLocalSocketAddress();
      for (int i = 0; i < 8; i++) {
        Socket s = new Socket();
        try {
          s.connect(address, 300);
          fillers.add(s);
        } catch (SocketTimeoutException e) {
          s.close();
          break;
        }
      }
      String url = "http://127.0.0.1:" + address.getPort();
      try (TestGateway gateway = TestGateway.forUpstream("openai", url, "")) {
        try (Socket client = new Socket("127.0.0.1", gateway.runtime.proxyAddress().getPort())) {
          client.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\ncontent-type: "
              + "application/json\r\nauthorization: Bearer " + TestGateway.CLIENT_KEY + "\r\ncontent-length: "
              + BODY.length() + "\r\n\r\n" + BODY).getBytes(US_ASCII));
          Thread.sleep(300);
        }

        // The connect fails after its 1 s timeout, when the exchange is long over: it was counted as the client's.
        String gone = "kexin_requests_total{route=\"main\",status=\"499\"} 1.0";
        assertThat(gateway.metricsShowing(gone)).contains(gone);
        Thread.sleep(1_500);
        assertThat(gateway.metricsShowing("kexin_inflight_requests 0.0")).contains(gone, "kexin_inflight_requests 0.0")
            .doesNotContain("status=\"502\"", "status=\"504\"");

        // The target is not left holding the attempt: the next request makes its own attempts and gets its 502.
        var next = gateway.post("/v1/chat/completions", BODY, "authorization", "Bearer " + TestGateway.CLIENT_KEY);
        assertThat(next.statusCode()).isEqualTo(502);
        assertThat(next.body()).contains("upstream_unreachable");
      }
    } finally {
      for (Socket s : fillers) {
        try {
          s.close();
        } catch (IOException e) {
          // closing a filler that the kernel gave up on
        }
      }
    }
  }
}
