package io.kexin.gateway.cli;

import io.kexin.gateway.config.AuditConfig;
import io.kexin.gateway.config.ConfigException;
import io.kexin.gateway.config.ConfigLoader;
import io.kexin.gateway.config.GatewayConfig;
import io.kexin.gateway.config.PluginsConfig;
import io.kexin.gateway.demo.DemoUpstream;
import io.kexin.gateway.detect.plugin.DetectorPlugins;
import io.kexin.gateway.policy.CompiledPolicy;
import io.kexin.gateway.policy.PolicyLoader;
import io.kexin.gateway.policy.PolicySet;
import io.kexin.gateway.proxy.Transport;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/** Serves the gateway until SIGTERM or SIGINT, then drains and exits 0. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Run the gateway (the default command). With no config file it serves the demo model, or the real"
        + " OpenAI/Anthropic APIs when OPENAI_API_KEY / ANTHROPIC_API_KEY (or *_BASE_URL) are set.")
final class ServeCommand implements Callable<Integer> {
  private static final Logger LOG = System.getLogger("kexin.gateway");

  @Option(names = "--config", description = "gateway.yaml to use (default: $KEXIN_CONFIG, else built-in defaults)")
  Path config;

  @Option(names = "--port", description = "proxy listener port (overrides the config)")
  Integer port;

  @Option(names = "--admin-port", description = "admin listener port (overrides the config)")
  Integer adminPort;

  @Option(names = "--bind", description = "address to bind both listeners (default without a config: 127.0.0.1)")
  String bind;

  @Option(names = "--workers", description = "event loop threads (default: one per core)")
  int workers = Runtime.getRuntime().availableProcessors();

  @Override
  public Integer call() throws Exception {
    Function<String, String> env = System::getenv;
    Path file = config != null ? config : env.apply("KEXIN_CONFIG") == null ? null : Path.of(env.apply("KEXIN_CONFIG"));
    DemoUpstream demo = null;
    GatewayConfig cfg;
    PolicySet policies;
    PolicyLoader loader;
    GatewayRuntime runtime;
    try {
      if (file != null) {
        cfg = new ConfigLoader(env).load(file);
        loader = new PolicyLoader(plugins(cfg.plugins()));
        policies = loader.load(cfg.policies().dir(), cfg.policies().site());
        LOG.log(Level.INFO, "config: " + file.toAbsolutePath());
        if (cfg.policies().site() != null) {
          LOG.log(Level.INFO, "site directory " + cfg.policies().site() + " layered over the pack: "
              + policies.overrides().size() + " overrides applied");
        }
      } else {
        loader = new PolicyLoader(plugins(PluginsConfig.DEFAULT));
        Path local = Path.of("policies");
        Path pack = ShippedPack.directory(local);
        if (!pack.equals(local)) {
          LOG.log(Level.WARNING, "no policies directory in " + Path.of("").toAbsolutePath() + ": serving the pack"
              + " built into the jar (copied to " + pack + "); pass --config with policies.dir for your own");
        }
        policies = loader.load(pack);
        List<String> all = policies.all().stream().map(CompiledPolicy::name).toList();
        String host = bind == null ? "127.0.0.1" : bind;
        if (DefaultSetup.hasProvider(env)) {
          cfg = DefaultSetup.providers(env, host, all, pack);
          LOG.log(Level.INFO, "no config file: proxying to the provider(s) named by OPENAI_/ANTHROPIC_ variables: "
              + cfg.upstreams());
        } else {
          demo = new DemoUpstream(Duration.ofMillis(15), Transport.best());
          cfg = DefaultSetup.demo(env, host, demo.start(), demo.credential(), all, pack);
          LOG.log(Level.WARNING, "DEMO MODE: no config file and no provider key, so requests go to the built-in"
              + " demo model (it echoes your prompt). For a real provider set OPENAI_API_KEY and/or ANTHROPIC_API_KEY"
              + " (and OPENAI_BASE_URL / ANTHROPIC_BASE_URL for vLLM, Ollama or an internal endpoint), or pass"
              + " --config gateway.yaml (see gateway.example.yaml).");
        }
        logClientKey(env);
      }
      LOG.log(Level.INFO, "policies: " + policies.all().size() + " loaded from " + cfg.policies().dir()
          + " (revision " + policies.revision() + ")");
      LOG.log(Level.INFO, "audit: " + describe(cfg.audit()));
      runtime = file == null
          ? new GatewayRuntime(cfg.withPorts(port, adminPort, bind), policies, loader, workers, true, Main.version())
          : new GatewayRuntime(cfg.withPorts(port, adminPort, bind), file,
              f -> new ConfigLoader(env).load(f).withPorts(port, adminPort, bind), policies, loader, workers, true,
              Main.version());
      try {
        // The first revision passes the same checks as any reload: the config's names, then the golden suites.
        runtime.checkPolicies();
      } catch (ConfigException e) {
        runtime.close();
        throw e;
      }
    } catch (ConfigException e) {
      System.err.println("config error: " + e.getMessage());
      if (demo != null) {
        demo.close();
      }
      return 2;
    }
    try {
      runtime.start();
    } catch (Exception e) {
      System.err.println("cannot start: " + e.getMessage());
      runtime.close();
      if (demo != null) {
        demo.close();
      }
      return 1;
    }
    // Handlers before the line that says the gateway is up: a SIGHUP sent on that line must reload, not stop the JVM.
    CountDownLatch stop = new CountDownLatch(1);
    GatewayRuntime running = runtime;
    Signal.handle(new Signal("TERM"), s -> stopOrSkipDelay(stop, running));
    Signal.handle(new Signal("INT"), s -> stopOrSkipDelay(stop, running));
    SignalHandler previous = Signal.handle(new Signal("HUP"), s -> {
      // The signal thread only hands the work over: the reload runs on the policy store's thread.
      running.reopenAudit();
      if (running.configStore() != null) {
        running.configStore().reloadAsync("sighup");
      }
      running.policyStore().reloadAsync("sighup");
    });
    // A process started with SIGHUP ignored (nohup) keeps ignoring it: the JVM installs no handler then.
    if (previous == SignalHandler.SIG_IGN) {
      LOG.log(Level.WARNING, "SIGHUP is ignored by this process (started under nohup?): it will not reload the"
          + " config and policies nor reopen the audit file; use the admin port's POST /config/reload and /policies/reload, or the file watch, instead");
    }
    LOG.log(Level.INFO, "proxy listening on " + runtime.proxyAddress() + ", admin on " + runtime.adminAddress());
    if (cfg.policies().watch()) {
      runtime.watchPolicies();
      LOG.log(Level.INFO, "watching " + cfg.policies().dir() + (cfg.policies().site() == null ? ""
          : " and " + cfg.policies().site()) + " for policy changes (poll every "
          + cfg.policies().pollInterval().toMillis() + " ms, debounce " + cfg.policies().debounce().toMillis() + " ms)");
      if (file != null) {
        runtime.watchConfig();
        LOG.log(Level.INFO, "watching " + file + " for config changes (routes, tenants, upstreams)");
      }
    }
    stop.await();
    LOG.log(Level.INFO, "stopping: readiness fails now, the listener closes after "
        + cfg.limits().shutdownDelay().toMillis() + " ms (a second signal closes it at once), then requests in"
        + " flight have up to " + cfg.limits().shutdownGrace().toSeconds() + " s");
    boolean drained = runtime.drain();
    LOG.log(drained ? Level.INFO : Level.WARNING, drained ? "drained; bye" : "grace period over; closing anyway");
    runtime.close();
    if (demo != null) {
      demo.close();
    }
    return 0;
  }

  /** Starts the shutdown on a first signal; on a later one, closes the listener without waiting for the delay. */
  /** Loads the detector plugins {@code config} names, and says what it found. */
  static DetectorPlugins plugins(PluginsConfig config) {
    DetectorPlugins plugins;
    try {
      plugins = DetectorPlugins.load(config.dir(), config.budget(), config.threads());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
    if (!plugins.kinds().isEmpty() || !plugins.failures().isEmpty()) {
      LOG.log(Level.INFO, "plugins: detector kinds " + plugins.kinds().keySet() + " from " + config.dir()
          + (plugins.failures().isEmpty() ? "" : "; " + plugins.failures().size() + " plugin(s) failed to load")
          + " (plugins run in the gateway's JVM with its privileges)");
    }
    return plugins;
  }

  private static void stopOrSkipDelay(CountDownLatch stop, GatewayRuntime runtime) {
    if (stop.getCount() == 0) {
      runtime.stopListening();
    }
    stop.countDown();
  }

  private static String describe(AuditConfig audit) {
    return switch (audit.sink()) {
      case STDOUT -> "JSON lines on standard output";
      case STDERR -> "JSON lines on standard error";
      case FILE -> "JSON lines appended to " + audit.path().toAbsolutePath();
      case OFF -> "off (findings are still counted in the metrics)";
    };
  }

  private static void logClientKey(Function<String, String> env) {
    if (env.apply("KEXIN_API_KEY") == null) {
      LOG.log(Level.WARNING, "clients authenticate with the demo key '" + DefaultSetup.DEMO_CLIENT_KEY + "' (set"
          + " KEXIN_API_KEY to choose your own, or use a config file with tenants)");
    } else {
      LOG.log(Level.INFO, "clients authenticate with the key in KEXIN_API_KEY");
    }
  }
}
