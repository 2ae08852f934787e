package io.kexin.gateway.route;

import io.kexin.gateway.config.GatewayConfig;
import io.kexin.gateway.config.ModelConfig;
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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Matches a request's Host, path and model to the most specific route: routes with a Host beat routes without, then
 * a route that names the request's model beats one that takes any model, then the longest path prefix wins. A route
 * that names models takes only those. Immutable and thread-safe.
 */
public final class Router {
  private final List<Route> routes;

  private Router(List<Route> routes) {
    this.routes = routes;
  }

  /** Builds the router from the config, reading credential files once. */
  public static Router fromConfig(GatewayConfig config) {
    return fromConfig(config, null, null);
  }

  /**
   * Builds the router from {@code config}, reading credential files once; an upstream whose settings in
   * {@code previousConfig} and credential are unchanged keeps its {@link Upstream} from {@code previous} (null for
   * none), with its targets' health and the connections pooled for them.
   */
  public static Router fromConfig(GatewayConfig config, GatewayConfig previousConfig, Router previous) {
    Map<String, Upstream> kept = new HashMap<>();
    if (previous != null && previousConfig != null) {
      for (Upstream u : previous.upstreams()) {
        kept.put(u.name(), u);
      }
      for (UpstreamConfig u : previousConfig.upstreams()) {
        if (!u.equals(config.upstreams().stream().filter(n -> n.name().equals(u.name())).findFirst().orElse(null))) {
          kept.remove(u.name());
        }
      }
    }
    Map<String, Upstream> upstreams = new HashMap<>();
    for (UpstreamConfig u : config.upstreams()) {
      Upstream fresh = toUpstream(u);
      Upstream old = kept.get(u.name());
      upstreams.put(u.name(), old != null && Objects.equals(old.credential(), fresh.credential()) ? old
          : fresh);
    }
    List<Route> routes = new ArrayList<>();
    for (RouteConfig r : config.routes()) {
      List<ModelEntry> models = new ArrayList<>();
      for (ModelConfig m : r.models()) {
        models.add(new ModelEntry(new ModelPattern(m.name()), m.upstreamModel(), m.policies()));
      }
      routes.add(new Route(r.name(), r.pathPrefix(), r.host(), upstreams.get(r.upstream()), r.policies(),
          r.unknownFields(), r.credentialFields(), RetryPolicy.of(r.retry()),
          r.fallbacks().stream().map(upstreams::get).toList(), models));
    }
    routes.sort(Comparator.comparing((Route r) -> r.host() == null)
        .thenComparing(r -> r.models().isEmpty())
        .thenComparing(r -> -r.pathPrefix().length()));
    return new Router(List.copyOf(routes));
  }

  /** Pairs the route chosen for a request with the model choice it made. */
  public record Routed(Route route, ModelChoice model) {}

  /** Returns every route whose Host and path match, most specific first; {@code host} may carry a port. */
  public List<Route> candidates(String host, String path) {
    String bareHost = bareHost(host);
    List<Route> matched = new ArrayList<>(2);
    for (Route r : routes) {
      if (r.matches(bareHost, path)) {
        matched.add(r);
      }
    }
    return matched;
  }

  /**
   * Picks among {@code candidates} (as {@link #candidates} returns them) the first route that {@code serves} (the
   * caller's schema) and takes {@code model}: a route that names models takes only those, one that names none takes
   * any. The search ends at the first route that names none: if it does not serve the caller, no route does (a less
   * specific route never takes what a more specific one turned away, as without model routing).
   */
  public static Optional<Routed> select(List<Route> candidates, Predicate<Route> serves, String model) {
    for (Route r : candidates) {
      if (r.models().isEmpty()) {
        return serves.test(r) ? Optional.of(new Routed(r, ModelChoice.any(model))) : Optional.empty();
      }
      ModelEntry entry = serves.test(r) ? r.entryFor(model) : null;
      if (entry != null) {
        return Optional.of(new Routed(r, ModelChoice.of(entry, model)));
      }
    }
    return Optional.empty();
  }

  /** Says whether some route names its models: then the gateway answers the models list itself. */
  public boolean routesByModel() {
    for (Route r : routes) {
      if (!r.models().isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns the exact model names (aliases among them) of the routes that {@code serve}, each once, in route order:
   * what a models list can name (a glob names no model).
   */
  public List<ModelChoice> listed(Predicate<Route> serves) {
    Map<String, ModelChoice> named = new LinkedHashMap<>();
    for (Route r : routes) {
      if (!serves.test(r)) {
        continue;
      }
      for (ModelEntry e : r.models()) {
        if (!e.pattern().glob()) {
          named.putIfAbsent(e.pattern().text(), ModelChoice.of(e, e.pattern().text()));
        }
      }
    }
    return List.copyOf(named.values());
  }

  /** Returns every name and glob the routes' models name, and the upstream names of aliases: the model labels. */
  public Set<String> modelNames() {
    Set<String> names = new LinkedHashSet<>();
    for (Route r : routes) {
      for (ModelEntry e : r.models()) {
        names.add(e.pattern().text());
        if (e.alias()) {
          names.add(e.upstreamModel());
        }
      }
    }
    return names;
  }

  /** Returns the route for a request, if any; {@code host} may carry a port, which is ignored. */
  public Optional<Route> match(String host, String path) {
    String bareHost = bareHost(host);
    for (Route r : routes) {
      if (r.matches(bareHost, path)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  private static String bareHost(String host) {
    if (host != null) {
      int colon = host.lastIndexOf(':');
      if (colon > 0 && host.indexOf(']') < colon) {
        return host.substring(0, colon);
      }
    }
    return host;
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
