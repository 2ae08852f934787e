package io.kexin.gateway.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kexin.gateway.config.ConfigReloadResult;
import io.kexin.gateway.config.ConfigStore;
import io.kexin.gateway.config.GatewayConfig;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kexin.gateway.inspect.TextScanner;
import io.kexin.gateway.limit.LimitHealth;
import io.kexin.gateway.metrics.GatewayMetrics;
import io.kexin.gateway.policy.Direction;
import io.kexin.gateway.policy.PolicyStore;
import io.kexin.gateway.policy.ReloadResult;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Answers one admin request. */
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  /**
   * Holds what the admin endpoints read, the policy store they report on and reload, the token check, and the config
   * store (null without a config file) with the config in force.
   */
  record Endpoints(GatewayMetrics metrics, BooleanSupplier ready, String version, TextScanner scanner,
      PolicyStore policies, AdminAuth auth, Playground playground, ConfigStore<?> config,
      Supplier<GatewayConfig> running, Supplier<LimitHealth> limits) {}

  /** Keeps the playground page to itself: its own inline script and style, calls to this listener only. */
  private static final String PAGE_POLICY = "default-src 'none'; script-src 'unsafe-inline'; style-src"
      + " 'unsafe-inline'; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none';"
      + " frame-ancestors 'none'";

  private final Endpoints endpoints;
  private final ObjectMapper json = new ObjectMapper();

  AdminHandler(Endpoints endpoints) {
    this.endpoints = endpoints;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    String path = request.uri();
    int q = path.indexOf('?');
    if (q >= 0) {
      path = path.substring(0, q);
    }
    FullHttpResponse response;
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    if (path.equals("/playground") || path.startsWith("/playground/")) {
      response = playground(request, path);
    } else if (path.equals("/policies/reload")) {
      if (!HttpMethod.POST.equals(request.method())) {
        response = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "POST to /policies/reload\n");
      } else if ((response = refusal(request, true)) == null) {
        // The reload compiles and tests the pack on the store's thread; the answer goes out when it is done.
        endpoints.policies().reloadAsync("admin").whenComplete((result, error) -> {
          FullHttpResponse r = error != null
              ? json(HttpResponseStatus.SERVICE_UNAVAILABLE, json.createObjectNode().put("error", "reload not run: "
                  + error.getClass().getSimpleName()))
              : json(result.outcome() == ReloadResult.Outcome.FAILED ? HttpResponseStatus.UNPROCESSABLE_ENTITY
                  : HttpResponseStatus.OK, PolicyStatus.reload(result, json));
          HttpUtil.setKeepAlive(r, keepAlive);
          ctx.writeAndFlush(r);
        });
        return;
      }
    } else if (path.equals("/config/reload")) {
      if (!HttpMethod.POST.equals(request.method())) {
        response = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "POST to /config/reload\n");
      } else if ((response = refusal(request, true)) == null) {
        if (endpoints.config() == null) {
          response = json(HttpResponseStatus.CONFLICT, json.createObjectNode().put("error", "the gateway runs"
              + " without a config file (built-in defaults), so there is nothing to reload (expected: serve --config"
              + " gateway.yaml)"));
        } else {
          // Loading, checking and building run on the config store's thread; the answer goes out when done.
          endpoints.config().reloadAsync("admin").whenComplete((result, error) -> {
            FullHttpResponse r = error != null
                ? json(HttpResponseStatus.SERVICE_UNAVAILABLE, json.createObjectNode().put("error",
                    "reload not run: " + error.getClass().getSimpleName()))
                : json(result.outcome() == ConfigReloadResult.Outcome.FAILED ? HttpResponseStatus.UNPROCESSABLE_ENTITY
                    : HttpResponseStatus.OK, ConfigStatus.reload(result, json));
            HttpUtil.setKeepAlive(r, keepAlive);
            ctx.writeAndFlush(r);
          });
          return;
        }
      }
    } else if (path.equals("/config")) {
      if (!HttpMethod.GET.equals(request.method()) && !HttpMethod.HEAD.equals(request.method())) {
        response = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "GET /config\n");
      } else if ((response = refusal(request, false)) == null) {
        response = json(HttpResponseStatus.OK, ConfigStatus.of(endpoints.config(), endpoints.running().get(), json));
      }
    } else if (path.equals("/policies")) {
      if (!HttpMethod.GET.equals(request.method()) && !HttpMethod.HEAD.equals(request.method())) {
        response = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "GET /policies\n");
      } else if ((response = refusal(request, false)) == null) {
        response = json(HttpResponseStatus.OK, PolicyStatus.of(endpoints.policies(), json));
      }
    } else if (path.equals("/scan")) {
      if (!HttpMethod.POST.equals(request.method())) {
        response = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "POST a JSON body to /scan\n");
      } else if ((response = refusal(request, false)) == null) {
        response = scan(request);
      }
    } else if (!HttpMethod.GET.equals(request.method()) && !HttpMethod.HEAD.equals(request.method())) {
      response = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed\n");
    } else {
      response = switch (path) {
        case "/healthz" -> text(HttpResponseStatus.OK, "ok\n");
        case "/health" -> json(HttpResponseStatus.OK, health());
        case "/readyz" -> endpoints.ready().getAsBoolean()
            ? text(HttpResponseStatus.OK, "ready\n")
            : text(HttpResponseStatus.SERVICE_UNAVAILABLE, "not ready\n");
        case "/metrics" -> bytes(HttpResponseStatus.OK, endpoints.metrics().scrape(),
            endpoints.metrics().contentType());
        case "/version" -> bytes(HttpResponseStatus.OK,
            ("{\"name\":\"kexin-gateway\",\"version\":\"" + endpoints.version() + "\"}\n")
                .getBytes(StandardCharsets.UTF_8), "application/json");
        default -> text(HttpResponseStatus.NOT_FOUND,
            "not found: try /healthz, /readyz, /health, /metrics, /version, /policies, /config, /playground\n");
      };
    }
    HttpUtil.setKeepAlive(response, keepAlive);
    ctx.writeAndFlush(response);
  }

  /**
   * Returns the detailed health: readiness, and the state of the tenants' limits. It answers 200 whatever it says:
   * readiness is {@code /readyz}'s to decide, and a failing limit store never takes the gateway out of service (each
   * limit then lets requests through or refuses them, as its {@code onError} declares).
   */
  private JsonNode health() {
    LimitHealth l = endpoints.limits().get();
    boolean ready = endpoints.ready().getAsBoolean();
    ObjectNode root = json.createObjectNode();
    root.put("status", !ready ? "not_ready" : l.state().equals("ok") ? "ok" : "degraded");
    root.put("ready", ready);
    ObjectNode limits = root.putObject("limits");
    limits.put("store", l.store());
    limits.put("state", l.state());
    limits.put("rules", l.rules());
    limits.put("blockOnError", l.blockOnError());
    limits.put("errors", l.errors());
    if (l.lastError() != null) {
      limits.put("lastError", l.lastError());
      limits.put("lastErrorAt", Instant.ofEpochMilli(l.lastErrorMillis()).toString());
    }
    limits.put("lastLatencyMicros", l.lastLatencyMicros());
    return root;
  }

  /** Returns the refusal for a request the token check does not allow, or null when it may go on. */
  private FullHttpResponse refusal(FullHttpRequest request, boolean changesState) {
    return switch (endpoints.auth().check(request, changesState)) {
      case ALLOWED -> null;
      case NO_TOKEN_CONFIGURED -> json(HttpResponseStatus.FORBIDDEN, json.createObjectNode().put("error",
          "no admin token is configured, so endpoints that change state are off (expected: admin.token in the"
              + " config, e.g. admin: {token: ${KEXIN_ADMIN_TOKEN}})"));
      case UNAUTHORIZED -> {
        FullHttpResponse r = json(HttpResponseStatus.UNAUTHORIZED, json.createObjectNode().put("error",
            "missing or wrong admin token (expected: Authorization: Bearer <admin.token>)"));
        r.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
        yield r;
      }
    };
  }

  private FullHttpResponse json(HttpResponseStatus status, JsonNode body) {
    try {
      return bytes(status, json.writeValueAsBytes(body), "application/json");
    } catch (IOException e) {
      return text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "cannot write JSON\n");
    }
  }

  /** Answers the playground: its page, and its JSON API (policies, inspect, decisions). */
  private FullHttpResponse playground(FullHttpRequest request, String path) {
    boolean page = path.equals("/playground") || path.equals("/playground/");
    FullHttpResponse refused = page ? null : refusal(request, false);
    if (refused != null) {
      // the page itself holds no data; its API needs the admin token when one is set
      return refused;
    }
    if (path.equals("/playground/inspect")) {
      return HttpMethod.POST.equals(request.method()) ? inspect(request)
          : text(HttpResponseStatus.METHOD_NOT_ALLOWED, "POST a JSON body to /playground/inspect\n");
    }
    if (!HttpMethod.GET.equals(request.method()) && !HttpMethod.HEAD.equals(request.method())) {
      return text(HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed\n");
    }
    return switch (path) {
      case "/playground", "/playground/" -> page();
      case "/playground/policies" -> jsonBody(endpoints.playground().policies());
      case "/playground/decisions" -> jsonBody(endpoints.playground().decisions());
      default -> text(HttpResponseStatus.NOT_FOUND,
          "not found: the playground serves /playground, /playground/policies, /playground/inspect and"
              + " /playground/decisions\n");
    };
  }

  private FullHttpResponse inspect(FullHttpRequest request) {
    JsonNode body;
    try {
      body = json.readTree(request.content().toString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      return error("body is not valid JSON (expected: {\"input\": \"...\", \"format\": \"auto\","
          + " \"direction\": \"request\", \"policies\": []})");
    }
    try {
      return jsonBody(endpoints.playground().inspect(body));
    } catch (IllegalArgumentException e) {
      return error(e.getMessage());
    }
  }

  private FullHttpResponse page() {
    FullHttpResponse r = bytes(HttpResponseStatus.OK, endpoints.playground().page(), "text/html; charset=utf-8");
    r.headers().set("content-security-policy", PAGE_POLICY).set("x-content-type-options", "nosniff")
        .set(HttpHeaderNames.CACHE_CONTROL, "no-store");
    return r;
  }

  private FullHttpResponse jsonBody(JsonNode body) {
    try {
      FullHttpResponse r = bytes(HttpResponseStatus.OK, json.writeValueAsBytes(body), "application/json");
      r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
      return r;
    } catch (IOException e) {
      return error("the answer could not be written as JSON");
    }
  }

  private FullHttpResponse scan(FullHttpRequest request) {
    JsonNode body;
    try {
      body = json.readTree(request.content().toString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      return error("body is not valid JSON (expected: {\"text\": \"...\", \"direction\": \"request\","
          + " \"policy\": \"...\"})");
    }
    if (body == null || !body.path("text").isTextual()) {
      return error("missing 'text' string (expected: {\"text\": \"...\"})");
    }
    try {
      Direction direction = Direction.parse(body.path("direction").asText("request"));
      String policy = body.path("policy").isTextual() ? body.get("policy").asText() : null;
      byte[] out = json.writeValueAsBytes(
          endpoints.scanner().scan(body.get("text").asText(), direction, policy).toJson(json,
              body.path("explain").asBoolean(false)));
      return bytes(HttpResponseStatus.OK, out, "application/json");
    } catch (IllegalArgumentException | IOException e) {
      return error(e.getMessage());
    }
  }

  private FullHttpResponse error(String message) {
    try {
      return bytes(HttpResponseStatus.BAD_REQUEST,
          json.writeValueAsBytes(json.createObjectNode().put("error", message)), "application/json");
    } catch (IOException e) {
      return text(HttpResponseStatus.BAD_REQUEST, "bad request\n");
    }
  }

  private static FullHttpResponse text(HttpResponseStatus status, String body) {
    return bytes(status, body.getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
  }

  private static FullHttpResponse bytes(HttpResponseStatus status, byte[] body, String contentType) {
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType)
        .set(HttpHeaderNames.CONTENT_LENGTH, body.length);
    return r;
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
