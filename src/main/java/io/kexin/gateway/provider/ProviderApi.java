package io.kexin.gateway.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.Set;

/**
 * Knows one LLM API schema: the paths it serves, where text lives in its request and response bodies, and how
 * its errors look. Implementations are immutable and thread-safe.
 */
public interface ProviderApi {

  /** Returns the adapter for the OpenAI schema (chat, completions, embeddings, responses, models). */
  static ProviderApi openAi() {
    return new OpenAiApi();
  }

  /** Returns the adapter for the Anthropic messages schema. */
  static ProviderApi anthropic() {
    return new AnthropicApi();
  }

  /** Returns the request paths this schema serves, without query strings. */
  Set<String> paths();

  /** Returns the endpoint for a request path (a query string is ignored), or empty if this schema does not serve it. */
  Optional<Endpoint> endpoint(String path);

  /**
   * Returns the text segments of a request body, in document order.
   *
   * @param body the parsed body; ignored, and may be null, for {@link Endpoint#MODELS}
   * @throws UnknownShapeException if a node that may carry text has a shape this adapter does not know
   * @throws IllegalArgumentException if this schema does not serve {@code endpoint}
   */
  Extraction requestSegments(Endpoint endpoint, ObjectNode body) throws UnknownShapeException;

  /**
   * Returns the text segments of a successful, non-streaming response body, in document order; all ASSISTANT
   * except tool outputs echoed by the API.
   *
   * @param body the parsed body; ignored, and may be null, for {@link Endpoint#MODELS}
   * @throws UnknownShapeException if a node that may carry text has a shape this adapter does not know
   * @throws IllegalArgumentException if this schema does not serve {@code endpoint}
   */
  Extraction responseSegments(Endpoint endpoint, ObjectNode body) throws UnknownShapeException;

  /**
   * Removes from a request body the options that make the upstream repeat its answer's text outside the fields
   * response rules inspect (token log-probabilities carry every token); returns whether it removed any.
   */
  default boolean dropTextEchoOptions(Endpoint endpoint, ObjectNode body) {
    return false;
  }

  /**
   * Returns this schema's error body as UTF-8 JSON.
   *
   * @param status the HTTP status the body goes with; chooses the type when {@code type} is null or unknown
   * @param type the error type, e.g. {@code invalid_request_error}; may be null
   * @param code a machine-readable code, e.g. {@code content_policy_violation}; may be null; not every schema has one
   * @param message the human-readable message; never put protected text in it
   */
  byte[] errorBody(int status, String type, String code, String message);
}
