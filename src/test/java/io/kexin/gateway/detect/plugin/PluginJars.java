package io.kexin.gateway.detect.plugin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Builds plugin jars for tests with the JDK's compiler: the example project of the repository, or given sources. */
public final class PluginJars {
  /** The example plugin project, relative to the repository root (the tests' working directory). */
  public static final Path EXAMPLE = Path.of("examples", "detector-plugin");

  private PluginJars() {
  }

  /** Compiles the example plugin project into {@code dir}/bank-account-plugin.jar and returns the jar. */
  public static Path example(Path dir) throws IOException {
    Path sources = EXAMPLE.resolve("src/main/java");
    Path resources = EXAMPLE.resolve("src/main/resources");
    List<Path> files;
    try (Stream<Path> walk = Files.walk(sources)) {
      files = walk.filter(p -> p.toString().endsWith(".java")).toList();
    }
    return jar(dir, "bank-account-plugin.jar", files, resources);
  }

  /**
   * Compiles {@code sources} (a simple class name in package {@code test.plugin} to its source text) into
   * {@code dir}/{@code name}, whose services file lists {@code kinds} (simple names; none: no services file).
   */
  public static Path build(Path dir, String name, Map<String, String> sources, List<String> kinds)
      throws IOException {
    Path src = Files.createTempDirectory(dir, "src");
    Path pkg = Files.createDirectories(src.resolve("test/plugin"));
    List<Path> files = new ArrayList<>();
    for (Map.Entry<String, String> e : sources.entrySet()) {
      Path f = pkg.resolve(e.getKey() + ".java");
      Files.writeString(f, "package test.plugin;\n" + e.getValue());
      files.add(f);
    }
    Path resources = Files.createTempDirectory(dir, "res");
    if (!kinds.isEmpty()) {
      Path services = Files.createDirectories(resources.resolve("META-INF/services"));
      Files.writeString(services.resolve("io.kexin.gateway.plugin.DetectorKind"),
          String.join("\n", kinds.stream().map(k -> "test.plugin." + k).toList()) + "\n");
    }
    return jar(dir, name, files, resources);
  }

  private static Path jar(Path dir, String name, List<Path> files, Path resources) throws IOException {
    Path classes = Files.createTempDirectory(dir, "classes");
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-encoding", "UTF-8", "--release", "17",
        "-proc:none", "-implicit:none", "-cp", spiClasses()));
    files.forEach(f -> args.add(f.toString()));
    int rc = javac.run(null, null, null, args.toArray(String[]::new));
    if (rc != 0) {
      throw new IllegalStateException("the plugin sources did not compile (javac exit " + rc + ")");
    }
    Path jar = dir.resolve(name);
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      add(out, classes);
      if (Files.isDirectory(resources)) {
        add(out, resources);
      }
    }
    return jar;
  }

  /** Returns where the SPI's classes are (the gateway's build output): all a plugin compiles against. */
  private static String spiClasses() {
    try {
      return Path.of(io.kexin.gateway.plugin.DetectorKind.class.getProtectionDomain().getCodeSource().getLocation()
          .toURI()).toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void add(JarOutputStream out, Path root) throws IOException {
    List<Path> all;
    try (Stream<Path> walk = Files.walk(root)) {
      all = walk.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path f : all) {
      out.putNextEntry(new JarEntry(root.relativize(f).toString().replace('\\', '/')));
      out.write(Files.readAllBytes(f));
      out.closeEntry();
    }
  }
}
