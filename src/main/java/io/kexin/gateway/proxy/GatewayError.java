package io.kexin.gateway.proxy;

import io.kexin.gateway.inspect.Verdict;
import io.netty.handler.codec.http.HttpResponseStatus;

/** Describes an error the gateway answers on its own: status, error type, machine code and a clear message. */
record GatewayError(HttpResponseStatus status, String type, String code, String message) {

  /** Returns the error an inspection's refusal becomes. */
  static GatewayError of(Verdict.Reject reject) {
    return new GatewayError(HttpResponseStatus.valueOf(reject.status()), reject.type(), reject.code(),
        reject.message());
  }

  static GatewayError inspectionFailed(String message) {
    return new GatewayError(HttpResponseStatus.INTERNAL_SERVER_ERROR, "api_error", "inspection_error", message);
  }

  static GatewayError badRequest(String code, String message) {
    return new GatewayError(HttpResponseStatus.BAD_REQUEST, "invalid_request_error", code, message);
  }

  static GatewayError unauthorized(String message) {
    return new GatewayError(HttpResponseStatus.UNAUTHORIZED, "authentication_error", "invalid_api_key", message);
  }

  static GatewayError forbidden(String code, String message) {
    return new GatewayError(HttpResponseStatus.FORBIDDEN, "permission_error", code, message);
  }

  static GatewayError notFound(String message) {
    return new GatewayError(HttpResponseStatus.NOT_FOUND, "not_found_error", "unknown_path", message);
  }

  static GatewayError methodNotAllowed(String message) {
    return new GatewayError(HttpResponseStatus.METHOD_NOT_ALLOWED, "invalid_request_error", "method_not_allowed",
        message);
  }

  static GatewayError tooLarge(String message) {
    return new GatewayError(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "request_too_large", "request_too_large",
        message);
  }

  static GatewayError notImplemented(String code, String message) {
    return new GatewayError(HttpResponseStatus.NOT_IMPLEMENTED, "invalid_request_error", code, message);
  }

  static GatewayError badGateway(String code, String message) {
    return new GatewayError(HttpResponseStatus.BAD_GATEWAY, "api_error", code, message);
  }

  static GatewayError gatewayTimeout(String message) {
    return new GatewayError(HttpResponseStatus.GATEWAY_TIMEOUT, "api_error", "upstream_timeout", message);
  }

  static GatewayError overloaded(String message) {
    return new GatewayError(HttpResponseStatus.SERVICE_UNAVAILABLE, "overloaded_error", "gateway_overloaded", message);
  }

  static GatewayError upstreamOverloaded(String message) {
    return new GatewayError(HttpResponseStatus.SERVICE_UNAVAILABLE, "overloaded_error", "upstream_overloaded",
        message);
  }

  static GatewayError unavailable(String message) {
    return new GatewayError(HttpResponseStatus.SERVICE_UNAVAILABLE, "overloaded_error", "draining", message);
  }
}
