package io.kexin.gateway.policytest;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kexin.gateway.config.ConfigException;
import io.kexin.gateway.config.StrictYaml;
import io.kexin.gateway.config.TextFileReader;
import io.kexin.gateway.content.Action;
import io.kexin.gateway.content.Role;
import io.kexin.gateway.content.TextSegment;
import io.kexin.gateway.inspect.DecisionRecorder;
import io.kexin.gateway.inspect.ExchangeInfo;
import io.kexin.gateway.inspect.Hit;
import io.kexin.gateway.inspect.Inspection;
import io.kexin.gateway.inspect.Outcome;
import io.kexin.gateway.inspect.PolicyEngine;
import io.kexin.gateway.inspect.PolicyInspector;
import io.kexin.gateway.inspect.PseudonymVault;
import io.kexin.gateway.inspect.Verdict;
import io.kexin.gateway.policy.AppliedOverride;
import io.kexin.gateway.policy.CompiledPolicy;
import io.kexin.gateway.policy.Direction;
import io.kexin.gateway.policy.PolicySet;
import io.kexin.gateway.provider.Endpoint;
import io.kexin.gateway.provider.ProviderApi;
import io.kexin.gateway.stream.SseDecoder;
import io.kexin.gateway.stream.SseEvent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Reads the golden test suites of a policy directory ({@code tests/*.yaml}) and runs every case through the gateway's
 * own inspection: a text through the policy engine as {@code gateway scan} does; a request body, then a response body
 * or an SSE transcript, through the same per-exchange inspection the proxy opens (pseudonyms made on the way up are
 * restored on the way back). Thread-safe.
 */
public final class SuiteRunner {
  /** The directory of the suites, below the policy directory. */
  public static final String TESTS_DIR = "tests";
  /** Largest suite file read. */
  static final long MAX_SUITE_BYTES = 4 << 20;
  /** Longest SSE event of a transcript, and most characters a streamed text may hold back. */
  private static final int MAX_EVENT = 1 << 20;

  private final StrictYaml yaml = new StrictYaml(null);
  private final TextFileReader reader = new TextFileReader("policy test", MAX_SUITE_BYTES);
  private final PolicyEngine engine = new PolicyEngine();
  private final ObjectMapper json = new ObjectMapper();

  /** Holds one suite file: where it is, its text (to locate cases), its cases, and whether a site's. */
  record Suite(String source, String text, SuiteSpec spec, boolean site) {}

  /** Returns the suite files of {@code policyDir}, sorted; empty when it has no {@code tests} directory. */
  public static List<Path> files(Path policyDir) {
    Path tests = policyDir.resolve(TESTS_DIR);
    if (!Files.isDirectory(tests)) {
      return List.of();
    }
    try (Stream<Path> list = Files.list(tests)) {
      return list.filter(p -> {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return !n.startsWith("..") && (n.endsWith(".yaml") || n.endsWith(".yml"));
      }).sorted().toList();
    } catch (IOException e) {
      throw new ConfigException(tests + ": cannot list policy tests: " + e.getMessage());
    }
  }

  /** Reads and checks every suite of {@code policyDir}; the first bad one throws with {@code file:line:col}. */
  List<Suite> readAll(Path policyDir) {
    return readAll(policyDir, null);
  }

  /**
   * Reads and checks every suite of {@code policyDir}, then of the site directory {@code site} (null for none);
   * suite names are unique across both; the first bad one throws with {@code file:line:col}.
   */
  List<Suite> readAll(Path policyDir, Path site) {
    List<Suite> suites = new ArrayList<>();
    Map<String, String> names = new HashMap<>();
    List<Path> all = new ArrayList<>(files(policyDir));
    int shipped = all.size();
    if (site != null) {
      all.addAll(files(site));
    }
    for (int f = 0; f < all.size(); f++) {
      Suite suite = readOne(all.get(f), f >= shipped);
      String earlier = names.putIfAbsent(suite.spec().metadata().name(), suite.source());
      if (earlier != null) {
        throw yaml.errorAt(suite.source(), suite.text(), "metadata.name", "suite name '"
            + suite.spec().metadata().name() + "' is also used by " + earlier + " (expected: unique names)");
      }
      TreeSet<String> caseNames = new TreeSet<>();
      for (int i = 0; i < suite.spec().cases().size(); i++) {
        if (!caseNames.add(suite.spec().cases().get(i).name())) {
          throw yaml.errorAt(suite.source(), suite.text(), "cases[" + i + "].name", "case name '"
              + suite.spec().cases().get(i).name() + "' is used twice in this suite (expected: unique names)");
        }
      }
      suites.add(suite);
    }
    return suites;
  }

  /** Checks every suite of {@code policyDir} against {@code set} without running a case; throws at the first error. */
  public void lint(PolicySet set, Path policyDir, Bindings bindings) {
    lint(set, policyDir, null, bindings);
  }

  /** Checks the suites of {@code policyDir} and of {@code site} (null for none) as {@link #lint} does. */
  public void lint(PolicySet set, Path policyDir, Path site, Bindings bindings) {
    for (Suite suite : readAll(policyDir, site)) {
      for (int i = 0; i < suite.spec().cases().size(); i++) {
        SuiteSpec.CaseSpec c = suite.spec().cases().get(i);
        try {
          set.resolve(policyNames(suite.spec(), c, set, bindings));
          if (c.request() != null) {
            endpoint(c);
          }
        } catch (IllegalArgumentException e) {
          throw yaml.errorAt(suite.source(), suite.text(), "cases[" + i + "]", e.getMessage());
        }
      }
    }
  }

  private Suite readOne(Path file, boolean site) {
    String text;
    try {
      text = reader.read(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file + ": policy test disappeared while loading (expected: a stable directory)");
    }
    return new Suite(file.toString(), text, yaml.read(file.toString(), text, SuiteSpec.class), site);
  }

  /** Runs every case of the suites of {@code policyDir} whose {@code suite/name} {@code filter} accepts. */
  public SuiteReport run(PolicySet set, Path policyDir, Bindings bindings, Predicate<String> filter) {
    return run(set, policyDir, null, bindings, filter);
  }

  /**
   * Runs every case of the suites of {@code policyDir} and of the site directory {@code site} (null for none) whose
   * {@code suite/name} {@code filter} accepts, against {@code set}, the pack with the site layered over it. A case of
   * the pack that fails, and whose policies or rules (expected or fired) a site override changed, is waived: it is
   * reported with the override's place and does not count as failed. A site's own cases are never waived.
   */
  public SuiteReport run(PolicySet set, Path policyDir, Path site, Bindings bindings, Predicate<String> filter) {
    requireNonNull(set, "set");
    List<CaseResult> results = new ArrayList<>();
    for (Suite suite : readAll(policyDir, site)) {
      for (int i = 0; i < suite.spec().cases().size(); i++) {
        SuiteSpec.CaseSpec c = suite.spec().cases().get(i);
        if (!filter.test(suite.spec().metadata().name() + "/" + c.name())) {
          continue;
        }
        ConfigException at = yaml.errorAt(suite.source(), suite.text(), "cases[" + i + "]", "");
        String where = at.source() + ":" + at.line() + ":" + at.column();
        List<String> problems = new ArrayList<>();
        List<String> details = new ArrayList<>();
        Set<String> fired = new TreeSet<>();
        try {
          runCase(suite.spec(), c, set, bindings, problems, details, fired);
        } catch (IllegalArgumentException e) {
          problems.add(e.getMessage());
        } catch (RuntimeException e) {
          problems.add("the case could not run: " + e.getClass().getSimpleName());
        }
        String waivedBy = problems.isEmpty() || suite.site() ? null : waiver(suite.spec(), c, set, bindings, fired);
        results.add(new CaseResult(suite.spec().metadata().name(), c.name(), where, problems, details, waivedBy));
      }
    }
    return new SuiteReport(results);
  }

  /**
   * Returns where the site override is that changed a policy {@code c} applies or a rule it expects or fired, or null
   * when no override touches the case.
   */
  private static String waiver(SuiteSpec suite, SuiteSpec.CaseSpec c, PolicySet set, Bindings bindings,
      Set<String> fired) {
    if (set.overrides().isEmpty()) {
      return null;
    }
    Set<String> rules = new TreeSet<>(fired);
    List<String> policies;
    try {
      policies = policyNames(suite, c, set, bindings);
    } catch (IllegalArgumentException e) {
      return null;
    }
    for (SuiteSpec.Expectation e : new SuiteSpec.Expectation[] {c.expect(), c.expectRequest()}) {
      if (e != null) {
        if (e.rules() != null) {
          rules.addAll(e.rules());
        }
        rules.addAll(e.rulesInclude());
      }
    }
    for (AppliedOverride o : set.overrides()) {
      boolean touches = o.target() == AppliedOverride.Target.RULE ? rules.contains(o.name())
          : policies.contains(o.name());
      if (touches) {
        return o.where() + " (" + o.target().label() + " " + o.name() + ": " + String.join(", ", o.changes()) + ")";
      }
    }
    return null;
  }

  private static List<String> policyNames(SuiteSpec suite, SuiteSpec.CaseSpec c, PolicySet set, Bindings bindings) {
    if (c.route() != null || c.tenant() != null) {
      List<String> names = new ArrayList<>();
      if (c.route() != null) {
        names.addAll(bound(bindings.routes(), "route", c.route()));
      }
      if (c.tenant() != null) {
        names.addAll(bound(bindings.tenants(), "tenant", c.tenant()));
      }
      return names;
    }
    if (c.policies() != null) {
      return c.policies();
    }
    if (suite.policies() != null) {
      return suite.policies();
    }
    return set.all().stream().map(CompiledPolicy::name).toList();
  }

  private static List<String> bound(Map<String, List<String>> map, String kind, String name) {
    List<String> names = map.get(name);
    if (names == null) {
      throw new IllegalArgumentException(kind + " '" + name + "' is not in the gateway config (expected one of: "
          + String.join(", ", new TreeSet<>(map.keySet())) + (map.isEmpty() ? "none; pass --config" : "") + ")");
    }
    return names;
  }

  private static Endpoint endpoint(SuiteSpec.CaseSpec c) {
    ProviderApi api = api(c);
    String path = c.path() != null ? c.path() : c.api().equals("anthropic") ? "/v1/messages" : "/v1/chat/completions";
    Optional<Endpoint> endpoint = api.endpoint(path);
    if (endpoint.isEmpty()) {
      throw new IllegalArgumentException("path: " + path + " (expected one of: "
          + String.join(", ", new TreeSet<>(api.paths())) + ")");
    }
    return endpoint.get();
  }

  private static ProviderApi api(SuiteSpec.CaseSpec c) {
    return c.api().equals("anthropic") ? ProviderApi.anthropic() : ProviderApi.openAi();
  }

  /**
   * Holds what one step of an exchange came to; for a refusal, {@code body} is the error answer the caller gets, in
   * its API's form.
   */
  private record Step(Action action, Action wouldBe, List<String> rules, String output, JsonNode body,
      Integer status) {}

  private void runCase(SuiteSpec suite, SuiteSpec.CaseSpec c, PolicySet set, Bindings bindings,
      List<String> problems, List<String> details, Set<String> fired) {
    List<String> names = policyNames(suite, c, set, bindings);
    List<CompiledPolicy> policies = set.resolve(names);
    if (c.text() != null) {
      Role role = c.role() != null ? c.role() : c.direction() == Direction.REQUEST ? Role.USER : Role.ASSISTANT;
      Outcome o = engine.run(policies, c.direction(), List.of(new TextSegment("", role, c.text())),
          new PseudonymVault());
      boolean refused = o.block() != null || o.failed() != null;
      String output = refused ? null : o.replacements().isEmpty() ? c.text() : o.replacements().get(0).text();
      fired.addAll(rules(o));
      check("", c.expect(), new Step(o.action(), o.wouldBe(), rules(o), output, null, refused ? 400 : null),
          problems, details);
      return;
    }
    Endpoint endpoint = endpoint(c);
    Recorder recorder = new Recorder();
    ExchangeInfo exchange = new ExchangeInfo("policy-test", api(c), endpoint,
        c.route() != null ? c.route() : "policy-test", c.tenant() != null ? c.tenant() : "policy-test", names,
        c.stream() != null);
    Inspection inspection = new PolicyInspector(() -> set, recorder, MAX_EVENT).open(exchange);
    ObjectNode request = ((ObjectNode) c.request()).deepCopy();
    Step up = step(api(c), inspection.request(request), recorder.outcomes.get(Direction.REQUEST), request);
    fired.addAll(up.rules());
    if (!c.hasResponse() || up.status() != null) {
      // A refused request ends the exchange: what is expected is the refusal.
      check("", c.expect(), up, problems, details);
      return;
    }
    if (c.expectRequest() != null) {
      check("request: ", c.expectRequest(), up, problems, details);
    }
    Step down;
    if (c.response() != null) {
      ObjectNode response = ((ObjectNode) c.response()).deepCopy();
      down = step(api(c), inspection.response(response), recorder.outcomes.get(Direction.RESPONSE), response);
    } else {
      down = stream(inspection, c.stream(), recorder);
    }
    fired.addAll(down.rules());
    check(c.expectRequest() != null ? "response: " : "", c.expect(), down, problems, details);
  }

  private Step stream(Inspection inspection, String transcript, Recorder recorder) {
    List<SseEvent> in = new ArrayList<>();
    SseDecoder decoder = new SseDecoder(MAX_EVENT);
    ByteBuf bytes = Unpooled.wrappedBuffer(transcript.getBytes(StandardCharsets.UTF_8));
    try {
      decoder.decode(bytes, in);
      decoder.end(in);
    } finally {
      bytes.release();
    }
    StringBuilder out = new StringBuilder();
    List<SseEvent> sentEvents = new ArrayList<>();
    for (SseEvent e : in) {
      for (SseEvent sent : inspection.streamEvent(e)) {
        out.append(new String(sent.encode(), StandardCharsets.UTF_8));
        sentEvents.add(sent);
      }
      if (inspection.streamStopped()) {
        break;
      }
    }
    // A stopped stream ends with the provider's error event (OpenAI's then sends [DONE]): its data is the error
    // answer the caller reads.
    JsonNode error = null;
    for (int i = sentEvents.size() - 1; i >= 0 && error == null && inspection.streamStopped(); i--) {
      error = errorData(sentEvents.get(i));
    }
    if (!inspection.streamStopped()) {
      for (SseEvent sent : inspection.streamEnd()) {
        out.append(new String(sent.encode(), StandardCharsets.UTF_8));
      }
    }
    Outcome o = recorder.outcomes.get(Direction.RESPONSE);
    Action action = o == null ? Action.ALLOW : o.action();
    return new Step(action, o == null ? action : o.wouldBe(), o == null ? List.of() : rules(o), out.toString(),
        error, null);
  }

  /** Returns the JSON data of a stream's error event, or null when the event carries no error object. */
  private JsonNode errorData(SseEvent event) {
    try {
      JsonNode data = json.readTree(event.data());
      return data != null && data.path("error").isObject() ? data : null;
    } catch (JsonProcessingException | RuntimeException e) {
      return null;
    }
  }

  private Step step(ProviderApi api, Verdict verdict, Outcome outcome, ObjectNode body) {
    List<String> rules = outcome == null ? List.of() : rules(outcome);
    if (verdict instanceof Verdict.Reject r) {
      Action action = outcome == null ? Action.BLOCK : outcome.action();
      JsonNode error;
      try {
        error = json.readTree(api.errorBody(r.status(), r.type(), r.code(), r.message()));
      } catch (IOException e) {
        throw new IllegalStateException("an error body the gateway renders always parses", e);
      }
      return new Step(action, outcome == null ? action : outcome.wouldBe(), rules, r.code() + ": " + r.message(),
          error, r.status());
    }
    JsonNode result = verdict instanceof Verdict.Rewrite w ? w.body() : body;
    Action action = outcome == null ? Action.ALLOW : outcome.action();
    return new Step(action, outcome == null ? action : outcome.wouldBe(), rules, text(result), result, null);
  }

  private String text(JsonNode body) {
    try {
      return json.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a parsed body always writes", e);
    }
  }

  private static List<String> rules(Outcome o) {
    TreeSet<String> ids = new TreeSet<>();
    for (Hit h : o.hits()) {
      ids.add(h.rule().id());
    }
    if (o.failed() != null) {
      ids.add(o.failed().id());
    }
    return List.copyOf(ids);
  }

  private static void check(String step, SuiteSpec.Expectation e, Step got, List<String> problems,
      List<String> details) {
    if (e.action() != got.action()) {
      problems.add(step + "action: expected " + e.action().policyName() + ", got " + got.action().policyName());
    }
    if (e.wouldBe() != null && e.wouldBe() != got.wouldBe()) {
      problems.add(step + "wouldBe: expected " + e.wouldBe().policyName() + ", got " + got.wouldBe().policyName());
    }
    if (e.rules() != null && !new TreeSet<>(e.rules()).equals(new TreeSet<>(got.rules()))) {
      problems.add(step + "rules: expected " + new TreeSet<>(e.rules()) + ", got " + got.rules());
    }
    if (!got.rules().containsAll(e.rulesInclude())) {
      TreeSet<String> missing = new TreeSet<>(e.rulesInclude());
      missing.removeAll(got.rules());
      problems.add(step + "rulesInclude: " + missing + " did not fire, got " + got.rules());
    }
    if (e.status() != null && !e.status().equals(got.status())) {
      problems.add(step + "status: expected " + e.status() + ", got " + (got.status() == null ? "none (not refused)"
          : got.status()));
    }
    String output = got.output() == null ? "" : got.output();
    if (e.output() != null && !e.output().equals(got.output())) {
      problems.add(step + "output differs");
      details.add(step + "output expected: " + e.output());
      details.add(step + "output got:      " + output);
    }
    if (e.body() != null && !e.body().equals(got.body())) {
      problems.add(step + "body differs");
      details.add(step + "body expected: " + e.body());
      details.add(step + "body got:      " + (got.body() == null ? "(none) " + output : got.body()));
    }
    if (e.error() != null) {
      checkError(step, e.error(), got, problems, details);
    }
    for (int i = 0; i < e.contains().size(); i++) {
      if (!output.contains(e.contains().get(i))) {
        problems.add(step + "output lacks contains[" + i + "]");
        details.add(step + "contains[" + i + "] not in output: " + e.contains().get(i));
      }
    }
    for (int i = 0; i < e.excludes().size(); i++) {
      if (output.contains(e.excludes().get(i))) {
        problems.add(step + "output has excludes[" + i + "]");
        details.add(step + "excludes[" + i + "] in output: " + e.excludes().get(i));
      }
    }
    if (!problems.isEmpty() && !details.contains(step + "output: " + output)) {
      details.add(step + "output: " + output);
    }
  }

  /**
   * Checks the error answer of a refused step: the provider's shape (OpenAI's {@code error} object with a message and
   * a type; Anthropic's {@code type: error} around one), then each field the case names.
   */
  private static void checkError(String step, SuiteSpec.ErrorAnswer e, Step got, List<String> problems,
      List<String> details) {
    JsonNode body = got.body();
    if (body == null || !body.path("error").isObject()) {
      problems.add(step + "error: expected a refusal with an error answer, got " + (got.status() == null
          ? "none (" + got.action().policyName() + ")" : "status " + got.status() + " without one"));
      return;
    }
    JsonNode err = body.get("error");
    boolean anthropic = body.has("type");
    if (!err.path("message").isTextual() || !err.path("type").isTextual()
        || anthropic && !"error".equals(body.path("type").asText())) {
      problems.add(step + "error: not in the API's error form");
      details.add(step + "error got: " + body);
      return;
    }
    if (e.type() != null && !e.type().equals(err.get("type").asText())) {
      problems.add(step + "error.type: expected " + e.type() + ", got " + err.get("type").asText());
    }
    if (e.code() != null && !e.code().equals(err.path("code").asText(null))) {
      problems.add(step + "error.code: expected " + e.code() + ", got " + err.path("code").asText("none"));
    }
    String message = err.get("message").asText();
    if (e.message() != null && !e.message().equals(message)) {
      problems.add(step + "error.message differs");
      details.add(step + "error.message expected: " + e.message());
      details.add(step + "error.message got:      " + message);
    }
    for (int i = 0; i < e.messageContains().size(); i++) {
      if (!message.contains(e.messageContains().get(i))) {
        problems.add(step + "error.message lacks messageContains[" + i + "]");
        details.add(step + "messageContains[" + i + "] not in: " + message);
      }
    }
  }

  /** Keeps the last outcome recorded per direction of the exchange under test. */
  private static final class Recorder implements DecisionRecorder {
    final Map<Direction, Outcome> outcomes = new EnumMap<>(Direction.class);

    @Override
    public void record(ExchangeInfo exchange, Direction direction, Outcome outcome, String policyRevision) {
      outcomes.put(direction, outcome);
    }

    @Override
    public void uninspected(ExchangeInfo exchange, Direction direction, String reason, boolean refused) {}

    @Override
    public void failed(ExchangeInfo exchange, Direction direction, String error, boolean refused) {}
  }
}
