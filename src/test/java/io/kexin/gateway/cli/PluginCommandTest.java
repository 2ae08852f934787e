package io.kexin.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kexin.gateway.detect.plugin.PluginJars;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/** Checks that {@code gateway policy lint} and {@code policy test} load plugin kinds from {@code --plugins}. */
@Isolated
class PluginCommandTest {
  private final PrintStream stdout = System.out;

  @TempDir
  Path dir;

  @AfterEach
  void restore() {
    System.setOut(stdout);
  }

  private String run(int expected, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    int status = Main.run(args);
    System.setOut(stdout);
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(status).as(printed).isEqualTo(expected);
    return printed;
  }

  @Test
  void lintAndTestLoadTheExamplePluginsKindFromThePluginsDirectory() throws Exception {
    Path jars = Files.createDirectories(dir.resolve("jars"));
    PluginJars.example(jars);
    Path policies = Files.createDirectories(dir.resolve("policies"));
    Files.copy(PluginJars.EXAMPLE.resolve("policy.yaml"), policies.resolve("bank.yaml"));
    Files.createDirectories(policies.resolve("tests"));
    Files.writeString(policies.resolve("tests/bank.yaml"), """
        apiVersion: kexin.io/v1
        kind: PolicyTest
        metadata: {name: bank}
        cases:
          - {name: card number in Chinese, text: "我的银行卡号是6222021234567890128", expect: {action: mask}}
          - {name: card number in English, text: "my account 6222 0212 3456 7890 128", expect: {action: mask}}
          - {name: an order number, text: "order 6222021234567890128", expect: {action: allow}}
        """);
    assertThat(run(0, "policy", "lint", "--plugins", jars.toString(), policies.toString()))
        .startsWith("ok: 1 policies (bank), 1 rules, 1 test suites");
    assertThat(run(0, "policy", "test", "--plugins", jars.toString(), policies.toString()))
        .isEqualTo("3 passed, 0 failed\n");
    assertThat(run(1, "policy", "lint", "--plugins", dir.resolve("none").toString(), policies.toString()))
        .contains("bank.yaml:12:7: rules[0].detector.bankAccount: unknown detector kind 'bankAccount'");
  }
}
