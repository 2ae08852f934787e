package io.kexin.gateway.demo;

import java.util.List;

/**
 * Holds one demo-model answer: its id, its text (or a call of an offered tool), how many choices to repeat it in,
 * the token counts reported as usage, and whether a stream ends with a usage chunk.
 */
record DemoAnswer(String id, String text, ToolCall toolCall, int choices, int promptTokens, List<String> tokens,
    boolean streamUsage) {

  /** Holds a call of an offered function tool: the call id, the tool's name and its JSON arguments. */
  record ToolCall(String id, String name, String arguments) {}

  /** Returns the number of completion tokens of one choice (a tool call counts its arguments). */
  int completionTokens() {
    return tokens.size() + (toolCall == null ? 0 : Math.max(1, toolCall.arguments().length() / 4));
  }

  /** Returns the total tokens reported: the prompt and every choice. */
  int totalTokens() {
    return promptTokens + completionTokens() * choices;
  }
}
