package io.kexin.gateway.provider;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kexin.gateway.config.UnknownFields;
import io.kexin.gateway.content.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Adapts the Anthropic messages schema. Thread-safe. */
final class AnthropicApi implements ProviderApi {
  private static final String MESSAGES = "/v1/messages";
  private static final Set<String> ERROR_TYPES = Set.of("invalid_request_error", "authentication_error",
      "permission_error", "not_found_error", "request_too_large", "rate_limit_error", "api_error",
      "overloaded_error");
  private static final String BLOCKS = "text, image, document, search_result, tool_use, server_tool_use, tool_result, "
      + "thinking, redacted_thinking, web_search_tool_result";
  private static final String RESULT_BLOCKS = "text, image, document, search_result";

  private static final Layout REQUEST = Layout.builder(Role.USER)
      .notText("/model", "/messages/*/role")
      .options("/max_tokens", "/stream", "/temperature", "/top_p", "/top_k", "/thinking/budget_tokens",
          "/tool_choice/disable_parallel_tool_use")
      .roleField("/messages/*")
      .role(Role.SYSTEM, "/system", "/tools", "/tool_choice", "/mcp_servers")
      .free("/metadata", "/tools/*/input_schema", "/messages/*/content/*/input", "/messages/*/content/*/citations",
          "/messages/*/content/*/content")
      .credential("/mcp_servers/*/authorization_token")
      .build();
  /**
   * The enumerated words of the messages schema's answers and stream events that are not fixed words of the schemas
   * ({@link Vocabulary}): any other word of their shape is read as text, any other value refuses the answer.
   */
  private static final Set<String> DOCUMENTED = Set.of("message_start", "message_delta", "message_stop",
      "content_block_start", "content_block_delta", "content_block_stop", "ping", "text_delta", "input_json_delta",
      "thinking_delta", "signature_delta", "citations_delta", "char_location", "page_location",
      "content_block_location", "web_search_result_location", "search_result_location", "web_search_result",
      "overloaded_error", "api_error", "invalid_request_error", "rate_limit_error", "authentication_error",
      "permission_error", "not_found_error", "request_too_large", "model_context_window_exceeded", "standard");
  /**
   * Whole answers: ids, the model and a stop sequence are read as text; type, role and stop reason are enumerated; a
   * thinking signature and redacted thinking are read as data when they are long base64, else as text.
   */
  private static final Layout RESPONSE = Layout.builder(Role.ASSISTANT)
      .notText("/usage", "/container")
      .enumerated(DOCUMENTED, "/type", "/role", "/stop_reason")
      .identifiers("/id", "/model", "/content/*/id")
      .free("/content/*/input", "/content/*/citations", "/content/*/content")
      .build();

  /** Declared fields of message stream events. */
  private static final EventFields EVENTS = EventFields.of(
      Set.of("type", "role", "stop_reason", "service_tier"),
      Set.of("id", "model", "index", "tool_use_id", "file_id", "page_age", "container"),
      Set.of("signature", "data", "encrypted_content", "encrypted_index"), Set.of(), DOCUMENTED);

  private final ErrorJson json = new ErrorJson();

  @Override
  public Set<String> paths() {
    return Set.of(MESSAGES);
  }

  @Override
  public Optional<Endpoint> endpoint(String path) {
    return RequestPath.of(requireNonNull(path, "path")).equals(MESSAGES)
        ? Optional.of(Endpoint.MESSAGES)
        : Optional.empty();
  }

  @Override
  public Extraction requestSegments(Endpoint endpoint, ObjectNode body, UnknownFields unknown)
      throws UnknownShapeException {
    served(endpoint);
    requireNonNull(body, "body");
    Collector c = new Collector();
    JsonNode system = body.get("system");
    List<String> systemTexts = new ArrayList<>(1);
    if (system != null && system.isArray()) {
      for (int i = 0; i < system.size(); i++) {
        String at = "/system/" + i;
        ObjectNode block = Collector.object(system.get(i), at);
        String type = Collector.type(block, at);
        if (!type.equals("text")) {
          throw Collector.unknownType(at, type, "text");
        }
        c.requiredText(block, "text", at, Role.SYSTEM);
        systemTexts.add(c.last());
      }
    } else if (system != null && system.isTextual()) {
      c.optionalText(body, "system", "", Role.SYSTEM);
      systemTexts.add(c.last());
    } else {
      c.optionalText(body, "system", "", Role.SYSTEM);
    }
    // The system prompt comes before the first user turn, read with it.
    c.message("/system", Role.SYSTEM, systemTexts);
    ArrayNode messages = Collector.requiredArray(body, "messages", "");
    for (int i = 0; i < messages.size(); i++) {
      String at = "/messages/" + i;
      ObjectNode message = Collector.object(messages.get(i), at);
      Role role = Collector.role(message, at);
      JsonNode content = message.get("content");
      if (content != null && content.isTextual()) {
        c.text(at + "/content", role, content.textValue());
        c.message(at, role, List.of(content.textValue()));
      } else if (content != null && content.isArray()) {
        c.message(at, role, blocks((ArrayNode) content, at + "/content", role, c));
      } else {
        throw Collector.unexpected(at + "/content", content, "string or array");
      }
    }
    c.tools(body, "tools");
    REQUEST.walk(body, c, unknown);
    return c.finishRequest();
  }

