package io.kexin.gateway.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kexin.gateway.config.ConfigReloadResult;
import io.kexin.gateway.config.ConfigStore;
import io.kexin.gateway.config.EnumNames;
import io.kexin.gateway.config.GatewayConfig;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * Renders the gateway config in force for {@code GET /config} and a reload's result for {@code POST /config/reload}.
 * The config is walked as records, so a section added later is shown with no work here; secrets are never shown:
 * credentials, tokens and hash keys read {@code (set)}, key hashes are counted, URLs lose their query.
 */
final class ConfigStatus {
  /** Names of fields whose values are secrets (or stand for them): shown as set or not, never as values. */
  private static final Set<String> SECRET = Set.of("apiKey", "token", "hashKey", "password", "secret");
  /** Names of lists of key hashes: shown as a count. */
  private static final Set<String> COUNTED = Set.of("keys");
  /** How deep the walk goes: a config is a few levels of records. */
  private static final int MAX_DEPTH = 12;

  private ConfigStatus() {}

  /**
   * Returns {@code {file, revision, config, lastReload}}: the config in force (from {@code store}, or {@code running}
   * when the gateway has no config file) with secrets redacted.
   */
  static ObjectNode of(ConfigStore<?> store, GatewayConfig running, ObjectMapper json) {
    ObjectNode o = json.createObjectNode();
    if (store == null) {
      o.putNull("file");
      o.putNull("revision");
      o.set("config", render(running, json, 0));
      o.putNull("lastReload");
      return o;
    }
    ConfigStore.Snapshot<?> snapshot = store.snapshot();
    o.put("file", store.file().toString());
    o.put("revision", snapshot.revision());
    o.set("config", render(snapshot.config(), json, 0));
    ConfigReloadResult last = store.lastReload();
    if (last == null) {
      o.putNull("lastReload");
    } else {
      o.set("lastReload", reload(last, json));
    }
    return o;
  }

  /** Returns {@code {result, trigger, at, revision, tried, restartRequired, error: {file, line, column, message}}}. */
  static ObjectNode reload(ConfigReloadResult r, ObjectMapper json) {
    ObjectNode o = json.createObjectNode();
    o.put("result", r.outcome().label());
    o.put("trigger", r.trigger());
    o.put("at", r.at().toString());
    o.put("revision", r.revision());
    if (r.tried() != null) {
      o.put("tried", r.tried());
    }
    ArrayNode restart = o.putArray("restartRequired");
    r.restartRequired().forEach(restart::add);
    PolicyStatus.putError(o, r.error());
    return o;
  }

  /** Renders {@code value} as JSON: records as objects, enums in their file form, durations as milliseconds. */
  private static JsonNode render(Object value, ObjectMapper json, int depth) {
    if (value == null || depth > MAX_DEPTH) {
      return json.nullNode();
    }
    if (value instanceof String s) {
      return json.getNodeFactory().textNode(s);
    }
    if (value instanceof Boolean b) {
      return json.getNodeFactory().booleanNode(b);
    }
    if (value instanceof Integer || value instanceof Long) {
      return json.getNodeFactory().numberNode(((Number) value).longValue());
    }
    if (value instanceof Number n) {
      return json.getNodeFactory().numberNode(n.doubleValue());
    }
    if (value instanceof Enum<?> e) {
      return json.getNodeFactory().textNode(EnumNames.of(e));
    }
    if (value instanceof Duration d) {
      return json.getNodeFactory().textNode(d.toMillis() + "ms");
    }
    if (value instanceof URI u) {
      return json.getNodeFactory().textNode(u.getScheme() + "://" + u.getRawAuthority()
          + (u.getRawPath() == null ? "" : u.getRawPath()) + (u.getRawQuery() == null ? "" : "?(redacted)"));
    }
    if (value instanceof Collection<?> c) {
      ArrayNode a = json.createArrayNode();
      c.forEach(v -> a.add(render(v, json, depth + 1)));
      return a;
    }
    if (value instanceof Map<?, ?> m) {
      ObjectNode o = json.createObjectNode();
      m.forEach((k, v) -> o.set(String.valueOf(k), render(v, json, depth + 1)));
      return o;
    }
    if (value.getClass().isRecord()) {
      ObjectNode o = json.createObjectNode();
      for (RecordComponent c : value.getClass().getRecordComponents()) {
        Object v;
        try {
          v = c.getAccessor().invoke(value);
        } catch (ReflectiveOperationException e) {
          continue;
        }
        if (SECRET.contains(c.getName())) {
          o.put(c.getName(), v == null ? "(none)" : "(set)");
        } else if (COUNTED.contains(c.getName()) && v instanceof Collection<?> keys) {
          o.put(c.getName(), "(" + keys.size() + " key hashes)");
        } else {
          o.set(c.getName(), render(v, json, depth + 1));
        }
      }
      return o;
    }
    return json.getNodeFactory().textNode(value.toString());
  }
}
