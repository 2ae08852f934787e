package io.kexin.gateway.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kexin.gateway.config.UnknownFields;
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
  default Extraction requestSegments(Endpoint endpoint, ObjectNode body) throws UnknownShapeException {
    return requestSegments(endpoint, body, UnknownFields.INSPECT);
  }

  /**
   * Returns the text segments of a request body: the fields the model reads, with the role that wrote them, in
   * document order, then everything else the model or the provider can read (strings, and object keys and numbers
   * grouped per role) unless the schema declares it not text; a field the schema does not know is treated as
   * {@code unknown} says.
   *
   * @throws UnknownShapeException if a node has a shape this adapter does not know, or an unknown field is refused
   */
  Extraction requestSegments(Endpoint endpoint, ObjectNode body, UnknownFields unknown) throws UnknownShapeException;

  /**
   * Returns the text segments of a successful, non-streaming response body, in document order; all ASSISTANT
   * except tool outputs echoed by the API.
   *
   * @param body the parsed body; ignored, and may be null, for {@link Endpoint#MODELS}
   * @throws UnknownShapeException if a node that may carry text has a shape this adapter does not know
   * @throws IllegalArgumentException if this schema does not serve {@code endpoint}
   */
  default Extraction responseSegments(Endpoint endpoint, ObjectNode body) throws UnknownShapeException {
    return responseSegments(endpoint, body, UnknownFields.INSPECT);
  }

  /** Returns the text segments of a whole response body, as {@link #requestSegments} does for a request. */
  Extraction responseSegments(Endpoint endpoint, ObjectNode body, UnknownFields unknown)
      throws UnknownShapeException;

  /** Returns the text of an error body the upstream sent (a non-2xx answer): every string, key and number in it. */
  default Extraction errorSegments(ObjectNode body) {
    Collector c = new Collector();
    try {
      Layout.ERROR.walk(body, c, UnknownFields.INSPECT);
    } catch (UnknownShapeException e) {
      throw new IllegalStateException("an error body layout refuses nothing", e);
    }
    return c.finish();
  }

  /**
   * Removes from a request body the options that make the upstream repeat its answer's text outside the fields
   * response rules inspect (token log-probabilities carry every token); returns whether it removed any.
   */
  default boolean dropTextEchoOptions(Endpoint endpoint, ObjectNode body) {
    return false;
  }

  /**
   * Removes from an answer (a whole body, or the data of one stream event) the fields that repeat its text token by
   * token outside the fields response rules inspect (log-probabilities: tokens, their UTF-8 bytes, the alternatives
   * the model did not pick), which cannot be rewritten in step with a rewritten text; returns whether it removed any.
   */
  default boolean dropTextEchoes(Endpoint endpoint, ObjectNode answer) {
    return false;
  }

  /**
   * Says whether the raw data of a stream event may carry a field {@link #dropTextEchoes} removes: a test on the
   * text, before any parse, that may say yes when the event holds none.
   */
  default boolean mayEchoText(String eventData) {
    return false;
  }

  /**
   * Returns the fields of this schema's stream events for {@code endpoint} that are not text: with the body layouts,
   * the one description of where text lives that both the whole and the streamed paths read.
   *
   * @throws IllegalArgumentException if {@code endpoint} does not stream in this schema
   */
  EventFields eventFields(Endpoint endpoint);

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
