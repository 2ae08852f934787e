package io.kexin.gateway.policy;

import io.kexin.gateway.detect.CueWalk;
import io.kexin.gateway.detect.Detector;
import io.kexin.gateway.detect.harm.HarmDetector;
import io.kexin.gateway.detect.injection.InjectionDetector;
import io.kexin.gateway.text.Normalizer;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lets the {@code injection} and {@code harm} rules of a pack find their cue terms in one walk over each text's
 * normalized form ({@link CueWalk}) instead of a walk per detector: the rules' detectors with the same normalizer
 * read their terms from one walk over all of them (detectors with equal term lists read one part). Each detector
 * finds what its own walk finds; a pack with fewer than two distinct term lists is left as it is.
 */
final class CueSharing {
  private CueSharing() {}

  /** Returns {@code policies} with their injection and harm detectors walking their texts together. */
  static List<CompiledPolicy> share(List<CompiledPolicy> policies) {
    Map<Normalizer, List<List<String>>> lists = new IdentityHashMap<>();
    for (CompiledPolicy p : policies) {
      for (CompiledRule r : p.rules()) {
        List<String> terms = terms(r.detector());
        if (terms != null) {
          List<List<String>> group = lists.computeIfAbsent(normalizer(r.detector()), n -> new ArrayList<>());
          if (!group.contains(terms)) {
            group.add(terms);
          }
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
        Detector d = r.detector();
        CueWalk walk = terms(d) == null ? null : walks.get(normalizer(d));
        if (walk == null) {
          rules.add(r);
          continue;
        }
        CueWalk.Part part = walk.part(lists.get(normalizer(d)).indexOf(terms(d)));
        rules.add(r.withDetector(d instanceof InjectionDetector i ? i.walkingWith(part)
            : ((HarmDetector) d).walkingWith(part)));
      }
      rebuilt.add(new CompiledPolicy(p.name(), p.description(), p.source(), p.mode(), p.onError(), rules));
    }
    return rebuilt;
  }

  /** Returns the cue terms of an injection or harm detector, or null for any other detector. */
  private static List<String> terms(Detector d) {
    if (d instanceof InjectionDetector i) {
      return i.cueTerms();
    }
    return d instanceof HarmDetector h ? h.cueTerms() : null;
  }

  private static Normalizer normalizer(Detector d) {
    return d instanceof InjectionDetector i ? i.normalizer() : ((HarmDetector) d).normalizer();
  }
}
