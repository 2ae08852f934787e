package io.kexin.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Checks that the top-level help lists the commands and the options of serve, the default command. */
class MainHelpTest {
  @Test
  void topLevelHelpListsTheServeOptions() {
    StringWriter text = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(text));

    assertThat(cl.execute("--help")).isZero();

    assertThat(text.toString()).contains("serve", "scan", "eval", "hash-key")
        .contains("Serve options (gateway [serve] [OPTIONS]")
        .contains("--config=<config>", "--port=<port>", "--admin-port=<adminPort>", "--bind=<bind>");
  }
}
