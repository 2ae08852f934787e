package io.kexin.gateway.cli;

import io.kexin.gateway.config.ConfigLoader;
import io.kexin.gateway.config.PluginsConfig;
import io.kexin.gateway.policy.PolicyLoader;
import io.kexin.gateway.policytest.Bindings;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Holds the options {@code policy lint} and {@code policy test} share: the directory, the site directory layered over
 * it, the config, the format, the plugins.
 */
final class PolicyCheckOptions {
  @Parameters(index = "0", arity = "0..1", defaultValue = "policies",
      description = "policy directory (default: policies); its golden suites are in DIR/tests")
  Path dir;

  @Option(names = "--config", description = "gateway.yaml whose routes and tenants cases may name (and whose"
      + " policies.site is used when --site is not given)")
  Path config;

  @Option(names = "--site", description = "site directory layered over DIR: local policies, overrides"
      + " (kind: PolicyOverride) and the site's suites in SITE/tests")
  Path site;

  @Option(names = "--format", defaultValue = "text", description = "text (default) or json")
  String format;

  @Option(names = "--plugins", description = "detector plugin directory (default: the config's plugins.dir, else"
      + " plugins)")
  Path plugins;

  /**
   * Returns a policy loader that knows the detector kinds of the plugins, as {@code serve} would load them, but
   * with a time budget of at least {@link #CHECK_BUDGET} a call: these commands check what rules find, and a plugin's
   * first calls (class loading, a cold JIT) on a busy workstation or CI runner must not fail them.
   */
  PolicyLoader loader() {
    PluginsConfig base = config == null ? PluginsConfig.DEFAULT
        : new ConfigLoader(System::getenv).load(config).plugins();
    Duration budget = base.budget().compareTo(CHECK_BUDGET) < 0 ? CHECK_BUDGET : base.budget();
    return new PolicyLoader(ServeCommand.plugins(
        new PluginsConfig(plugins == null ? base.dir() : plugins, budget, base.threads())));
  }

  /** Least time a plugin call may take in {@code policy lint}, {@code test} and {@code diff}. */
  static final Duration CHECK_BUDGET = Duration.ofSeconds(5);

  /** Returns the routes and tenants of the config, or none without one. */
  Bindings bindings() {
    return config == null ? Bindings.none() : Bindings.of(new ConfigLoader(System::getenv).load(config));
  }

  /** Returns the site directory: {@code --site}, else the config's {@code policies.site}, else null. */
  Path site() {
    if (site != null || config == null) {
      return site;
    }
    return new ConfigLoader(System::getenv).load(config).policies().site();
  }

  /** Says whether the output is JSON; refuses a format that is neither. */
  boolean json() {
    return switch (format) {
      case "json" -> true;
      case "text" -> false;
      default -> throw new IllegalArgumentException("--format: " + format + " (expected: text or json)");
    };
  }
}
