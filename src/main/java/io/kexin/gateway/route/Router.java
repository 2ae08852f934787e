package io.kexin.gateway.route;

import io.kexin.gateway.config.GatewayConfig;
import io.kexin.gateway.config.RouteConfig;
import io.kexin.gateway.config.UpstreamConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Matches a request's Host and path to the most specific route: routes with a Host beat routes without, then the
 * longest path prefix wins. Immutable and thread-safe.
 */
public final class Router {
  private final List<Route> routes;

  private Router(List<Route> routes) {
    this.routes = routes;
  }

  /** Builds the router from the config, reading credential files once. */
  public static Router fromConfig(GatewayConfig config) {
    Map<String, Upstream> upstreams = new HashMap<>();
    for (UpstreamConfig u : config.upstreams()) {
      upstreams.put(u.name(), toUpstream(u));
    }
    List<Route> routes = new ArrayList<>();
    for (RouteConfig r : config.routes()) {
      routes.add(new Route(r.name(), r.pathPrefix(), r.host(), upstreams.get(r.upstream()), r.policies(),
          r.unknownFields(), r.credentialFields()));
    }
    routes.sort(Comparator.comparing((Route r) -> r.host() == null)
        .thenComparing(r -> -r.pathPrefix().length()));
    return new Router(List.copyOf(routes));
  }

  /** Returns the route for a request, if any; {@code host} may carry a port, which is ignored. */
  public Optional<Route> match(String host, String path) {
    String bareHost = host;
    if (host != null) {
      int colon = host.lastIndexOf(':');
      if (colon > 0 && host.indexOf(']') < colon) {
        bareHost = host.substring(0, colon);
      }
    }
    for (Route r : routes) {
      if (r.matches(bareHost, path)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  /** Returns every route, most specific first. */
  public List<Route> routes() {
    return routes;
  }

  private static Upstream toUpstream(UpstreamConfig u) {
    URI url = u.baseUrl();
    boolean tls = "https".equals(url.getScheme());
    int port = url.getPort() > 0 ? url.getPort() : tls ? 443 : 80;
    String basePath = url.getRawPath() == null ? "" : url.getRawPath();
    while (basePath.endsWith("/")) {
      basePath = basePath.substring(0, basePath.length() - 1);
    }
    String credential = u.apiKey();
    if (u.apiKeyFile() != null) {
      try {
        credential = Files.readString(u.apiKeyFile(), StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new IllegalStateException("upstream " + u.name() + ": cannot read apiKeyFile " + u.apiKeyFile()
            + " (" + e.getClass().getSimpleName() + ")");
      }
    }
    String host = url.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return new Upstream(u.name(), u.provider(), host, port, tls, basePath,
        credential == null || credential.isEmpty() ? null : credential, u.timeouts());
  }
}
