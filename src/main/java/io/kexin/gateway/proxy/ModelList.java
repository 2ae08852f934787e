package io.kexin.gateway.proxy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kexin.gateway.route.ModelChoice;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;

/**
 * Renders the models a tenant may use as the caller's API lists them: OpenAI's {@code {"object": "list", "data":
 * [{"id", "object": "model", ...}]}} or Anthropic's {@code {"data": [{"type": "model", "id", "display_name", ...}],
 * "has_more", "first_id", "last_id"}}, or one model of them ({@code /v1/models/{id}}). Aliases are listed under their
 * own name; the model behind one is never named. Stateless.
 */
final class ModelList {
  /** The creation time given for every model: the gateway does not know when a provider made one. */
  private static final String CREATED_AT = "1970-01-01T00:00:00Z";

  private ModelList() {}

  /**
   * Returns the JSON body answering {@code listed}, or null when it names one model that is not among those the
   * tenant may use.
   */
  static byte[] render(ObjectMapper json, RequestAdmission.Listed listed) throws JsonProcessingException {
    boolean anthropic = listed.api() == ApiFormat.ANTHROPIC;
    if (listed.id() != null) {
      for (ModelChoice m : listed.models()) {
        if (m.requested().equals(listed.id())) {
          return json.writeValueAsBytes(model(json, m.requested(), anthropic));
        }
      }
      return null;
    }
    List<ModelChoice> models = listed.models();
    ObjectNode out = json.createObjectNode();
    if (!anthropic) {
      out.put("object", "list");
    }
    ArrayNode data = out.putArray("data");
    for (ModelChoice m : models) {
      data.add(model(json, m.requested(), anthropic));
    }
    if (anthropic) {
      out.put("has_more", false);
      out.put("first_id", models.isEmpty() ? null : models.get(0).requested());
      out.put("last_id", models.isEmpty() ? null : models.get(models.size() - 1).requested());
    }
    return json.writeValueAsBytes(out);
  }

  /** Returns the error for a model id the tenant may not use or that no route names, in the caller's format. */
  static GatewayError notFound(RequestAdmission.Listed listed) {
    return new GatewayError(HttpResponseStatus.NOT_FOUND, listed.api() == ApiFormat.ANTHROPIC ? "not_found_error"
        : "invalid_request_error", "model_not_found", "model: " + RequestAdmission.modelName(listed.id())
        + " (expected: a model GET /v1/models lists)");
  }

  private static ObjectNode model(ObjectMapper json, String id, boolean anthropic) {
    ObjectNode m = json.createObjectNode();
    if (anthropic) {
      return m.put("type", "model").put("id", id).put("display_name", id).put("created_at", CREATED_AT);
    }
    return m.put("id", id).put("object", "model").put("created", 0).put("owned_by", "kexin");
  }
}
