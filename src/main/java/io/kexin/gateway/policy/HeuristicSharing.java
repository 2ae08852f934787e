package io.kexin.gateway.policy;

import io.kexin.gateway.detect.Detector;
import io.kexin.gateway.detect.SharedFindings;
import io.kexin.gateway.detect.SharedScan;
import io.kexin.gateway.detect.classifier.ClassifierDetector;
import io.kexin.gateway.detect.classifier.Cues;
import io.kexin.gateway.detect.classifier.WholeTextScores;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lets a stacked classifier read the findings of the policies' own {@code injection} and {@code harm} rules instead
 * of running those heuristics a second time. The loader notes the settings of each such rule as it compiles it;
 * then, when some classifier rule stacks the heuristics ({@link Cues}), every rule whose detector has the settings
 * of the classifier's pass but a higher minimum score reads that pass ({@link SharedFindings}), and the classifier's
 * features read it too: one pass per text, computed by whichever rule runs first. A rule with other settings (other
 * harm lists, window or categories) keeps its own detector and the classifier runs its own pass, so decisions are
 * the same either way. Without a stacked classifier nothing changes. Not thread-safe: one load at a time.
 */
final class HeuristicSharing {
  /** What the loader noted of an {@code injection} or {@code harm} rule's detector. */
  private record Noted(double minScore, boolean allCategories, Map<String, List<String>> harmTerms, int window) {
    boolean injection() {
      return harmTerms == null;
    }
  }

  private final Map<Detector, Noted> noted = new IdentityHashMap<>();

  /** Notes an injection rule's detector: its minimum score, and whether it reports both injection and jailbreak. */
  void injection(Detector detector, double minScore, boolean allCategories) {
    noted.put(detector, new Noted(minScore, allCategories, null, 0));
  }

  /**
   * Notes a harm rule's detector: its minimum score, window, and the terms of its lists by name (those of
   * {@link Cues#HARM_LISTS}, the objects' by category id) in the order they were added.
   */
  void harm(Detector detector, double minScore, Map<String, List<String>> terms, int window) {
    noted.put(detector, new Noted(minScore, true, terms, window));
  }

  /** Forgets what was noted. */
  void clear() {
    noted.clear();
  }

  /** Returns {@code policies} with their heuristics' passes shared with the stacked classifiers among them. */
  List<CompiledPolicy> share(List<CompiledPolicy> policies) {
    SharedScan injection = null;
    Map<List<Map.Entry<String, List<String>>>, SharedScan> harms = new HashMap<>();
    for (CompiledPolicy p : policies) {
      for (CompiledRule r : p.rules()) {
        if (r.detector() instanceof ClassifierDetector c && c.cues() != null) {
          injection = injection != null ? injection : c.cues().injectionScan();
          if (c.cues().harmScan() != null) {
            harms.putIfAbsent(key(c.cues().harmTerms()), c.cues().harmScan());
          }
        }
      }
    }
    if (injection == null) {
      return policies;
    }
    List<CompiledPolicy> rebuilt = new ArrayList<>(policies.size());
    Map<WholeTextScores, WholeTextScores> bound = new IdentityHashMap<>();
    for (CompiledPolicy p : policies) {
      List<CompiledRule> rules = new ArrayList<>(p.rules().size());
      for (CompiledRule r : p.rules()) {
        rules.add(shared(r, injection, harms, bound));
      }
      rebuilt.add(new CompiledPolicy(p.name(), p.description(), p.source(), p.mode(), p.onError(), rules));
    }
    return rebuilt;
  }

  /**
   * Returns {@code r} reading the shared passes; {@code bound} holds each model's scores bound to them, so that
   * every rule of one model reads one set of scores per text.
   */
  private CompiledRule shared(CompiledRule r, SharedScan injection,
      Map<List<Map.Entry<String, List<String>>>, SharedScan> harms,
      Map<WholeTextScores, WholeTextScores> bound) {
    if (r.detector() instanceof ClassifierDetector c && c.cues() != null) {
      WholeTextScores scores = bound.computeIfAbsent(c.scores(), own -> {
        Cues cues = own.cues().sharing(injection,
            own.cues().harmScan() == null ? null : harms.get(key(own.cues().harmTerms())));
        return cues == own.cues() ? own : WholeTextScores.of(own.model(), cues);
      });
      return scores == c.scores() ? r : r.withDetector(c.withScores(scores));
    }
    Noted n = noted.get(r.detector());
    if (n == null) {
      return r;
    }
    if (n.injection()) {
      return n.allCategories() && SharedFindings.canRead(Cues.MIN_INJECTION, n.minScore())
          ? r.withDetector(SharedFindings.of(r.id(), injection, Cues.MIN_INJECTION, r.detector(), n.minScore()))
          : r;
    }
    SharedScan harm = n.window() == Cues.HARM_WINDOW ? harms.get(key(n.harmTerms())) : null;
    return harm != null && SharedFindings.canRead(Cues.MIN_HARM, n.minScore())
        ? r.withDetector(SharedFindings.of(r.id(), harm, Cues.MIN_HARM, r.detector(), n.minScore()))
        : r;
  }

  /** Returns the terms of harm lists as an ordered key: the same lists added in another order build another pass. */
  private static List<Map.Entry<String, List<String>>> key(Map<String, List<String>> terms) {
    List<Map.Entry<String, List<String>>> key = new ArrayList<>(terms.size());
    for (Map.Entry<String, List<String>> e : terms.entrySet()) {
      key.add(Map.entry(e.getKey(), List.copyOf(e.getValue())));
    }
    return key;
  }
}
