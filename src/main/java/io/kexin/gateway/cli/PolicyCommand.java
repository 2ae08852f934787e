package io.kexin.gateway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Groups the commands security teams run on a policy directory in CI: {@code lint}, {@code test} and {@code diff}. */
@Command(name = "policy", mixinStandardHelpOptions = true,
    description = "Check and test a policy directory without serving.",
    subcommands = {PolicyLintCommand.class, PolicyTestCommand.class, PolicyDiffCommand.class})
final class PolicyCommand implements Runnable {
  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
