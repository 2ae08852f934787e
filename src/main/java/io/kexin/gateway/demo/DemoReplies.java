package io.kexin.gateway.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds the demo model's whole replies in each API's own complete shape, usage included. */
final class DemoReplies {
  static final long CREATED = 1_700_000_000L;
  private final ObjectMapper json = new ObjectMapper();

  /** Returns the whole JSON reply for {@code path}. */
  ObjectNode whole(String path, DemoAnswer a) {
    return switch (path) {
      case "/v1/chat/completions" -> chat(a);
      case "/v1/completions" -> completion(a);
      case "/v1/responses" -> response(a, "completed");
      case "/v1/messages" -> message(a);
      default -> throw new IllegalArgumentException("path: " + path + " (expected: a text generation endpoint)");
    };
  }

  private ObjectNode chat(DemoAnswer a) {
    ObjectNode o = json.createObjectNode().put("id", "chatcmpl-" + a.id()).put("object", "chat.completion")
        .put("created", CREATED).put("model", DemoModel.MODEL);
    ArrayNode choices = o.putArray("choices");
    for (int i = 0; i < a.choices(); i++) {
      ObjectNode choice = choices.addObject().put("index", i);
      ObjectNode message = choice.putObject("message").put("role", "assistant");
      if (a.toolCall() == null) {
        message.put("content", a.text());
      } else {
        message.putNull("content");
        message.putArray("tool_calls").add(chatToolCall(a.toolCall(), true));
      }
      message.putNull("refusal");
      choice.putNull("logprobs").put("finish_reason", a.toolCall() == null ? "stop" : "tool_calls");
    }
    o.set("usage", chatUsage(a));
    return o;
  }

  private ObjectNode completion(DemoAnswer a) {
    ObjectNode o = json.createObjectNode().put("id", "cmpl-" + a.id()).put("object", "text_completion")
        .put("created", CREATED).put("model", DemoModel.MODEL);
    ArrayNode choices = o.putArray("choices");
    for (int i = 0; i < a.choices(); i++) {
      choices.addObject().put("index", i).put("text", a.text()).putNull("logprobs").put("finish_reason", "stop");
    }
    o.set("usage", chatUsage(a));
    return o;
  }

  /** Returns a Responses API response object with every field clients read, in the given status. */
  ObjectNode response(DemoAnswer a, String status) {
    boolean done = status.equals("completed");
    ObjectNode o = json.createObjectNode().put("id", "resp_" + a.id()).put("object", "response")
        .put("created_at", CREATED).put("status", status).putNull("error").putNull("incomplete_details")
        .putNull("instructions").putNull("max_output_tokens").put("model", DemoModel.MODEL);
    ArrayNode output = o.putArray("output");
    if (done) {
      output.add(responseItem(a, "completed"));
    }
    o.put("parallel_tool_calls", true).putNull("previous_response_id").put("store", false)
        .put("temperature", 1.0).put("tool_choice", "auto").put("top_p", 1.0).put("truncation", "disabled")
        .putNull("user");
    o.putArray("tools");
    o.putObject("text").putObject("format").put("type", "text");
    o.putObject("reasoning").putNull("effort").putNull("summary");
    o.putObject("metadata");
    if (done) {
      ObjectNode usage = o.putObject("usage").put("input_tokens", a.promptTokens());
      usage.putObject("input_tokens_details").put("cached_tokens", 0);
      usage.put("output_tokens", a.completionTokens());
      usage.putObject("output_tokens_details").put("reasoning_tokens", 0);
      usage.put("total_tokens", a.totalTokens());
    } else {
      o.putNull("usage");
    }
    return o;
  }

  /** Returns the Responses output item of an answer: a message with its text, or a function call. */
  ObjectNode responseItem(DemoAnswer a, String status) {
    boolean done = status.equals("completed");
    ObjectNode item = json.createObjectNode();
    if (a.toolCall() != null) {
      item.put("type", "function_call").put("id", "fc_" + a.id()).put("call_id", a.toolCall().id())
          .put("name", a.toolCall().name()).put("arguments", done ? a.toolCall().arguments() : "")
          .put("status", status);
      return item;
    }
    item.put("type", "message").put("id", "msg_" + a.id()).put("status", status).put("role", "assistant");
    ArrayNode content = item.putArray("content");
    if (done) {
      content.add(outputText(a.text()));
    }
    return item;
  }

  /** Returns an {@code output_text} content part. */
  ObjectNode outputText(String text) {
    ObjectNode part = json.createObjectNode().put("type", "output_text").put("text", text);
    part.putArray("annotations");
    part.putArray("logprobs");
    return part;
  }

  private ObjectNode message(DemoAnswer a) {
    ObjectNode o = json.createObjectNode().put("id", "msg_" + a.id()).put("type", "message").put("role", "assistant")
        .put("model", DemoModel.MODEL);
    ArrayNode content = o.putArray("content");
    content.addObject().put("type", "text").put("text", a.text());
    if (a.toolCall() != null) {
      ObjectNode use = content.addObject().put("type", "tool_use").put("id", "toolu_" + a.id())
          .put("name", a.toolCall().name());
      use.set("input", parse(a.toolCall().arguments()));
    }
    o.put("stop_reason", a.toolCall() == null ? "end_turn" : "tool_use").putNull("stop_sequence");
    o.set("usage", messageUsage(a, a.completionTokens()));
    return o;
  }

  /** Returns the Anthropic usage object with {@code output} output tokens. */
  ObjectNode messageUsage(DemoAnswer a, int output) {
    return json.createObjectNode().put("input_tokens", a.promptTokens()).put("cache_creation_input_tokens", 0)
        .put("cache_read_input_tokens", 0).put("output_tokens", output);
  }

  /** Returns the OpenAI chat and completions usage object. */
  ObjectNode chatUsage(DemoAnswer a) {
    return json.createObjectNode().put("prompt_tokens", a.promptTokens())
        .put("completion_tokens", a.completionTokens() * a.choices()).put("total_tokens", a.totalTokens());
  }

  /** Returns a chat tool call, whole or (for the first stream delta) with empty arguments. */
  ObjectNode chatToolCall(DemoAnswer.ToolCall call, boolean whole) {
    ObjectNode o = json.createObjectNode();
    if (!whole) {
      o.put("index", 0);
    }
    o.put("id", call.id()).put("type", "function");
    o.putObject("function").put("name", call.name()).put("arguments", whole ? call.arguments() : "");
    return o;
  }

  private ObjectNode parse(String arguments) {
    try {
      return (ObjectNode) json.readTree(arguments);
    } catch (Exception e) {
      throw new IllegalStateException("tool arguments are not a JSON object", e);
    }
  }
}
