package io.kexin.gateway.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kexin.gateway.config.UnknownFields;
import io.kexin.gateway.content.Role;
import io.kexin.gateway.content.TextSegment;
import io.kexin.gateway.policy.Direction;
import io.kexin.gateway.provider.Endpoint;
import io.kexin.gateway.provider.ProviderApi;
import io.kexin.gateway.provider.UnknownShapeException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns what a security engineer pastes into the playground into the text segments the gateway would inspect:
 * plain text; a JSON request or response of an OpenAI (chat, completions, embeddings, Responses) or Anthropic
 * (messages) shape, read by the gateway's own extractors; or an SSE transcript, whose deltas are joined per
 * choice, content block or output item as a stream is inspected.
 */
final class PlaygroundInput {
  /** Holds the shape recognised and the segments to inspect. */
  record Parsed(String shape, List<TextSegment> segments) {}

  private final ObjectMapper json = new ObjectMapper();
  private final ProviderApi openAi = ProviderApi.openAi();
  private final ProviderApi anthropic = ProviderApi.anthropic();

  /** Parses {@code input} as {@code format} (auto, text, json or sse) travelling in {@code direction}. */
  Parsed parse(String input, String format, Direction direction) {
    String f = format == null || format.isBlank() ? "auto" : format;
    if (f.equals("auto")) {
      String t = input.stripLeading();
      f = t.startsWith("{") ? "json" : t.startsWith("data:") || t.startsWith("event:") ? "sse" : "text";
    }
    Role role = direction == Direction.REQUEST ? Role.USER : Role.ASSISTANT;
    return switch (f) {
      case "text" -> new Parsed("text", List.of(new TextSegment("", role, input)));
      case "json" -> body(input, direction);
      case "sse" -> new Parsed("SSE transcript", stream(input, role));
      default -> throw new IllegalArgumentException("format: " + f + " (expected: auto, text, json or sse)");
    };
  }

  private Parsed body(String input, Direction direction) {
    JsonNode node;
    try {
      node = json.readTree(input);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the input is not valid JSON: " + e.getOriginalMessage());
    }
    if (!(node instanceof ObjectNode body)) {
      throw new IllegalArgumentException("the JSON input must be an object (a request or response body)");
    }
    boolean request = direction == Direction.REQUEST;
    String name;
    ProviderApi api;
    Endpoint endpoint;
    if (body.path("type").asText().equals("message") || request && body.has("messages") && anthropicRequest(body)) {
      name = "Anthropic messages";
      api = anthropic;
      endpoint = Endpoint.MESSAGES;
    } else if (body.has("messages") || body.path("object").asText().equals("chat.completion")) {
      name = "OpenAI chat completions";
      api = openAi;
      endpoint = Endpoint.CHAT;
    } else if (body.has("prompt") || body.path("object").asText().equals("text_completion")) {
      name = "OpenAI completions";
      api = openAi;
      endpoint = Endpoint.COMPLETIONS;
    } else if (request && body.has("input") && (body.has("encoding_format") || body.has("dimensions")
        || body.path("model").asText().contains("embed"))) {
      name = "OpenAI embeddings";
      api = openAi;
      endpoint = Endpoint.EMBEDDINGS;
    } else if (body.has("input") || body.path("object").asText().equals("response")) {
      name = "OpenAI Responses";
      api = openAi;
      endpoint = Endpoint.RESPONSES;
    } else {
      throw new IllegalArgumentException("the JSON is no request or response body the gateway knows (expected:"
          + " messages, prompt or input in a request; a chat.completion, text_completion, response or message)");
    }
    try {
      List<TextSegment> segments = request ? api.requestSegments(endpoint, body, UnknownFields.INSPECT).segments()
          : api.responseSegments(endpoint, body, UnknownFields.INSPECT).segments();
      return new Parsed(name + (request ? " request" : " response"), segments);
    } catch (UnknownShapeException e) {
      throw new IllegalArgumentException("not a valid " + name + (request ? " request" : " response") + ": "
          + e.getMessage());
    }
  }

  /** Says whether a request with messages reads as Anthropic's: max_tokens, and no system, developer or tool turn. */
  private static boolean anthropicRequest(ObjectNode body) {
    if (!body.has("max_tokens")) {
      return false;
    }
    for (JsonNode m : body.path("messages")) {
      String role = m.path("role").asText();
      if (role.equals("system") || role.equals("developer") || role.equals("tool")) {
        return false;
      }
    }
    return true;
  }

  /** Joins a transcript's streamed text per channel, in the order each channel opened. */
  private List<TextSegment> stream(String input, Role role) {
    Map<String, StringBuilder> texts = new LinkedHashMap<>();
    Map<String, TextSegment.Form> forms = new LinkedHashMap<>();
    int events = 0;
    for (String line : input.split("\r?\n")) {
      if (!line.startsWith("data:")) {
        continue;
      }
      String data = line.substring(5).strip();
      if (data.isEmpty() || data.equals("[DONE]")) {
        continue;
      }
      JsonNode e;
      try {
        e = json.readTree(data);
      } catch (JsonProcessingException ex) {
        throw new IllegalArgumentException("event " + (events + 1) + " of the transcript is not JSON: "
            + ex.getOriginalMessage());
      }
      events++;
      String type = e.path("type").asText();
      int i = 0;
      for (JsonNode choice : e.path("choices")) {
        String at = "/choices/" + choice.path("index").asInt(i++);
        add(texts, forms, at + "/message/content", choice.at("/delta/content"), TextSegment.Form.TEXT);
        add(texts, forms, at + "/message/refusal", choice.at("/delta/refusal"), TextSegment.Form.TEXT);
        add(texts, forms, at + "/message/reasoning_content", choice.at("/delta/reasoning_content"),
            TextSegment.Form.TEXT);
        add(texts, forms, at + "/text", choice.path("text"), TextSegment.Form.TEXT);
        for (JsonNode call : choice.at("/delta/tool_calls")) {
          add(texts, forms, at + "/message/tool_calls/" + call.path("index").asInt() + "/function/arguments",
              call.at("/function/arguments"), TextSegment.Form.JSON);
        }
      }
      if (type.equals("content_block_delta")) {
        String at = "/content/" + e.path("index").asInt();
        add(texts, forms, at + "/text", e.at("/delta/text"), TextSegment.Form.TEXT);
        add(texts, forms, at + "/thinking", e.at("/delta/thinking"), TextSegment.Form.TEXT);
        add(texts, forms, at + "/input", e.at("/delta/partial_json"), TextSegment.Form.JSON);
      } else if (type.endsWith(".delta") && e.path("delta").isTextual()) {
        String at = "/output/" + e.path("output_index").asInt() + "/content/" + e.path("content_index").asInt();
        add(texts, forms, at, e.path("delta"), type.contains("arguments") ? TextSegment.Form.JSON
            : TextSegment.Form.TEXT);
      }
    }
    if (events == 0) {
      throw new IllegalArgumentException("the transcript has no 'data:' line with a JSON event");
    }
    List<TextSegment> segments = new ArrayList<>();
    texts.forEach((at, text) -> segments.add(new TextSegment(at, role, text.toString(), forms.get(at))));
    return segments;
  }

  private static void add(Map<String, StringBuilder> texts, Map<String, TextSegment.Form> forms, String at,
      JsonNode value, TextSegment.Form form) {
    if (value.isTextual()) {
      texts.computeIfAbsent(at, k -> new StringBuilder()).append(value.asText());
      forms.putIfAbsent(at, form);
    }
  }
}
