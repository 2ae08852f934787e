package io.kexin.gateway.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Binds {@code gateway.yaml} to {@link GatewayConfig} strictly: unknown keys, wrong types, bad values, duplicate keys
 * and dangling references all stop loading with {@code file:line:col}, the bad value and what was expected.
 * Thread-safe.
 */
public final class ConfigLoader {
  /** Largest config file read. */
  static final long MAX_CONFIG_BYTES = 1 << 20;
  private final StrictYaml yaml;

  /** Creates a loader that expands {@code ${VAR}} from {@code env}. */
  public ConfigLoader(Function<String, String> env) {
    this.yaml = new StrictYaml(requireNonNull(env, "env"));
  }

  /** Reads and validates the config file at {@code file}; relative paths inside resolve against its directory. */
  public GatewayConfig load(Path file) {
    if (Files.exists(file) && !Files.isRegularFile(file)) {
      throw new ConfigException(file + ": not a regular file (expected: a config file)");
    }
    String text;
    try {
      text = new TextFileReader("config file", MAX_CONFIG_BYTES).read(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file + ": config file not found");
    }
    Path base = file.toAbsolutePath().getParent();
    GatewayConfig config = resolvePaths(parse(file.toString(), text), base);
    checkAuditFile(file.toString(), text, config.audit());
    return config;
  }

  /** Reads and validates config text; {@code source} names it in error messages. */
  public GatewayConfig parse(String source, String text) {
    GatewayConfig config = yaml.read(source, text, GatewayConfig.class);
    validate(source, text, config);
    return config;
  }

