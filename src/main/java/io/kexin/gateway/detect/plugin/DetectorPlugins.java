package io.kexin.gateway.detect.plugin;

import io.kexin.gateway.detect.Detector;
import io.kexin.gateway.plugin.DetectorKind;
import io.kexin.gateway.plugin.OptionSpec;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/**
 * Holds the detector kinds of the plugin jars in a directory: each {@code *.jar} is one plugin, loaded once in its
 * own class loader (which shows it the JDK and the SPI only) and found with {@link ServiceLoader}. A jar that fails
 * to load, or a kind that clashes with an earlier one, is recorded as a failure and leaves the others loaded; a rule
 * naming a kind while a plugin failed gets a detector that fails every scan, so its policy's {@code onError} decides.
 * Thread-safe once loaded.
 */
public final class DetectorPlugins implements AutoCloseable {
  private static final Logger LOG = System.getLogger("kexin.gateway");
  /** Longest a plugin may take to load, build a rule's detector or say its longest match. */
  static final Duration LOAD_BUDGET = Duration.ofSeconds(10);
  private final Path dir;
  private final Map<String, PluginKind> kinds;
  private final List<String> failures;
  private final List<AutoCloseable> resources;

  private DetectorPlugins(Path dir, Map<String, PluginKind> kinds, List<String> failures,
      List<AutoCloseable> resources) {
    this.dir = dir;
    this.kinds = Collections.unmodifiableMap(kinds);
    this.failures = List.copyOf(failures);
    this.resources = List.copyOf(resources);
  }

  /** Returns a registry without plugins. */
  public static DetectorPlugins none() {
    return new DetectorPlugins(null, new LinkedHashMap<>(), List.of(), List.of());
  }

  /**
   * Loads the plugin jars of {@code dir} (none when it does not exist); each plugin runs calls on at most
   * {@code threads} threads of its own, each scan within {@code budget}.
   */
  public static DetectorPlugins load(Path dir, Duration budget, int threads) {
    if (budget.isNegative() || budget.isZero()) {
      throw new IllegalArgumentException("budget: " + budget + " (expected: > 0)");
    }
    if (!Files.isDirectory(dir)) {
      return new DetectorPlugins(dir, new LinkedHashMap<>(), List.of(), List.of());
    }
    List<Path> jars;
    try (Stream<Path> list = Files.list(dir)) {
      jars = list.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jar")
          && Files.isRegularFile(p)).sorted().toList();
    } catch (IOException e) {
      throw new IllegalArgumentException(dir + ": cannot list the plugin directory: " + e.getMessage());
    }
    Map<String, PluginKind> kinds = new LinkedHashMap<>();
    List<String> failures = new ArrayList<>();
    List<AutoCloseable> resources = new ArrayList<>();
    ClassLoader spi = new SpiOnlyClassLoader(DetectorKind.class.getClassLoader());
    for (Path jar : jars) {
      String plugin = jar.getFileName().toString();
      URLClassLoader loader;
      try {
        loader = new URLClassLoader("kexin-plugin-" + plugin, new URL[] {jar.toUri().toURL()}, spi);
      } catch (MalformedURLException e) {
        failures.add(plugin + ": " + e.getMessage());
        continue;
      }
      PluginWorker worker = new PluginWorker(plugin, loader, threads);
      resources.add(worker);
      resources.add(loader);
      List<DetectorKind> found;
      try {
        found = worker.call("loading", LOAD_BUDGET, () -> discover(loader, plugin, failures));
      } catch (PluginException e) {
        failures.add(plugin + ": " + e.getMessage());
        continue;
      }
      for (DetectorKind k : found) {
        try {
          String name = worker.call("loading", LOAD_BUDGET, k::name);
          List<OptionSpec> options = worker.call("loading", LOAD_BUDGET, () -> List.copyOf(k.options()));
          if (name == null || !name.matches("[a-z][A-Za-z0-9]{0,63}")) {
            failures.add(plugin + ": kind name " + name + " is not lowerCamelCase (expected: e.g. bankAccount)");
          } else if (kinds.containsKey(name)) {
            failures.add(plugin + ": kind " + name + " is also provided by " + kinds.get(name).plugin()
                + " (expected: unique kind names; the first jar in name order keeps it)");
          } else {
            kinds.put(name, new PluginKind(name, plugin, k, options, worker, budget, LOAD_BUDGET));
          }
        } catch (PluginException | IllegalArgumentException | NullPointerException e) {
          failures.add(plugin + ": " + e.getMessage());
        }
      }
    }
    DetectorPlugins plugins = new DetectorPlugins(dir, kinds, failures, resources);
    for (String f : failures) {
      LOG.log(Level.WARNING, "plugin failed to load: " + f);
    }
    return plugins;
  }

  /** Returns the kinds {@code loader} provides; providers that fail are added to {@code failures}. */
  private static List<DetectorKind> discover(ClassLoader loader, String plugin, List<String> failures) {
    List<DetectorKind> found = new ArrayList<>();
    boolean failed = false;
    Iterator<DetectorKind> it = ServiceLoader.load(DetectorKind.class, loader).iterator();
    while (true) {
      try {
        if (!it.hasNext()) {
          break;
        }
        found.add(it.next());
      } catch (ServiceConfigurationError | LinkageError e) {
        failed = true;
        synchronized (failures) {
          failures.add(plugin + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        if (e instanceof LinkageError) {
          break;
        }
      }
    }
    if (found.isEmpty() && !failed) {
      synchronized (failures) {
        failures.add(plugin + ": provides no detector kind (expected: META-INF/services/"
            + DetectorKind.class.getName() + " listing its kinds)");
      }
    }
    return found;
  }

  /** Returns the kind named {@code name}, if a plugin provides it. */
  public Optional<PluginKind> kind(String name) {
    return Optional.ofNullable(kinds.get(name));
  }

  /** Returns the kinds loaded, by name. */
  public Map<String, PluginKind> kinds() {
    return kinds;
  }

  /** Returns one line per plugin that failed to load (the jar and why), empty when all loaded. */
  public List<String> failures() {
    return failures;
  }

  /** Returns the plugin directory, or null for a registry without one. */
  public Path dir() {
    return dir;
  }

  /**
   * Returns a detector for a rule that names {@code kind} while no plugin provides it but one failed to load: it
   * fails every scan, so its policy's {@code onError} decides.
   */
  public Detector unavailable(String ruleId, String kind) {
    return new UnavailableDetector("rule " + ruleId + " (kind " + kind + "): no loaded plugin provides it and "
        + failures.size() + " plugin(s) failed to load: " + String.join("; ", failures));
  }

  /** Says whether {@code detector} stands for a plugin that could not be loaded or could not build it. */
  public static boolean isUnavailable(Detector detector) {
    return detector instanceof UnavailableDetector;
  }

  /** Stops the plugins' threads and closes their class loaders. */
  @Override
  public void close() {
    for (AutoCloseable r : resources) {
      try {
        r.close();
      } catch (Exception e) {
        LOG.log(Level.DEBUG, "closing a plugin: " + e.getClass().getSimpleName());
      }
    }
  }
}
