package io.kexin.gateway.stream;

/** Names one streamed text of a response: a choice's field, a tool call, a content block or an output item's part. */
public sealed interface TextKey {

  /** Says whether the text is JSON text (tool call arguments), read with its escapes decoded. */
  default boolean json() {
    return false;
  }

  /** Names one text field of a chat or completion choice: {@code content}, {@code refusal}, {@code text}, … */
  record Choice(int choice, String field) implements TextKey {}

  /** Names the streamed {@code function.arguments} of one tool call of a chat choice. */
  record ToolCall(int choice, int call) implements TextKey {
    @Override
    public boolean json() {
      return true;
    }
  }

  /** Names one Anthropic content block (its text, thinking, or tool input, which is JSON text). */
  record Block(int index, boolean json) implements TextKey {}

  /**
   * Names one text of a Responses output item: its kind is the event type before {@code .delta} (such as
   * {@code response.output_text}), and {@code index} the content or summary index, or -1 for a whole-item text.
   */
  record Part(String item, String kind, int index) implements TextKey {
    @Override
    public boolean json() {
      return kind.endsWith("_arguments");
    }
  }
}
