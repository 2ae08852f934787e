package io.kexin.gateway.detect.guard;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Plays a Llama Guard endpoint on a WireMock server for tests: its answers, what it was asked, a guard policy. */
public final class MockGuard {
  private static final ObjectMapper JSON = new ObjectMapper();

  private MockGuard() {}

  /** Returns the chat completion a Llama Guard answers with {@code content} ({@code safe}, {@code unsafe\\nS1}). */
  public static String verdict(String content) {
    return "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + content + "\"}}]}";
  }

  /** Makes {@code guard} judge every text safe but those containing one of {@code unsafe}. */
  public static void stub(WireMockExtension guard, String... unsafe) {
    guard.stubFor(post("/v1/chat/completions").willReturn(okJson(verdict("safe"))));
    for (String word : unsafe) {
      guard.stubFor(post("/v1/chat/completions").withRequestBody(containing(word))
          .willReturn(okJson(verdict("unsafe\\nS1"))));
    }
  }

  /** Returns the texts {@code guard} was asked about, in order. */
  public static List<String> asked(WireMockExtension guard) {
    List<String> out = new ArrayList<>();
    for (LoggedRequest r : guard.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions")))) {
      try {
        out.add(JSON.readTree(r.getBodyAsString()).path("messages").path(0).path("content").asText());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  /** Returns a policy file named {@code name} with {@code onError} and the rules {@code rules} (YAML list items). */
  public static String policy(String name, String onError, String rules) {
    return "apiVersion: kexin.io/v1\nkind: Policy\nmetadata: {name: " + name + "}\nonError: " + onError
        + "\nrules:\n" + rules;
  }
}
