package io.kexin.gateway.cli;

import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Starts the {@code gateway} command: {@code serve} (the default), {@code scan}, {@code policy lint|test|diff},
 * {@code eval}, {@code train}, {@code hash-key}, {@code version}.
 */
@Command(name = "gateway", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Kexin Gateway (可信): a safety gateway for LLM traffic.",
    subcommands = {ServeCommand.class, ScanCommand.class, PolicyCommand.class, EvalCommand.class, TrainCommand.class,
        HashKeyCommand.class})
public final class Main implements Runnable {

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit status. */
  static int run(String[] args) {
    String[] effective = args;
    if (args.length == 0 || args[0].startsWith("-") && !isTopLevelOption(args[0])) {
      effective = new String[args.length + 1];
      effective[0] = "serve";
      System.arraycopy(args, 0, effective, 1, args.length);
    }
    return commandLine().execute(Arrays.copyOf(effective, effective.length));
  }

  /** Returns the command line, whose top-level help ends with the options of {@code serve}, the default command. */
  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_FOOTER, help -> System.lineSeparator()
        + "Serve options (gateway [serve] [OPTIONS]; serve is the default command):" + System.lineSeparator()
        + cl.getSubcommands().get("serve").getHelp().optionList());
    return cl;
  }

  private static boolean isTopLevelOption(String arg) {
    return arg.equals("-h") || arg.equals("--help") || arg.equals("-V") || arg.equals("--version");
  }

  @Override
  public void run() {
    commandLine().usage(System.out);
  }

  /** Returns the version from the jar manifest, or {@code dev} when run from classes. */
  static String version() {
    String v = Main.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  /** Supplies {@code --version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"kexin-gateway " + version()};
    }
  }
}
