package io.kexin.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Checks that editing headers in place leaves exactly what copying them would, in the same order. */
class HopByHopTest {
  private static final AsciiString[] SKIP = {HttpHeaderNames.HOST, AsciiString.of("x-api-key")};

  /** Parses "name: value" pairs separated by '|'. */
  private static HttpHeaders headers(String spec) {
    HttpHeaders h = new DefaultHttpHeaders();
    for (String pair : spec.split("\\|")) {
      int colon = pair.indexOf(':');
      h.add(pair.substring(0, colon).trim(), pair.substring(colon + 1).trim());
    }
    return h;
  }

  private static List<String> list(HttpHeaders h) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, String> e : h) {
      out.add(e.getKey() + ": " + e.getValue());
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "content-type: application/json|x-trace: t1|accept: */*",
      "Connection: keep-alive|Keep-Alive: timeout=5|Content-Type: application/json|X-Kept: 1",
      "connection: close, X-Drop-Me ,x-also|x-drop-me: 1|X-ALSO: 2|x-kept: 3|te: trailers|trailer: x",
      "host: client.example|x-api-key: kx-client|authorization: Bearer a|x-kept: 1|x-kept: 2",
      "proxy-connection: keep-alive|proxy-authorization: Basic x|proxy-authenticate: Basic|upgrade: h2c|x: y",
      "transfer-encoding: chunked|content-length: 12|Connection: ,, ,content-length|x-last: 1",
      "Connection: Upgrade|connection: x-second|x-second: dropped|upgrade: websocket|x-z: 1"})
  void stripLeavesWhatCopyCopies(String spec) {
    HttpHeaders copied = new DefaultHttpHeaders();
    HopByHop.copy(headers(spec), copied, SKIP);
    HttpHeaders stripped = headers(spec);
    HopByHop.strip(stripped, SKIP);

    assertThat(list(stripped)).isEqualTo(list(copied));
    assertThat(stripped.contains(HttpHeaderNames.CONNECTION)).isFalse();
    assertThat(stripped.contains(HttpHeaderNames.HOST)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"x-drop", "X-DROP", " x-drop ", "keep-alive, x-drop"})
  void connectionTokensAreRemovedWhateverTheirCase(String connection) {
    HttpHeaders h = headers("connection: " + connection + "|x-drop: 1|x-kept: 2");
    HopByHop.strip(h, new AsciiString[0]);

    assertThat(list(h)).containsExactly("x-kept: 2");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "connection: keep-alive|CONNECTION: X-Drop|x-drop: 1|x-kept: 2",
      "Connection: close,|connection: x-a, X-B|x-a: 1|x-b: 2|x-kept: 2",
      "connection: x-a|x-a: 1|Connection:\tX-B\t|X-b: 2|x-kept: 2",
      "x-a: 1|connection: keep-alive|x-kept: 2|cOnNeCtIoN: x-A ,x-b|x-B: 2"})
  void everyConnectionLineIsReadInBothDirections(String spec) {
    HttpHeaders stripped = headers(spec);
    HopByHop.strip(stripped, new AsciiString[0]);
    HttpHeaders copied = new DefaultHttpHeaders();
    HopByHop.copy(headers(spec), copied, new AsciiString[0]);

    assertThat(list(stripped)).containsExactly("x-kept: 2");
    assertThat(list(copied)).containsExactly("x-kept: 2");
  }
}
