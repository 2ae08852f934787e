package io.kexin.gateway.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.kexin.gateway.config.ModelConfig;
import io.kexin.gateway.config.Provider;
import io.kexin.gateway.provider.Endpoint;
import io.kexin.gateway.route.ModelChoice;
import io.kexin.gateway.route.Route;
import io.kexin.gateway.route.Router;
import io.kexin.gateway.tenant.Tenant;
import io.kexin.gateway.tenant.VirtualKeys;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Decides whether a request may go further, in order: valid HTTP, a path as target, one valid Host, a served path,
 * a route to an upstream of the same schema, the right method, a known gateway key, a body sent uncompressed and
 * declared UTF-8 if it names a charset ({@link BodyCoding}), a well-formed UTF-8 body that is
 * one JSON object, a route that takes its model (404 {@code model_not_found} otherwise), a model the tenant may use
 * (403 {@code model_not_allowed}). Where routes name their models, {@code GET /v1/models} is answered from them
 * ({@link Listed}). One instance per connection: it remembers the connection's last key, so keep-alive requests skip
 * re-hashing it while the config is the same.
 */
final class RequestAdmission {
  private static final String SERVED_PATHS = String.join(", ", new TreeSet<>(
      Stream.of(ApiFormat.values()).flatMap(f -> f.api().paths().stream()).toList()));

  /** The path of the models list; {@code /v1/models/{id}} names one model. */
  private static final String MODELS_PATH = "/v1/models";
  /** The route label of a models list the gateway answers itself. */
  static final String MODELS_ROUTE = "models";
  private static final AsciiString ANTHROPIC_VERSION = AsciiString.cached("anthropic-version");

  private final ProxyServices services;
  /** Builds request trees; made once per connection instead of once per request. */
  private final ObjectReader trees;
  private LiveConfig lastConfig;
  private String lastKey;
  private String lastKeyHash;
  private Optional<Tenant> lastTenant = Optional.empty();

  RequestAdmission(ProxyServices services) {
    this.services = services;
    this.trees = RequestBody.treeReader(services.json());
  }

  /** Says what became of a request: admitted, or refused with an error in the caller's format. */
  sealed interface Result permits Admitted, Refused, Listed {}

  /**
   * Carries an admitted request: its schema, endpoint, route, tenant, the hash of the key it presented, the policies
   * that apply, its body, and the model it asked for and gets ({@code model}: what limits and metrics per model read).
   */
  record Admitted(ApiFormat api, Endpoint endpoint, Route route, Tenant tenant, String keyHash,
      List<String> policies, RequestBody body, ModelChoice model) implements Result {}

  /**
   * Carries a models list the gateway answers itself: the models the tenant may use through the caller's schema, and
   * the one model asked for ({@code /v1/models/{id}}), or null for the whole list.
   */
  record Listed(ApiFormat api, List<ModelChoice> models, String id) implements Result {}

  /** Carries a refusal; {@code route} names the route for metrics ({@code none} before one matched). */
  record Refused(ApiFormat api, GatewayError error, String route, boolean close) implements Result {}

