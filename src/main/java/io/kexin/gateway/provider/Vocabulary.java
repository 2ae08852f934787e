package io.kexin.gateway.provider;

import io.kexin.gateway.content.TextSegment;
import java.util.List;
import java.util.Set;

/**
 * Holds the fixed words of the OpenAI and Anthropic schemas: field names, enumerated values and JSON Schema keywords.
 * A word of this list can carry no protected text, so it is neither inspected as text nor hidden in the audit; any
 * other object key is text, and is shown in an audit pointer only as {@code *}. Immutable.
 */
public final class Vocabulary {
  private static final Set<String> WORDS = Set.copyOf(List.of(
      // OpenAI chat, completions, embeddings, responses
      "model", "messages", "role", "content", "name", "refusal", "tool_calls", "tool_call_id", "function",
      "function_call", "functions", "arguments", "id", "type", "index", "custom", "input", "text", "image_url",
      "url", "detail", "input_audio", "data", "format", "file", "file_data", "file_id", "filename", "audio",
      "tools", "tool_choice", "parallel_tool_calls", "parameters", "strict", "description", "response_format",
      "json_schema", "schema", "stream", "stream_options", "include_usage", "temperature", "top_p", "n", "stop",
      "max_tokens", "max_completion_tokens", "presence_penalty", "frequency_penalty", "logit_bias", "logprobs",
      "top_logprobs", "seed", "user", "metadata", "service_tier", "store", "reasoning_effort", "modalities",
      "prediction", "prompt", "suffix", "echo", "best_of", "encoding_format", "dimensions", "instructions",
      "previous_response_id", "reasoning", "effort", "summary", "max_output_tokens", "truncation", "include",
      "conversation", "background", "variables", "version", "call_id", "output", "status", "output_text",
      "input_text", "input_image", "input_file", "file_url", "annotations", "message", "function_call_output",
      "custom_tool_call", "custom_tool_call_output", "mcp_call", "web_search_call", "item_reference",
      "summary_text", "reasoning_text", "encrypted_content", "action", "query", "server_label", "server_url",
      "headers", "header", "authorization", "require_approval", "allowed_tools", "verbosity", "prompt_cache_key",
      "safety_identifier", "web_search_options", "choices", "finish_reason", "object", "created", "created_at",
      "usage", "prompt_tokens", "completion_tokens", "total_tokens", "system_fingerprint", "reasoning_content",
      "transcript", "expires_at", "delta", "chunk", "embedding", "list",
      // Anthropic messages
      "system", "max_tokens", "stop_sequences", "top_k", "thinking", "budget_tokens", "tool_use", "tool_result",
      "server_tool_use", "redacted_thinking", "web_search_tool_result", "search_result", "tool_use_id", "is_error",
      "input_schema",
      "cache_control", "ephemeral", "ttl", "source", "media_type", "base64", "image", "document", "title",
      "context", "citations", "enabled", "signature", "mcp_servers", "authorization_token", "tool_configuration",
      "user_id", "stop_reason", "stop_sequence", "end_turn", "container", "service_tier", "max_uses",
      "allowed_domains", "blocked_domains", "user_location", "display_width_px", "display_height_px",
      "display_number",
      // roles, statuses and other enumerated values
      "developer", "assistant", "tool", "auto", "none", "required", "low", "medium", "high", "minimal", "completed",
      "in_progress", "incomplete", "json_object", "default", "flex", "priority", "scale", "disabled", "concise",
      "detailed", "any", "5m", "1h", "wav", "mp3", "flac", "opus", "aac", "pcm16", "alloy", "ash", "ballad", "coral",
      "echo", "fable", "onyx", "nova", "sage", "shimmer", "verse", "file_search", "web_search", "web_search_preview",
      "computer_use_preview", "code_interpreter", "image_generation", "local_shell", "mcp", "url_citation",
      "file_citation", "file_path", "image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf",
      "text/plain", "float", "stop", "length", "content_filter", "max_tokens", "stop_sequence", "pause_turn", "refusal",
      // stream events
      "accepted_prediction_tokens", "audio_tokens", "cache_creation", "cache_creation_input_tokens",
      "cache_read_input_tokens", "cached_tokens", "citation", "cited_text", "code", "completion_tokens_details",
      "content_block", "context_management", "document_index", "document_title", "end_block_index", "end_char_index",
      "end_page_number", "ephemeral_1h_input_tokens", "ephemeral_5m_input_tokens", "error", "incomplete_details",
      "input_tokens", "input_tokens_details", "item", "max_tool_calls", "output_tokens", "output_tokens_details",
      "outputs", "part", "partial_json", "prompt_tokens_details", "reasoning_tokens", "rejected_prediction_tokens",
      "response", "results", "search_result_index", "start_block_index", "start_char_index", "start_page_number",
      "text_offset", "token", "token_logprobs", "tokens", "web_search_requests",
      // JSON Schema keywords and type names
      "properties", "items", "enum", "examples", "additionalProperties", "anyOf", "oneOf", "allOf", "not",
      "$ref", "$defs", "definitions", "const", "nullable", "minimum", "maximum", "exclusiveMinimum",
      "exclusiveMaximum", "minItems", "maxItems", "minLength", "maxLength", "pattern", "uniqueItems", "$schema",
      "string", "integer", "number", "boolean", "array", "null"));

  /** The length of the longest word: a longer string is not one. */
  static final int LONGEST = WORDS.stream().mapToInt(String::length).max().orElse(0);

  private Vocabulary() {}

  /** Says whether {@code word} is a fixed word of the schemas. */
  public static boolean contains(String word) {
    return WORDS.contains(word);
  }

  /** Returns {@code pointer} fit for an audit line: every token that is neither an index nor a fixed word is {@code *}. */
  public static String safePointer(String pointer) {
    if (pointer.isEmpty() || pointer.charAt(0) != '/') {
      return pointer;
    }
    StringBuilder sb = new StringBuilder(pointer.length());
    int i = 1;
    while (i <= pointer.length()) {
      int next = pointer.indexOf('/', i);
      if (next < 0) {
        next = pointer.length();
      }
      String token = pointer.substring(i, next);
      // a decoded file's text, and texts read as one, are named after their field, so that a block can say what it was
      String suffix = token.endsWith(TextSegment.OCR_SUFFIX) ? TextSegment.OCR_SUFFIX
          : token.endsWith(TextSegment.PDF_SUFFIX) ? TextSegment.PDF_SUFFIX
          : token.endsWith(TextSegment.PDF_LINES_SUFFIX) ? TextSegment.PDF_LINES_SUFFIX
          : token.endsWith(TextSegment.DECODED_SUFFIX) ? TextSegment.DECODED_SUFFIX
          : token.endsWith(TextSegment.JOINED_SUFFIX) ? TextSegment.JOINED_SUFFIX : "";
      token = token.substring(0, token.length() - suffix.length());
      sb.append('/').append(isIndex(token) || WORDS.contains(token) ? token : "*").append(suffix);
      i = next + 1;
    }
    return sb.toString();
  }

  private static boolean isIndex(String token) {
    if (token.isEmpty() || token.length() > 9) {
      return false;
    }
    for (int i = 0; i < token.length(); i++) {
      if (token.charAt(i) < '0' || token.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
