package io.kexin.gateway.stream;

import java.util.Set;

/** Names one streamed text of a response: a choice's field, a tool call, a content block or an output item's part. */
public sealed interface TextKey {

  /** Says whether the text is JSON text (tool call arguments), read with its escapes decoded. */
  default boolean json() {
    return false;
  }

  /**
   * Returns the run this text is read in together with others the client shows beside it (a choice's content,
   * refusal and reasoning; an answer's consecutive text blocks), or null when it is read alone: a value split across
   * two texts of a run reaches the client whole.
   */
  default Run run() {
    return null;
  }

  /**
   * Says whether a finding that would rewrite the text blocks instead: an audio answer's transcript, since the audio
   * beside it would still say what the transcript no longer shows.
   */
  default boolean rewriteBlocks() {
    return false;
  }

  /**
   * Says whether the text stands aside from the texts its run shows as one: a tool call's values or thinking, read with
   * the texts either side of it, which are read together as well, as if it did not stand between them.
   */
  default boolean aside() {
    return json();
  }

  /**
   * Says whether the text is the end of one choice's shown text and the start of the next one's, read only for a
   * value across the break between them ({@link Seam}).
   */
  default boolean seam() {
    return false;
  }

  /** Names a run of texts read as one (see {@link #run()}): a choice, or the first text block of a run of them. */
  record Run(String scope, int index) {}

  /** Names one text field of a chat or completion choice: {@code content}, {@code refusal}, {@code text}, … */
  record Choice(int choice, String field) implements TextKey {
    /** The field of a streamed audio answer's transcript ({@code delta.audio.transcript}). */
    public static final String TRANSCRIPT = "audio.transcript";

    /**
     * The fields of a chat choice a client shows as its answer (an audio answer's transcript too), and a legacy
     * completion's {@code text}: read as one run, whose end the next choice is read with.
     */
    private static final Set<String> SHOWN = Set.of("content", "refusal", "reasoning_content", "reasoning",
        TRANSCRIPT, "text");

    @Override
    public Run run() {
      return SHOWN.contains(field) ? new Run("choice", choice) : null;
    }

    @Override
    public boolean rewriteBlocks() {
      return field.equals(TRANSCRIPT);
    }
  }

  /**
   * Names the reading of the end of the shown texts of the choices before {@code choice} (of a chat answer with
   * {@code n > 1}) with the start of that choice's: a client shows the choices one after the other or side by side.
   */
  record Seam(int choice) implements TextKey {
    @Override
    public boolean seam() {
      return true;
    }
  }

  /**
   * Names the streamed {@code function.arguments} of one tool call of a chat choice: read in the choice's run as its
   * values, since the client shows the text and hands the values to a tool, and an agent or a user reads both.
   */
  record ToolCall(int choice, int call) implements TextKey {
    /** The {@code call} of the deprecated {@code delta.function_call}, whose arguments stream like a tool call's. */
    public static final int FUNCTION_CALL = -1;

    @Override
    public boolean json() {
      return true;
    }

    @Override
    public Run run() {
      return new Run("choice", choice);
    }
  }

  /**
   * Names one Anthropic content block (its text, thinking, or tool input, which is JSON text); {@code first} is the
   * index of the first block of the message's run of text, thinking and tool input blocks (a client shows the text
   * blocks as one message, whatever tool calls or thinking come between, and those beside them), or -1 for a block
   * that is not in it; {@code thinking} and tool input stand aside ({@link #aside()}).
   */
  record Block(int index, boolean json, int first, boolean thinking) implements TextKey {
    @Override
    public Run run() {
      return first < 0 ? null : new Run("blocks", first);
    }

    @Override
    public boolean aside() {
      return json || thinking;
    }
  }

  /**
   * Names one text of a Responses output item: its kind is the event type before {@code .delta} (such as
   * {@code response.output_text}), and {@code index} the content or summary index, or -1 for a whole-item text.
   */
  record Part(String item, String kind, int index) implements TextKey {
    /**
     * The texts read as one run across parts and items: those a client shows as the answer (reasoning and messages)
     * and the calls' input it hands to a tool (arguments read as their values), which an agent or a user reads beside it.
     */
    private static final Set<String> SHOWN = Set.of("response.output_text", "response.refusal",
        "response.reasoning_text", "response.reasoning_summary_text", "response.function_call_arguments",
        "response.custom_tool_call_input", "response.mcp_call_arguments", Part.ANNOTATION);
    /** The kind of an annotation's title ({@code response.output_text.annotation.added}), read aside in the run. */
    public static final String ANNOTATION = "response.output_text.annotation";
    private static final Run ANSWER = new Run("output", 0);

    @Override
    public boolean json() {
      return kind.endsWith("_arguments");
    }

    @Override
    public Run run() {
      return SHOWN.contains(kind) ? ANSWER : null;
    }

    @Override
    public boolean aside() {
      return json() || kind.equals("response.custom_tool_call_input") || kind.equals(ANNOTATION);
    }

    @Override
    public boolean rewriteBlocks() {
      return kind.equals("response.audio.transcript");
    }
  }
}
