package io.kexin.gateway.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Computes the demo model's answer: it repeats the last user text, so redaction and restore are visible; when
 * function tools are offered (and not refused by {@code tool_choice}) it calls the first one, or the one
 * {@code tool_choice} names, filling each string argument with that text; once a tool result comes back it repeats
 * the result.
 */
final class DemoModel {
  static final String MODEL = "kexin-demo";
  static final String PREFIX = "Kexin demo model. You said: ";
  private static final int MAX_CHOICES = 8;
  private final ObjectMapper json = new ObjectMapper();
  private final AtomicLong ids = new AtomicLong();

  /** Returns the answer to a request body of the given endpoint. */
  DemoAnswer answer(String path, JsonNode body) {
    String id = "demo-" + ids.incrementAndGet();
    String user = lastUserText(path, body);
    String toolResult = toolResult(path, body);
    DemoAnswer.ToolCall call = toolResult == null ? toolCall(path, body, user, id) : null;
    String text;
    if (toolResult != null) {
      text = "Kexin demo model. The tool said: " + toolResult;
    } else if (call != null) {
      text = path.equals("/v1/messages") ? "Kexin demo model. Calling " + call.name() + "." : "";
    } else {
      text = PREFIX + user;
    }
    int n = path.equals("/v1/chat/completions") || path.equals("/v1/completions")
        ? Math.max(1, Math.min(MAX_CHOICES, body.path("n").asInt(1))) : 1;
    boolean streamUsage = body.path("stream_options").path("include_usage").asBoolean(false);
    return new DemoAnswer(id, text, call, n, tokens(user).size() + 1, tokens(text), streamUsage);
  }

  /** Splits an answer into stream tokens: each word with its trailing space, and each CJK character alone. */
  List<String> tokens(String answer) {
    List<String> tokens = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    for (int i = 0; i < answer.length(); ) {
      int cp = answer.codePointAt(i);
      int n = Character.charCount(cp);
      if (Character.isIdeographic(cp)) {
        if (word.length() > 0) {
          tokens.add(word.toString());
          word.setLength(0);
        }
        tokens.add(answer.substring(i, i + n));
      } else {
        word.appendCodePoint(cp);
        if (cp == ' ') {
          tokens.add(word.toString());
          word.setLength(0);
        }
      }
      i += n;
    }
    if (word.length() > 0) {
      tokens.add(word.toString());
    }
    return tokens;
  }

  /** Returns the call of the first offered function tool, or null when none is offered or tools are refused. */
  private DemoAnswer.ToolCall toolCall(String path, JsonNode body, String user, String id) {
    JsonNode choice = body.path("tool_choice");
    if (choice.asText("").equals("none") || choice.path("type").asText("").equals("none")) {
      return null;
    }
    // a named choice: {"type":"function","function":{"name":…}} (chat), {"type":"function"|"tool","name":…}
    String named = choice.path("function").path("name").asText(choice.path("name").asText(""));
    for (JsonNode tool : body.path("tools")) {
      String name;
      JsonNode schema;
      switch (path) {
        case "/v1/chat/completions" -> {
          name = tool.path("function").path("name").asText("");
          schema = tool.path("function").path("parameters");
        }
        case "/v1/responses" -> {
          name = tool.path("type").asText("").equals("function") ? tool.path("name").asText("") : "";
          schema = tool.path("parameters");
        }
        case "/v1/messages" -> {
          name = tool.has("input_schema") ? tool.path("name").asText("") : "";
          schema = tool.path("input_schema");
        }
        default -> {
          return null;
        }
      }
      if (!name.isEmpty() && (named.isEmpty() || named.equals(name))) {
        return new DemoAnswer.ToolCall("call_" + id, name, arguments(schema, user));
      }
    }
    return null;
  }

  /** Returns JSON arguments for a tool schema: each string property holds {@code user}, others a plain value. */
  private String arguments(JsonNode schema, String user) {
    ObjectNode args = json.createObjectNode();
    for (Map.Entry<String, JsonNode> p : schema.path("properties").properties()) {
      JsonNode enumValues = p.getValue().path("enum");
      switch (p.getValue().path("type").asText("string")) {
        case "integer", "number" -> args.put(p.getKey(), 1);
        case "boolean" -> args.put(p.getKey(), true);
        case "array" -> args.putArray(p.getKey());
        case "object" -> args.putObject(p.getKey());
        default -> args.put(p.getKey(), enumValues.isArray() && !enumValues.isEmpty()
            ? enumValues.path(0).asText() : user);
      }
    }
    return args.toString();
  }

  /** Returns the text of the tool result the request ends with, or null when it does not end with one. */
  private static String toolResult(String path, JsonNode body) {
    switch (path) {
      case "/v1/chat/completions" -> {
        JsonNode last = body.path("messages").path(body.path("messages").size() - 1);
        return last.path("role").asText().equals("tool") ? text(last.path("content")) : null;
      }
      case "/v1/responses" -> {
        JsonNode last = body.path("input").path(body.path("input").size() - 1);
        return last.path("type").asText().equals("function_call_output") ? text(last.path("output")) : null;
      }
      case "/v1/messages" -> {
        JsonNode last = body.path("messages").path(body.path("messages").size() - 1);
        for (JsonNode block : last.path("content")) {
          if (block.path("type").asText().equals("tool_result")) {
            return text(block.path("content"));
          }
        }
        return null;
      }
      default -> {
        return null;
      }
    }
  }

  private static String lastUserText(String path, JsonNode body) {
    return switch (path) {
      case "/v1/chat/completions", "/v1/messages" -> lastUser(body.path("messages"));
      case "/v1/completions" -> body.path("prompt").isArray() ? body.path("prompt").path(0).asText("")
          : body.path("prompt").asText("");
      case "/v1/responses" -> body.path("input").isTextual() ? body.path("input").asText()
          : lastUser(body.path("input"));
      default -> "";
    };
  }

  private static String lastUser(JsonNode messages) {
    String text = "";
    for (JsonNode m : messages) {
      if ("user".equals(m.path("role").asText())) {
        String t = text(m.path("content"));
        if (!t.isEmpty()) {
          text = t;
        }
      }
    }
    return text;
  }

  private static String text(JsonNode content) {
    if (content.isTextual()) {
      return content.asText();
    }
    StringBuilder sb = new StringBuilder();
    for (JsonNode part : content) {
      if (part.has("text")) {
        if (sb.length() > 0) {
          sb.append(' ');
        }
        sb.append(part.path("text").asText());
      }
    }
    return sb.toString();
  }
}
