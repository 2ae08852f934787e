package io.kexin.gateway.route;

import static java.util.Objects.requireNonNull;

import io.kexin.gateway.config.Provider;
import io.kexin.gateway.config.Timeouts;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Describes an upstream ready to call: its targets, the schema it speaks, the credential to inject, its timeouts,
 * when a target is ejected, and (Azure OpenAI only) how models map to deployments. Picks a target per attempt:
 * at random by weight among the available targets of the best priority. {@link #toString()} never prints the
 * credential. Thread-safe: the targets' state is atomic.
 */
public record Upstream(String name, Provider provider, List<Target> targets, String credential, Timeouts timeouts,
    OutlierPolicy outlier, AzureDeployments azure) {
  public Upstream {
    requireNonNull(name, "name");
    requireNonNull(provider, "provider");
    requireNonNull(timeouts, "timeouts");
    requireNonNull(outlier, "outlier");
    targets = List.copyOf(targets);
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("targets: none (expected: at least one)");
    }
    if (provider == Provider.AZURE_OPENAI) {
      requireNonNull(azure, "azure");
    }
  }

  /** Returns a single-target upstream with default outlier detection, for tests and tools. */
  public static Upstream single(String name, Provider provider, String host, int port, boolean tls, String basePath,
      String credential, Timeouts timeouts) {
    return new Upstream(name, provider, List.of(new Target(host + ":" + port, host, port, tls, basePath, 1, 0, -1, -1)),
        credential, timeouts, new OutlierPolicy(5, 30_000_000_000L, 300_000_000_000L), null);
  }

  /**
   * Returns the target for the next attempt: among the available targets of the best priority that has one, at
   * random by weight, never one in {@code full}; a target not yet {@code tried} is preferred, even of a worse
   * priority (a retry goes elsewhere, as Envoy's previous-hosts and previous-priorities retry predicates do). Returns
   * null when every target is ejected or full.
   */
  public Target pick(Collection<Target> tried, Collection<Target> full, long now) {
    Target t = draw(tried, full, now, true);
    return t != null ? t : draw(List.of(), full, now, true);
  }

  /**
   * Returns a target in panic mode, when every target is ejected: ejection is ignored (an upstream never ends with no
   * target at all), by priority and weight, preferring one not yet tried, never one in {@code full}.
   */
  public Target panicPick(Collection<Target> tried, Collection<Target> full) {
    Target t = draw(tried, full, 0, false);
    return t != null ? t : draw(List.of(), full, 0, false);
  }

  /** Says whether some target takes traffic at {@code now}. */
  public boolean anyAvailable(long now) {
    for (Target t : targets) {
      if (t.available(now)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Draws at random by weight among the targets of the best priority that are not in {@code skip} nor {@code full}
   * (and available at {@code now}, if {@code live}); null when there is none. Allocates nothing: it runs per request.
   */
  private Target draw(Collection<Target> skip, Collection<Target> full, long now, boolean live) {
    if (targets.size() == 1) {
      Target only = targets.get(0);
      return eligible(only, skip, full, now, live) ? only : null;
    }
    int best = Integer.MAX_VALUE;
    int total = 0;
    for (Target t : targets) {
      if (t.priority() <= best && eligible(t, skip, full, now, live)) {
        total = t.priority() < best ? t.weight() : total + t.weight();
        best = t.priority();
      }
    }
    if (total == 0) {
      return null;
    }
    int draw = ThreadLocalRandom.current().nextInt(total);
    for (Target t : targets) {
      if (t.priority() == best && eligible(t, skip, full, now, live)) {
        draw -= t.weight();
        if (draw < 0) {
          return t;
        }
      }
    }
    return null; // a target changed state while drawing: the caller tries again or panics
  }

  private static boolean eligible(Target t, Collection<Target> skip, Collection<Target> full, long now,
      boolean live) {
    return (!live || t.available(now)) && !skip.contains(t) && !full.contains(t);
  }

  @Override
  public String toString() {
    return "Upstream[" + name + " " + targets + "]";
  }
}
