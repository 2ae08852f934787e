package io.kexin.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kexin.gateway.cli.CompressedUpstreamTest.Api;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Sends personal data and keys in a request's headers and query parameters, which the provider receives besides the
 * body, through a gateway with the shipped pack, and checks on a real upstream socket that such a request never
 * leaves, with an error in the caller's format that quotes no value; and that the headers of HTTP and of the
 * providers' SDKs, and clean custom headers and parameters, pass as they are.
 */
class RequestMetadataProxyTest {

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', value = {
      "OPENAI|x-user-email|zhang.wei@example.cn", "ANTHROPIC|x-user-email|zhang.wei@example.cn",
      "OPENAI|x-note|phone 13812345678", "ANTHROPIC|x-deploy-key|AKIAQ3EGRT5LMWX2ZUTB",
      "OPENAI|user-agent|my-app (ops: li.na@corp.example.cn)", "OPENAI|tracestate|acme=13812345678",
      "ANTHROPIC|tracestate|vendor=AKIAQ3EGRT5LMWX2ZUTB"})
  void aValueInAHeaderNeverReachesTheUpstream(Api api, String header, String value) throws Exception {
    try (ScriptedUpstream up = new ScriptedUpstream((head, b, out) ->
            ScriptedUpstream.json(out, 200, api.answer("fine")));
        TestGateway gateway = TestGateway.withShippedPolicy(api.provider, up.baseUrl())) {
      HttpResponse<String> r = gateway.post(api.path, api.request(false), with(api.auth, header, value));

      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body()).contains("blocked by policy rule").doesNotContain(value);
      assertThat(r.body()).contains(api == Api.ANTHROPIC ? "\"type\":\"error\"" : "content_policy_violation");
      assertThat(up.requestHeads()).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', value = {
      "OPENAI|?note=13812345678", "OPENAI|?x=AKIAQ3EGRT5LMWX2ZUTB&api-version=2024-06-01",
      "ANTHROPIC|?owner=zhang.wei%40example.cn", "OPENAI|?zhang.wei%40example.cn"})
  void aValueInTheQueryNeverReachesTheUpstream(Api api, String query) throws Exception {
    try (ScriptedUpstream up = new ScriptedUpstream((head, b, out) ->
            ScriptedUpstream.json(out, 200, api.answer("fine")));
        TestGateway gateway = TestGateway.withShippedPolicy(api.provider, up.baseUrl())) {
      HttpResponse<String> r = gateway.post(api.path + query, api.request(false), api.auth);

      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body()).contains("blocked by policy rule").doesNotContain("13812345678")
          .doesNotContain("AKIAQ3EGRT5LMWX2ZUTB").doesNotContain("zhang.wei");
      assertThat(up.requestHeads()).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {"/v1/models/13812345678|", "/v1/models/gpt-4o?note=13812345678|",
      "/v1/models/gpt-4o|13812345678"})
  void aBodilessRequestIsInspectedToo(String path, String note) throws Exception {
    try (ScriptedUpstream up = new ScriptedUpstream((head, b, out) ->
            ScriptedUpstream.json(out, 200, "{\"id\":\"gpt-4o\",\"object\":\"model\",\"owned_by\":\"x\"}"));
        TestGateway gateway = TestGateway.withShippedPolicy(Api.OPENAI.provider, up.baseUrl())) {
      String[] headers = note == null ? Api.OPENAI.auth : with(Api.OPENAI.auth, "x-note", "call " + note);
      HttpResponse<String> r = gateway.get(gateway.proxyUrl(path), headers);

      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body()).contains("blocked by policy rule").doesNotContain("13812345678");
      assertThat(up.requestHeads()).isEmpty();
      assertThat(gateway.get(gateway.proxyUrl("/v1/models/gpt-4o"), Api.OPENAI.auth).statusCode()).isEqualTo(200);
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', value = {"OPENAI|{\"n\":\"zhang.wei@example.cn\"}", "ANTHROPIC|[\"13812345678\"]",
      "OPENAI|13812345678", "ANTHROPIC|{\"n\":\"AKIAQ3EGRT5LMWX2ZUTB\"}"})
  void aModelThatIsNoStringIsRefused(Api api, String model) throws Exception {
    try (ScriptedUpstream up = new ScriptedUpstream((head, b, out) ->
            ScriptedUpstream.json(out, 200, api.answer("fine")));
        TestGateway gateway = TestGateway.withShippedPolicy(api.provider, up.baseUrl())) {
      HttpResponse<String> r = gateway.post(api.path, api.request(false).replaceFirst("\"model\":\"[^\"]*\"",
          java.util.regex.Matcher.quoteReplacement("\"model\":" + model)), api.auth);

      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body()).contains("model: not a string").doesNotContain("13812345678").doesNotContain("zhang.wei")
          .doesNotContain("AKIAQ3EGRT5LMWX2ZUTB");
      assertThat(r.body()).contains(api == Api.ANTHROPIC ? "\"type\":\"error\"" : "\"code\":\"invalid_model\"");
      assertThat(up.requestHeads()).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', value = {
      "OPENAI|my-model-13812345678|13812345678", "ANTHROPIC|claude-AKIAQ3EGRT5LMWX2ZUTB|AKIAQ3EGRT5LMWX2ZUTB",
      "OPENAI|zhang.wei@example.cn|zhang.wei"})
  void aValueInTheModelNameNeverReachesTheUpstreamNorTheAuditTrail(Api api, String model, String value,
      @TempDir Path dir) throws Exception {
    Path audit = dir.resolve("audit.jsonl");
    try (ScriptedUpstream up = new ScriptedUpstream((head, b, out) ->
            ScriptedUpstream.json(out, 200, api.answer("fine")))) {
      HttpResponse<String> r;
      try (TestGateway gateway = TestGateway.withShippedPolicy(api.provider, up.baseUrl(),
          "audit: {sink: file, path: '" + audit + "'}")) {
        r = gateway.post(api.path, api.request(false).replaceFirst("\"model\":\"[^\"]*\"",
            "\"model\":\"" + model + "\""), api.auth);
      }

      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body()).contains("blocked by policy rule").doesNotContain(value);
      assertThat(up.requestHeads()).isEmpty();
      String trail = Files.readString(audit, StandardCharsets.UTF_8);
      assertThat(trail).contains("\"at\":\"/model\"").contains("\"model\":\"(withheld)\"").doesNotContain(value);
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', value = {
      "OPENAI|13812345678", "ANTHROPIC|req-zhang.wei@example.cn", "OPENAI|订单-AKIAQ3EGRT5LMWX2ZUTB",
      "OPENAI|trace 4bf92f3577b34da6a3ce929d0e0e4736", "OPENAI|ab13812345678cdef",
      "ANTHROPIC|45391488-0343-6467-b7a0-12c3d4e5f607"})
  void aFreeTextRequestIdIsReplacedBeforeItIsSentOrWritten(Api api, String given, @TempDir Path dir)
      throws Exception {
    Path audit = dir.resolve("audit.jsonl");
    String uuid = "3f2b8c1e-9a4d-4e6f-b7a0-12c3d4e5f607";
    try (ScriptedUpstream up = new ScriptedUpstream((head, b, out) ->
            ScriptedUpstream.json(out, 200, api.answer("fine")))) {
      HttpResponse<String> replaced;
      HttpResponse<String> kept;
      try (TestGateway gateway = TestGateway.withShippedPolicy(api.provider, up.baseUrl(),
          "audit: {sink: file, path: '" + audit + "'}")) {
        String body = api.request(false).replace("\"hi\"", "\"hi, mail zhang.wei@example.cn\"");
        replaced = gateway.post(api.path, body, with(api.auth, "x-request-id", utf8AsLatin1(given)));
        kept = gateway.post(api.path, body, with(api.auth, "x-request-id", uuid));
      }

      assertThat(replaced.statusCode()).isEqualTo(200);
      assertThat(replaced.headers().firstValue("x-request-id").orElseThrow()).matches("kx-[0-9a-f]{32}");
      assertThat(kept.headers().firstValue("x-request-id")).hasValue(uuid);
      assertThat(up.requestHeads().get(0)).containsIgnoringCase(
          "x-request-id: " + replaced.headers().firstValue("x-request-id").orElseThrow());
      assertThat(up.requestHeads().get(1)).containsIgnoringCase("x-request-id: " + uuid);
      String trail = Files.readString(audit, StandardCharsets.UTF_8);
      assertThat(trail).contains("\"requestId\":\"" + uuid + "\"").contains("\"requestId\":\"kx-");
      for (String head : up.requestHeads()) {
        assertThat(head).doesNotContain(utf8AsLatin1(given));
      }
      assertThat(trail).doesNotContain(given);
    }
  }

  /** Returns {@code s} as HTTP/1.1 carries its UTF-8 bytes in a header, one character a byte. */
  private static String utf8AsLatin1(String s) {
    return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void sdkHeadersAndCleanCustomValuesPass(Api api) throws Exception {
    try (ScriptedUpstream up = new ScriptedUpstream((head, b, out) ->
            ScriptedUpstream.json(out, 200, api.answer("fine")));
        TestGateway gateway = TestGateway.withShippedPolicy(api.provider, up.baseUrl())) {
      HttpResponse<String> r = gateway.post(api.path + "?api-version=2024-06-01&limit=5", api.request(false),
          with(with(with(api.auth, "user-agent", "OpenAI/Python 1.52.0"), "x-stainless-lang", "python"),
              "x-team", "support desk 2"));

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(up.requestHeads().get(0)).contains("?api-version=2024-06-01&limit=5")
          .containsIgnoringCase("x-stainless-lang: python").containsIgnoringCase("x-team:");
    }
  }

  private static String[] with(String[] headers, String name, String value) {
    List<String> all = new ArrayList<>(List.of(headers));
    all.add(name);
    all.add(value);
    return all.toArray(new String[0]);
  }
}
