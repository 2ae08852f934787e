package io.kexin.gateway.policy;

import static java.util.Objects.requireNonNullElse;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.databind.JsonNode;
import io.kexin.gateway.detect.RiskCategory;
import io.kexin.gateway.detect.invisible.InvisibleKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Names a rule's detector and its settings: exactly one of the families below, or one kind a detector plugin
 * provides ({@code plugins}: every other key, with its options as written, checked by the loader).
 */
record DetectorSpec(Keyword keyword, Regex regex, Secret secret, Pii pii, Person person, Invisible invisible,
    Injection injection, Harm harm, Classifier classifier, GuardModel guardModel, Http http, @JsonAnySetter Map<String, JsonNode> plugins) {

  DetectorSpec {
    plugins = plugins == null ? Map.of() : new LinkedHashMap<>(plugins);
  }

  /** Returns the number of detector families and plugin kinds set; the loader requires exactly one. */
  int count() {
    return (keyword != null ? 1 : 0) + (regex != null ? 1 : 0) + (secret != null ? 1 : 0) + (pii != null ? 1 : 0)
        + (person != null ? 1 : 0)
        + (invisible != null ? 1 : 0) + (injection != null ? 1 : 0) + (harm != null ? 1 : 0)
        + (classifier != null ? 1 : 0)
        + (guardModel != null ? 1 : 0) + (http != null ? 1 : 0) + plugins.size();
  }

  /**
   * Sends the text, with the rule's id, entity and {@code params}, to an external detection service and reads back
   * findings or a verdict: the URL, how the service counts offsets ({@code codepoint}, {@code utf16} or
   * {@code utf8}), the environment variable holding its API key, the timeout, the concurrency limit, the cache and
   * the threshold a finding's or verdict's score must reach; on answers it judges each sentence ({@code unit},
   * {@code maxUnit} as for the classifier).
   */
  record Http(String url, String offsets, String apiKeyEnv, Integer timeoutMillis, Integer maxConcurrent,
      Long cacheSize, Integer cacheTtlSeconds, Double threshold, Map<String, JsonNode> params, String unit,
      Integer maxUnit) {
    Http {
      if (url == null) {
        throw new IllegalArgumentException("http: url is required (expected: url: http://host:port/path of the"
            + " detection service)");
      }
      offsets = requireNonNullElse(offsets, "codepoint");
      timeoutMillis = requireNonNullElse(timeoutMillis, 1000);
      maxConcurrent = requireNonNullElse(maxConcurrent, 16);
      cacheSize = requireNonNullElse(cacheSize, 10_000L);
      cacheTtlSeconds = requireNonNullElse(cacheTtlSeconds, 300);
      threshold = requireNonNullElse(threshold, 0.5);
      maxUnit = requireNonNullElse(maxUnit, 512);
      params = params == null ? Map.of() : new LinkedHashMap<>(params);
    }
  }

  /**
   * Finds prompt injection and jailbreak attempts with scored heuristics, English and Chinese; reports evidence that
   * scores at least {@code minScore}, in the named categories (injection, jailbreak; both by default).
   */
  record Injection(Double minScore, List<String> categories) {
    Injection {
      minScore = requireNonNullElse(minScore, 0.7);
      if (!(minScore >= 0 && minScore <= 1)) {
        throw new IllegalArgumentException("minScore: " + minScore + " (expected: 0..1)");
      }
      categories = List.copyOf(requireNonNullElse(categories, List.of()));
      for (String c : categories) {
        RiskCategory parsed = RiskCategory.parse(c);
        if (parsed != RiskCategory.INJECTION && parsed != RiskCategory.JAILBREAK) {
          throw new IllegalArgumentException("categories: " + c + " (expected: injection, jailbreak or both)");
        }
      }
    }

    /** Returns the categories as constants. */
    Set<RiskCategory> categorySet() {
      return categories.stream().map(RiskCategory::parse).collect(Collectors.toSet());
    }
  }

  /**
   * Reads a request intent near a harmful object: the lists of intents, acts, evasions, targets and protective
   * framings, other spellings of Han characters (弹 dan), and per harmful-request category its list of objects (files
   * relative to the policy); the window in
   * normalized units between an object and a cue that counts, and the score a finding must reach.
   */
  record Harm(String intents, String acts, String evasions, String targets, String protective, String spellings,
      Map<String, String> objects, Integer window, Double minScore) {
    Harm {
      if (intents == null || objects == null || objects.isEmpty()) {
        throw new IllegalArgumentException("harm: intents and objects are required (expected: intents: <list file>,"
            + " objects: {<harmful-request category>: <list file>, ...})");
      }
      objects = new LinkedHashMap<>(objects);
      window = requireNonNullElse(window, 60);
      minScore = requireNonNullElse(minScore, 0.75);
    }
  }

  /**
   * Scores text for one category of the trained classifier: the shipped model or {@code model}, a file relative to
   * the policy; {@code threshold} defaults to the one chosen in training; {@code unit} is {@code text} (the whole
   * text) or {@code sentence} (each sentence, the default for rules that apply to responses).
   */
  record Classifier(String category, Double threshold, String unit, Integer maxUnit, String model) {
    Classifier {
      if (category == null || category.isEmpty()) {
        throw new IllegalArgumentException("classifier: no category (expected: category: injection, jailbreak,"
            + " harmful-request or offensive)");
      }
      if (threshold != null && !(threshold > 0 && threshold < 1)) {
        throw new IllegalArgumentException("threshold: " + threshold + " (expected: > 0 and < 1)");
      }
      maxUnit = requireNonNullElse(maxUnit, 512);
    }
  }

  /**
   * Asks an external guard model about the whole text: {@code family} (llama-guard, qwen3-guard, shieldgemma,
   * openai-moderation), the endpoint's base URL, the model name, the environment variable holding its API key, the
   * timeout, the concurrency limit, the verdict cache and the threshold; {@code band} asks it only when the local
   * classifier is unsure.
   */
  record GuardModel(String family, String endpoint, String model, String apiKeyEnv, Integer timeoutMillis,
      Integer maxConcurrent, Long cacheSize, Integer cacheTtlSeconds, Double threshold, String principle,
      GuardBand band, String unit, Integer maxUnit) {
    GuardModel {
      if (family == null || endpoint == null) {
        throw new IllegalArgumentException("guardModel: family and endpoint are required (expected: family:"
            + " llama-guard|qwen3-guard|shieldgemma|openai-moderation, endpoint: http://host:port/v1)");
      }
      timeoutMillis = requireNonNullElse(timeoutMillis, 1500);
      maxConcurrent = requireNonNullElse(maxConcurrent, 16);
      cacheSize = requireNonNullElse(cacheSize, 10_000L);
      cacheTtlSeconds = requireNonNullElse(cacheTtlSeconds, 600);
      threshold = requireNonNullElse(threshold, 0.5);
      maxUnit = requireNonNullElse(maxUnit, 512);
    }
  }

  /** Names the local classifier category and the scores between which the guard model is asked. */
  record GuardBand(String category, Double low, Double high) {
    GuardBand {
      if (category == null || low == null || high == null) {
        throw new IllegalArgumentException("band: category, low and high are required (expected: e.g. {category:"
            + " injection, low: 0.2, high: 0.9})");
      }
    }
  }

  /** Finds personal data of the named entities (all when empty), checksum-validated, at or above a score. */
  record Pii(List<String> entities, Double minScore) {
    Pii {
      entities = List.copyOf(requireNonNullElse(entities, List.of()));
      minScore = requireNonNullElse(minScore, 0.5);
    }
  }

  /** Finds personal names in running prose, English and Chinese, reporting those that score at least a threshold. */
  record Person(Double minScore) {
    Person {
      minScore = requireNonNullElse(minScore, 0.7);
      if (!(minScore > 0 && minScore <= 1)) {
        throw new IllegalArgumentException("minScore: " + minScore + " (expected: > 0 and <= 1)");
      }
    }
  }

  /** Finds invisible and deceptive text of the named kinds (all when empty). */
  record Invisible(List<InvisibleKind> kinds) {
    Invisible {
      kinds = List.copyOf(requireNonNullElse(kinds, List.of()));
    }
  }

  /** Matches terms (inline and/or from a word list file) on normalized text. */
  record Keyword(List<String> terms, String wordList, Boolean wholeWord) {
    Keyword {
      terms = List.copyOf(requireNonNullElse(terms, List.of()));
      wholeWord = requireNonNullElse(wholeWord, false);
      if (terms.isEmpty() && wordList == null) {
        throw new IllegalArgumentException("keyword: no terms (expected: terms, wordList, or both)");
      }
    }
  }

  /** Matches a linear-time regular expression (RE2 syntax), reporting the whole match or one capturing group. */
  record Regex(String pattern, Boolean caseInsensitive, Boolean normalized, Integer maxLength, Integer group) {
    Regex {
      if (pattern == null || pattern.isEmpty()) {
        throw new IllegalArgumentException("regex: no pattern (expected: pattern: <RE2 regular expression>)");
      }
      caseInsensitive = requireNonNullElse(caseInsensitive, false);
      normalized = requireNonNullElse(normalized, false);
      if (maxLength != null && maxLength <= 0) {
        throw new IllegalArgumentException("maxLength: " + maxLength + " (expected: > 0)");
      }
      group = requireNonNullElse(group, 0);
      if (group < 0) {
        throw new IllegalArgumentException("group: " + group + " (expected: >= 0)");
      }
    }
  }

  /** Matches a credential: keywords gate an RE2 pattern whose secret group must reach a minimum entropy. */
  record Secret(String pattern, List<String> keywords, Boolean keywordCase, Integer secretGroup, Double minEntropy,
      Boolean grouped) {
    Secret {
      if (pattern == null || pattern.isEmpty()) {
        throw new IllegalArgumentException("secret: no pattern (expected: pattern: <RE2 regular expression>)");
      }
      keywords = List.copyOf(requireNonNullElse(keywords, List.of()));
      keywordCase = requireNonNullElse(keywordCase, false);
      secretGroup = requireNonNullElse(secretGroup, 0);
      minEntropy = requireNonNullElse(minEntropy, 0.0);
      grouped = requireNonNullElse(grouped, false);
    }
  }
}
