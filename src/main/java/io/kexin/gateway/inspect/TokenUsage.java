package io.kexin.gateway.inspect;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Adds up the tokens an upstream reports for one exchange: OpenAI's {@code usage} (chat, completions, a streamed
 * chunk, the Responses API's {@code response.usage}) and Anthropic's ({@code usage}, {@code message.usage} of
 * {@code message_start}), keeping the largest count seen of each kind since streams repeat running totals. One per
 * exchange, used from one thread at a time.
 */
public final class TokenUsage {
  private long input;
  private long output;
  private boolean seen;

  /** Reads the usage that {@code node} (a response body or a stream event's JSON) carries, if any. */
  public void read(JsonNode node) {
    if (node == null || !node.isObject()) {
      return;
    }
    readUsage(node.get("usage"));
    JsonNode response = node.get("response");
    if (response != null) {
      readUsage(response.get("usage"));
    }
    JsonNode message = node.get("message");
    if (message != null) {
      readUsage(message.get("usage"));
    }
  }

  private void readUsage(JsonNode usage) {
    if (usage == null || !usage.isObject()) {
      return;
    }
    input = Math.max(input, count(usage, "prompt_tokens", "input_tokens"));
    output = Math.max(output, count(usage, "completion_tokens", "output_tokens"));
    seen = true;
  }

  private static long count(JsonNode usage, String openAi, String other) {
    JsonNode n = usage.has(openAi) ? usage.get(openAi) : usage.get(other);
    return n != null && n.canConvertToLong() && n.asLong() > 0 ? n.asLong() : 0;
  }

  /** Says whether an event's data may carry a usage object: {@code "usage"} followed by an object, not null. */
  public static boolean mayCarry(String data) {
    int at = data.indexOf("\"usage\"");
    while (at >= 0) {
      int i = at + 7;
      while (i < data.length() && (data.charAt(i) == ' ' || data.charAt(i) == ':')) {
        i++;
      }
      if (i < data.length() && data.charAt(i) == '{') {
        return true;
      }
      at = data.indexOf("\"usage\"", i);
    }
    return false;
  }

  /** Says whether any usage was read. */
  public boolean seen() {
    return seen;
  }

  /** Returns the input (prompt) tokens reported. */
  public long input() {
    return input;
  }

  /** Returns the output (completion) tokens reported. */
  public long output() {
    return output;
  }
}