  private void validate(String source, String text, GatewayConfig config) {
    List<String[]> problems = new ArrayList<>();
    Set<String> upstreams = new HashSet<>();
    Map<String, Provider> providers = new HashMap<>();
    for (int i = 0; i < config.upstreams().size(); i++) {
      UpstreamConfig upstream = config.upstreams().get(i);
      if (!upstreams.add(upstream.name())) {
        problems.add(new String[] {"upstreams[" + i + "].name",
            "duplicate upstream name '" + upstream.name() + "' (expected: unique names)"});
      }
      providers.put(upstream.name(), upstream.provider());
      Set<String> labels = new HashSet<>();
      List<TargetConfig> targets = upstream.targetList();
      for (int t = 0; t < targets.size(); t++) {
        if (!labels.add(targets.get(t).label())) {
          problems.add(new String[] {"upstreams[" + i + "].targets[" + t + "]", "duplicate target '"
              + targets.get(t).label() + "' (expected: distinct URLs, or a distinct name for each)"});
        }
      }
    }
    Set<String> routeNames = new HashSet<>();
    for (int i = 0; i < config.routes().size(); i++) {
      RouteConfig route = config.routes().get(i);
      if (!upstreams.contains(route.upstream())) {
        problems.add(new String[] {"routes[" + i + "].upstream", "unknown upstream '" + route.upstream()
            + "' (expected one of: " + String.join(", ", new TreeSet<>(upstreams)) + ")"});
      }
      for (int f = 0; f < route.fallbacks().size(); f++) {
        String fallback = route.fallbacks().get(f);
        String at = "routes[" + i + "].fallbacks[" + f + "]";
        if (!upstreams.contains(fallback)) {
          problems.add(new String[] {at, "unknown upstream '" + fallback + "' (expected one of: "
              + String.join(", ", new TreeSet<>(upstreams)) + ")"});
        } else if (fallback.equals(route.upstream()) || route.fallbacks().indexOf(fallback) != f) {
          problems.add(new String[] {at, "upstream '" + fallback + "' named twice (expected: the route's upstream"
              + " once, each fallback once)"});
        } else if (providers.containsKey(route.upstream())
            && providers.get(fallback).schema() != providers.get(route.upstream()).schema()) {
          problems.add(new String[] {at, "upstream '" + fallback + "' speaks " + providers.get(fallback).configName()
              + " (expected: the API schema of '" + route.upstream() + "', "
              + providers.get(route.upstream()).configName() + "; the gateway does not translate between schemas)"});
        }
      }
      Set<String> modelNames = new HashSet<>();
      for (int m = 0; m < route.models().size(); m++) {
        if (!modelNames.add(route.models().get(m).name())) {
          problems.add(new String[] {"routes[" + i + "].models[" + m + "]", "model '" + route.models().get(m).name()
              + "' named twice on this route (expected: each name or glob once)"});
        }
      }
      if (!routeNames.add(route.name())) {
        problems.add(new String[] {"routes[" + i + "].name",
            "duplicate route name '" + route.name() + "' (expected: unique names)"});
      }
    }
    Set<String> tenants = new HashSet<>();
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < config.tenants().size(); i++) {
      TenantConfig tenant = config.tenants().get(i);
      if (!tenants.add(tenant.name())) {
        problems.add(new String[] {"tenants[" + i + "].name",
            "duplicate tenant name '" + tenant.name() + "' (expected: unique names)"});
      }
      for (int k = 0; k < tenant.keys().size(); k++) {
        if (!keys.add(tenant.keys().get(k))) {
          problems.add(new String[] {"tenants[" + i + "].keys[" + k + "]",
              "key hash already given to another tenant (expected: each key belongs to one tenant)"});
        }
      }
    }
    checkQuotaRules(config, problems);
    if (problems.isEmpty()) {
      return;
    }
    String[] first = problems.get(0);
    throw yaml.errorAt(source, text, first[0], first[1]);
  }

  /** Checks that each limit rule names a known tenant, and a key of that tenant. */
  private static void checkQuotaRules(GatewayConfig config, List<String[]> problems) {
    Map<String, TenantConfig> tenants = new HashMap<>();
    config.tenants().forEach(t -> tenants.putIfAbsent(t.name(), t));
    List<QuotaRule> rules = config.quotas().rules();
    for (int i = 0; i < rules.size(); i++) {
      QuotaRule rule = rules.get(i);
      TenantConfig tenant = tenants.get(rule.tenant());
      if (!rule.tenant().equals("*") && tenant == null) {
        problems.add(new String[] {"quotas.rules[" + i + "].tenant", "unknown tenant '" + rule.tenant()
            + "' (expected: *, or one of: " + String.join(", ", new TreeSet<>(tenants.keySet())) + ")"});
      } else if (rule.key() != null && !rule.key().equals("*") && (tenant == null
          || !tenant.keys().contains(rule.key()))) {
        problems.add(new String[] {"quotas.rules[" + i + "].key", "a key hash that is not one of tenant '"
            + rule.tenant() + "' (expected: a rule for one key names its tenant, and the key is among its keys)"});
      }
    }
  }

  private static GatewayConfig resolvePaths(GatewayConfig c, Path base) {
    List<UpstreamConfig> upstreams = c.upstreams().stream()
        .map(u -> u.apiKeyFile() == null ? u : u.withApiKeyFile(base.resolve(u.apiKeyFile())))
        .collect(Collectors.toList());
    Listeners listeners = new Listeners(resolveTls(c.listeners().proxy(), base), resolveTls(c.listeners().admin(), base));
    AuditConfig audit = c.audit().resolve(base);
    return new GatewayConfig(listeners, c.limits(), upstreams, c.routes(), c.tenants(),
        c.policies().resolvedAgainst(base), audit, c.admin(), c.plugins().resolvedAgainst(base), c.quotas());
  }

  /** Refuses an audit file the gateway could not append to, before anything starts. */
  private void checkAuditFile(String source, String text, AuditConfig audit) {
    if (audit.sink() != AuditSink.FILE) {
      return;
    }
    Path path = audit.path();
    Path dir = path.toAbsolutePath().getParent();
    String problem;
    if (Files.isDirectory(path)) {
      problem = "is a directory";
    } else if (Files.exists(path)) {
      problem = Files.isWritable(path) ? null : "is not writable";
    } else if (dir == null || !Files.isDirectory(dir)) {
      problem = "directory " + dir + " does not exist";
    } else {
      problem = Files.isWritable(dir) ? null : "cannot be created: directory " + dir + " is not writable";
    }
    if (problem != null) {
      throw yaml.errorAt(source, text, "audit.path", path + ": " + problem
          + " (expected: a writable file, appended to and created if missing)");
    }
  }

  private static ListenerConfig resolveTls(ListenerConfig l, Path base) {
    if (l.tls() == null) {
      return l;
    }
    return new ListenerConfig(l.bind(), l.port(),
        new TlsConfig(base.resolve(l.tls().certFile()), base.resolve(l.tls().keyFile())));
  }
}
