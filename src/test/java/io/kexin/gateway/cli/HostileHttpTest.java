package io.kexin.gateway.cli;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kexin.gateway.config.ConfigLoader;
import io.kexin.gateway.config.GatewayConfig;
import io.kexin.gateway.policy.PolicyLoader;
import io.kexin.gateway.policy.PolicySet;
import io.kexin.gateway.tenant.VirtualKeys;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Plays a hostile HTTP client against a real gateway over real sockets: each named case sends raw bytes and checks
 * the answers (status, and an error body in the caller's API format), what reached the scripted upstream (nothing,
 * for every refused case), and that the gateway still serves a normal request on a fresh connection afterwards.
 * The OpenAI route parses bodies without policies (a token scan), the Anthropic route with a policy (into a tree),
 * so both ways of reading a body meet every JSON attack. Timeouts are short here; socket timeouts bound a failure.
 */
class HostileHttpTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = TestGateway.CLIENT_KEY;
  private static final String CHAT = "/v1/chat/completions";
  private static final String MESSAGES = "/v1/messages";
  /** Bodies as they go on the wire: their UTF-8 bytes, one Latin-1 character each, so lengths count bytes. */
  private static final String CHAT_BODY = utf8("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":"
      + "\"hi 你好\"}]}");
  private static final String MESSAGES_BODY = utf8("{\"model\":\"claude\",\"max_tokens\":16,\"messages\":[{\"role\":"
      + "\"user\",\"content\":\"hello 世界\"}]}");
  private static final int MAX_BODY = 65_536;
  /** Marks the health check's requests, so the upstream's record tells them from a case's. */
  private static final String HEALTH = "x-health-check";

  private static ScriptedUpstream upstream;
  private static TestGateway gateway;

  /** The API schema whose error shape a case's refusal must take. */
  enum Api { OPENAI, ANTHROPIC }

  /** How a case's bytes go out. */
  enum Send {
    /** All at once, then the answers are read until the gateway closes. */
    WHOLE,
    /** The request line at once, then one byte every 50 ms until the gateway answers or closes (slowloris). */
    TRICKLE,
    /** All at once, then the client closes without reading. */
    ABORT
  }

  /**
   * One hostile case: its bytes, how they are sent, the statuses of the answers expected in order (none: the
   * client reads nothing), the schema of their error bodies, and how many requests may reach the upstream.
   */
  record Case(String name, byte[] raw, Send send, List<Integer> statuses, Api api, int forwarded) {
    @Override
    public String toString() {
      return name;
    }
  }

  @BeforeAll
  static void start() throws Exception {
    upstream = new ScriptedUpstream((head, body, out) -> {
      if (head.startsWith("GET ")) {
        answer(out, "{\"object\":\"list\",\"data\":[]}");
      } else if (head.startsWith("POST " + MESSAGES)) {
        answer(out, "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":"
            + "\"claude\",\"content\":[{\"type\":\"text\",\"text\":\"好的 ok\"}],\"stop_reason\":\"end_turn\","
            + "\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}");
      } else {
        answer(out, "{\"id\":\"c\",\"object\":\"chat.completion\",\"model\":\"m\",\"choices\":"
            + "[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"好的 ok\"},\"finish_reason\":"
            + "\"stop\"}]}");
      }
    });
    // A small policy that reads every request on the Anthropic route, so that route parses bodies into a tree.
    Path dir = Files.createTempDirectory("hostile-policies");
    Files.writeString(dir.resolve("p.yaml"), """
        apiVersion: kexin.io/v1
        kind: Policy
        metadata: {name: p}
        rules:
          - id: keyword.codename
            detector: {keyword: {terms: [project phoenix, 凤凰计划]}}
            action: block
        """);
    PolicySet pack = new PolicyLoader().load(dir);
    String names = "[p]";
    String yaml = """
        listeners:
          proxy: {bind: 127.0.0.1, port: 0}
          admin: {bind: 127.0.0.1, port: 0}
        upstreams:
          - name: openai
            baseUrl: %1$s
            provider: openai
            apiKey: ${REAL_KEY}
            timeouts: {connect: 1s, firstByte: 2s, idle: 2s}
          - name: anthropic
            baseUrl: %1$s
            provider: anthropic
            apiKey: ${REAL_KEY}
            timeouts: {connect: 1s, firstByte: 2s, idle: 2s}
        routes:
          - name: messages
            pathPrefix: /v1/messages
            upstream: anthropic
            policies: %2$s
          - name: main
            pathPrefix: /v1
            upstream: openai
            policies: []
        tenants:
          - name: team-a
            keys: [%3$s]
        limits: {maxRequestBytes: %4$d, clientRequestTimeout: 400ms, clientIdleTimeout: 100ms}
        """.formatted(upstream.baseUrl(), names, VirtualKeys.hash(KEY), MAX_BODY);
    GatewayConfig config = new ConfigLoader(Map.of("REAL_KEY", TestGateway.REAL_KEY)::get).parse("hostile.yaml", yaml);
    gateway = new TestGateway(config, pack);
  }

  /** Writes a 200 JSON answer in one write (two small writes would wait on delayed acknowledgements). */
  private static void answer(OutputStream out, String json) throws IOException {
    byte[] body = json.getBytes(UTF_8);
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    all.write(("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: " + body.length + "\r\n\r\n")
        .getBytes(ISO_8859_1));
    all.write(body);
    out.write(all.toByteArray());
  }

  @AfterAll
  static void stop() throws IOException {
    if (gateway != null) {
      gateway.close();
    }
    if (upstream != null) {
      upstream.close();
    }
  }

  // ---- building requests ----

  private static byte[] bytes(String latin1) {
    return latin1.getBytes(ISO_8859_1);
  }

  /** Returns the UTF-8 bytes of {@code text} as a Latin-1 string, so they can be spliced into a raw request. */
  private static String utf8(String text) {
    return new String(text.getBytes(UTF_8), ISO_8859_1);
  }

  /** Returns a string of the bytes given in hex, spliced as Latin-1. */
  private static String hex(String hex) {
    String[] parts = hex.trim().split(" ");
    StringBuilder b = new StringBuilder();
    for (String p : parts) {
      b.append((char) Integer.parseInt(p, 16));
    }
    return b.toString();
  }

  /** A POST with a Content-Length; {@code headers} are extra lines, each ending in CRLF; body as Latin-1 bytes. */
  private static String post(String path, String headers, String body) {
    String auth = path.startsWith(MESSAGES) ? "x-api-key: " + KEY : "authorization: Bearer " + KEY;
    return "POST " + path + " HTTP/1.1\r\nHost: gw.local\r\n" + auth + "\r\ncontent-type: application/json\r\n"
        + headers + "content-length: " + body.length() + "\r\n\r\n" + body;
  }

  private static String chat(String body) {
    return post(CHAT, "", body);
  }

  private static String messages(String body) {
    return post(MESSAGES, "", body);
  }

  /** A POST whose framing headers are given whole (no Content-Length added), followed by {@code rest}. */
  private static String framed(String framing, String rest) {
    return "POST " + CHAT + " HTTP/1.1\r\nHost: gw.local\r\nauthorization: Bearer " + KEY + "\r\ncontent-type: "
        + "application/json\r\n" + framing + "\r\n" + rest;
  }

  private static String chunked(String body) {
    return Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n";
  }

  /** A request that must never reach the upstream if it is smuggled inside another one's body. */
  private static final String SMUGGLED = "GET /v1/models?smuggled=1 HTTP/1.1\r\nHost: gw.local\r\n"
      + "authorization: Bearer " + KEY + "\r\n\r\n";

  private static Case refused(String name, String raw, int status, Api api) {
    return new Case(name, bytes(raw), Send.WHOLE, List.of(status), api, 0);
  }

  private static Case served(String name, String raw, int status) {
    return new Case(name, bytes(raw), Send.WHOLE, List.of(status), Api.OPENAI, 1);
  }

  private static Case of(String name, String raw, Send send, List<Integer> statuses, Api api, int forwarded) {
    return new Case(name, bytes(raw), send, statuses, api, forwarded);
  }

  static Stream<Case> cases() {
    List<Case> c = new ArrayList<>();
    Api o = Api.OPENAI;
    Api a = Api.ANTHROPIC;
    String body = CHAT_BODY;
    int n = body.length();

    // -- request smuggling: framing two parsers could read differently --
    c.add(refused("cl-and-te", framed("content-length: " + n + "\r\ntransfer-encoding: chunked\r\n", chunked(body)),
        400, o));
    c.add(refused("te-and-cl", framed("transfer-encoding: chunked\r\ncontent-length: 4\r\n", chunked(body)), 400, o));
    c.add(refused("cl-and-te-smuggling-a-request", framed("content-length: " + (5 + n) + "\r\ntransfer-encoding: "
        + "chunked\r\n", "0\r\n\r\n" + SMUGGLED), 400, o));
    c.add(refused("duplicate-cl-equal", framed("content-length: " + n + "\r\ncontent-length: " + n + "\r\n", body),
        400, o));
    c.add(refused("duplicate-cl-different", framed("content-length: " + n + "\r\ncontent-length: 5\r\n", body), 400,
        o));
    c.add(refused("cl-comma-list", framed("content-length: " + n + ", " + n + "\r\n", body), 400, o));
    c.add(refused("cl-plus-sign", framed("content-length: +" + n + "\r\n", body), 400, o));
    c.add(refused("cl-negative", framed("content-length: -1\r\n", body), 400, o));
    c.add(refused("cl-space-inside", framed("content-length: 1 0\r\n", body), 400, o));
    c.add(refused("cl-hex", framed("content-length: 0x" + Integer.toHexString(n) + "\r\n", body), 400, o));
    c.add(refused("cl-overflow", framed("content-length: 99999999999999999999999\r\n", body), 400, o));
    c.add(refused("te-xchunked", framed("transfer-encoding: xchunked\r\n", chunked(body)), 400, o));
    c.add(refused("te-chunked-identity", framed("transfer-encoding: chunked, identity\r\n", chunked(body)), 400, o));
    c.add(refused("te-identity-chunked", framed("transfer-encoding: identity, chunked\r\n", chunked(body)), 501, o));
    c.add(refused("te-gzip-chunked", framed("transfer-encoding: gzip, chunked\r\n", chunked(body)), 501, o));
    c.add(refused("te-twice", framed("transfer-encoding: chunked\r\ntransfer-encoding: chunked\r\n", chunked(body)),
        400, o));
    c.add(refused("te-line-folding", framed("transfer-encoding:\r\n chunked\r\n", chunked(body)), 400, o));
    c.add(refused("te-space-before-colon", framed("transfer-encoding : chunked\r\n", chunked(body)), 400, o));
    c.add(refused("te-in-http-1.0", "POST " + CHAT + " HTTP/1.0\r\nHost: gw.local\r\nauthorization: Bearer " + KEY
        + "\r\ntransfer-encoding: chunked\r\n\r\n" + chunked(body), 400, o));
    c.add(served("te-trailing-space-is-whitespace", framed("transfer-encoding: chunked \r\nconnection: close\r\n",
        chunked(body)), 200));
    c.add(served("te-tab-is-whitespace", framed("transfer-encoding:\tchunked\r\nconnection: close\r\n",
        chunked(body)), 200));
    c.add(served("te-upper-case", framed("Transfer-Encoding: CHUNKED\r\nconnection: close\r\n", chunked(body)), 200));
    c.add(refused("chunk-size-overflow", framed("transfer-encoding: chunked\r\n", "fffffffffffffffff1\r\n" + body),
        400, o));
    c.add(refused("chunk-size-negative", framed("transfer-encoding: chunked\r\n", "-5\r\nhello\r\n0\r\n\r\n"), 400,
        o));
    c.add(refused("chunk-size-not-hex", framed("transfer-encoding: chunked\r\n", "zz\r\nhello\r\n0\r\n\r\n"), 400,
        o));
    c.add(served("chunk-extension-is-ignored", framed("transfer-encoding: chunked\r\nconnection: close\r\n",
        Integer.toHexString(n) + ";name=\"value\"\r\n" + body + "\r\n0\r\n\r\n"), 200));
    c.add(refused("chunk-extension-with-bare-lf", framed("transfer-encoding: chunked\r\n", Integer.toHexString(n)
        + ";a=1\nb\r\n" + body + "\r\n0\r\n\r\n"), 400, o));
    c.add(refused("chunk-data-longer-than-size", framed("transfer-encoding: chunked\r\n", "2\r\nhello\r\n0\r\n\r\n"),
        400, o));
    c.add(refused("bare-lf-line-ends", "POST " + CHAT + " HTTP/1.1\nHost: gw.local\nauthorization: Bearer " + KEY
        + "\ncontent-length: " + n + "\n\n" + body, 400, o));
    c.add(refused("bare-cr-in-header", framed("x-note: a\rb\r\ncontent-length: " + n + "\r\n", body), 400, o));
    c.add(refused("nul-in-header-value", framed("x-note: a\u0000b\r\ncontent-length: " + n + "\r\n", body), 400, o));
    c.add(refused("nul-in-header-name", framed("x-no\u0000te: a\r\ncontent-length: " + n + "\r\n", body), 400, o));
    c.add(refused("nul-in-request-line", "POST /v1/chat/comp\u0000letions HTTP/1.1\r\nHost: gw.local\r\n\r\n", 400,
        o));

    // -- header injection --
    // Folding is unfolded into one space before the request goes further (RFC 9112 §5.2 allows either that or 400).
    c.add(served("obs-fold-header-is-unfolded", framed("x-note: first\r\n second\r\ncontent-length: " + n + "\r\n",
        body), 200));
    c.add(refused("header-without-colon", framed("x-note first\r\ncontent-length: " + n + "\r\n", body), 400, o));
    c.add(refused("header-name-with-space", framed("x note: first\r\ncontent-length: " + n + "\r\n", body), 400, o));
    c.add(refused("lf-injected-request-in-value", framed("x-note: a\n" + SMUGGLED.replace("\r\n", "\n")
        + "content-length: " + n + "\r\n", body), 400, o));

    // -- oversized parts --
    c.add(refused("request-line-too-long", "POST /v1/chat/completions?" + "q".repeat(9000) + " HTTP/1.1\r\nHost: "
        + "gw.local\r\n\r\n", 414, o));
    c.add(refused("single-header-too-large", framed("x-big: " + "b".repeat(40_000) + "\r\ncontent-length: " + n
        + "\r\n", body), 431, o));
    c.add(refused("too-many-headers", framed("x-h: 1234567890\r\n".repeat(3000) + "content-length: " + n + "\r\n",
        body), 431, o));
    c.add(refused("chunk-header-too-long", framed("transfer-encoding: chunked\r\n", "5;" + "e".repeat(70_000)
        + "\r\nhello\r\n0\r\n\r\n"), 400, o));
    c.add(refused("body-over-max", chat("{\"model\":\"m\",\"pad\":\"" + "p".repeat(MAX_BODY) + "\"}"), 413, o));
    c.add(refused("body-over-max-anthropic", messages("{\"model\":\"m\",\"pad\":\"" + "p".repeat(MAX_BODY) + "\"}"),
        413, a));
    c.add(refused("unknown-expectation", post(MESSAGES, "expect: 200-ok\r\n", MESSAGES_BODY), 417, a));
    c.add(refused("body-over-max-with-expect-continue-anthropic", post(MESSAGES, "expect: 100-continue\r\n",
        "x".repeat(MAX_BODY + 1)), 413, a));
    c.add(refused("body-over-max-with-expect-continue", post(CHAT, "expect: 100-continue\r\n", "x".repeat(MAX_BODY
        + 1)), 413, o));
    c.add(refused("chunked-body-over-max", framed("transfer-encoding: chunked\r\n", chunked("x".repeat(MAX_BODY + 1))),
        413, o));

    // -- methods and versions --
    c.add(refused("http-0.9", "GET /v1/models\r\n\r\n", 400, o));
    c.add(refused("http-2-preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 505, o));
    c.add(refused("http-3.0", "GET /v1/models HTTP/3.0\r\nHost: gw.local\r\nauthorization: Bearer " + KEY
        + "\r\n\r\n", 505, o));
    c.add(refused("lowercase-method", "post " + CHAT + " HTTP/1.1\r\nHost: gw.local\r\nauthorization: Bearer " + KEY
        + "\r\ncontent-length: " + n + "\r\nconnection: close\r\n\r\n" + body, 405, o));
    c.add(refused("connect-authority-form", "CONNECT api.openai.com:443 HTTP/1.1\r\nHost: api.openai.com:443\r\n\r\n",
        400, o));
    c.add(refused("trace", "TRACE " + CHAT + " HTTP/1.1\r\nHost: gw.local\r\nauthorization: Bearer " + KEY
        + "\r\nconnection: close\r\n\r\n", 405, o));
    c.add(refused("options-asterisk", "OPTIONS * HTTP/1.1\r\nHost: gw.local\r\n\r\n", 400, o));
    c.add(refused("get-models-with-a-body", "GET /v1/models HTTP/1.1\r\nHost: gw.local\r\nauthorization: Bearer "
        + KEY + "\r\ncontent-length: 24\r\n\r\n{\"secret\":\"hidden here\"}", 400, o));
    c.add(served("http-1.0-keep-alive", "GET /v1/models HTTP/1.0\r\nHost: gw.local\r\nconnection: keep-alive\r\n"
        + "authorization: Bearer " + KEY + "\r\n\r\n", 200));
    c.add(served("http-1.0-without-host", "GET /v1/models HTTP/1.0\r\nauthorization: Bearer " + KEY + "\r\n\r\n",
        200));

    // -- request targets --
    c.add(refused("absolute-form", "POST http://evil.example" + CHAT + " HTTP/1.1\r\nHost: evil.example\r\n"
        + "authorization: Bearer " + KEY + "\r\ncontent-length: " + n + "\r\n\r\n" + body, 400, o));
    c.add(refused("absolute-form-anthropic", "POST http://evil.example" + MESSAGES + " HTTP/1.1\r\nHost: gw.local\r\n"
        + "x-api-key: " + KEY + "\r\ncontent-length: " + n + "\r\n\r\n" + body, 400, o));
    c.add(refused("fragment", post(CHAT + "#x", "", body), 400, o));
    c.add(refused("fragment-anthropic", post(MESSAGES + "#x", "", MESSAGES_BODY), 400, a));
    c.add(refused("non-ascii-in-target", post(CHAT + "?q=" + utf8("中"), "", body), 400, o));
    c.add(refused("tab-in-target", post(CHAT + "?q=\ta", "", body), 400, o));
    c.add(served("encoded-nul-in-query-passes-as-data", post(CHAT + "?q=%00", "connection: close\r\n", body), 200));
    c.add(refused("dot-dot-path", post("/v1/../v1/chat/completions", "", body), 404, o));
    c.add(refused("encoded-dot-dot-path", post("/v1/%2e%2e/v1/chat/completions", "", body), 404, o));
    c.add(refused("encoded-slash", post("/v1/chat%2Fcompletions", "", body), 404, o));
    c.add(refused("encoded-nul-in-path", post(CHAT + "%00", "", body), 404, o));
    c.add(refused("backslash-path", post("/v1\\chat\\completions", "", body), 404, o));

    // -- Host --
    c.add(refused("host-missing", "POST " + CHAT + " HTTP/1.1\r\nauthorization: Bearer " + KEY + "\r\ncontent-length: "
        + n + "\r\n\r\n" + body, 400, o));
    c.add(refused("host-twice", "POST " + CHAT + " HTTP/1.1\r\nHost: gw.local\r\nHost: evil.example\r\n"
        + "authorization: Bearer " + KEY + "\r\ncontent-length: " + n + "\r\n\r\n" + body, 400, o));
    c.add(refused("host-with-userinfo", "POST " + MESSAGES + " HTTP/1.1\r\nHost: user@evil.example\r\nx-api-key: "
        + KEY + "\r\ncontent-length: " + MESSAGES_BODY.length() + "\r\n\r\n" + MESSAGES_BODY, 400, a));
    c.add(refused("host-with-path", "POST " + CHAT + " HTTP/1.1\r\nHost: gw.local/x\r\nauthorization: Bearer " + KEY
        + "\r\ncontent-length: " + n + "\r\n\r\n" + body, 400, o));
    c.add(refused("host-bad-port", "POST " + CHAT + " HTTP/1.1\r\nHost: gw.local:99999999\r\nauthorization: Bearer "
        + KEY + "\r\ncontent-length: " + n + "\r\n\r\n" + body, 400, o));

    // -- bad UTF-8 --
    for (String[] bad : new String[][] {
        {"overlong-2-byte", "c0 af"}, {"overlong-3-byte", "e0 80 af"}, {"overlong-4-byte", "f0 80 80 af"},
        {"utf8-surrogate", "ed a0 80"}, {"above-u+10ffff", "f4 90 80 80"}, {"lone-continuation", "80"},
        {"truncated-sequence", "e4 bd"}}) {
      c.add(refused("body-" + bad[0], chat("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"a"
          + hex(bad[1]) + "b\"}]}"), 400, o));
      c.add(refused("body-" + bad[0] + "-anthropic", messages("{\"model\":\"m\",\"max_tokens\":1,\"messages\":"
          + "[{\"role\":\"user\",\"content\":\"a" + hex(bad[1]) + "b\"}]}"), 400, a));
    }
    c.add(refused("body-utf-16", chat(new String("{\"model\":\"m\",\"messages\":[]}".getBytes(
        java.nio.charset.StandardCharsets.UTF_16LE), ISO_8859_1)), 400, o));
    c.add(refused("header-name-not-ascii", framed("x-n" + hex("c3 a9") + "te: 1\r\ncontent-length: " + n + "\r\n",
        body), 400, o));
    c.add(served("header-value-bad-utf8-passes-as-opaque-bytes", framed("x-note: a" + hex("c0 af") + "\r\n"
        + "connection: close\r\ncontent-length: " + n + "\r\n", body), 200));
    // RFC 8259 lets a parser ignore a byte order mark; the body goes on as sent.
    c.add(served("json-bom-before-object", post(CHAT, "connection: close\r\n", hex("ef bb bf") + body), 200));
    c.add(served("chinese-and-emoji-body", post(CHAT, "connection: close\r\n", utf8("{\"model\":\"m\",\"messages\":"
        + "[{\"role\":\"user\",\"content\":\"中文 English 🌏 \\u00e9\"}]}")), 200));

    // -- JSON attacks, on both routes (scanned and parsed into a tree) --
    String deep = "[".repeat(5000) + "]".repeat(5000);
    String[][] json = {
        {"duplicate-model-key", "{\"model\":\"m\",\"model\":\"other\",\"messages\":[]}"},
        {"duplicate-nested-key",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"a\",\"content\":\"b\"}]}"},
        {"deep-nesting", "{\"model\":\"m\",\"x\":" + deep + "}"},
        {"huge-integer", "{\"model\":\"m\",\"max_tokens\":" + "9".repeat(5000) + "}"},
        {"trailing-garbage", body + "x"},
        {"second-object", body + body},
        {"top-level-array", "[" + body + "]"},
        {"top-level-string", "\"hello\""},
        {"comment", "{/* c */\"model\":\"m\",\"messages\":[]}"},
        {"nan", "{\"model\":\"m\",\"temperature\":NaN,\"messages\":[]}"},
        {"single-quotes", "{'model':'m','messages':[]}"},
        {"unquoted-key", "{model:\"m\",\"messages\":[]}"},
        {"raw-control-char-in-string", "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"a\u0001b\"}]}"},
        {"empty-body", ""}};
    for (String[] j : json) {
      c.add(refused("json-" + j[0], chat(j[1]), 400, o));
      c.add(refused("json-" + j[0] + "-anthropic", messages(j[1].replace("\"m\"", "\"claude\"")), 400, a));
    }

    // -- slow clients --
    c.add(of("slow-header-byte-at-a-time", "POST " + CHAT + " HTTP/1.1\r\nHost: gw.local\r\nx-slow: "
        + "s".repeat(200) + "\r\n\r\n", Send.TRICKLE, List.of(408), o, 0));
    c.add(of("slow-header-byte-at-a-time-anthropic", "POST " + MESSAGES + " HTTP/1.1\r\nHost: gw.local\r\nx-slow: "
        + "s".repeat(200) + "\r\n\r\n", Send.TRICKLE, List.of(408), a, 0));
    c.add(of("body-stalled-halfway", framed("content-length: " + n + "\r\n", body.substring(0, n / 2)), Send.WHOLE,
        List.of(408), o, 0));
    c.add(of("chunked-body-stalled", framed("transfer-encoding: chunked\r\n", "10\r\nabc"), Send.WHOLE, List.of(408),
        o, 0));
    c.add(of("head-stalled-before-blank-line", "POST " + MESSAGES + " HTTP/1.1\r\nHost: gw.local\r\n", Send.WHOLE,
        List.of(408), a, 0));

    // -- pipelining --
    String models = "GET /v1/models HTTP/1.1\r\nHost: gw.local\r\nauthorization: Bearer " + KEY + "\r\n\r\n";
    c.add(of("pipelined-20-in-one-write", chat(body).repeat(20), Send.WHOLE, Collections.nCopies(20, 200), o, 20));
    c.add(of("pipelined-40-small-gets", models.repeat(40), Send.WHOLE, Collections.nCopies(40, 200), o, 40));
    c.add(of("pipelined-mixed-with-refusals", chat(body) + post("/v1/nothing", "", body) + messages(MESSAGES_BODY)
        + chat("{") + chat(body), Send.WHOLE, List.of(200, 404, 200, 400, 200), o, 3));
    c.add(of("pipelined-after-connection-close", post(CHAT, "connection: close\r\n", body) + chat(body), Send.WHOLE,
        List.of(200), o, 1));
    c.add(of("pipelined-after-a-refusal-that-closes", framed("transfer-encoding: gzip, chunked\r\n", chunked(body))
        + SMUGGLED, Send.WHOLE, List.of(501), o, 0));
    c.add(of("smuggled-in-an-ignored-coding", framed("transfer-encoding: xchunked\r\n", SMUGGLED), Send.WHOLE,
        List.of(400), o, 0));

    // -- clients that go away --
    c.add(of("client-closes-mid-head", "POST " + CHAT + " HTTP/1.1\r\nHost: gw.local\r\nauthor", Send.ABORT,
        List.of(), o, 0));
    c.add(of("client-closes-mid-body", framed("content-length: " + n + "\r\n", body.substring(0, 10)), Send.ABORT,
        List.of(), o, 0));
    c.add(of("client-closes-mid-chunk", framed("transfer-encoding: chunked\r\n", "40\r\nabc"), Send.ABORT, List.of(),
        o, 0));
    return c.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void hostileClient(Case c) throws Exception {
    int before = upstream.requestHeads().size();

    List<Answer> answers = send(c);

    assertThat(answers).extracting(Answer::status).as("statuses").containsExactlyElementsOf(c.statuses());
    for (Answer answer : answers) {
      if (answer.status() >= 400) {
        assertErrorShape(answer, c.api());
      }
    }
    assertHealthy();
    List<String> reached = caseRequests(before);
    assertThat(reached).as("requests that reached the upstream").hasSize(c.forwarded());
    assertThat(reached).noneMatch(h -> h.contains("smuggled"));
  }

  @Test
  void aReadOfMoreRequestsThanMayWaitAnswersThoseKeptInOrderThenCloses() throws Exception {
    int before = upstream.requestHeads().size();
    String models = "GET /v1/models?i=%d HTTP/1.1\r\nHost: gw.local\r\nauthorization: Bearer " + KEY + "\r\n\r\n";
    StringBuilder all = new StringBuilder();
    for (int i = 0; i < 600; i++) {
      all.append(models.formatted(i));
    }

    List<Answer> answers = send(new Case("overflow", bytes(all.toString()), Send.WHOLE, List.of(), Api.OPENAI, -1));

    // Every answer is a 200, and the upstream saw exactly the answered requests, in the order sent.
    // How many come depends on how the reads cut the bytes; at least one in flight and 128 waiting are answered.
    assertThat(answers.size()).isGreaterThanOrEqualTo(1 + 128);
    assertThat(answers).allMatch(r -> r.status() == 200);
    List<String> reached = caseRequests(before);
    assertThat(reached).hasSize(answers.size());
    for (int i = 0; i < reached.size(); i++) {
      assertThat(reached.get(i)).startsWith("GET /v1/models?i=" + i + " ");
    }
    if (answers.size() < 600) {
      // A read held more than may wait: the rest went unanswered, and the last answer said the connection closes.
      assertThat(answers.get(answers.size() - 1).headers()).containsEntry("connection", "close");
    }
    assertHealthy();
  }

  @Test
  void headersNamedOnASecondConnectionLineNeverReachTheUpstream() throws Exception {
    int before = upstream.requestHeads().size();
    String raw = post(CHAT, "Connection: keep-alive\r\nx-hop-a: 1\r\nCONNECTION: X-Hop-A,\r\nconnection: x-hop-b\r\n"
        + "X-HOP-B: 2\r\nx-kept: 3\r\n", CHAT_BODY);

    List<Answer> answers = send(new Case("connection-lines", bytes(raw), Send.WHOLE, List.of(200), Api.OPENAI, 1));

    assertThat(answers).extracting(Answer::status).containsExactly(200);
    List<String> reached = caseRequests(before);
    assertThat(reached).hasSize(1);
    String head = reached.get(0).toLowerCase(Locale.ROOT);
    assertThat(head).contains("\r\nx-kept: 3\r\n").doesNotContain("x-hop-a", "x-hop-b", "connection:");
  }

  // ---- the client side ----

  /** One answer the client read: status, headers (lower-case names, last value wins) and body. */
  record Answer(int status, Map<String, String> headers, String body) {}

  private static Socket connect() throws IOException {
    Socket s = new Socket("127.0.0.1", gateway.runtime.proxyAddress().getPort());
    s.setSoTimeout(10_000);
    return s;
  }

  private static List<Answer> send(Case c) throws Exception {
    try (Socket s = connect()) {
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      switch (c.send()) {
        case WHOLE -> {
          try {
            out.write(c.raw());
            out.flush();
          } catch (IOException e) {
            // the gateway may close before it read everything (an oversized part); its answer is still readable
          }
        }
        case TRICKLE -> {
          int line = new String(c.raw(), ISO_8859_1).indexOf("\r\n") + 2;
          out.write(c.raw(), 0, line);
          for (int i = line; i < c.raw().length && in.available() == 0; i++) {
            try {
              out.write(c.raw()[i]);
              out.flush();
            } catch (IOException e) {
              break;
            }
            Thread.sleep(50);
          }
        }
        case ABORT -> {
          out.write(c.raw());
          out.flush();
          return List.of();
        }
        default -> throw new IllegalStateException();
      }
      return parse(readToClose(in));
    }
  }

  /** Reads until the gateway closes the connection (it does after an error that closes, or when idle). */
  private static byte[] readToClose(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    try {
      int r;
      while ((r = in.read(buf)) >= 0) {
        all.write(buf, 0, r);
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the gateway neither answered nor closed within the socket timeout; read so far: "
          + all.toString(ISO_8859_1), e);
    } catch (IOException e) {
      // a reset after the answers (an oversized body the gateway did not read): what came before is kept
    }
    return all.toByteArray();
  }

  /** Splits what the gateway sent into answers, framed by Content-Length or chunked coding. */
  private static List<Answer> parse(byte[] raw) {
    String text = new String(raw, ISO_8859_1);
    List<Answer> answers = new ArrayList<>();
    int at = 0;
    while (at < text.length()) {
      int headEnd = text.indexOf("\r\n\r\n", at);
      assertThat(headEnd).as("a whole answer head in: " + text.substring(at)).isPositive();
      String[] lines = text.substring(at, headEnd).split("\r\n");
      assertThat(lines[0]).startsWith("HTTP/1.1 ");
      int status = Integer.parseInt(lines[0].substring(9, 12));
      Map<String, String> headers = new HashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
      }
      at = headEnd + 4;
      StringBuilder body = new StringBuilder();
      if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
        while (true) {
          int lineEnd = text.indexOf("\r\n", at);
          int size = Integer.parseInt(text.substring(at, lineEnd).trim(), 16);
          at = lineEnd + 2;
          if (size == 0) {
            at = text.indexOf("\r\n", at) + 2;
            break;
          }
          body.append(text, at, at + size);
          at += size + 2;
        }
      } else {
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        body.append(text, at, at + length);
        at += length;
      }
      answers.add(new Answer(status, headers, new String(body.toString().getBytes(ISO_8859_1), UTF_8)));
    }
    return answers;
  }

  /** Checks that an error answer is JSON in the caller's API format, with a type and a message. */
  private static void assertErrorShape(Answer answer, Api api) throws IOException {
    assertThat(answer.headers().get("content-type")).as("content type of " + answer).startsWith("application/json");
    JsonNode body = JSON.readTree(answer.body());
    if (api == Api.ANTHROPIC) {
      assertThat(body.path("type").asText()).as(answer.body()).isEqualTo("error");
    } else {
      assertThat(body.has("type")).as(answer.body()).isFalse();
    }
    assertThat(body.path("error").path("type").isTextual()).as(answer.body()).isTrue();
    assertThat(body.path("error").path("message").asText()).as(answer.body()).isNotEmpty();
  }

  /** Checks that a normal request on a fresh connection is served, and that it reached the upstream. */
  private static void assertHealthy() throws Exception {
    try (Socket s = connect()) {
      s.getOutputStream().write(bytes(post(CHAT, HEALTH + ": 1\r\nconnection: close\r\n", CHAT_BODY)));
      List<Answer> answers = parse(readToClose(s.getInputStream()));
      assertThat(answers).extracting(Answer::status).as("health check").containsExactly(200);
      assertThat(answers.get(0).body()).contains("好的 ok");
    }
  }

  /** Returns the requests the upstream received since {@code before}, leaving out the health checks. */
  private static List<String> caseRequests(int before) {
    List<String> heads = upstream.requestHeads();
    return heads.subList(before, heads.size()).stream().filter(h -> !h.toLowerCase(Locale.ROOT).contains(HEALTH))
        .toList();
  }
}
