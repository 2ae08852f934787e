package io.kexin.gateway.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Drives compressed upstream bodies through a route with the shipped policies, for OpenAI chat and Anthropic
 * messages: gzip and deflate (stacked too) are decoded and inspected, whole or streamed, success or error; any other
 * encoding and a decompression bomb are refused in the caller's format; a route without policies passes the bytes as
 * they came.
 */
class CompressedUpstreamTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LEAK = "Status: Project Phoenix ships in May.";

  /** The two APIs under test: where to send, what to send, and how the upstream answers. */
  enum Api {
    OPENAI("openai", "/v1/chat/completions",
        "{\"model\":\"m\",%s\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
        "authorization", "Bearer " + TestGateway.CLIENT_KEY),
    ANTHROPIC("anthropic", "/v1/messages",
        "{\"model\":\"claude\",\"max_tokens\":10,%s\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
        "x-api-key", TestGateway.CLIENT_KEY);

    final String provider;
    final String path;
    final String request;
    final String[] auth;

    Api(String provider, String path, String request, String authName, String authValue) {
      this.provider = provider;
      this.path = path;
      this.request = request;
      this.auth = new String[] {authName, authValue};
    }

    String request(boolean stream) {
      return request.formatted(stream ? "\"stream\":true," : "");
    }

    String answer(String text) throws IOException {
      String quoted = JSON.writeValueAsString(text);
      return this == OPENAI
          ? "{\"id\":\"c\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":"
              + "{\"role\":\"assistant\",\"content\":" + quoted + "},\"finish_reason\":\"stop\"}]}"
          : "{\"id\":\"m\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"text\","
              + "\"text\":" + quoted + "}]}";
    }

    /** Returns the stream's events, one text token each, with the provider's opening and closing events. */
    List<String> events(List<String> tokens) throws IOException {
      List<String> events = new java.util.ArrayList<>();
      if (this == ANTHROPIC) {
        events.add("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m1\"}}\n\n");
        events.add("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
            + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");
      }
      for (String t : tokens) {
        String quoted = JSON.writeValueAsString(t);
        events.add(this == OPENAI
            ? "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                + "\"delta\":{\"content\":" + quoted + "},\"finish_reason\":null}]}\n\n"
            : "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                + "{\"type\":\"text_delta\",\"text\":" + quoted + "}}\n\n");
      }
      events.add(this == OPENAI ? "data: [DONE]\n\n"
          : "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
              + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
      return events;
    }

    String lastEvent() {
      return this == OPENAI ? "data: [DONE]" : "message_stop";
    }

    /** Asserts that {@code body} is a gateway error in this API's format (OpenAI's carries {@code code}). */
    void assertError(String body, String code) {
      if (this == ANTHROPIC) {
        assertThat(body).startsWith("{\"type\":\"error\",\"error\":{\"type\":");
      } else {
        assertThat(body).startsWith("{\"error\":{").contains("\"" + code + "\"");
      }
    }
  }

  static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }

  static byte[] deflate(byte[] bytes, boolean zlibWrapped) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DeflaterOutputStream d = new DeflaterOutputStream(out, new Deflater(Deflater.DEFAULT_COMPRESSION,
        !zlibWrapped))) {
      d.write(bytes);
    }
    return out.toByteArray();
  }

  private static HttpResponse<String> send(TestGateway gateway, Api api, boolean stream) throws Exception {
    return gateway.post(api.path, api.request(stream), api.auth);
  }

  private static void json(OutputStream out, int status, String encoding, byte[] body) throws IOException {
    ScriptedUpstream.whole(out, status, "content-type: application/json\r\ncontent-encoding: " + encoding + "\r\n",
        body);
  }

  /** Sends {@code events} as one gzip stream, flushed after each event into its own HTTP chunk. */
  /** Returns the text of the deltas of an event stream (chat or messages), whatever events carried it. */
  private static String text(String events) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (String line : events.split("\n")) {
      if (line.startsWith("data: {")) {
        JsonNode d = new ObjectMapper().readTree(line.substring(6));
        sb.append(d.at("/choices/0/delta/content").asText("")).append(d.at("/delta/text").asText(""));
      }
    }
    return sb.toString();
  }

  private static void gzipStream(OutputStream out, List<String> events, byte[] extra) throws IOException {
    out.write(("HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncontent-encoding: gzip\r\n"
        + "transfer-encoding: chunked\r\n\r\n").getBytes(UTF_8));
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    GZIPOutputStream gz = new GZIPOutputStream(buf, true);
    for (int i = 0; i < events.size(); i++) {
      gz.write(events.get(i).getBytes(UTF_8));
      gz.flush();
      ScriptedUpstream.chunk(out, buf.toByteArray());
      buf.reset();
      if (i == 1 && extra != null) {
        gz.write(extra);
        gz.flush();
        ScriptedUpstream.chunk(out, buf.toByteArray());
        buf.reset();
      }
    }
    gz.finish();
    ScriptedUpstream.chunk(out, buf.toByteArray());
    ScriptedUpstream.end(out);
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void gzipAndDeflateJsonAreDecodedAndInspected(Api api) throws Exception {
    byte[] answer = api.answer(LEAK).getBytes(UTF_8);
    List<String> encodings = List.of("gzip", "x-gzip", "deflate", "deflate", "gzip, deflate", "identity, gzip");
    List<byte[]> bodies = List.of(gzip(answer), gzip(answer), deflate(answer, true), deflate(answer, false),
        deflate(gzip(answer), true), gzip(answer));
    AtomicInteger n = new AtomicInteger();
    try (ScriptedUpstream up = new ScriptedUpstream((head, body, out) -> {
          int i = n.getAndIncrement();
          json(out, 200, encodings.get(i), bodies.get(i));
        });
        TestGateway gateway = TestGateway.withShippedPolicy(api.provider, up.baseUrl())) {
      for (String encoding : encodings) {
        HttpResponse<String> r = send(gateway, api, false);

        assertThat(r.statusCode()).as(encoding).isEqualTo(200);
        assertThat(r.headers().firstValue("content-encoding")).as(encoding).isEmpty();
        assertThat(r.body()).as(encoding).contains("Status: [REDACTED:CODENAME] ships in May.")
            .doesNotContain("Phoenix");
        assertThat(r.headers().firstValueAsLong("content-length")).hasValue(r.body().getBytes(UTF_8).length);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void aGzipEventStreamIsDecodedAndInspectedEventByEvent(Api api) throws Exception {
    List<String> events = api.events(List.of("Status: ", "Project", " Phoe", "nix ships", " in May."));
    try (ScriptedUpstream up = new ScriptedUpstream((head, body, out) -> gzipStream(out, events, null));
        TestGateway gateway = TestGateway.withShippedPolicy(api.provider, up.baseUrl())) {
      HttpResponse<String> r = send(gateway, api, true);

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("content-encoding")).isEmpty();
      assertThat(text(r.body())).isEqualTo("Status: [REDACTED:CODENAME] ships in May.");
      assertThat(r.body()).doesNotContain("Phoe").contains(api.lastEvent());
    }
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void anErrorThatEchoesTheRequestIsInspectedWithTheShippedPack(Api api) throws Exception {
    String error = "{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"cannot process 'Project Phoenix"
        + " plan, ID 11010519491231002X'\"}}";
    String text = "bad gateway while reading Project Phoenix notes";
    AtomicInteger n = new AtomicInteger();
    try (ScriptedUpstream up = new ScriptedUpstream((head, body, out) -> {
          if (n.getAndIncrement() == 0) {
            json(out, 400, "gzip", gzip(error.getBytes(UTF_8)));
          } else {
            ScriptedUpstream.whole(out, 502, "content-type: text/html\r\n", text.getBytes(UTF_8));
          }
        });
        TestGateway gateway = TestGateway.withShippedPolicy(api.provider, up.baseUrl())) {
      HttpResponse<String> json = send(gateway, api, false);
      HttpResponse<String> plain = send(gateway, api, false);

      assertThat(json.statusCode()).isEqualTo(400);
      assertThat(json.body()).contains("[REDACTED:CODENAME]").doesNotContain("Phoenix")
          .doesNotContain("11010519491231002X");
      assertThat(plain.statusCode()).isEqualTo(502);
      assertThat(plain.body()).doesNotContain("Phoenix").contains("withholds");
    }
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void aCompressedErrorIsDecodedBeforeItReachesTheClientAndKeepsItsStatus(Api api) throws Exception {
    String error = "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"max_tokens: 999999"
        + " (expected: <= 8192)\"}}";
    String text = "upstream overloaded, retry later";
    AtomicInteger n = new AtomicInteger();
    try (ScriptedUpstream up = new ScriptedUpstream((head, body, out) -> {
          if (n.getAndIncrement() == 0) {
            json(out, 400, "gzip", gzip(error.getBytes(UTF_8)));
          } else {
            ScriptedUpstream.whole(out, 503, "content-type: text/plain\r\ncontent-encoding: deflate\r\n",
                deflate(text.getBytes(UTF_8), true));
          }
        });
        TestGateway gateway = TestGateway.withShippedPolicy(api.provider, up.baseUrl())) {
      HttpResponse<String> json = send(gateway, api, false);
      HttpResponse<String> plain = send(gateway, api, false);

      assertThat(json.statusCode()).isEqualTo(400);
      assertThat(json.headers().firstValue("content-encoding")).isEmpty();
      assertThat(json.body()).isEqualTo(error);
      assertThat(plain.statusCode()).isEqualTo(503);
      assertThat(plain.headers().firstValue("content-encoding")).isEmpty();
      assertThat(plain.body()).isEqualTo(text);
    }
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void anEncodingTheGatewayCannotDecodeIsRefused(Api api) throws Exception {
    byte[] opaque = {(byte) 0x1b, 0x2f, 0x00, 0x24, 0x1d, 0x09, 0x50, 0x68, 0x6f, 0x65, 0x6e, 0x69, 0x78, 0x03};
    List<String> encodings = List.of("br", "zstd", "gzip, br", "compress", "x-unknown\u00ff");
    AtomicInteger n = new AtomicInteger();
    try (ScriptedUpstream up = new ScriptedUpstream((head, body, out) -> {
          int i = n.getAndIncrement();
          if (i < encodings.size()) {
            json(out, 200, encodings.get(i), opaque);
          } else if (i == encodings.size()) {
            json(out, 429, "br", opaque);
          } else {
            out.write(("HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncontent-encoding: br\r\n"
                + "transfer-encoding: chunked\r\n\r\n").getBytes(UTF_8));
            ScriptedUpstream.chunk(out, opaque);
            ScriptedUpstream.end(out);
          }
        });
        TestGateway gateway = TestGateway.withShippedPolicy(api.provider, up.baseUrl())) {
      for (String encoding : encodings) {
        HttpResponse<String> r = send(gateway, api, false);

        assertThat(r.statusCode()).as(encoding).isEqualTo(502);
        api.assertError(r.body(), "uninspectable_response");
        String start = encoding.substring(0, Math.min(4, encoding.length()));
        assertThat(r.body()).as(encoding).contains("content encoded as '" + start);
      }
      HttpResponse<String> error = send(gateway, api, false);
      HttpResponse<String> stream = send(gateway, api, true);

      assertThat(error.statusCode()).isEqualTo(502);
      api.assertError(error.body(), "uninspectable_response");
      assertThat(stream.statusCode()).isEqualTo(502);
      api.assertError(stream.body(), "uninspectable_response");
      assertThat(stream.body()).contains("'br'");
    }
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void aGzipBombIsRefusedAndTheGatewayServesTheNextRequest(Api api) throws Exception {
    byte[] bomb = gzip(new byte[64 << 20]);
    byte[] answer = gzip(api.answer("fine").getBytes(UTF_8));
    AtomicInteger n = new AtomicInteger();
    try (ScriptedUpstream up = new ScriptedUpstream((head, body, out) -> {
          int i = n.getAndIncrement();
          json(out, i == 1 ? 500 : 200, "gzip", i < 2 ? bomb : answer);
        });
        TestGateway gateway = TestGateway.withShippedPolicy(api.provider, up.baseUrl())) {
      HttpResponse<String> success = send(gateway, api, false);
      HttpResponse<String> error = send(gateway, api, false);
      HttpResponse<String> next = send(gateway, api, false);

      assertThat(success.statusCode()).isEqualTo(502);
      api.assertError(success.body(), "undecodable_response");
      assertThat(success.body()).contains("expands more than 100 times");
      assertThat(error.statusCode()).isEqualTo(502);
      api.assertError(error.body(), "undecodable_response");
      assertThat(next.statusCode()).isEqualTo(200);
      assertThat(next.body()).contains("fine");
    }
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void aBodyThatDecodesPastTheResponseBoundIsRefused(Api api) throws Exception {
    java.util.Random random = new java.util.Random(7);
    StringBuilder text = new StringBuilder();
    while (text.length() < 200_000) {
      text.append(Long.toString(random.nextLong(), 36)).append(' ');
    }
    byte[] body = gzip(api.answer(text.toString()).getBytes(UTF_8));
    try (ScriptedUpstream up = new ScriptedUpstream((head, b, out) -> json(out, 200, "gzip", body));
        TestGateway gateway = TestGateway.withShippedPolicy(api.provider, up.baseUrl(),
            "limits: {maxResponseBytes: 150000}")) {
      HttpResponse<String> r = send(gateway, api, false);

      assertThat(body.length).isLessThan(150_000);
      assertThat(r.statusCode()).isEqualTo(502);
      api.assertError(r.body(), "undecodable_response");
      assertThat(r.body()).contains("more than 150000 bytes");
    }
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void aBombInAStartedStreamEndsTheStream(Api api) throws Exception {
    List<String> events = api.events(List.of("one ", "two ", "three"));
    AtomicInteger n = new AtomicInteger();
    try (ScriptedUpstream up = new ScriptedUpstream((head, body, out) -> {
          if (n.getAndIncrement() == 0) {
            gzipStream(out, events, new byte[32 << 20]);
          } else {
            gzipStream(out, events, null);
          }
        });
        TestGateway gateway = TestGateway.withShippedPolicy(api.provider, up.baseUrl())) {
      HttpResponse<InputStream> r = gateway.http.send(HttpRequest.newBuilder(URI.create(gateway.proxyUrl(api.path)))
          .header(api.auth[0], api.auth[1]).POST(HttpRequest.BodyPublishers.ofString(api.request(true)))
          .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofInputStream());
      ByteArrayOutputStream seen = new ByteArrayOutputStream();
      boolean cut = false;
      try (InputStream in = r.body()) {
        in.transferTo(seen);
      } catch (IOException e) {
        cut = true;
      }
      HttpResponse<String> next = send(gateway, api, true);

      assertThat(r.statusCode()).isEqualTo(200);
      // The stream ends with the provider's error event (or, failing that, is cut), never with its normal end.
      assertThat(cut || seen.toString(UTF_8).contains("\"error\"")).isTrue();
      assertThat(seen.toString(UTF_8)).doesNotContain("three");
      assertThat(next.statusCode()).isEqualTo(200);
      assertThat(text(next.body())).isEqualTo("one two three");
      assertThat(next.body()).contains(api.lastEvent());
    }
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void aRouteWithoutPoliciesPassesCompressedBytesAsReceived(Api api) throws Exception {
    String answer = api.answer(LEAK);
    byte[] body = gzip(answer.getBytes(UTF_8));
    try (ScriptedUpstream up = new ScriptedUpstream((head, b, out) -> json(out, 200, "gzip", body));
        TestGateway gateway = TestGateway.forUpstream(api.provider, up.baseUrl(), "")) {
      HttpResponse<byte[]> r = gateway.http.send(HttpRequest.newBuilder(URI.create(gateway.proxyUrl(api.path)))
          .header(api.auth[0], api.auth[1]).POST(HttpRequest.BodyPublishers.ofString(api.request(false)))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("content-encoding")).hasValue("gzip");
      assertThat(r.body()).isEqualTo(body);
      assertThat(new String(new GZIPInputStream(new java.io.ByteArrayInputStream(r.body())).readAllBytes(), UTF_8))
          .isEqualTo(answer);
    }
  }
}
