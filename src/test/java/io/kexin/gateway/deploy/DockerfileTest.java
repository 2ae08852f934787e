package io.kexin.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps the Dockerfile honest without a Docker engine: its stages, user, the paths it copies (present in the repo and
 * not excluded by .dockerignore), the entry point against what {@code ./gateway} runs, ports, health check, labels.
 */
class DockerfileTest {
  private final Dockerfile docker = Dockerfile.read();

  @Test
  void buildsWithMavenThenRunsOnASlimJre() {
    assertThat(docker.stages()).extracting(Dockerfile.Stage::name).containsExactly("build", "runtime");
    Dockerfile.Stage build = docker.stages().get(0);
    List<String> runs = build.all("RUN").stream().map(Dockerfile.Instruction::args).toList();
    assertThat(runs).hasSize(2);
    assertThat(runs.get(0)).as("dependencies in their own layer").contains("dependency:go-offline");
    assertThat(runs.get(1)).contains("package");
    List<String> copied = build.all("COPY").stream().map(Dockerfile.Instruction::args).toList();
    assertThat(copied.get(0)).as("only the POM before the dependency layer").startsWith("pom.xml");
    assertThat(docker.runtime().all("RUN")).as("nothing runs at image build time in the runtime stage").isEmpty();
    assertThat(docker.stages().get(0).from()).isEqualTo("${BUILD_IMAGE}");
    assertThat(docker.runtime().from()).isEqualTo("${RUNTIME_IMAGE}");
    String text = read(Dockerfile.FILE);
    assertThat(text).containsPattern("ARG RUNTIME_IMAGE=eclipse-temurin:(1[7-9]|2[0-9])-jre");
    assertThat(text).containsPattern("ARG BUILD_IMAGE=maven:[0-9.]+-eclipse-temurin-(1[7-9]|2[0-9])");
  }

  @Test
  void copiesTheJarMavenBuildsAndPathsThatExist() throws IOException {
    Dockerfile.Stage build = docker.stages().get(0);
    String workdir = build.last("WORKDIR").args();
    for (Dockerfile.Instruction copy : build.all("COPY")) {
      String source = copy.args().split("\\s+")[0];
      assertThat(Path.of(source)).as("COPY %s", source).exists();
      assertThat(DockerIgnore.read().excludes(source)).as(".dockerignore keeps %s", source).isFalse();
    }
    String finalName = matchIn(read(Path.of("pom.xml")), "<finalName>([^<]+)</finalName>");
    String jarCopy = docker.runtime().all("COPY").stream().map(Dockerfile.Instruction::args)
        .filter(a -> a.startsWith("--from=build ")).findFirst().orElseThrow();
    String[] parts = jarCopy.split("\\s+");
    assertThat(parts[1]).isEqualTo(workdir + "/target/" + finalName + ".jar");
    assertThat(Path.of(docker.shippedPolicies()).getFileName().toString()).isEqualTo("policies");
    assertThat(DockerIgnore.read().excludes("policies")).isFalse();
    assertThat(DockerIgnore.read().excludes("target")).as("no local build output in the context").isTrue();
    assertThat(DockerIgnore.read().excludes(".git")).isTrue();
    assertThat(docker.runtime().last("WORKDIR").args() + "/policies")
        .as("demo mode reads ./policies: the shipped pack").isEqualTo(docker.shippedPolicies());
  }

  @Test
  void runsAsANumericNonRootUser() {
    String[] user = docker.user().split(":");
    assertThat(Integer.parseInt(user[0])).isPositive();
    assertThat(Integer.parseInt(user[1])).isPositive();
  }

  @Test
  void entryPointIsWhatTheGatewayScriptRunsWithContainerFlags() {
    List<String> script = gatewayScriptJava();
    List<String> entry = docker.runtime().last("ENTRYPOINT").execForm();
    assertThat(entry.get(0)).isEqualTo("java");
    // the script's flags, in its order, then -jar and the jar
    List<String> flags = script.subList(0, script.size() - 2);
    assertThat(entry).containsSubsequence(flags);
    assertThat(entry.subList(entry.size() - 2, entry.size()).get(0)).isEqualTo("-jar");
    String jar = entry.get(entry.size() - 1);
    assertThat(Path.of(jar).getFileName()).isEqualTo(Path.of(script.get(script.size() - 1)).getFileName());
    assertThat(docker.runtime().all("COPY")).anySatisfy(c -> assertThat(c.args()).endsWith(" " + jar));
    assertThat(entry).as("container-aware heap and a writable tmp").contains("-Djava.io.tmpdir=/tmp")
        .anySatisfy(f -> assertThat(f).startsWith("-XX:MaxRAMPercentage="));
    assertThat(docker.runtime().last("CMD").execForm()).containsExactly("serve", "--bind", "0.0.0.0");
  }

  @Test
  void exposesTheDefaultListenersAndChecksHealthOnTheAdminPort() {
    assertThat(docker.runtime().last("EXPOSE").args().split("\\s+")).containsExactly("8080", "9090");
    String health = docker.runtime().last("HEALTHCHECK").args();
    assertThat(health).contains("127.0.0.1/9090").contains("GET /healthz");
  }

  @Test
  void carriesOciLabels() {
    String labels = String.join(" ", docker.runtime().all("LABEL").stream().map(Dockerfile.Instruction::args)
        .toList());
    for (String key : List.of("title", "description", "version", "revision", "base.name")) {
      assertThat(labels).contains("org.opencontainers.image." + key + "=");
    }
  }

  /** Returns the arguments of the script's {@code exec java} line after {@code java}, without {@code JAVA_OPTS}. */
  private static List<String> gatewayScriptJava() {
    String script = read(Path.of("gateway"));
    String line = matchIn(script.replace("\\\n", " "), "(?m)^exec java (.*)$");
    List<String> args = new ArrayList<>();
    Matcher m = Pattern.compile("'([^']*)'|\"([^\"]*)\"|([^\\s'\"]+)").matcher(line);
    StringBuilder word = new StringBuilder();
    int lastEnd = -1;
    while (m.find()) {
      if (m.start() != lastEnd && word.length() > 0) {
        args.add(word.toString());
        word.setLength(0);
      }
      word.append(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3));
      lastEnd = m.end();
    }
    args.add(word.toString());
    args.removeIf(a -> a.startsWith("${JAVA_OPTS") || a.equals("$@"));
    args.replaceAll(a -> a.replace("$jar", "kexin-gateway.jar"));
    assertThat(matchIn(script, "jar=\"\\$here/target/([^\"]+)\"")).isEqualTo("kexin-gateway.jar");
    assertThat(args).as("the script's java line: %s", line).hasSizeGreaterThanOrEqualTo(3);
    return args;
  }

  private static String matchIn(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as("%s in the text", regex).isTrue();
    return m.group(1);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Applies .dockerignore the way the Docker CLI does for these patterns: the last matching line wins. */
  record DockerIgnore(List<String> lines) {
    static DockerIgnore read() {
      return new DockerIgnore(Arrays.stream(DockerfileTest.read(Path.of(".dockerignore")).split("\n"))
          .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList());
    }

    boolean excludes(String path) {
      boolean excluded = false;
      for (String line : lines) {
        boolean negate = line.startsWith("!");
        String pattern = (negate ? line.substring(1) : line).replaceAll("/+$", "");
        String glob = pattern.replace(".", "\\.").replace("*", "[^/]*").replace("?", "[^/]");
        if (path.matches(glob) || path.matches(glob + "/.*")) {
          excluded = !negate;
        }
      }
      return excluded;
    }
  }
}