  @Override
  public Extraction responseSegments(Endpoint endpoint, ObjectNode body, UnknownFields unknown)
      throws UnknownShapeException {
    served(endpoint);
    requireNonNull(body, "body");
    Collector c = new Collector();
    ArrayNode content = Collector.requiredArray(body, "content", "");
    List<String> texts = blocks(content, "/content", Role.ASSISTANT, c);
    List<String> inputs = new ArrayList<>();
    // The thinking a client shows before the text is read with it, as a stream reads them in one run.
    List<String> shown = new ArrayList<>(texts.size() + 1);
    // A text block's cited texts and the search results' titles, which a client shows beside the text, read with it.
    List<String> cited = new ArrayList<>();
    boolean cites = false;
    for (JsonNode block : content) {
      String type = block.path("type").asText();
      if ((type.equals("tool_use") || type.equals("server_tool_use")) && block.path("input").isObject()) {
        ArgumentValues.of(block.get("input"), inputs);
      } else if (type.equals("thinking") && block.path("thinking").isTextual()) {
        shown.add(block.get("thinking").textValue());
      } else if (type.equals("text") && block.path("text").isTextual()) {
        List<String> quotes = citedTexts(block.path("citations"));
        cites |= !quotes.isEmpty();
        cited.addAll(quotes);
        cited.add(block.get("text").textValue());
        cited.addAll(quotes);
      } else if (type.equals("web_search_tool_result")) {
        for (JsonNode result : block.path("content")) {
          if (result.path("title").isTextual()) {
            cited.add(result.get("title").textValue());
            cites = true;
          }
        }
      }
    }
    if (cites) {
      c.answerShownTogether(cited, "/content/citations");
    }
    if (!shown.isEmpty() && !texts.isEmpty()) {
      shown.addAll(texts);
      c.joined(shown, "/content/thinking", Role.ASSISTANT);
    } else {
      shown.addAll(texts);
    }
    c.answerWithTools(shown, inputs, "/content/tool_use");
    RESPONSE.walk(body, c, unknown);
    return c.finish();
  }

  /** Returns the {@code cited_text} of each of a text block's {@code citations}, in order. */
  private static List<String> citedTexts(JsonNode citations) {
    List<String> out = new ArrayList<>(0);
    for (JsonNode citation : citations) {
      if (citation.path("cited_text").isTextual()) {
        out.add(citation.get("cited_text").textValue());
      }
    }
    return out;
  }

  @Override
  public EventFields eventFields(Endpoint endpoint) {
    served(endpoint);
    return EVENTS;
  }

  @Override
  public byte[] errorBody(int status, String type, String code, String message) {
    requireNonNull(message, "message");
    String errorType = type != null && ERROR_TYPES.contains(type) ? type : typeFor(status);
    return json.render(g -> {
      g.writeStartObject();
      g.writeStringField("type", "error");
      g.writeObjectFieldStart("error");
      g.writeStringField("type", errorType);
      g.writeStringField("message", message);
      g.writeEndObject();
      g.writeEndObject();
    });
  }

  private static String typeFor(int status) {
    return switch (status) {
      case 401 -> "authentication_error";
      case 403 -> "permission_error";
      case 404 -> "not_found_error";
      case 413 -> "request_too_large";
      case 429 -> "rate_limit_error";
      case 503, 529 -> "overloaded_error";
      default -> status >= 500 ? "api_error" : "invalid_request_error";
    };
  }

  private static void served(Endpoint endpoint) {
    if (requireNonNull(endpoint, "endpoint") != Endpoint.MESSAGES) {
      throw new IllegalArgumentException("endpoint: " + endpoint + " (expected: MESSAGES)");
    }
  }

