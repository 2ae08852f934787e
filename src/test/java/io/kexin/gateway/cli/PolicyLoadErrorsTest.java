package io.kexin.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs {@code gateway scan}, {@code eval} and {@code serve} as a user does on a policy directory holding one faulty
 * file each: the user sees one line naming the file and the position, the exit status is 2, no stack trace.
 */
@Isolated
class PolicyLoadErrorsTest {
  private final PrintStream stdout = System.out;
  private final PrintStream stderr = System.err;
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @TempDir
  Path dir;

  @AfterEach
  void restore() {
    System.setOut(stdout);
    System.setErr(stderr);
  }

  private static String policy(String rule) {
    return """
        apiVersion: kexin.io/v1
        kind: Policy
        metadata: {name: faulty, description: 故障}
        rules:
        """ + rule;
  }

  static Stream<Arguments> faults() {
    return Stream.of(
        Arguments.of("nested counts", policy("  - {id: regex.nested, detector: {regex: {pattern: '((a{1000}){1000}){1000}'}}, action: flag}\n"),
            ":5:52: rules[0].detector.regex.pattern: pattern: repetition '{1000}' at index 10 expands"),
        Arguments.of("Chinese nested counts", policy("  - {id: regex.nested, detector: {regex: {pattern: '(?:机密{500}){500}'}}, action: flag}\n"),
            ":5:52: rules[0].detector.regex.pattern: pattern: repetition '{500}' at index 11 expands"),
        Arguments.of("huge count", policy("  - {id: regex.huge, detector: {regex: {pattern: 'a{2000000000}'}}, action: flag}\n"),
            ":5:50: rules[0].detector.regex.pattern: pattern: invalid repeat count '{2000000000}' at index 1"),
        Arguments.of("deep groups", policy("  - {id: regex.deep, detector: {regex: {pattern: '" + "(".repeat(3000) + "a"
            + ")".repeat(3000) + "'}}, action: flag}\n"), ":5:50: rules[0].detector.regex.pattern: pattern: groups nested"),
        Arguments.of("duplicate key", policy("  - id: keyword.twice\n    detector: {keyword: {terms: [机密]}}\n"
            + "    action: flag\n    action: block\n"), ":8:5: duplicate key 'action'"),
        Arguments.of("too large", "SPARSE", ": policy file of 10485760 bytes (expected: at most 1048576 bytes, 1 MiB)"),
        Arguments.of("invalid UTF-8 after Chinese", "BAD-UTF8", ":3:43: invalid UTF-8: byte 0xFF at offset 87"));
  }

  private Path write(String content) throws Exception {
    Path policies = Files.createDirectory(dir.resolve("policies"));
    Path file = policies.resolve("faulty.yaml");
    if (content.equals("SPARSE")) {
      try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
        f.setLength(10L << 20);
      }
    } else if (content.equals("BAD-UTF8")) {
      byte[] head = policy("").replace("rules:\n", "").replace("故障}\n", "中文说明")
          .getBytes(StandardCharsets.UTF_8);
      Files.write(file, head);
      Files.write(file, new byte[] {(byte) 0xFF, '}', '\n'}, StandardOpenOption.APPEND);
      Files.writeString(file, "rules: []\n", StandardOpenOption.APPEND);
    } else {
      Files.writeString(file, content);
    }
    return file;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("faults")
  void eachCommandPrintsOneLineAndExitsWithTwo(String name, String content, String message) throws Exception {
    Path file = write(content);
    Path config = dir.resolve("gateway.yaml");
    Files.writeString(config, """
        listeners:
          proxy: {port: 0}
          admin: {port: 0}
        upstreams:
          - {name: local, baseUrl: 'http://127.0.0.1:9', provider: openai}
        routes:
          - {pathPrefix: /v1, upstream: local}
        policies:
          dir: policies
        """);
    Path data = dir.resolve("d.jsonl");
    Files.writeString(data, "{\"id\": \"a\", \"text\": \"x\", \"labels\": []}\n");

    for (List<String> command : List.of(
        List.of("scan", "--policies", file.getParent().toString(), "机密"),
        List.of("eval", "--policies", file.getParent().toString(), data.toString()),
        List.of("serve", "--config", config.toString()))) {
      err.reset();
      System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));

      int status = Main.run(command.toArray(String[]::new));

      String printed = err.toString(StandardCharsets.UTF_8);
      String prefix = command.get(0).equals("serve") ? "config error: " : command.get(0) + ": ";
      assertThat(status).as(command.get(0)).isEqualTo(2);
      assertThat(printed.lines().toList()).as(command.get(0)).hasSize(1);
      assertThat(printed).as(command.get(0)).startsWith(prefix + file + message)
          .doesNotContain("Exception").doesNotContain("\tat ");
    }
  }
}
