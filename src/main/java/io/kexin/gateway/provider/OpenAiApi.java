package io.kexin.gateway.provider;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kexin.gateway.config.UnknownFields;
import io.kexin.gateway.content.Role;
import io.kexin.gateway.content.TextSegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Adapts the OpenAI schema: chat completions, completions, embeddings, responses and models. Thread-safe. */
final class OpenAiApi implements ProviderApi {
  private static final Map<String, Endpoint> PATHS = Map.of(
      "/v1/chat/completions", Endpoint.CHAT,
      "/v1/completions", Endpoint.COMPLETIONS,
      "/v1/embeddings", Endpoint.EMBEDDINGS,
      "/v1/responses", Endpoint.RESPONSES,
      "/v1/models", Endpoint.MODELS);
  private static final String MODEL_PREFIX = "/v1/models/";
  private static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}");
  private static final String AZURE = "/openai/";
  private static final String AZURE_DEPLOYMENTS = "/openai/deployments/";
  private static final Pattern AZURE_DEPLOYMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final String CHAT_PARTS = "text, refusal, image_url, input_audio, file";
  private static final String RESPONSES_PARTS = "input_text, output_text, refusal, input_image, input_file, input_audio";
  private static final String RESPONSES_ITEMS = "message, function_call, function_call_output, custom_tool_call, "
      + "custom_tool_call_output, reasoning, mcp_call, web_search_call, image_generation_call, computer_call, "
      + "computer_call_output, item_reference";

  /**
   * The numeric and boolean options of every OpenAI endpoint: not text when they hold a number or a boolean (any other
   * value there is inspected). Options whose values are
   * enumerated words ({@code service_tier}, {@code reasoning_effort}, a tool's {@code type}) are not declared: a
   * fixed word is skipped as such, and any other value there is inspected.
   */
  private static final String[] OPTIONS = {"/stream", "/temperature", "/top_p", "/n", "/max_tokens",
      "/max_completion_tokens", "/max_output_tokens", "/max_tool_calls", "/presence_penalty", "/frequency_penalty",
      "/seed", "/logprobs", "/top_logprobs", "/parallel_tool_calls", "/stream_options/include_usage",
      "/stream_options/include_obfuscation", "/store", "/echo", "/best_of", "/dimensions", "/background",
      "/logit_bias/*"};
  private static final Layout CHAT_REQUEST = Layout.builder(Role.USER)
      .options(OPTIONS).notText("/model")
      .options("/messages/*/tool_calls/*/index")
      .roleField("/messages/*")
      .role(Role.SYSTEM, "/tools", "/functions", "/response_format", "/tool_choice")
      .free("/metadata", "/tools/*/function/parameters", "/tools/*/custom/format", "/functions/*/parameters",
          "/response_format/json_schema/schema", "/web_search_options", "/prediction/content")
      .build();
  private static final Layout COMPLETIONS_REQUEST = Layout.builder(Role.USER).options(OPTIONS).notText("/model").free("/metadata")
      .build();
  private static final Layout RESPONSES_REQUEST = responses(Role.USER, "/input");
  /**
   * The enumerated words of the OpenAI schema's answers and stream events that are not fixed words of the schemas
   * ({@link Vocabulary}): any other word of their shape is read as text, any other value refuses the answer.
   */
  static final Set<String> DOCUMENTED = Set.of("chat.completion", "chat.completion.chunk", "text_completion",
      "response", "function", "tool_calls", "function_call", "failed", "cancelled", "queued", "searching",
      "interpreting", "generating", "max_output_tokens", "server_error", "invalid_request_error", "rate_limit_exceeded",
      "response.created", "response.in_progress", "response.completed", "response.incomplete", "response.failed",
      "response.queued", "response.output_item.added", "response.output_item.done", "response.content_part.added",
      "response.content_part.done", "response.output_text.delta", "response.output_text.done",
      "response.output_text.annotation.added", "response.refusal.delta", "response.refusal.done",
      "response.reasoning_summary_part.added", "response.reasoning_summary_part.done",
      "response.reasoning_summary_text.delta", "response.reasoning_summary_text.done",
      "response.reasoning_text.delta", "response.reasoning_text.done", "response.function_call_arguments.delta",
      "response.function_call_arguments.done", "response.custom_tool_call_input.delta",
      "response.custom_tool_call_input.done", "response.audio.delta", "response.audio.done",
      "response.audio.transcript.delta", "response.audio.transcript.done", "reasoning", "output_text",
      "image_generation_call", "response.image_generation_call.in_progress",
      "response.image_generation_call.generating", "response.image_generation_call.partial_image",
      "response.image_generation_call.completed");
  /** Chat answers: ids and the model are read as text; object, role, tool type and finish reason are enumerated. */
  private static final Layout CHAT_RESPONSE = Layout.builder(Role.ASSISTANT)
      .notText("/created", "/usage", "/choices/*/index", "/choices/*/message/tool_calls/*/index",
          "/choices/*/message/audio/expires_at")
      .enumerated(DOCUMENTED, "/object", "/service_tier", "/choices/*/finish_reason", "/choices/*/message/role",
          "/choices/*/message/tool_calls/*/type")
      .identifiers("/id", "/model", "/system_fingerprint", "/choices/*/message/tool_calls/*/id",
          "/choices/*/message/audio/id")
      .free("/choices/*/message/annotations", "/choices/*/logprobs")
      .build();
  private static final Layout COMPLETIONS_RESPONSE = Layout.builder(Role.ASSISTANT)
      .notText("/created", "/usage", "/choices/*/index")
      .enumerated(DOCUMENTED, "/object", "/choices/*/finish_reason")
      .identifiers("/id", "/model", "/system_fingerprint")
      .free("/choices/*/logprobs")
      .build();
  private static final Layout RESPONSES_RESPONSE = responses(Role.ASSISTANT, "/output");

  /** Declared fields of chat and completion chunks (an error's {@code type} and {@code code} included). */
  private static final EventFields CHUNK_EVENTS = EventFields.of(
      Set.of("object", "role", "finish_reason", "type", "service_tier"),
      Set.of("id", "created", "model", "system_fingerprint", "index", "native_finish_reason", "provider", "code",
          "param", "logprob", "bytes"),
      Set.of(), Set.of("obfuscation"), DOCUMENTED);
  /** Declared fields of Responses API stream events. */
  private static final EventFields RESPONSES_EVENTS = EventFields.of(
      Set.of("type", "object", "status", "role", "service_tier", "truncation", "tool_choice", "effort", "verbosity",
          "reason"),
      Set.of("id", "created_at", "completed_at", "model", "sequence_number", "response_id", "item_id", "output_index",
          "content_index", "summary_index", "call_id", "code", "param", "previous_response_id", "prompt_cache_key",
          "safety_identifier", "logprob", "bytes", "server_label", "approval_request_id", "container_id"),
      Set.of("encrypted_content"), Set.of("obfuscation"), DOCUMENTED);

  private static final String LOGPROBS = "logprobs";
  private static final String QUOTED_LOGPROBS = "\"logprobs\"";

  private final ErrorJson json = new ErrorJson();
  private final TokenText tokens = new TokenText();

  /** Returns the layout of a Responses body whose items live under {@code items}. */
  private static Layout responses(Role role, String items) {
    Layout.Builder b = Layout.builder(role)
        .options(OPTIONS)
        .roleField(items + "/*")
        .role(Role.SYSTEM, "/tools", "/text", "/tool_choice")
        .free("/metadata", "/tools/*/parameters", "/tools/*/format", "/text/format/schema", "/prompt/variables",
            items + "/*/action", items + "/*/content/*/annotations", items + "/*/content/*/logprobs",
            items + "/*/results", items + "/*/tools")
        .credential("/tools/*/headers", "/tools/*/authorization");
    // Ids and states the provider writes; in a request they are whatever the client wrote, and are read as text.
    // In an answer the ids and the model are read as text (a client shows and stores them) and the states are
    // enumerated (FieldKind); in a request the model is the provider's choice of model, which no model reads.
    if (role == Role.ASSISTANT) {
      b.notText("/created_at", "/usage", "/prompt/version")
          .enumerated(DOCUMENTED, "/object", "/status", "/incomplete_details/reason", "/service_tier",
              items + "/*/status", items + "/*/role")
          .identifiers("/id", "/model", "/previous_response_id", "/prompt/id", items + "/*/id", items + "/*/call_id");
    } else {
      b.notText("/model");
    }
    return b.build();
  }

  @Override
  public Set<String> paths() {
    return PATHS.keySet();
  }

  /**
   * Returns the endpoint of an OpenAI path, or of an Azure OpenAI one: {@code /openai/deployments/{deployment}/}
   * followed by {@code chat/completions}, {@code completions} or {@code embeddings}, and {@code /openai/responses},
   * {@code /openai/models}; {@code /v1/models/{model}} is the models endpoint too. Any other path is not served (and
   * so never passes uninspected).
   */
  @Override
  public Optional<Endpoint> endpoint(String path) {
    String p = RequestPath.of(requireNonNull(path, "path"));
    Endpoint e = PATHS.get(p);
    if (e == null && p.startsWith(MODEL_PREFIX)) {
      String model = p.substring(MODEL_PREFIX.length());
      // no dot segment: the path goes upstream with the provider key, and must not climb out of /v1/models/
      e = MODEL_ID.matcher(model).matches() && !model.contains("..") && !model.contains("//") ? Endpoint.MODELS : null;
    }
    return Optional.ofNullable(e != null || !p.startsWith(AZURE) ? e : azureEndpoint(p));
  }

  private static Endpoint azureEndpoint(String path) {
    if (path.equals(AZURE + "responses")) {
      return Endpoint.RESPONSES;
    }
    if (path.equals(AZURE + "models")) {
      return Endpoint.MODELS;
    }
    if (!path.startsWith(AZURE_DEPLOYMENTS)) {
      return null;
    }
    int slash = path.indexOf('/', AZURE_DEPLOYMENTS.length());
    if (slash < 0 || !AZURE_DEPLOYMENT.matcher(path.substring(AZURE_DEPLOYMENTS.length(), slash)).matches()) {
      return null;
    }
    return switch (path.substring(slash)) {
      case "/chat/completions" -> Endpoint.CHAT;
      case "/completions" -> Endpoint.COMPLETIONS;
      case "/embeddings" -> Endpoint.EMBEDDINGS;
      default -> null;
    };
  }

  @Override
  public Extraction requestSegments(Endpoint endpoint, ObjectNode body, UnknownFields unknown)
      throws UnknownShapeException {
    requireNonNull(endpoint, "endpoint");
    if (endpoint == Endpoint.MODELS) {
      return Extraction.empty();
    }
    requireNonNull(body, "body");
    Collector c = new Collector();
    Layout layout = switch (endpoint) {
      case CHAT -> {
        chatRequest(body, c);
        yield CHAT_REQUEST;
      }
      case COMPLETIONS -> {
        promptLike(body, "prompt", c);
        c.optionalText(body, "suffix", "", Role.USER);
        yield COMPLETIONS_REQUEST;
      }
      case EMBEDDINGS -> {
        promptLike(body, "input", c);
        yield COMPLETIONS_REQUEST;
      }
      case RESPONSES -> {
        responsesRequest(body, c);
        yield RESPONSES_REQUEST;
      }
      default -> throw unserved(endpoint);
    };
    layout.walk(body, c, unknown);
    return c.finishRequest();
  }

  @Override
  public boolean dropTextEchoOptions(Endpoint endpoint, ObjectNode body) {
    boolean dropped = false;
    switch (endpoint) {
      case CHAT, COMPLETIONS, RESPONSES -> {
        dropped = body.remove("logprobs") != null;
        dropped |= body.remove("top_logprobs") != null;
        if (body.get("include") instanceof ArrayNode include) {
          for (int i = include.size() - 1; i >= 0; i--) {
            if (include.get(i).asText().contains("logprobs")) {
              include.remove(i);
              dropped = true;
            }
          }
        }
      }
      default -> { }
    }
    return dropped;
  }

  /**
   * Sets each choice's {@code logprobs} to null (chat and completions, whole and streamed) and empties each Responses
   * output text's {@code logprobs} (a whole response, and the delta, done, part, item and completed events).
   */
  @Override
  public boolean dropTextEchoes(Endpoint endpoint, ObjectNode answer) {
    boolean dropped = false;
    switch (endpoint) {
      case CHAT, COMPLETIONS -> {
        for (JsonNode choice : answer.path("choices")) {
          if (choice instanceof ObjectNode c && c.hasNonNull(LOGPROBS)) {
            c.putNull(LOGPROBS);
            dropped = true;
          }
        }
      }
      case RESPONSES -> {
        dropped = emptyLogprobs(answer);
        dropped |= emptyLogprobs(answer.path("part"));
        dropped |= outputLogprobs(answer.path("item").path("content"));
        dropped |= outputLogprobs(answer.path("output"));
        dropped |= outputLogprobs(answer.path("response").path("output"));
      }
      default -> { }
    }
    return dropped;
  }

  /** Empties the logprobs of the content parts of each item of {@code output}, or of {@code output}'s parts. */
  private static boolean outputLogprobs(JsonNode output) {
    boolean dropped = false;
    for (JsonNode element : output) {
      dropped |= emptyLogprobs(element);
      for (JsonNode part : element.path("content")) {
        dropped |= emptyLogprobs(part);
      }
    }
    return dropped;
  }

  private static boolean emptyLogprobs(JsonNode node) {
    if (node instanceof ObjectNode o && o.get(LOGPROBS) instanceof ContainerNode<?> c
        && !c.isEmpty()) {
      o.putArray(LOGPROBS);
      return true;
    }
    return false;
  }

  /** Says yes when a {@code "logprobs"} key holds anything but null. */
  @Override
  public boolean mayEchoText(String eventData) {
    int at = 0;
    while ((at = eventData.indexOf(QUOTED_LOGPROBS, at)) >= 0) {
      at += QUOTED_LOGPROBS.length();
      int i = at;
      while (i < eventData.length() && (eventData.charAt(i) == ':' || Character.isWhitespace(eventData.charAt(i)))) {
        i++;
      }
      if (i < eventData.length() && eventData.charAt(i) != 'n') {
        return true;
      }
    }
    return false;
  }

  @Override
  public Extraction responseSegments(Endpoint endpoint, ObjectNode body, UnknownFields unknown)
      throws UnknownShapeException {
    requireNonNull(endpoint, "endpoint");
    if (endpoint == Endpoint.MODELS) {
      return Extraction.empty();
    }
    requireNonNull(body, "body");
    if (endpoint == Endpoint.EMBEDDINGS) {
      return Extraction.empty();
    }
    Collector c = new Collector();
    Layout layout = switch (endpoint) {
      case CHAT -> {
        chatResponse(body, c);
        yield CHAT_RESPONSE;
      }
      case COMPLETIONS -> {
        ArrayNode choices = Collector.requiredArray(body, "choices", "");
        for (int i = 0; i < choices.size(); i++) {
          String at = "/choices/" + i;
          c.requiredText(Collector.object(choices.get(i), at), "text", at, Role.ASSISTANT);
        }
        yield COMPLETIONS_RESPONSE;
      }
      case RESPONSES -> {
        ArrayNode output = Collector.requiredArray(body, "output", "");
        // The client shows the reasoning and the messages' text and refusals in turn: read as one, in order.
        List<String> shown = new ArrayList<>();
        int items = 0;
        for (int i = 0; i < output.size(); i++) {
          String at = "/output/" + i;
          ObjectNode item = Collector.object(output.get(i), at);
          int before = c.size();
          responsesItem(item, at, c);
          String type = item.path("type").asText("message");
          if ((type.equals("message") || type.equals("reasoning")) && c.size() > before) {
            shown.addAll(c.textsFrom(before));
            items++;
          }
        }
        if (items >= 2) {
          c.joined(shown, "/output", Role.ASSISTANT);
        }
        annotated(output, c);
        c.optionalText(body, "output_text", "", Role.ASSISTANT);
        yield RESPONSES_RESPONSE;
      }
      default -> throw unserved(endpoint);
    };
    layout.walk(body, c, unknown);
    return c.finish();
  }

  /**
   * Adds the output texts of a Responses answer's messages read with the titles of their annotations (each title before
   * and after the text it annotates), which a client shows beside the text, when any has one.
   */
  private static void annotated(ArrayNode output, Collector c) {
    List<String> texts = new ArrayList<>();
    boolean titled = false;
    for (JsonNode item : output) {
      for (JsonNode part : item.path("type").asText("message").equals("message") ? item.path("content")
          : MissingNode.getInstance()) {
        if (!part.path("text").isTextual()) {
          continue;
        }
        List<String> titles = new ArrayList<>(0);
        for (JsonNode annotation : part.path("annotations")) {
          if (annotation.path("title").isTextual()) {
            titles.add(annotation.get("title").textValue());
          }
        }
        titled |= !titles.isEmpty();
        texts.addAll(titles);
        texts.add(part.get("text").textValue());
        texts.addAll(titles);
      }
    }
    if (titled) {
      c.answerShownTogether(texts, "/output/annotations");
    }
  }

  @Override
  public EventFields eventFields(Endpoint endpoint) {
    return switch (requireNonNull(endpoint, "endpoint")) {
      case CHAT, COMPLETIONS -> CHUNK_EVENTS;
      case RESPONSES -> RESPONSES_EVENTS;
      default -> throw new IllegalArgumentException("endpoint: " + endpoint + " (expected: a streaming endpoint)");
    };
  }

  @Override
  public byte[] errorBody(int status, String type, String code, String message) {
    requireNonNull(message, "message");
    String errorType = type != null ? type : typeFor(status);
    return json.render(g -> {
      g.writeStartObject();
      g.writeObjectFieldStart("error");
      g.writeStringField("message", message);
      g.writeStringField("type", errorType);
      ErrorJson.field(g, "code", code);
      g.writeNullField("param");
      g.writeEndObject();
      g.writeEndObject();
    });
  }

  private static String typeFor(int status) {
    return switch (status) {
      case 401 -> "authentication_error";
      case 403 -> "permission_error";
      case 404 -> "not_found_error";
      case 429 -> "rate_limit_error";
      default -> status >= 500 ? "server_error" : "invalid_request_error";
    };
  }

  private static IllegalArgumentException unserved(Endpoint endpoint) {
    return new IllegalArgumentException("endpoint: " + endpoint + " (expected: one the OpenAI schema serves)");
  }

  private static void chatRequest(ObjectNode body, Collector c) throws UnknownShapeException {
    ArrayNode messages = Collector.requiredArray(body, "messages", "");
    for (int i = 0; i < messages.size(); i++) {
      String at = "/messages/" + i;
      ObjectNode message = Collector.object(messages.get(i), at);
      Role role = Collector.role(message, at);
      c.message(at, role, chatContent(message, at, role, c));
      c.optionalText(message, "name", at, role);
      c.optionalText(message, "refusal", at, Role.ASSISTANT);
      toolCalls(message, at, c);
    }
    c.tools(body, "tools", "function", "custom");
    c.tools(body, "functions");
    JsonNode prediction = body.get("prediction");
    if (prediction != null && !prediction.isNull()) {
      chatContent(Collector.object(prediction, "/prediction"), "/prediction", Role.USER, c);
    }
  }

  private static void chatResponse(ObjectNode body, Collector c) throws UnknownShapeException {
    ArrayNode choices = Collector.requiredArray(body, "choices", "");
    // A client that shows several choices (n > 1) shows them one after the other: their texts, transcripts and tool
    // calls' values are read as one too.
    List<String> allShown = new ArrayList<>(choices.size() > 1 ? choices.size() : 0);
    for (int i = 0; i < choices.size(); i++) {
      String at = "/choices/" + i;
      ObjectNode choice = Collector.object(choices.get(i), at);
      String m = at + "/message";
      ObjectNode message = Collector.object(choice.get("message"), m);
      List<String> content = chatContent(message, m, Role.ASSISTANT, c);
      c.optionalText(message, "refusal", m, Role.ASSISTANT);
      c.optionalText(message, "reasoning_content", m, Role.ASSISTANT);
      if (message.path("reasoning").isTextual()) {
        c.text(m + "/reasoning", Role.ASSISTANT, message.get("reasoning").textValue());
      }
      // The client shows the reasoning, the content and the refusal side by side: read as one, in the order a model
      // writes them, as a stream reads them in the order they come (a value split across two is found).
      List<String> shown = new ArrayList<>(4);
      for (String field : new String[] {"reasoning_content", "reasoning"}) {
        if (message.path(field).isTextual()) {
          shown.add(message.get(field).textValue());
        }
      }
      shown.addAll(content);
      if (message.path("refusal").isTextual()) {
        shown.add(message.get("refusal").textValue());
      }
      if (shown.size() > content.size()) {
        c.joined(shown, m, Role.ASSISTANT);
      }
      toolCalls(message, m, c);
      List<String> values = argumentValues(message);
      c.answerWithTools(shown, values, m + "/tool_calls");
      if (choices.size() > 1) {
        // Read across the choices as the client shows each: its texts, its audio's transcript, its calls' values.
        List<String> read = new ArrayList<>(shown);
        if (message.path("audio").path("transcript").isTextual()) {
          read.add(message.get("audio").get("transcript").textValue());
        }
        read.addAll(values);
        allShown.add(String.join(String.valueOf(TextSegment.PART_BREAK), read));
      }
      images(message, m, c);
      JsonNode audio = message.get("audio");
      if (audio != null && !audio.isNull()) {
        ObjectNode a = Collector.object(audio, m + "/audio");
        JsonNode transcript = a.get("transcript");
        if (transcript != null && transcript.isTextual() && a.path("data").isTextual()) {
          // The audio says what the transcript shows, and cannot be rewritten in step with it.
          c.segment(new TextSegment(m + "/audio/transcript", Role.ASSISTANT, transcript.textValue(),
              TextSegment.Form.TRANSCRIPT));
          c.consume(m + "/audio/transcript");
        } else {
          c.optionalText(a, "transcript", m + "/audio", Role.ASSISTANT);
        }
        c.data(audio, "data", m + "/audio", Role.ASSISTANT);
      }
    }
    c.answerShownTogether(allShown, "/choices");
  }

  /**
   * Keeps the images an answer's message carries beside its content ({@code images}, as OpenRouter and other
   * OpenAI-compatible providers return a generated image: parts of type {@code image_url}), read by OCR when it is on.
   */
  private static void images(ObjectNode message, String at, Collector c) throws UnknownShapeException {
    ArrayNode images = Collector.optionalArray(message, "images", at);
    for (int j = 0; images != null && j < images.size(); j++) {
      String ip = at + "/images/" + j;
      JsonNode image = images.get(j);
      c.media();
      if (image.path("image_url").isTextual()) {
        c.data(image, "image_url", ip, Role.ASSISTANT);
        c.image(image, "image_url", ip, Role.ASSISTANT);
      } else {
        c.data(image.get("image_url"), "url", ip + "/image_url", Role.ASSISTANT);
        c.image(image.get("image_url"), "url", ip + "/image_url", Role.ASSISTANT);
      }
    }
  }

  /**
   * Adds {@code content} as a string or as chat content parts; null or missing content carries no text. Returns the
   * texts added, in order.
   */
  private static List<String> chatContent(ObjectNode message, String at, Role role, Collector c)
      throws UnknownShapeException {
    JsonNode content = message.get("content");
    String p = at + "/content";
    if (content == null || content.isNull()) {
      return List.of();
    }
    if (content.isTextual()) {
      c.text(p, role, content.textValue());
      return List.of(content.textValue());
    }
    if (!content.isArray()) {
      throw Collector.unexpected(p, content, "string, array or null");
    }
    List<String> texts = new ArrayList<>(content.size());
    for (int j = 0; j < content.size(); j++) {
      String pp = p + "/" + j;
      ObjectNode part = Collector.object(content.get(j), pp);
      String type = Collector.type(part, pp);
      switch (type) {
        case "text" -> {
          c.requiredText(part, "text", pp, role);
          texts.add(c.last());
        }
        case "refusal" -> {
          c.requiredText(part, "refusal", pp, role);
          texts.add(c.last());
        }
        case "image_url" -> {
          c.media();
          c.data(part.get("image_url"), "url", pp + "/image_url", role);
          c.image(part.get("image_url"), "url", pp + "/image_url", role);
        }
        case "input_audio" -> {
          c.media();
          c.data(part.get("input_audio"), "data", pp + "/input_audio", role);
          c.audio(part.get("input_audio"), "data", pp + "/input_audio");
        }
        case "file" -> {
          c.media();
          c.data(part.get("file"), "file_data", pp + "/file", role);
        }
        default -> throw Collector.unknownType(pp, type, CHAT_PARTS);
      }
    }
    c.joined(texts, p, role);
    return texts;
  }

  /** Returns the string values of an answer message's tool calls' arguments (and custom tools' input), in order. */
  private static List<String> argumentValues(ObjectNode message) {
    List<String> values = new ArrayList<>();
    JsonNode calls = message.get("tool_calls");
    for (int j = 0; calls != null && calls.isArray() && j < calls.size(); j++) {
      JsonNode call = calls.get(j);
      if (call.path("function").path("arguments").isTextual()) {
        ArgumentValues.of(call.get("function").get("arguments").textValue(), values);
      } else if (call.path("custom").path("input").isTextual()) {
        values.add(call.get("custom").get("input").textValue());
      }
    }
    if (message.path("function_call").path("arguments").isTextual()) {
      ArgumentValues.of(message.get("function_call").get("arguments").textValue(), values);
    }
    return values;
  }

  /** Adds the arguments of {@code tool_calls} and of the legacy {@code function_call}, as ASSISTANT. */
  private static void toolCalls(ObjectNode message, String at, Collector c) throws UnknownShapeException {
    ArrayNode calls = Collector.optionalArray(message, "tool_calls", at);
    if (calls != null) {
      for (int j = 0; j < calls.size(); j++) {
        String cp = at + "/tool_calls/" + j;
        ObjectNode call = Collector.object(calls.get(j), cp);
        JsonNode typeNode = call.get("type");
        String type = typeNode == null ? "function" : Collector.type(call, cp);
        switch (type) {
          case "function" -> c.requiredJson(Collector.object(call.get("function"), cp + "/function"), "arguments",
              cp + "/function", Role.ASSISTANT);
          case "custom" -> c.requiredText(Collector.object(call.get("custom"), cp + "/custom"), "input",
              cp + "/custom", Role.ASSISTANT);
          default -> throw Collector.unknownType(cp, type, "function, custom");
        }
      }
    }
    JsonNode legacy = message.get("function_call");
    if (legacy != null && !legacy.isNull()) {
      c.requiredJson(Collector.object(legacy, at + "/function_call"), "arguments", at + "/function_call",
          Role.ASSISTANT);
    }
  }

  /**
   * Adds a prompt or input: a string, an array of strings, or token-id arrays, decoded with the model's tokenizer
   * (refused as an unknown shape when the gateway does not know it).
   */
  private void promptLike(ObjectNode body, String field, Collector c) throws UnknownShapeException {
    JsonNode value = body.get(field);
    String at = "/" + field;
    if (value != null && value.isTextual()) {
      c.text(at, Role.USER, value.textValue());
      return;
    }
    if (value == null || !value.isArray()) {
      throw Collector.unexpected(at, value, "string or array");
    }
    if (value.size() > 0 && tokenIds(value)) {
      tokens(body, at, value, c);
      return;
    }
    for (int i = 0; i < value.size(); i++) {
      JsonNode element = value.get(i);
      if (element.isTextual()) {
        c.text(at + "/" + i, Role.USER, element.textValue());
      } else if (element.isArray() && tokenIds(element)) {
        tokens(body, at + "/" + i, element, c);
      } else {
        throw Collector.unexpected(at + "/" + i, element, "string or array of token ids");
      }
    }
  }

  /** Adds the text of the token ids at {@code at}, read as the model will read them. */
  private void tokens(ObjectNode body, String at, JsonNode ids, Collector c) throws UnknownShapeException {
    JsonNode model = body.get("model");
    String text = tokens.decode(model != null && model.isTextual() ? model.textValue() : null, ids);
    if (text == null) {
      throw new UnknownShapeException(at, "token ids for a model whose tokenizer the gateway does not know, or ids"
          + " outside it (expected: text, or token ids of an OpenAI model)");
    }
    c.segment(new TextSegment(at, Role.USER, text, TextSegment.Form.TOKENS));
  }

  private static boolean tokenIds(JsonNode array) {
    for (JsonNode element : array) {
      if (!element.isIntegralNumber()) {
        return false;
      }
    }
    return true;
  }

  private static void responsesRequest(ObjectNode body, Collector c) throws UnknownShapeException {
    c.optionalText(body, "instructions", "", Role.SYSTEM);
    if (body.path("instructions").isTextual()) {
      // The instructions come before the input, read with it.
      c.message("/instructions", Role.SYSTEM, List.of(c.last()));
    }
    JsonNode input = body.get("input");
    if (input != null && input.isTextual()) {
      c.text("/input", Role.USER, input.textValue());
      c.message("/input", Role.USER, List.of(input.textValue()));
    } else if (input != null && input.isArray()) {
      for (int i = 0; i < input.size(); i++) {
        String at = "/input/" + i;
        responsesItem(Collector.object(input.get(i), at), at, c);
      }
    } else if (input != null && !input.isNull() || !body.has("prompt")) {
      throw Collector.unexpected("/input", input, "string or array");
    }
    JsonNode prompt = body.get("prompt");
    if (prompt != null && !prompt.isNull()) {
      ObjectNode p = Collector.object(prompt, "/prompt");
      JsonNode variables = p.get("variables");
      if (variables != null && !variables.isNull()) {
        ObjectNode vars = Collector.object(variables, "/prompt/variables");
        for (Map.Entry<String, JsonNode> variable : vars.properties()) {
          String at = Collector.child("/prompt/variables", variable.getKey());
          if (variable.getValue().isTextual()) {
            c.text(at, Role.USER, variable.getValue().textValue());
          } else {
            responsesPart(Collector.object(variable.getValue(), at), at, Role.USER, c);
          }
        }
      }
    }
    c.tools(body, "tools");
  }

  /** Adds the text of one Responses API item, as found in a request's input or a response's output. */
  private static void responsesItem(ObjectNode item, String at, Collector c) throws UnknownShapeException {
    String type = item.get("type") == null && item.has("role") ? "message" : Collector.type(item, at);
    switch (type) {
      case "message" -> {
        Role role = Collector.role(item, at);
        JsonNode content = item.get("content");
        if (content != null && content.isTextual()) {
          c.text(at + "/content", role, content.textValue());
          c.message(at, role, List.of(content.textValue()));
        } else if (content != null && content.isArray()) {
          List<String> texts = new ArrayList<>(content.size());
          for (int j = 0; j < content.size(); j++) {
            String pp = at + "/content/" + j;
            int before = c.size();
            responsesPart(Collector.object(content.get(j), pp), pp, role, c);
            if (c.size() > before) {
              texts.add(c.last());
            }
          }
          c.joined(texts, at + "/content", role);
          c.message(at, role, texts);
        } else {
          throw Collector.unexpected(at + "/content", content, "string or array");
        }
      }
      case "function_call" -> c.requiredJson(item, "arguments", at, Role.ASSISTANT);
      case "custom_tool_call" -> c.requiredText(item, "input", at, Role.ASSISTANT);
      case "function_call_output", "custom_tool_call_output" -> {
        JsonNode output = item.get("output");
        if (output != null && output.isArray()) {
          for (int j = 0; j < output.size(); j++) {
            String pp = at + "/output/" + j;
            responsesPart(Collector.object(output.get(j), pp), pp, Role.TOOL, c);
          }
        } else {
          c.requiredText(item, "output", at, Role.TOOL);
        }
      }
      case "reasoning" -> {
        c.opaque(item, "encrypted_content", at, Role.ASSISTANT);
        for (String field : new String[] {"summary", "content"}) {
          ArrayNode parts = Collector.optionalArray(item, field, at);
          for (int j = 0; parts != null && j < parts.size(); j++) {
            String pp = at + "/" + field + "/" + j;
            ObjectNode part = Collector.object(parts.get(j), pp);
            String partType = Collector.type(part, pp);
            if (!partType.equals("summary_text") && !partType.equals("reasoning_text")) {
              throw Collector.unknownType(pp, partType, "summary_text, reasoning_text");
            }
            c.requiredText(part, "text", pp, Role.ASSISTANT);
          }
        }
      }
      case "mcp_call" -> {
        c.requiredJson(item, "arguments", at, Role.ASSISTANT);
        c.optionalText(item, "output", at, Role.TOOL);
      }
      case "web_search_call" -> {
        JsonNode action = item.get("action");
        if (action != null && !action.isNull()) {
          c.optionalText(Collector.object(action, at + "/action"), "query", at + "/action", Role.ASSISTANT);
        }
      }
      case "image_generation_call" -> {
        // The image the hosted tool drew (base64, no data URL): read by OCR when it is on, as any image; an item
        // that only names an earlier call (no result) refers to an answer the gateway already read.
        c.media();
        c.data(item, "result", at, Role.ASSISTANT);
        c.image(item, "result", at, Role.ASSISTANT);
      }
      case "computer_call" -> {
        // What the model typed, the keys it pressed and the URL it opened are its own words, sent back with the turn.
        JsonNode action = item.get("action");
        if (action != null && !action.isNull()) {
          c.stringLeaves(Collector.object(action, at + "/action"), at + "/action", Role.ASSISTANT);
        }
      }
      case "computer_call_output" -> {
        // The screenshot a computer-use client took after the action: an image the model reads, read as any input
        // image (by OCR when it is on, else counted as uninspected media); its safety checks' messages are text.
        String out = at + "/output";
        ObjectNode output = Collector.object(item.get("output"), out);
        String outputType = Collector.type(output, out);
        if (!outputType.equals("computer_screenshot") && !outputType.equals("input_image")) {
          throw Collector.unknownType(out, outputType, "computer_screenshot");
        }
        c.media();
        c.data(output, "image_url", out, Role.TOOL);
        c.image(output, "image_url", out, Role.TOOL);
        c.image(output, "file_id", out, Role.TOOL);
      }
      case "item_reference" -> { }
      default -> throw Collector.unknownType(at, type, RESPONSES_ITEMS);
    }
  }

  /** Adds one Responses API content part. */
  private static void responsesPart(ObjectNode part, String at, Role role, Collector c) throws UnknownShapeException {
    String type = Collector.type(part, at);
    switch (type) {
      case "input_text", "output_text" -> c.requiredText(part, "text", at, role);
      case "refusal" -> c.requiredText(part, "refusal", at, role);
      case "input_image", "input_file", "input_audio" -> {
        c.media();
        c.data(part, "image_url", at, role);
        c.data(part, "file_data", at, role);
        c.data(part.get("input_audio"), "data", at + "/input_audio", role);
        if (type.equals("input_audio")) {
          c.audio(part.get("input_audio"), "data", at + "/input_audio");
        }
        if (type.equals("input_image")) {
          c.image(part, "image_url", at, role);
          c.image(part, "file_id", at, role);
        }
      }
      default -> throw Collector.unknownType(at, type, RESPONSES_PARTS);
    }
  }
}
