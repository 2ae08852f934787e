package io.kexin.gateway.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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
  private final YAMLFactory yaml = new YAMLFactory();
  private final ObjectMapper mapper;
  private final EnvSubstitution substitution;

  /** Creates a loader that expands {@code ${VAR}} from {@code env}. */
  public ConfigLoader(Function<String, String> env) {
    this.substitution = new EnvSubstitution(requireNonNull(env, "env"));
    yaml.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    this.mapper = JsonMapper.builder(yaml)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
        .disable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
        .addModule(new SimpleModule("kexin-config").addDeserializer(Duration.class, new DurationDeserializer()))
        .build();
  }

  /** Reads and validates the config file at {@code file}; relative paths inside resolve against its directory. */
  public GatewayConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file + ": config file not found");
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read config file: " + e.getMessage());
    }
    Path base = file.toAbsolutePath().getParent();
    return resolvePaths(parse(file.toString(), text), base);
  }

  /** Reads and validates config text; {@code source} names it in error messages. */
  public GatewayConfig parse(String source, String text) {
    GatewayConfig config;
    try (JsonParser parser = new SubstitutingParser(yaml.createParser(text), substitution)) {
      config = mapper.readValue(parser, GatewayConfig.class);
    } catch (JsonProcessingException e) {
      throw translate(source, text, e);
    } catch (IOException e) {
      throw new ConfigException(source + ": " + e.getMessage());
    }
    if (config == null) {
      throw new ConfigException(source, 1, 1, "empty config (expected: a YAML mapping with upstreams, routes, tenants)");
    }
    validate(source, text, config);
    return config;
  }

  private void validate(String source, String text, GatewayConfig config) {
    List<String[]> problems = new ArrayList<>();
    Set<String> upstreams = new HashSet<>();
    for (int i = 0; i < config.upstreams().size(); i++) {
      if (!upstreams.add(config.upstreams().get(i).name())) {
        problems.add(new String[] {"upstreams[" + i + "].name",
            "duplicate upstream name '" + config.upstreams().get(i).name() + "' (expected: unique names)"});
      }
    }
    Set<String> routeNames = new HashSet<>();
    for (int i = 0; i < config.routes().size(); i++) {
      RouteConfig route = config.routes().get(i);
      if (!upstreams.contains(route.upstream())) {
        problems.add(new String[] {"routes[" + i + "].upstream", "unknown upstream '" + route.upstream()
            + "' (expected one of: " + String.join(", ", new TreeSet<>(upstreams)) + ")"});
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
    if (problems.isEmpty()) {
      return;
    }
    String[] first = problems.get(0);
    JsonLocation loc = locator(text).locate(first[0]);
    throw new ConfigException(source, loc == null ? 1 : loc.getLineNr(), loc == null ? 1 : loc.getColumnNr(),
        first[0] + ": " + first[1]);
  }

  private PathLocator locator(String text) {
    try {
      return new PathLocator(yaml, text);
    } catch (IOException e) {
      throw new IllegalStateException("the config parsed once but not twice", e);
    }
  }

  private static GatewayConfig resolvePaths(GatewayConfig c, Path base) {
    List<UpstreamConfig> upstreams = c.upstreams().stream()
        .map(u -> u.apiKeyFile() == null ? u
            : new UpstreamConfig(u.name(), u.baseUrl(), u.provider(), null, base.resolve(u.apiKeyFile()),
                u.timeouts()))
        .collect(Collectors.toList());
    Listeners listeners = new Listeners(resolveTls(c.listeners().proxy(), base), resolveTls(c.listeners().admin(), base));
    return new GatewayConfig(listeners, c.limits(), upstreams, c.routes(), c.tenants(),
        new PoliciesConfig(base.resolve(c.policies().dir())));
  }

  private static ListenerConfig resolveTls(ListenerConfig l, Path base) {
    if (l.tls() == null) {
      return l;
    }
    return new ListenerConfig(l.bind(), l.port(),
        new TlsConfig(base.resolve(l.tls().certFile()), base.resolve(l.tls().keyFile())));
  }

  private ConfigException translate(String source, String text, JsonProcessingException e) {
    JsonLocation loc = e.getLocation();
    String where = e instanceof JsonMappingException m ? path(m) : "";
    if (!where.isEmpty()) {
      PathLocator locator = locator(text);
      JsonLocation found = e instanceof UnrecognizedPropertyException ? locator.locateKey(where)
          : locator.locate(where);
      loc = found != null ? found : loc;
    }
    int line = loc == null ? 1 : loc.getLineNr();
    int col = loc == null ? 1 : loc.getColumnNr();
    String prefix = where.isEmpty() ? "" : where + ": ";
    String message;
    if (e instanceof UnrecognizedPropertyException u) {
      int cut = where.lastIndexOf('.');
      message = "unknown key '" + u.getPropertyName() + "'" + (cut > 0 ? " in " + where.substring(0, cut) : "")
          + " (expected one of: " + u.getKnownPropertyIds().stream().map(String::valueOf).sorted()
              .collect(Collectors.joining(", ")) + ")";
      prefix = "";
    } else if (e instanceof InvalidFormatException f) {
      message = "bad value '" + f.getValue() + "' (expected: " + expected(f.getTargetType()) + ")";
    } else if (e instanceof ValueInstantiationException v) {
      Throwable cause = v.getCause() != null ? v.getCause() : v;
      message = cause.getMessage();
    } else if (e instanceof MismatchedInputException m) {
      message = "wrong type (expected: " + expected(m.getTargetType()) + ")";
    } else {
      message = e.getOriginalMessage();
    }
    return new ConfigException(source, line, col, prefix + message);
  }

  private static String expected(Class<?> type) {
    if (type == null) {
      return "a different value";
    }
    if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
      return "an integer";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == Duration.class) {
      return "a duration such as 250ms, 5s, 2m";
    }
    if (List.class.isAssignableFrom(type)) {
      return "a list";
    }
    if (type.isRecord()) {
      return "a mapping with keys " + java.util.Arrays.stream(type.getRecordComponents())
          .map(java.lang.reflect.RecordComponent::getName).collect(Collectors.joining(", "));
    }
    return type.getSimpleName();
  }

  private static String path(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.toString();
  }
}
