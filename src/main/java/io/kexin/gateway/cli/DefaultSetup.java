package io.kexin.gateway.cli;

import io.kexin.gateway.config.AuditConfig;
import io.kexin.gateway.config.GatewayConfig;
import io.kexin.gateway.config.Limits;
import io.kexin.gateway.config.ListenerConfig;
import io.kexin.gateway.config.Listeners;
import io.kexin.gateway.config.PoliciesConfig;
import io.kexin.gateway.config.Provider;
import io.kexin.gateway.config.RouteConfig;
import io.kexin.gateway.config.TenantConfig;
import io.kexin.gateway.config.UpstreamConfig;
import io.kexin.gateway.tenant.VirtualKeys;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Builds the configuration used when no config file is given (every route applies the given policies, normally the
 * whole shipped pack): the real OpenAI and/or Anthropic APIs when their keys
 * (or base URLs) are in the environment, else the built-in demo model. Clients use {@code KEXIN_API_KEY}, or the
 * documented demo key.
 */
final class DefaultSetup {
  static final String DEMO_CLIENT_KEY = "kexin-demo-key";

  private DefaultSetup() {}

  /** Says whether the environment names a real provider. */
  static boolean hasProvider(Function<String, String> env) {
    return set(env, "OPENAI_API_KEY") || set(env, "OPENAI_BASE_URL") || set(env, "ANTHROPIC_API_KEY")
        || set(env, "ANTHROPIC_BASE_URL");
  }

  /** Returns the config for the real providers named in the environment, with the pack in {@code pack}. */
  static GatewayConfig providers(Function<String, String> env, String bind, List<String> policies, Path pack) {
    List<UpstreamConfig> upstreams = new ArrayList<>();
    List<RouteConfig> routes = new ArrayList<>();
    if (set(env, "ANTHROPIC_API_KEY") || set(env, "ANTHROPIC_BASE_URL")) {
      upstreams.add(new UpstreamConfig("anthropic", baseUrl(env.apply("ANTHROPIC_BASE_URL"),
          "https://api.anthropic.com"), Provider.ANTHROPIC, env.apply("ANTHROPIC_API_KEY"), null, null));
      routes.add(new RouteConfig("anthropic", "/v1/messages", null, "anthropic", policies));
    }
    if (set(env, "OPENAI_API_KEY") || set(env, "OPENAI_BASE_URL")) {
      upstreams.add(new UpstreamConfig("openai", baseUrl(env.apply("OPENAI_BASE_URL"), "https://api.openai.com"),
          Provider.OPENAI, env.apply("OPENAI_API_KEY"), null, null));
      routes.add(new RouteConfig("openai", "/v1", null, "openai", policies));
    }
    return config(env, bind, upstreams, routes, pack);
  }

  /** Returns the config that serves the demo model at {@code demo} with its {@code credential}, and {@code pack}. */
  static GatewayConfig demo(Function<String, String> env, String bind, InetSocketAddress demo, String credential,
      List<String> policies, Path pack) {
    URI url = URI.create("http://127.0.0.1:" + demo.getPort());
    List<UpstreamConfig> upstreams = List.of(
        new UpstreamConfig("demo-openai", url, Provider.OPENAI, credential, null, null),
        new UpstreamConfig("demo-anthropic", url, Provider.ANTHROPIC, credential, null, null));
    List<RouteConfig> routes = List.of(
        new RouteConfig("demo-anthropic", "/v1/messages", null, "demo-anthropic", policies),
        new RouteConfig("demo-openai", "/v1", null, "demo-openai", policies));
    return config(env, bind, upstreams, routes, pack);
  }

  /** Returns the client key accepted without a config file. */
  static String clientKey(Function<String, String> env) {
    return set(env, "KEXIN_API_KEY") ? env.apply("KEXIN_API_KEY") : DEMO_CLIENT_KEY;
  }

  private static GatewayConfig config(Function<String, String> env, String bind, List<UpstreamConfig> upstreams,
      List<RouteConfig> routes, Path pack) {
    TenantConfig tenant = new TenantConfig("default", List.of(VirtualKeys.hash(clientKey(env))), List.of(),
        List.of());
    Listeners listeners = new Listeners(new ListenerConfig(bind, 8080, null), new ListenerConfig(bind, 9090, null));
    // Audit lines go to standard output: on the console beside the log (standard error), and separable from it.
    return new GatewayConfig(listeners, Limits.DEFAULT_LIMITS, upstreams, routes, List.of(tenant),
        new PoliciesConfig(pack), AuditConfig.DEFAULT);
  }

  /** Turns an SDK-style base URL (which ends in {@code /v1}) into the gateway's (the origin the path goes after). */
  static URI baseUrl(String given, String fallback) {
    String url = given == null || given.isBlank() ? fallback : given.strip();
    while (url.endsWith("/")) {
      url = url.substring(0, url.length() - 1);
    }
    if (url.endsWith("/v1")) {
      url = url.substring(0, url.length() - 3);
    }
    return URI.create(url);
  }

  private static boolean set(Function<String, String> env, String name) {
    String v = env.apply(name);
    return v != null && !v.isBlank();
  }
}
