package io.kexin.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kexin.gateway.cli.CompressedUpstreamTest.Api;
import java.net.http.HttpResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Sends the client's key in every place a client might put it (headers and query parameters) and checks on a real
 * upstream socket that the upstream receives none of them, only the gateway's own credential and the other query
 * parameters.
 */
class ClientCredentialsProxyTest {
  private static final String KEY = TestGateway.CLIENT_KEY;

  @ParameterizedTest
  @EnumSource(Api.class)
  void theClientKeyNeverReachesTheUpstream(Api api) throws Exception {
    try (ScriptedUpstream up = new ScriptedUpstream((head, b, out) ->
            ScriptedUpstream.json(out, 200, api.answer("fine")));
        TestGateway gateway = TestGateway.forUpstream(api.provider, up.baseUrl(), "")) {
      String query = "?api-version=2024-06-01&custom=" + KEY.replace("-", "%2D") + "&" + KEY
          + "&bearer=Bearer+" + KEY + "&limit=5";
      HttpResponse<String> r = gateway.post(api.path + query, api.request(false), api.auth[0], api.auth[1],
          "api-key", KEY, "x-api-key", KEY, "x-goog-api-key", KEY, "cookie", "session=" + KEY,
          "x-request-id", "req-" + KEY, "x-forwarded-for", "10.0.0.1, " + KEY, "x-keep", "kept");

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("fine");
      String head = up.requestHeads().get(0);
      assertThat(head).startsWith("POST " + api.path + "?api-version=2024-06-01&limit=5 HTTP/1.1\r\n")
          .doesNotContain(KEY).doesNotContain("kx-test").doesNotContainIgnoringCase("\r\napi-key:")
          .doesNotContainIgnoringCase("x-goog-api-key")
          .containsIgnoringCase("x-keep: kept");
      if (api == Api.OPENAI) {
        assertThat(head).containsIgnoringCase("authorization: Bearer " + TestGateway.REAL_KEY)
            .doesNotContainIgnoringCase("x-api-key");
      } else {
        assertThat(head).containsIgnoringCase("x-api-key: " + TestGateway.REAL_KEY)
            .doesNotContainIgnoringCase("authorization");
      }
    }
  }

  /** A key in the URL is refused with 400 in the caller's format, naming the parameter and never its value. */
  @ParameterizedTest
  @CsvSource({"OPENAI,key", "OPENAI,API_KEY", "OPENAI,Api-Key", "OPENAI,apikey", "OPENAI,access_token",
      "OPENAI,Token", "OPENAI,auth", "OPENAI,api%5Fkey", "ANTHROPIC,key", "ANTHROPIC,x-api-key", "OPENAI,a;key"})
  void aKeyInTheQueryIsRefused(Api api, String parameter) throws Exception {
    try (ScriptedUpstream up = new ScriptedUpstream((head, b, out) ->
            ScriptedUpstream.json(out, 200, api.answer("fine")));
        TestGateway gateway = TestGateway.forUpstream(api.provider, up.baseUrl(), "")) {
      HttpResponse<String> r = gateway.post(api.path + "?api-version=1&" + parameter + "=" + KEY, api.request(false),
          api.auth);

      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body()).contains("carries a credential").doesNotContain(KEY);
      assertThat(r.body()).contains(api == Api.ANTHROPIC ? "\"type\":\"error\"" : "\"code\":\"credential_in_query\"");
      assertThat(up.requestHeads()).isEmpty();
    }
  }

  /** Azure-style clients send their gateway key in api-key: accepted on OpenAI routes, and never forwarded. */
  @org.junit.jupiter.api.Test
  void anApiKeyHeaderIsTheClientKeyOnOpenAiRoutes() throws Exception {
    try (ScriptedUpstream up = new ScriptedUpstream((head, b, out) ->
            ScriptedUpstream.json(out, 200, Api.OPENAI.answer("fine")));
        TestGateway gateway = TestGateway.forUpstream("openai", up.baseUrl(), "")) {
      HttpResponse<String> ok = gateway.post(Api.OPENAI.path, Api.OPENAI.request(false), "api-key", KEY);
      HttpResponse<String> wrong = gateway.post(Api.OPENAI.path, Api.OPENAI.request(false), "api-key", "kx-wrong");
      HttpResponse<String> none = gateway.post(Api.OPENAI.path, Api.OPENAI.request(false));

      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(up.requestHeads()).hasSize(1);
      assertThat(up.requestHeads().get(0)).doesNotContain(KEY).doesNotContainIgnoringCase("\r\napi-key:")
          .containsIgnoringCase("authorization: Bearer " + TestGateway.REAL_KEY);
      assertThat(wrong.statusCode()).isEqualTo(401);
      assertThat(none.statusCode()).isEqualTo(401);
      assertThat(none.body()).contains("api-key: <key>");
    }
  }
}
