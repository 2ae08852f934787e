package io.kexin.gateway.policytest;

import static java.util.Objects.requireNonNull;
import static java.util.Objects.requireNonNullElse;

import com.fasterxml.jackson.databind.JsonNode;
import io.kexin.gateway.content.Action;
import io.kexin.gateway.content.Role;
import io.kexin.gateway.policy.Direction;
import java.util.List;

/** Mirrors one test suite file as written: a name, the policies its cases apply by default, and named cases. */
record SuiteSpec(String apiVersion, String kind, Metadata metadata, List<String> policies, List<CaseSpec> cases) {
  static final String API_VERSION = "kexin.io/v1";

  SuiteSpec {
    if (!API_VERSION.equals(apiVersion)) {
      throw new IllegalArgumentException("apiVersion: " + apiVersion + " (expected: " + API_VERSION + ")");
    }
    if (!"PolicyTest".equals(kind)) {
      throw new IllegalArgumentException("kind: " + kind + " (expected: PolicyTest)");
    }
    requireNonNull(metadata, "metadata");
    policies = policies == null ? null : List.copyOf(policies);
    cases = List.copyOf(requireNonNullElse(cases, List.of()));
  }

  /** Names and describes the suite. */
  record Metadata(String name, String description) {
    Metadata {
      if (name == null || !name.matches("[a-z0-9][a-z0-9-]*")) {
        throw new IllegalArgumentException("name: " + name + " (expected: lowercase letters, digits and dashes)");
      }
      description = requireNonNullElse(description, "");
    }
  }

  /**
   * Describes one case: one exchange (a text; or a request body, then optionally a response body or an SSE
   * transcript), where it goes (API, path, route, tenant or policies) and what must happen. {@code expect} checks
   * the last step; {@code expectRequest} the request step of a case that has a response too.
   */
  record CaseSpec(String name, String text, Direction direction, Role role, String api, String path, String route,
      String tenant, List<String> policies, JsonNode request, JsonNode response, String stream, Expectation expect,
      Expectation expectRequest) {
    CaseSpec {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("name: missing (expected: a name for the case)");
      }
      int inputs = (text != null ? 1 : 0) + (request != null ? 1 : 0);
      if (inputs != 1) {
        throw new IllegalArgumentException("case '" + name + "': " + inputs + " inputs (expected: exactly one of"
            + " text, request)");
      }
      if (text != null && (response != null || stream != null)) {
        throw new IllegalArgumentException("case '" + name + "': response or stream given with text (expected:"
            + " with request)");
      }
      if (response != null && stream != null) {
        throw new IllegalArgumentException("case '" + name + "': both response and stream (expected: one)");
      }
      if (request != null && !request.isObject() || response != null && !response.isObject()) {
        throw new IllegalArgumentException("case '" + name + "': request and response are JSON objects (expected:"
            + " a mapping)");
      }
      if (direction != null && text == null) {
        throw new IllegalArgumentException("case '" + name + "': direction is for text (expected: request, then"
            + " response or stream)");
      }
      direction = requireNonNullElse(direction, Direction.REQUEST);
      api = requireNonNullElse(api, "openai");
      if (!api.equals("openai") && !api.equals("anthropic")) {
        throw new IllegalArgumentException("api: " + api + " (expected: openai or anthropic)");
      }
      if (policies != null && (route != null || tenant != null)) {
        throw new IllegalArgumentException("case '" + name + "': policies given with route or tenant (expected:"
            + " one way to name the policies)");
      }
      policies = policies == null ? null : List.copyOf(policies);
      if (expect == null) {
        throw new IllegalArgumentException("case '" + name + "': no expect (expected: expect: {action: ...})");
      }
      if (text != null && (expect.error() != null)) {
        throw new IllegalArgumentException("case '" + name + "': expect.error with text (expected: a request, whose"
            + " refusal has an API's error form; a text case checks status)");
      }
      for (Expectation e : new Expectation[] {expect, expectRequest}) {
        if (e != null && e.error() != null && e.error().code() != null && api.equals("anthropic")) {
          throw new IllegalArgumentException("case '" + name + "': error.code with api anthropic (expected: type and"
              + " message; Anthropic error bodies carry no code)");
        }
      }
      if (expectRequest != null && response == null && stream == null) {
        throw new IllegalArgumentException("case '" + name + "': expectRequest without a response (expected: expect"
            + " alone)");
      }
    }

    /** Says whether the case goes on past the request step. */
    boolean hasResponse() {
      return response != null || stream != null;
    }
  }

  /**
   * Says what must happen: the action taken (and the one monitored rules would take), the exact set of rules that
   * fired or rules that must be among them, the output (exact text for a text case; exact JSON for a body, the error
   * body for a refusal), texts the output must and must not contain, the status of a refusal, and the error answer
   * the caller gets, in its API's form.
   */
  record Expectation(Action action, Action wouldBe, List<String> rules, List<String> rulesInclude, String output,
      JsonNode body,
      List<String> contains, List<String> excludes, Integer status, ErrorAnswer error) {
    Expectation {
      if (action == null) {
        throw new IllegalArgumentException("action: missing (expected: allow, flag, strip, pseudonymize, mask,"
            + " redact or block)");
      }
      rules = rules == null ? null : List.copyOf(rules);
      rulesInclude = List.copyOf(requireNonNullElse(rulesInclude, List.of()));
      contains = List.copyOf(requireNonNullElse(contains, List.of()));
      excludes = List.copyOf(requireNonNullElse(excludes, List.of()));
    }
  }

  /**
   * Describes the error answer of a refusal as the caller's SDK reads it: OpenAI's {@code {"error": {"message",
   * "type", "code", "param"}}}, Anthropic's {@code {"type": "error", "error": {"type", "message"}}} (and, for a
   * stream, the last event's data): the error {@code type}, the {@code code} (OpenAI only), the exact
   * {@code message}, or texts it must contain.
   */
  record ErrorAnswer(String type, String code, String message, List<String> messageContains) {
    ErrorAnswer {
      messageContains = List.copyOf(requireNonNullElse(messageContains, List.of()));
    }
  }
}
