package io.kexin.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/** Checks {@code gateway eval} and {@code gateway eval convert} end to end with the shipped policies. */
@Isolated
class EvalCommandTest {
  private final PrintStream stdout = System.out;
  private final PrintStream stderr = System.err;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @TempDir
  Path dir;

  @AfterEach
  void restore() {
    System.setOut(stdout);
    System.setErr(stderr);
  }

  private int run(String... args) {
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    return Main.run(args);
  }

  @Test
  void printsJsonScoresWithTheShippedEmailRule() throws IOException {
    Path data = dir.resolve("d.jsonl");
    Files.writeString(data, """
        {"id": "a", "text": "邮箱 zhang.wei@example.cn", "labels": ["pii:EMAIL"]}
        {"id": "b", "text": "no mail here", "labels": ["pii:EMAIL"]}
        {"id": "c", "text": "x@example.com", "labels": []}
        """);

    assertThat(run("eval", "--json", "--policies", "policies", data.toString())).isZero();
    JsonNode r = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    JsonNode email = r.path("labels").get(0);
    assertThat(email.path("label").asText()).isEqualTo("pii:EMAIL");
    assertThat(email.path("tp").asInt()).isEqualTo(1);
    assertThat(email.path("fp").asInt()).isEqualTo(1);
    assertThat(email.path("fn").asInt()).isEqualTo(1);
  }

  @Test
  void aBadLineIsAnErrorWithFileAndLine() throws IOException {
    Path data = dir.resolve("bad.jsonl");
    Files.writeString(data, "{\"id\": \"a\", \"text\": \"x\", \"labels\": []}\n{\"id\": \"b\"}\n");

    assertThat(run("eval", data.toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains(data + ":2: text: null (expected: a string)");
  }

  @Test
  void convertSaysWhenTheDataIsAbsent() {
    assertThat(run("eval", "convert", "--data", dir.resolve("none").toString(), "--out",
        dir.resolve("out").toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("eval convert: no data directory at")
        .contains("pass --data DIR");
    assertThat(dir.resolve("out")).doesNotExist();
  }
}
