package io.kexin.gateway.detect.guard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * Describes one family of guard model: the path it is served at, the request body that asks it about a text (its
 * prompt template), and how its answer reads as a verdict. Chat families are served by an OpenAI-compatible
 * {@code /chat/completions} endpoint (vLLM, SGLang, Ollama, …); moderation by an OpenAI-style {@code /moderations}.
 */
public enum GuardFamily {
  /** Llama Guard 3 and 4: the server applies the model's own chat template; the answer is {@code safe} or
   * {@code unsafe} followed by a line of hazard codes ({@code S1,S10}). */
  LLAMA_GUARD("llama-guard") {
    @Override
    ObjectNode body(ObjectMapper json, String model, String text, String policy) {
      return chat(json, model, text);
    }

    @Override
    Verdict verdict(String answer) {
      String[] lines = answer.strip().split("\\s*\\n\\s*");
      String first = lines[0].strip().toLowerCase(Locale.ROOT);
      if (first.equals("safe")) {
        return Verdict.SAFE;
      }
      if (first.equals("unsafe")) {
        return new Verdict(1.0, lines.length > 1 ? codes(lines[1]) : "");
      }
      throw new GuardException("llama-guard answer does not start with safe or unsafe");
    }
  },
  /** Qwen3Guard (generative): the answer holds {@code Safety: Safe|Unsafe|Controversial} and {@code Categories: …}. */
  QWEN3_GUARD("qwen3-guard") {
    @Override
    ObjectNode body(ObjectMapper json, String model, String text, String policy) {
      return chat(json, model, text);
    }

    @Override
    Verdict verdict(String answer) {
      String safety = field(answer, "Safety:");
      if (safety == null) {
        throw new GuardException("qwen3-guard answer has no Safety: line");
      }
      String categories = field(answer, "Categories:");
      return switch (safety.toLowerCase(Locale.ROOT)) {
        case "safe" -> Verdict.SAFE;
        case "unsafe" -> new Verdict(1.0, codes(categories == null ? "" : categories));
        case "controversial" -> new Verdict(0.5, codes(categories == null ? "" : categories));
        default -> throw new GuardException("qwen3-guard Safety: " + codes(safety)
            + " (expected: Safe, Unsafe or Controversial)");
      };
    }
  },
  /** ShieldGemma: the prompt states one principle and asks whether the text violates it; the answer starts with
   * {@code Yes} or {@code No}. */
  SHIELDGEMMA("shieldgemma") {
    @Override
    ObjectNode body(ObjectMapper json, String model, String text, String policy) {
      String prompt = "You are a policy expert trying to help determine whether a user prompt is in violation of the"
          + " defined safety policies.\n\n<start_of_turn>\nHuman Question: " + text + "\n<end_of_turn>\n\n"
          + "Our safety principle is defined in the below:\n\n* " + policy + "\n\n"
          + "Does the human question violate the above principle? Your answer must start with 'Yes' or 'No'. And then"
          + " walk through step by step to be sure we answer correctly.\n";
      return chat(json, model, prompt);
    }

    @Override
    Verdict verdict(String answer) {
      String a = answer.strip().toLowerCase(Locale.ROOT);
      if (a.startsWith("yes")) {
        return new Verdict(1.0, "");
      }
      if (a.startsWith("no")) {
        return Verdict.SAFE;
      }
      throw new GuardException("shieldgemma answer does not start with Yes or No");
    }
  },
  /** An OpenAI-style moderation endpoint: the score is the highest category score, the categories those flagged. */
  OPENAI_MODERATION("openai-moderation") {
    @Override
    String path() {
      return "/moderations";
    }

    @Override
    ObjectNode body(ObjectMapper json, String model, String text, String policy) {
      ObjectNode body = json.createObjectNode();
      if (model != null) {
        body.put("model", model);
      }
      return body.put("input", text);
    }

    @Override
    Verdict read(JsonNode response) {
      JsonNode result = response.path("results").path(0);
      if (!result.path("flagged").isBoolean()) {
        throw new GuardException("moderation answer has no results[0].flagged");
      }
      double score = 0;
      for (JsonNode s : result.path("category_scores")) {
        score = Math.max(score, s.asDouble());
      }
      StringBuilder flagged = new StringBuilder();
      result.path("categories").fields().forEachRemaining(e -> {
        if (e.getValue().asBoolean()) {
          flagged.append(flagged.length() == 0 ? "" : ",").append(e.getKey());
        }
      });
      boolean yes = result.path("flagged").asBoolean();
      return new Verdict(yes ? Math.max(score, 0.5) : Math.min(score, 0.49), codes(flagged.toString()));
    }

    @Override
    Verdict verdict(String answer) {
      throw new UnsupportedOperationException("moderation answers are JSON");
    }
  };

  private final String policyName;

  GuardFamily(String policyName) {
    this.policyName = policyName;
  }

  /** Parses a policy name: llama-guard, qwen3-guard, shieldgemma or openai-moderation. */
  public static GuardFamily parse(String name) {
    for (GuardFamily f : values()) {
      if (f.policyName.equals(name)) {
        return f;
      }
    }
    throw new IllegalArgumentException("family: " + name
        + " (expected: llama-guard, qwen3-guard, shieldgemma or openai-moderation)");
  }

  /** Returns the path appended to the endpoint's base URL. */
  String path() {
    return "/chat/completions";
  }

  /** Returns the request body that asks about {@code text}; {@code policy} is ShieldGemma's principle. */
  abstract ObjectNode body(ObjectMapper json, String model, String text, String policy);

  /** Reads the verdict from the endpoint's JSON answer. */
  Verdict read(JsonNode response) {
    JsonNode content = response.path("choices").path(0).path("message").path("content");
    if (!content.isTextual()) {
      throw new GuardException(policyName + " answer has no choices[0].message.content");
    }
    return verdict(content.asText());
  }

  /** Reads the verdict from the model's answer text. */
  abstract Verdict verdict(String answer);

  private static ObjectNode chat(ObjectMapper json, String model, String content) {
    ObjectNode body = json.createObjectNode();
    body.put("model", model);
    body.putArray("messages").addObject().put("role", "user").put("content", content);
    return body.put("temperature", 0).put("max_tokens", 32);
  }

  private static String field(String answer, String name) {
    for (String line : answer.split("\n")) {
      String l = line.strip();
      if (l.regionMatches(true, 0, name, 0, name.length())) {
        return l.substring(name.length()).strip();
      }
    }
    return null;
  }

  /** Keeps only the characters a category code may have, so the guard's answer never carries text into an audit. */
  private static String codes(String raw) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < raw.length() && sb.length() < 120; i++) {
      char c = raw.charAt(i);
      if (c < 0x80 && (Character.isLetterOrDigit(c) || c == ',' || c == '-' || c == '_' || c == '/')) {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** Holds a guard's judgement: a score in [0, 1] and the category codes it named (ASCII only). */
  record Verdict(double score, String categories) {
    static final Verdict SAFE = new Verdict(0, "");
  }
}
