package io.kexin.gateway.route;

import io.kexin.gateway.config.GatewayConfig;
import io.kexin.gateway.config.Provider;
import io.kexin.gateway.config.RouteConfig;
import io.kexin.gateway.config.TargetConfig;
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
          r.unknownFields(), r.credentialFields(), RetryPolicy.of(r.retry()),
          r.fallbacks().stream().map(upstreams::get).toList()));
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

  /** Returns every upstream a route may call, each once, in config order of first use. */
  public List<Upstream> upstreams() {
    List<Upstream> all = new ArrayList<>();
    for (Route r : routes) {
      for (Upstream u : concat(r.upstream(), r.fallbacks())) {
        if (!all.contains(u)) {
          all.add(u);
        }
      }
    }
    return all;
  }

  private static List<Upstream> concat(Upstream first, List<Upstream> rest) {
    List<Upstream> all = new ArrayList<>(rest.size() + 1);
    all.add(first);
    all.addAll(rest);
    return all;
  }

  private static Upstream toUpstream(UpstreamConfig u) {
    String credential = u.apiKey();
    if (u.apiKeyFile() != null) {
      try {
        credential = Files.readString(u.apiKeyFile(), StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new IllegalStateException("upstream " + u.name() + ": cannot read apiKeyFile " + u.apiKeyFile()
            + " (" + e.getClass().getSimpleName() + ")");
      }
    }
    List<Target> targets = new ArrayList<>();
    for (TargetConfig t : u.targetList()) {
      targets.add(toTarget(t));
    }
    AzureDeployments azure = u.provider() == Provider.AZURE_OPENAI
        ? new AzureDeployments(u.deployment(), u.deployments(), u.apiVersion()) : null;
    return new Upstream(u.name(), u.provider(), targets, credential == null || credential.isEmpty() ? null : credential,
        u.timeouts(), OutlierPolicy.of(u.outlierDetection()), azure);
  }

  private static Target toTarget(TargetConfig t) {
    URI url = t.baseUrl();
    boolean tls = "https".equals(url.getScheme());
    int port = url.getPort() > 0 ? url.getPort() : tls ? 443 : 80;
    String basePath = url.getRawPath() == null ? "" : url.getRawPath();
    while (basePath.endsWith("/")) {
      basePath = basePath.substring(0, basePath.length() - 1);
    }
    String host = url.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return new Target(t.label(), host, port, tls, basePath, t.weight(), t.priority(),
        t.maxConnections() == null ? -1 : t.maxConnections(), t.maxPendingRequests() == null ? -1
            : t.maxPendingRequests());
  }
}
