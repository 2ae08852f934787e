package io.kexin.gateway.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kexin.gateway.config.ConfigException;
import io.kexin.gateway.policy.AppliedOverride;
import io.kexin.gateway.policy.CompiledPolicy;
import io.kexin.gateway.policy.CompiledRule;
import io.kexin.gateway.policy.Direction;
import io.kexin.gateway.policy.PolicySet;
import io.kexin.gateway.policy.PolicyStore;
import io.kexin.gateway.policy.ReloadResult;
import java.nio.file.Path;

/** Renders the policy store's state for {@code GET /policies} and a reload's result for {@code POST /policies/reload}. */
final class PolicyStatus {
  private PolicyStatus() {}

  /** Returns {@code {revision, dir, files, policies: [{name, file, mode, onError, rules}], lastReload}}. */
  static ObjectNode of(PolicyStore store, ObjectMapper json) {
    PolicySet set = store.get();
    ObjectNode o = json.createObjectNode();
    o.put("revision", set.revision());
    o.put("dir", store.dir().toString());
    ArrayNode files = o.putArray("files");
    store.files().forEach(files::add);
    if (store.site() == null) {
      o.putNull("site");
    } else {
      o.put("site", store.site().toString());
    }
    ArrayNode siteFiles = o.putArray("siteFiles");
    store.siteFiles().forEach(siteFiles::add);
    o.set("overrides", overrides(set, json));
    ArrayNode policies = o.putArray("policies");
    for (CompiledPolicy p : set.all()) {
      ObjectNode po = policies.addObject();
      po.put("name", p.name());
      Path file = Path.of(p.source()).getFileName();
      po.put("file", file == null ? p.source() : file.toString());
      po.put("mode", p.mode().label());
      po.put("onError", p.onError().name().toLowerCase(java.util.Locale.ROOT));
      ArrayNode rules = po.putArray("rules");
      for (CompiledRule r : p.rules()) {
        ObjectNode ro = rules.addObject();
        ro.put("id", r.id());
        ro.put("entity", r.entity());
        ro.put("action", r.action().policyName());
        ro.put("mode", r.mode().label());
        ro.put("severity", r.severity().name().toLowerCase(java.util.Locale.ROOT));
        ArrayNode dirs = ro.putArray("directions");
        for (Direction d : Direction.values()) {
          if (r.directions().isEmpty() || r.directions().contains(d)) {
            dirs.add(d.label());
          }
        }
      }
    }
    ReloadResult last = store.lastReload();
    if (last == null) {
      o.putNull("lastReload");
    } else {
      o.set("lastReload", reload(last, json));
    }
    return o;
  }

  /** Returns {@code [{target, name, changes, where}]}: what the site's override files changed, in order. */
  static ArrayNode overrides(PolicySet set, ObjectMapper json) {
    ArrayNode list = json.createArrayNode();
    for (AppliedOverride a : set.overrides()) {
      ObjectNode ao = list.addObject();
      ao.put("target", a.target().label());
      ao.put("name", a.name());
      ArrayNode changes = ao.putArray("changes");
      a.changes().forEach(changes::add);
      ao.put("where", a.where());
    }
    return list;
  }

  /** Returns {@code {result, trigger, at, revision, tried, error: {file, line, column, message, text}}}. */
  static ObjectNode reload(ReloadResult r, ObjectMapper json) {
    ObjectNode o = json.createObjectNode();
    o.put("result", r.outcome().label());
    o.put("trigger", r.trigger());
    o.put("at", r.at().toString());
    o.put("revision", r.revision());
    if (r.tried() != null) {
      o.put("tried", r.tried());
    }
    putError(o, r.error());
    return o;
  }

  /** Puts {@code error: {file, line, column, message, text}} into {@code o}, or {@code error: null}. */
  static void putError(ObjectNode o, ConfigException e) {
    if (e == null) {
      o.putNull("error");
      return;
    }
    ObjectNode eo = o.putObject("error");
    if (e.source() != null) {
      eo.put("file", e.source());
      eo.put("line", e.line());
      eo.put("column", e.column());
    }
    eo.put("message", e.detail());
    eo.put("text", e.getMessage());
  }
}
