package io.kexin.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads every object the chart renders into the Kubernetes API's own typed model (fabric8's, generated from the
 * OpenAPI schemas): a wrong type fails to bind, and a field the API does not know lands in a model's
 * {@code additionalProperties}, which must stay empty. Catches a misspelt or misplaced field that Helm lint passes.
 */
class KubernetesModelTest {
  private static final Map<String, Class<?>> KINDS = Map.of(
      "Deployment", Deployment.class, "Service", Service.class, "ConfigMap", ConfigMap.class,
      "Secret", Secret.class, "HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
      "PodDisruptionBudget", PodDisruptionBudget.class, "NetworkPolicy", NetworkPolicy.class,
      "Ingress", Ingress.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path scratch;

  @Test
  void everyRenderedObjectBindsToTheKubernetesModelWithNoUnknownField() throws Exception {
    List<String> checked = new ArrayList<>();
    for (String values : List.of("", """
        providerKeys: {OPENAI_API_KEY: sk-test}
        autoscaling: {enabled: false}
        javaToolOptions: -XX:+UseZGC
        extraEnv: [{name: TZ, value: Asia/Shanghai}]
        networkPolicy: {clientsFrom: [{podSelector: {matchLabels: {app: client}}}]}
        ingress:
          enabled: true
          className: nginx
          hosts: [{host: llm.example.com, paths: [{path: /, pathType: Prefix}]}]
          tls: [{secretName: llm-tls, hosts: [llm.example.com]}]
        policies: {site: {files: {acme.yaml: "kind: PolicyOverride", lists/acme.txt: "青鸟项目"}}}
        """, "policies: {existingConfigMap: mine, items: [{key: a.yaml, path: a.yaml}], site: {existingConfigMap: s}}"
        + "\nexistingSecret: keys")) {
      for (JsonNode object : HelmRender.template(values, scratch).objects()) {
        String kind = object.path("kind").asText();
        Class<?> type = KINDS.get(kind);
        assertThat(type).as("a model for %s", kind).isNotNull();
        Object bound = JSON.treeToValue(object, type);
        assertThat(unknownFields(bound, kind)).as("fields the Kubernetes API does not know").isEmpty();
        checked.add(kind);
      }
    }
    assertThat(checked).contains("Deployment", "Service", "ConfigMap", "Secret", "HorizontalPodAutoscaler",
        "PodDisruptionBudget", "NetworkPolicy", "Ingress");
  }

  @Test
  void aMisplacedFieldIsFound() throws Exception {
    JsonNode deployment = HelmRender.template("", scratch).get("Deployment", "");
    ((com.fasterxml.jackson.databind.node.ObjectNode) deployment.at("/spec/template/spec/containers/0"))
        .put("readinesProbe", "typo");
    assertThat(unknownFields(JSON.treeToValue(deployment, Deployment.class), "Deployment"))
        .containsExactly("Deployment.spec.template.spec.containers.readinesProbe");
  }

  /** Returns the path of every field some model object of {@code root} did not know. */
  static List<String> unknownFields(Object root, String name) throws IllegalAccessException {
    List<String> out = new ArrayList<>();
    walk(root, name, out, new IdentityHashMap<>());
    return out;
  }

  private static void walk(Object o, String path, List<String> out, Map<Object, Boolean> seen)
      throws IllegalAccessException {
    if (o == null || seen.put(o, true) != null) {
      return;
    }
    if (o instanceof List<?> list) {
      for (Object e : list) {
        walk(e, path, out, seen);
      }
      return;
    }
    if (!o.getClass().getName().startsWith("io.fabric8.")) {
      return;
    }
    for (Class<?> c = o.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers())) {
          continue;
        }
        f.setAccessible(true);
        Object v = f.get(o);
        if (f.getName().equals("additionalProperties") && v instanceof Map<?, ?> extra) {
          extra.keySet().forEach(k -> out.add(path + "." + k));
        } else if (!(v instanceof Map<?, ?>)) {
          walk(v, path + "." + f.getName(), out, seen);
        }
      }
    }
  }
}
