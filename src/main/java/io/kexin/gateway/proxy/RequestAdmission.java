package io.kexin.gateway.proxy;

import io.kexin.gateway.config.Provider;
import io.kexin.gateway.provider.Endpoint;
import io.kexin.gateway.route.Route;
import io.kexin.gateway.tenant.Tenant;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Decides whether a request may go further, in order: valid HTTP, a served path, a route to an upstream of the
 * same schema, the right method, a known gateway key, one JSON object as body, an allowed model. One instance per
 * connection: it remembers the connection's last key, so keep-alive requests skip re-hashing it.
 */
final class RequestAdmission {
  private static final String SERVED_PATHS = String.join(", ", new TreeSet<>(
      Stream.of(ApiFormat.values()).flatMap(f -> f.api().paths().stream()).toList()));

  private final ProxyServices services;
  private String lastKey;
  private Optional<Tenant> lastTenant = Optional.empty();

  RequestAdmission(ProxyServices services) {
    this.services = services;
  }

  /** Says what became of a request: admitted, or refused with an error in the caller's format. */
  sealed interface Result permits Admitted, Refused {}

  /** Carries an admitted request: its schema, endpoint, route, tenant, the policies that apply, and its body. */
  record Admitted(ApiFormat api, Endpoint endpoint, Route route, Tenant tenant, List<String> policies,
      RequestBody body) implements Result {}

  /** Carries a refusal; {@code route} names the route for metrics ({@code none} before one matched). */
  record Refused(ApiFormat api, GatewayError error, String route, boolean close) implements Result {}

  /** Checks {@code request}; the body is parsed into a tree only when a policy will read it. */
  Result admit(FullHttpRequest request, String path) {
    ApiFormat api = ApiFormat.forPath(path);
    if (request.decoderResult().isFailure()) {
      return new Refused(api, GatewayError.badRequest("bad_http", "the request is not valid HTTP/1.1"), "none", true);
    }
    String coding = request.headers().get(HttpHeaderNames.TRANSFER_ENCODING);
    if (coding != null && !coding.trim().equalsIgnoreCase("chunked")) {
      // A coding other than chunked alone (gzip, chunked) would be read one way here and another upstream.
      return new Refused(api, GatewayError.notImplemented("unsupported_transfer_coding", "the gateway accepts only"
          + " 'Transfer-Encoding: chunked'"), "none", true);
    }
    if (request.uri().indexOf('#') >= 0) {
      return new Refused(api, GatewayError.badRequest("bad_request_target", "the request target may not hold a"
          + " fragment ('#')"), "none", false);
    }
    String credentialParameter = ClientCredentials.credentialParameter(request.uri());
    if (credentialParameter != null) {
      // A key in a URL ends up in access logs, proxies' logs and browser history: refused, never echoed.
      return new Refused(api, GatewayError.badRequest("credential_in_query", "the query parameter '"
          + credentialParameter + "' carries a credential: send your key in a header (" + api.keyHeaders()
          + "), never in the URL"), "none", false);
    }
    Optional<Endpoint> endpoint = api.api().endpoint(path);
    if (endpoint.isEmpty()) {
      return new Refused(api, GatewayError.notFound("unknown path " + abbreviate(path) + " (the gateway serves "
          + SERVED_PATHS + ")"), "none", false);
    }
    Optional<Route> matched = services.router().match(request.headers().get(HttpHeaderNames.HOST), path);
    if (matched.isEmpty() || matched.get().upstream().provider().schema() != api.provider()
        || path.startsWith(UpstreamRequest.AZURE_PREFIX)
            && matched.get().upstream().provider() != Provider.AZURE_OPENAI) {
      return new Refused(api, GatewayError.notFound("no route serves " + path + " on this gateway"), "none", false);
    }
    Route route = matched.get();
    HttpMethod expected = endpoint.get() == Endpoint.MODELS ? HttpMethod.GET : HttpMethod.POST;
    if (!expected.equals(request.method())) {
      return refuse(api, GatewayError.methodNotAllowed(path + " accepts " + expected + " only"), route);
    }
    String key = api.clientKey(request.headers());
    if (key == null || key.isEmpty()) {
      return refuse(api, GatewayError.unauthorized("missing API key: send your gateway key as " + api.keyHeaders()),
          route);
    }
    Optional<Tenant> tenant = key.equals(lastKey) ? lastTenant : services.keys().authenticate(key);
    lastKey = key;
    lastTenant = tenant;
    if (tenant.isEmpty()) {
      return refuse(api, GatewayError.unauthorized("invalid API key"), route);
    }
    List<String> policies = route.policies();
    if (!tenant.get().policies().isEmpty()) {
      policies = new ArrayList<>(policies);
      policies.addAll(tenant.get().policies());
    }
    RequestBody body = null;
    if (HttpMethod.POST.equals(request.method())) {
      body = RequestBody.read(services.json(), request.content(), !policies.isEmpty());
      if (body == null) {
        return refuse(api, GatewayError.badRequest("invalid_json", "the request body is not a valid JSON object"),
            route);
      }
      if (!tenant.get().allowsModel(body.model())) {
        return refuse(api, GatewayError.forbidden("model_not_allowed", body.model() == null
            ? "model: missing or not a string (expected: a model allowed for this key)"
            : "model: " + printable(body.model()) + " (expected: a model allowed for this key)"), route);
      }
    }
    return new Admitted(api, endpoint.get(), route, tenant.get(), policies, body);
  }

  private static Refused refuse(ApiFormat api, GatewayError error, Route route) {
    return new Refused(api, error, route.name(), false);
  }

  /** Quotes a model name when it is printable ASCII of at most 64 characters; names it only vaguely otherwise. */
  private static String printable(String model) {
    if (model.length() > 64 || !model.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
      return "a name that is not printable or longer than 64 characters";
    }
    return "'" + model + "'";
  }

  private static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "…";
  }
}
