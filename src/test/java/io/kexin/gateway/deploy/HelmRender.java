package io.kexin.gateway.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Renders the chart with a real Helm (its Go libraries, in-process) and parses the manifests it prints. */
final class HelmRender {
  static final Path CHART = Path.of("helm", "kexin-gateway");
  static final String RELEASE = "kx";
  static final String KUBE_VERSION = "1.30.0";

  private static final YAMLMapper YAML = new YAMLMapper();

  private HelmRender() {}

  /** Renders the chart with {@code valuesYaml} over the defaults (none when blank); throws what Helm reports. */
  static Manifests template(String valuesYaml, Path scratch) {
    var command = new Helm(CHART).template().withName(RELEASE).withNamespace("llm").withKubeVersion(KUBE_VERSION);
    if (!valuesYaml.isBlank()) {
      try {
        Path values = Files.createTempFile(scratch, "values", ".yaml");
        Files.writeString(values, valuesYaml, StandardCharsets.UTF_8);
        command = command.withValuesFile(values);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return Manifests.parse(command.call());
  }

  /** Holds the objects of one rendering. */
  record Manifests(String text, List<JsonNode> objects) {
    static Manifests parse(String text) {
      List<JsonNode> objects = new ArrayList<>();
      try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(text)) {
        while (docs.hasNext()) {
          JsonNode doc = docs.next();
          if (doc != null && !doc.isNull() && !doc.isEmpty()) {
            objects.add(doc);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("helm printed what is not YAML:\n" + text, e);
      }
      return new Manifests(text, List.copyOf(objects));
    }

    /** Returns the object of {@code kind} whose name ends in {@code suffix} ("" for the release's own name). */
    Optional<JsonNode> find(String kind, String suffix) {
      String name = RELEASE + "-kexin-gateway" + suffix;
      return objects.stream()
          .filter(o -> o.path("kind").asText().equals(kind) && o.path("metadata").path("name").asText().equals(name))
          .findFirst();
    }

    /** Returns the object of {@code kind} whose name ends in {@code suffix}, or fails naming what was rendered. */
    JsonNode get(String kind, String suffix) {
      return find(kind, suffix).orElseThrow(() -> new AssertionError("no " + kind + " " + suffix + " in:\n" + text));
    }

    /** Returns the kinds rendered, in order. */
    List<String> kinds() {
      return objects.stream().map(o -> o.path("kind").asText()).toList();
    }
  }
}
