package io.kexin.gateway.policy;

import io.kexin.gateway.detect.CueWalk;
import io.kexin.gateway.detect.Detector;
import io.kexin.gateway.detect.harm.HarmDetector;
import io.kexin.gateway.detect.injection.InjectionDetector;
import io.kexin.gateway.detect.keyword.KeywordDetector;
import io.kexin.gateway.text.Normalizer;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lets the {@code injection} and {@code harm} rules of a pack find their cue terms in one walk over each text's
 * normalized form ({@link CueWalk}) instead of a walk per detector: the rules' detectors with the same normalizer
 * read their terms from one walk over all of them (detectors with equal term lists read one part). Each detector
 * finds what its own walk finds; a pack with fewer than two distinct term lists is left as it is. The whole-word
 * keyword lists of a policy that holds such a rule (the content-safety pack's category lists) join the walk too:
 * where it has been made over a text, it tells them whether a term occurs, and the keyword gate's own pass over the
 * text is saved.
 */
final class CueSharing {
  private CueSharing() {}

  /** Returns {@code policies} with their injection and harm detectors walking their texts together. */
  static List<CompiledPolicy> share(List<CompiledPolicy> policies) {
    Map<Normalizer, List<List<String>>> lists = new IdentityHashMap<>();
    Map<Normalizer, Integer> cueLists = new IdentityHashMap<>();
    for (CompiledPolicy p : policies) {
      for (CompiledRule r : p.rules()) {
        List<String> terms = cueTerms(r.detector());
        if (terms != null) {
          add(lists, normalizer(r.detector()), terms);
          cueLists.merge(normalizer(r.detector()), 1, Integer::sum);
        }
      }
    }
    for (CompiledPolicy p : policies) {
      for (CompiledRule r : p.rules()) {
        KeywordDetector k = walkingKeyword(p, r.detector());
        if (k != null && cueLists.containsKey(k.normalizer())) {
          add(lists, k.normalizer(), k.terms());
        }
      }
    }
    Map<Normalizer, CueWalk> walks = new IdentityHashMap<>();
    lists.forEach((n, group) -> {
      if (group.size() >= 2) {
        walks.put(n, CueWalk.of(n, group));
      }
    });
    if (walks.isEmpty()) {
      return policies;
    }
    List<CompiledPolicy> rebuilt = new ArrayList<>(policies.size());
    for (CompiledPolicy p : policies) {
      List<CompiledRule> rules = new ArrayList<>(p.rules().size());
      for (CompiledRule r : p.rules()) {
        Detector d = walking(p, r.detector(), walks, lists);
        rules.add(d == r.detector() ? r : r.withDetector(d));
      }
      rebuilt.add(new CompiledPolicy(p.name(), p.description(), p.source(), p.mode(), p.onError(), rules));
    }
    return rebuilt;
  }

  private static void add(Map<Normalizer, List<List<String>>> lists, Normalizer n, List<String> terms) {
    List<List<String>> group = lists.computeIfAbsent(n, x -> new ArrayList<>());
    if (!group.contains(terms)) {
      group.add(terms);
    }
  }

  /** Returns {@code d} reading its terms from the walk of its normalizer, or {@code d} when there is none. */
  private static Detector walking(CompiledPolicy p, Detector d, Map<Normalizer, CueWalk> walks,
      Map<Normalizer, List<List<String>>> lists) {
    List<String> terms = cueTerms(d);
    if (terms != null) {
      CueWalk walk = walks.get(normalizer(d));
      if (walk == null) {
        return d;
      }
      CueWalk.Part part = walk.part(lists.get(normalizer(d)).indexOf(terms));
      return d instanceof InjectionDetector i ? i.walkingWith(part) : ((HarmDetector) d).walkingWith(part);
    }
    KeywordDetector k = walkingKeyword(p, d);
    CueWalk walk = k == null ? null : walks.get(k.normalizer());
    if (walk == null) {
      return d;
    }
    KeywordDetector walked = k.walkingWith(walk.part(lists.get(k.normalizer()).indexOf(k.terms())));
    return d instanceof CategorizedDetector c ? new CategorizedDetector(walked, c.category()) : walked;
  }

  /** Says whether the keyword detector {@code d} (or the one it puts in a category) of {@code p} joins a walk. */
  static boolean walks(CompiledPolicy p, Detector d) {
    return walkingKeyword(p, d) != null;
  }

  /**
   * Returns the keyword detector that {@code d} is or puts in a category when its policy {@code p} holds an
   * injection or harm rule and its terms are whole words (a walk finds every start they may match at), or null.
   */
  private static KeywordDetector walkingKeyword(CompiledPolicy p, Detector d) {
    Detector inner = d instanceof CategorizedDetector c ? c.detector() : d;
    if (!(inner instanceof KeywordDetector k) || !k.boundedAtWordStarts()) {
      return null;
    }
    for (CompiledRule r : p.rules()) {
      if (cueTerms(r.detector()) != null) {
        return k;
      }
    }
    return null;
  }

  /** Returns the cue terms of an injection or harm detector, or null for any other detector. */
  private static List<String> cueTerms(Detector d) {
    if (d instanceof InjectionDetector i) {
      return i.cueTerms();
    }
    return d instanceof HarmDetector h ? h.cueTerms() : null;
  }

  private static Normalizer normalizer(Detector d) {
    return d instanceof InjectionDetector i ? i.normalizer() : ((HarmDetector) d).normalizer();
  }
}
