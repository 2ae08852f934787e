package io.kexin.gateway.detect.guard;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Ticker;
import io.kexin.gateway.detect.Finding;
import io.kexin.gateway.detect.classifier.ClassifierDetector.Unit;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Sends a text to an external detection service (an internal DLP, Presidio behind an adapter, a team's own check)
 * and reports what it answers: findings with spans, entity and score, or one verdict on the whole text. The call is
 * a {@link RemoteJudge}'s: bounded by the timeout and {@code maxConcurrent}, cached under a keyed hash of the text;
 * a slow, busy, down or out-of-schema service throws {@link GuardException}, which the policy's {@code onError}
 * decides. On answers it judges each sentence ({@link Unit#SENTENCE}), its spans shifted into the answer. It blocks:
 * the proxy inspects with it off the event loops. Thread-safe.
 *
 * <p>Request: {@code POST url} with {@code {"version":1,"rule":id,"entity":ENTITY,"text":…,"params":{…}}}.
 * Answer (HTTP 200): {@code {"findings":[{"start":0,"end":5,"entity":"X","score":0.9,"explanation":"…"}]}} (offsets
 * in the declared unit, end exclusive; entity, score and explanation optional) or
 * {@code {"verdict":{"flagged":true,"score":0.9,"categories":["…"]}}} (flagged or score optional, not both absent).
 */
public final class HttpDetector extends RemoteDetector {
  private static final Pattern ENTITY = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");
  private final String ruleId;
  private final String entity;
  private final Settings settings;
  private final RemoteJudge<List<Span>> judge;

  /** Names how the service counts offsets: Unicode code points (Python), UTF-16 units (Java, JS) or UTF-8 bytes (Go). */
  public enum Offsets {
    CODEPOINT, UTF16, UTF8;

    /** Parses a policy name: codepoint, utf16 or utf8. */
    public static Offsets parse(String name) {
      for (Offsets o : values()) {
        if (o.name().toLowerCase(Locale.ROOT).equals(name)) {
          return o;
        }
      }
      throw new IllegalArgumentException("offsets: " + name + " (expected: codepoint, utf16 or utf8)");
    }
  }

  /**
   * Holds where and how to ask the service: its URL, the offset unit, the API key (may be null), the timeout, the
   * concurrency limit, the cache, the score a finding or verdict must reach and the fixed {@code params} sent along.
   */
  public record Settings(URI url, Offsets offsets, String apiKey, Duration timeout, int maxConcurrent, long cacheSize,
      Duration cacheTtl, double threshold, JsonNode params) {
    public Settings {
      requireNonNull(url, "url");
      requireNonNull(offsets, "offsets");
      requireNonNull(timeout, "timeout");
      requireNonNull(cacheTtl, "cacheTtl");
      if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
        throw new IllegalArgumentException("url: " + url + " (expected: an http or https URL)");
      }
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout: " + timeout + " (expected: > 0)");
      }
      if (maxConcurrent < 1) {
        throw new IllegalArgumentException("maxConcurrent: " + maxConcurrent + " (expected: > 0)");
      }
      if (cacheSize < 0) {
        throw new IllegalArgumentException("cacheSize: " + cacheSize + " (expected: >= 0)");
      }
      if (!(threshold >= 0 && threshold <= 1)) {
        throw new IllegalArgumentException("threshold: " + threshold + " (expected: 0..1)");
      }
      if (params != null && !params.isObject()) {
        throw new IllegalArgumentException("params: " + params.getNodeType() + " (expected: a mapping)");
      }
    }
  }

  /** Holds one span as the service answered it (offsets in its unit), or the whole text ({@code start} -1). */
  record Span(int start, int end, String entity, double score, String explanation) {
  }

  private HttpDetector(String ruleId, String entity, Settings settings, Unit unit, int maxUnit, Ticker ticker) {
    super(unit, maxUnit);
    this.ruleId = requireNonNull(ruleId, "ruleId");
    this.entity = requireNonNull(entity, "entity");
    this.settings = requireNonNull(settings, "settings");
    this.judge = new RemoteJudge<>("http detector", settings.url(), settings.apiKey(), settings.timeout(),
        settings.maxConcurrent(), settings.cacheSize(), settings.cacheTtl(), ticker);
  }

  /** Returns a detector for rule {@code ruleId} that judges whole texts; {@code ticker} times the cache entries. */
  public static HttpDetector of(String ruleId, String entity, Settings settings, Ticker ticker) {
    return of(ruleId, entity, settings, Unit.TEXT, 512, ticker);
  }

  /** Returns a detector that judges by {@code unit} (sentences by their last {@code maxUnit} characters). */
  public static HttpDetector of(String ruleId, String entity, Settings settings, Unit unit, int maxUnit,
      Ticker ticker) {
    return new HttpDetector(ruleId, entity, settings, unit, maxUnit, requireNonNull(ticker, "ticker"));
  }

  @Override
  List<Finding> judge(String text, char[] units, int from, int to) {
    String t = text.substring(from, to);
    List<Span> spans = judge.judge(t, this::body, this::read);
    List<Finding> out = new ArrayList<>(spans.size());
    for (Span s : spans) {
      if (s.score() < settings.threshold()) {
        continue;
      }
      int start = s.start() < 0 ? 0 : index(t, s.start());
      int end = s.start() < 0 ? t.length() : index(t, s.end());
      String why = s.explanation();
      if (end - start >= 3 && why.contains(t.substring(start, end).strip())) {
        why = "";
      }
      out.add(new Finding(ruleId, s.entity() == null ? entity : s.entity(), from + start, from + end, s.score(),
          "http detector " + settings.url().getHost() + (s.start() < 0 ? " flagged the text" : " found "
              + (s.entity() == null ? entity : s.entity())) + String.format(Locale.ROOT, " (score %.2f)", s.score())
              + (why.isEmpty() ? "" : ": " + why)));
    }
    return out;
  }

  private JsonNode body(String text) {
    ObjectNode body = judge.json().createObjectNode();
    body.put("version", 1).put("rule", ruleId).put("entity", entity).put("text", text);
    body.set("params", settings.params() == null ? judge.json().createObjectNode() : settings.params());
    return body;
  }

  /** Reads the service's answer; an answer out of the schema throws {@link GuardException}. */
  private List<Span> read(JsonNode answer) {
    JsonNode findings = answer.path("findings");
    JsonNode verdict = answer.path("verdict");
    if (findings.isArray()) {
      List<Span> spans = new ArrayList<>();
      for (JsonNode f : findings) {
        if (!f.path("start").canConvertToInt() || !f.path("end").canConvertToInt()
            || !f.path("start").isIntegralNumber() || !f.path("end").isIntegralNumber()) {
          throw new GuardException("http detector finding has no integer start and end");
        }
        int start = f.path("start").asInt();
        int end = f.path("end").asInt();
        if (start < 0 || end < start) {
          throw new GuardException("http detector finding span [" + start + ", " + end + ") (expected: 0 <= start"
              + " <= end)");
        }
        spans.add(new Span(start, end, entity(f.path("entity")), score(f.path("score"), 1.0),
            codes(f.path("explanation").asText(""))));
      }
      return List.copyOf(spans);
    }
    if (verdict.isObject()) {
      JsonNode flagged = verdict.path("flagged");
      JsonNode score = verdict.path("score");
      if (!flagged.isBoolean() && !score.isNumber()) {
        throw new GuardException("http detector verdict has neither flagged nor score");
      }
      double s = score(score, flagged.asBoolean() ? 1.0 : 0.0);
      boolean yes = flagged.isBoolean() ? flagged.asBoolean() : s >= settings.threshold();
      if (!yes) {
        return List.of();
      }
      StringBuilder categories = new StringBuilder();
      for (JsonNode c : verdict.path("categories")) {
        categories.append(categories.length() == 0 ? "categories " : ",").append(codes(c.asText("")));
      }
      return List.of(new Span(-1, -1, null, Math.max(s, settings.threshold()), categories.toString()));
    }
    throw new GuardException("http detector answer has neither findings nor verdict");
  }

  private static String entity(JsonNode e) {
    if (e.isMissingNode() || e.isNull()) {
      return null;
    }
    String name = e.asText("").toUpperCase(Locale.ROOT);
    if (!ENTITY.matcher(name).matches()) {
      throw new GuardException("http detector finding entity is not a name (expected: letters, digits and _)");
    }
    return name;
  }

  private static double score(JsonNode s, double fallback) {
    if (s.isMissingNode() || s.isNull()) {
      return fallback;
    }
    double v = s.asDouble(Double.NaN);
    if (!s.isNumber() || !(v >= 0 && v <= 1)) {
      throw new GuardException("http detector score is not a number in [0, 1]");
    }
    return v;
  }

  /** Keeps the ASCII letters, digits and punctuation of a service's words, at most 120, so no text rides along. */
  private static String codes(String raw) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < raw.length() && sb.length() < 120; i++) {
      char c = raw.charAt(i);
      if (c < 0x7f && (Character.isLetterOrDigit(c) || " ,-_/.:=".indexOf(c) >= 0)) {
        sb.append(c);
      }
    }
    return sb.toString().strip();
  }

  /** Returns the UTF-16 index of the service's offset {@code at} in {@code text}. */
  private int index(String text, int at) {
    switch (settings.offsets()) {
      case UTF16:
        if (at > text.length()) {
          throw outside(at, text.length());
        }
        return at;
      case CODEPOINT:
        int points = text.codePointCount(0, text.length());
        if (at > points) {
          throw outside(at, points);
        }
        return text.offsetByCodePoints(0, at);
      default:
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
          if (bytes == at) {
            return i;
          }
          int cp = text.codePointAt(i);
          bytes += new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
          i += Character.charCount(cp);
          if (bytes > at) {
            throw new GuardException("http detector offset " + at + " falls inside a UTF-8 character");
          }
        }
        if (bytes == at) {
          return text.length();
        }
        throw outside(at, bytes);
    }
  }

  private GuardException outside(int at, int length) {
    return new GuardException("http detector offset " + at + " is past the end of the text (" + length + " "
        + settings.offsets().name().toLowerCase(Locale.ROOT) + " units)");
  }

  /** Returns the number of answers cached; for tests. */
  long cached() {
    return judge.cached();
  }
}
