package io.kexin.gateway.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Computes the demo model's answer: it repeats the last user text, so redaction and restore are visible. */
final class DemoModel {
  static final String MODEL = "kexin-demo";
  private final AtomicLong ids = new AtomicLong();

  /** Returns a new response id. */
  String nextId() {
    return "demo-" + ids.incrementAndGet();
  }

  /** Returns the answer to a request body of the given endpoint. */
  String answer(String path, JsonNode body) {
    return "Kexin demo model. You said: " + lastUserText(path, body);
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
        text = text(m.path("content"));
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