  /**
   * Checks {@code request}; the body is parsed into a tree only when a policy will read it. A refusal for the model
   * is audited under {@code requestId}.
   */
  Result admit(FullHttpRequest request, String path, String requestId) {
    ApiFormat api = ApiFormat.forPath(path);
    if (request.decoderResult().isFailure()) {
      return new Refused(api, badHttp(request), "none", true);
    }
    if (request.protocolVersion().majorVersion() != 1) {
      return new Refused(api, new GatewayError(HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED, "invalid_request_error",
          "http_version_not_supported", "the gateway speaks HTTP/1.1 on this port"), "none", true);
    }
    String coding = request.headers().get(HttpHeaderNames.TRANSFER_ENCODING);
    if (coding != null && !coding.trim().equalsIgnoreCase("chunked")) {
      // A coding other than chunked alone (gzip, chunked) would be read one way here and another upstream.
      return new Refused(api, GatewayError.notImplemented("unsupported_transfer_coding", "the gateway accepts only"
          + " 'Transfer-Encoding: chunked'"), "none", true);
    }
    if (!visibleAscii(request.uri())) {
      return new Refused(api, GatewayError.badRequest("bad_request_target", "the request target may hold only"
          + " visible ASCII characters (percent-encode the rest)"), "none", true);
    }
    if (!request.uri().startsWith("/")) {
      // Absolute form (http://host/path), authority form (host:port) and asterisk form (*) name a target this
      // gateway does not serve: it forwards by its own routes, never to a host the client names.
      return new Refused(api, GatewayError.badRequest("bad_request_target", "the request target must be a path"
          + " starting with '/'"), "none", false);
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
    String hostProblem = hostProblem(request);
    if (hostProblem != null) {
      return new Refused(api, GatewayError.badRequest("bad_host", hostProblem), "none", false);
    }
    Optional<Endpoint> endpoint = api.api().endpoint(path);
    if (endpoint.isEmpty()) {
      return new Refused(api, GatewayError.notFound("unknown path " + abbreviate(path) + " (the gateway serves "
          + SERVED_PATHS + ")"), "none", false);
    }
    // Read once: the whole exchange runs on this revision of the config, whatever a reload swaps in meanwhile.
    LiveConfig live = services.live().get();
    Router router = live.router();
    boolean listing = endpoint.get() == Endpoint.MODELS && path.startsWith(MODELS_PATH) && router.routesByModel();
    if (listing && request.headers().contains(ANTHROPIC_VERSION)) {
      api = ApiFormat.ANTHROPIC; // Anthropic's SDK lists models at the same path, with its own key header and shape
    }
    ApiFormat caller = api;
    Predicate<Route> serves = r -> r.upstream().provider().schema() == caller.provider()
        && (!path.startsWith(UpstreamRequest.AZURE_PREFIX) || r.upstream().provider() == Provider.AZURE_OPENAI);
    List<Route> candidates = router.candidates(request.headers().get(HttpHeaderNames.HOST), path);
    Route route = null;
    boolean inspectable = false;
    for (Route r : candidates) {
      if (serves.test(r)) {
        route = route == null ? r : route;
        inspectable |= r.anyPolicies();
      }
      if (r.models().isEmpty()) {
        break; // no route after one that takes any model is ever chosen (Router.select)
      }
    }
    if (route == null && !listing) {
      return new Refused(api, GatewayError.notFound("no route serves " + path + " on this gateway"), "none", false);
    }
    String routeName = listing ? MODELS_ROUTE : route.name();
    HttpMethod expected = endpoint.get() == Endpoint.MODELS ? HttpMethod.GET : HttpMethod.POST;
    if (!expected.equals(request.method())) {
      return refuse(api, GatewayError.methodNotAllowed(path + " accepts " + expected + " only"), routeName);
    }
    if (expected == HttpMethod.GET && request.content().isReadable()) {
      // It would be forwarded as is: nothing inspects the body of a request that should have none.
      return refuse(api, GatewayError.badRequest("unexpected_body", path + " takes no request body"), routeName);
    }
    String key = api.clientKey(request.headers());
    if (key == null || key.isEmpty()) {
      return refuse(api, GatewayError.unauthorized("missing API key: send your gateway key as " + api.keyHeaders()),
          routeName);
    }
    if (!key.equals(lastKey) || live != lastConfig) {
      lastKeyHash = VirtualKeys.hash(key);
      lastTenant = live.keys().byHash(lastKeyHash);
      lastKey = key;
      lastConfig = live;
    }
    Optional<Tenant> tenant = lastTenant;
    if (tenant.isEmpty()) {
      return refuse(api, GatewayError.unauthorized("invalid API key"), routeName);
    }
    if (listing) {
      List<ModelChoice> models = new ArrayList<>();
      for (ModelChoice m : router.listed(serves)) {
        if (tenant.get().allows(m)) {
          models.add(m);
        }
      }
      String id = path.length() > MODELS_PATH.length() ? path.substring(MODELS_PATH.length() + 1) : null;
      return new Listed(api, models, id);
    }
    RequestBody body = null;
    if (HttpMethod.POST.equals(request.method())) {
      GatewayError unread = BodyCoding.refusal(request.headers());
      if (unread != null) {
        return refuse(api, unread, routeName);
      }
      if (!Utf8Check.wellFormed(request.content())) {
        return refuse(api, GatewayError.badRequest("invalid_utf8", "the request body is not well-formed UTF-8"
            + " (overlong forms, surrogates, code points above U+10FFFF and NUL bytes are refused)"), routeName);
      }
      // Token limits read the usage in the answer, which takes the body's tree (to ask a stream for its usage).
      body = RequestBody.read(services.json(), trees, request.content(), inspectable
          || !tenant.get().policies().isEmpty() || services.quotas().countsTokens(tenant.get().name()));
      if (body == null) {
        return refuse(api, GatewayError.badRequest("invalid_json", "the request body is not a valid JSON object"),
            routeName);
      }
    }
    String model = body == null ? null : body.model();
    Optional<Router.Routed> routed = Router.select(candidates, serves, model);
    if (routed.isEmpty() || !tenant.get().allows(routed.get().model())) {
      GatewayError error;
      String reason;
      if (routed.isPresent() || !tenant.get().allowsModel(model)) {
        // A tenant with an allowlist hears 403 for any model outside it, so it learns nothing of other routes.
        reason = "not_allowed";
        error = GatewayError.forbidden("model_not_allowed", model == null
            ? "model: missing or not a string (expected: a model allowed for this key)"
            : "model: " + printable(model) + " (expected: a model allowed for this key)");
      } else if (model == null) {
        reason = "invalid";
        error = GatewayError.badRequest("invalid_model", "model: missing or not a string (expected: the name of a"
            + " model this gateway routes)");
      } else {
        reason = "not_found";
        error = new GatewayError(HttpResponseStatus.NOT_FOUND, api == ApiFormat.ANTHROPIC ? "not_found_error"
            : "invalid_request_error", "model_not_found", "model: " + modelName(model) + " (expected: a model this"
            + " gateway routes for this API; GET /v1/models lists them)");
      }
      services.audit().modelRefused(requestId, routeName, tenant.get().name(), model, reason);
      return refuse(api, error, routeName);
    }
    JsonNode given = body == null || body.tree() == null ? null : body.tree().get("model");
    if (given != null && !given.isTextual() && !given.isNull()) {
      // On a route that takes any model: the name is read as a string, and an object, array or number there would
      // reach the provider unread.
      return refuse(api, GatewayError.badRequest("invalid_model", "model: not a string (expected: the name of a"
          + " model)"), routeName);
    }
    route = routed.get().route();
    ModelChoice choice = routed.get().model();
    List<String> policies = route.policies();
    if (!choice.policies().isEmpty() || !tenant.get().policies().isEmpty()) {
      Set<String> all = new LinkedHashSet<>(policies);
      all.addAll(choice.policies());
      all.addAll(tenant.get().policies());
      policies = List.copyOf(all);
    }
    return new Admitted(api, endpoint.get(), route, tenant.get(), lastKeyHash, policies, body, choice);
  }

  /**
   * Says what is wrong with the request's Host (RFC 9112 §3.2), or null: an HTTP/1.1 request carries exactly one, and
   * its value is a host name or address with an optional port, never user information or anything else a router and
   * an upstream could read differently.
   */
  static String hostProblem(FullHttpRequest request) {
    // An iterator, not getAll: no list per request to learn that there is exactly one.
    Iterator<String> hosts = request.headers().valueStringIterator(HttpHeaderNames.HOST);
    if (!hosts.hasNext()) {
      return request.protocolVersion().minorVersion() >= 1 ? "an HTTP/1.1 request must carry a Host header" : null;
    }
    String host = hosts.next();
    if (hosts.hasNext()) {
      return "the request carries more than one Host header";
    }
    int end = host.length();
    if (host.startsWith("[")) {
      int close = host.indexOf(']');
      if (close < 0 || !host.substring(1, close).chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c,
          16) >= 0)) {
        return "the Host header is not a valid host";
      }
      end = close + 1;
    } else {
      int colon = host.indexOf(':');
      end = colon < 0 ? end : colon;
      for (int i = 0; i < end; i++) {
        char c = host.charAt(i);
        if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-'
            || c == '_' || c == '~')) {
          return "the Host header is not a valid host";
        }
      }
    }
    if (end == 0) {
      return "the Host header is empty";
    }
    if (end < host.length()) {
      if (host.charAt(end) != ':' || end + 1 == host.length() || host.length() - end > 6
          || !digits(host, end + 1)) {
        return "the Host header's port is not valid";
      }
    }
    return null;
  }

  /** Says whether {@code s} holds only ASCII digits from {@code from} on. */
  private static boolean digits(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns the error for a request the HTTP decoder refused: 414 for a request line too long, 431 for headers too
   * large, else 400 (a chunk header too long among them). A request whose head did not decode is the decoder's
   * stand-in, {@code GET /bad-request}.
   */
  private static GatewayError badHttp(FullHttpRequest request) {
    Throwable cause = request.decoderResult().cause();
    if (cause instanceof TooLongHttpLineException && "/bad-request".equals(request.uri())) {
      return new GatewayError(HttpResponseStatus.REQUEST_URI_TOO_LONG, "invalid_request_error", "request_line_too_long",
          "the request line is longer than the gateway accepts");
    }
    if (cause instanceof TooLongHttpHeaderException) {
      return new GatewayError(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "invalid_request_error",
          "headers_too_large", "the request headers are larger than the gateway accepts");
    }
    return GatewayError.badRequest("bad_http", "the request is not valid HTTP/1.1");
  }

  /** Says whether {@code s} holds only visible ASCII characters. */
  static boolean visibleAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        return false;
      }
    }
    return true;
  }

  private static Refused refuse(ApiFormat api, GatewayError error, String route) {
    return new Refused(api, error, route, false);
  }

  /** Quotes a model name when it is printable ASCII of at most 64 characters; names it only vaguely otherwise. */
  static String printable(String model) {
    if (model.length() > 64 || !model.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
      return "a name that is not printable or longer than 64 characters";
    }
    return "'" + model + "'";
  }

  /**
   * Quotes a well-formed model name (letters, digits and {@code ._:/@+-}, at most 128 characters); names anything
   * else only vaguely, so an error never carries a client's arbitrary text back.
   */
  static String modelName(String model) {
    return ModelConfig.NAME.matcher(model).matches() ? "'" + model + "'" : "a name that is not a model name (letters,"
        + " digits, '.', '_', ':', '/', '@', '+', '-', at most " + ModelConfig.MAX_NAME + " characters)";
  }

  private static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "…";
  }
}