  /** Adds the text of content blocks written by {@code role}; returns the texts of its text blocks, in order. */
  private static List<String> blocks(ArrayNode blocks, String at, Role role, Collector c)
      throws UnknownShapeException {
    List<String> texts = new ArrayList<>(blocks.size());
    for (int j = 0; j < blocks.size(); j++) {
      String bp = at + "/" + j;
      ObjectNode block = Collector.object(blocks.get(j), bp);
      String type = Collector.type(block, bp);
      switch (type) {
        case "text" -> {
          c.requiredText(block, "text", bp, role);
          texts.add(c.last());
        }
        case "image" -> {
          c.media();
          c.data(block.get("source"), "data", bp + "/source", role);
          c.image(block.get("source"), "data", bp + "/source", role);
          c.image(block.get("source"), "url", bp + "/source", role);
          c.image(block.get("source"), "file_id", bp + "/source", role);
        }
        case "document" -> document(block, bp, role, c);
        case "search_result" -> searchResult(block, bp, role, c);
        case "tool_use", "server_tool_use" -> {
          JsonNode input = block.get("input");
          if (input == null || !input.isObject()) {
            throw Collector.unexpected(bp + "/input", input, "object");
          }
          // Every string, key and number of the input is text: the layout walk adds what is not a string leaf.
          c.stringLeaves(input, bp + "/input", Role.ASSISTANT);
        }
        case "tool_result" -> toolResult(block, bp, c);
        case "thinking" -> {
          c.requiredText(block, "thinking", bp, Role.ASSISTANT);
          c.opaque(block, "signature", bp, Role.ASSISTANT);
        }
        case "redacted_thinking" -> c.opaque(block, "data", bp, Role.ASSISTANT);
        case "web_search_tool_result" -> { }
        default -> throw Collector.unknownType(bp, type, BLOCKS);
      }
    }
    c.joined(texts, at, role);
    return texts;
  }

  /** Adds a tool result's content, a string or text/image/document blocks, as TOOL. */
  private static void toolResult(ObjectNode block, String at, Collector c) throws UnknownShapeException {
    JsonNode content = block.get("content");
    String cp = at + "/content";
    if (content == null || content.isNull()) {
      return;
    }
    if (content.isTextual()) {
      c.text(cp, Role.TOOL, content.textValue());
      return;
    }
    if (!content.isArray()) {
      throw Collector.unexpected(cp, content, "string or array");
    }
    for (int k = 0; k < content.size(); k++) {
      String rp = cp + "/" + k;
      ObjectNode inner = Collector.object(content.get(k), rp);
      String type = Collector.type(inner, rp);
      switch (type) {
        case "text" -> c.requiredText(inner, "text", rp, Role.TOOL);
        case "image" -> {
          c.media();
          c.data(inner.get("source"), "data", rp + "/source", Role.TOOL);
          c.image(inner.get("source"), "data", rp + "/source", Role.TOOL);
          c.image(inner.get("source"), "url", rp + "/source", Role.TOOL);
          c.image(inner.get("source"), "file_id", rp + "/source", Role.TOOL);
        }
        case "document" -> document(inner, rp, Role.TOOL, c);
        case "search_result" -> searchResult(inner, rp, Role.TOOL, c);
        default -> throw Collector.unknownType(rp, type, RESULT_BLOCKS);
      }
    }
  }

  /**
   * Adds a search result's source, title and text blocks, which the model reads and cites like a document's; its
   * {@code citations} setting is walked by the layout.
   */
  private static void searchResult(ObjectNode block, String at, Role role, Collector c) throws UnknownShapeException {
    c.optionalText(block, "source", at, role);
    c.optionalText(block, "title", at, role);
    ArrayNode content = Collector.requiredArray(block, "content", at);
    for (int k = 0; k < content.size(); k++) {
      String tp = at + "/content/" + k;
      ObjectNode text = Collector.object(content.get(k), tp);
      String type = Collector.type(text, tp);
      if (!type.equals("text")) {
        throw Collector.unknownType(tp, type, "text");
      }
      c.requiredText(text, "text", tp, role);
    }
  }

  /** Adds a document's title, context and plain-text source; other sources count as media. */
  private static void document(ObjectNode block, String at, Role role, Collector c) throws UnknownShapeException {
    c.optionalText(block, "title", at, role);
    c.optionalText(block, "context", at, role);
    String sp = at + "/source";
    ObjectNode source = Collector.object(block.get("source"), sp);
    String type = Collector.type(source, sp);
    switch (type) {
      case "text" -> c.requiredText(source, "data", sp, role);
      case "content" -> {
        JsonNode content = source.get("content");
        if (content != null && content.isTextual()) {
          c.text(sp + "/content", role, content.textValue());
        } else if (content != null && content.isArray()) {
          blocks((ArrayNode) content, sp + "/content", role, c);
        } else {
          throw Collector.unexpected(sp + "/content", content, "string or array");
        }
      }
      case "base64", "url", "file" -> {
        c.media();
        c.data(source, "data", sp, role);
      }
      default -> throw Collector.unknownType(sp, type, "text, content, base64, url, file");
    }
  }
}
