package io.kexin.gateway.inspect;

import io.kexin.gateway.detect.Opening;
import io.kexin.gateway.policy.CompiledRule;
import io.kexin.gateway.text.ScanText;
import java.util.ArrayList;
import java.util.List;

/**
 * Tells which rules of one list a text opens: a rule whose detector has an {@link Opening} finds nothing in a text
 * that holds none of its keywords, so the engine skips it without touching the rule, its detector or their tables
 * (the 86 credential rules of the shipped pack are cold objects on every new text; the shared keyword pass already
 * knows which few a text opens). Built once per list of rules; immutable and thread-safe.
 */
final class OpenRules {
  /** The rules of the list, by position, that no keyword gates: open on every text. */
  private final long[] always;
  /** The keyword sets the gated rules share. */
  private final Opening.Keywords[] sets;
  /** By set and keyword id, the rules (a bit per position) that the keyword opens; null where it opens none. */
  private final long[][][] opens;

  private OpenRules(long[] always, Opening.Keywords[] sets, long[][][] opens) {
    this.always = always;
    this.sets = sets;
    this.opens = opens;
  }

  /** Returns the openings of {@code rules}, or null when no rule of theirs is gated (every rule reads every text). */
  static OpenRules of(List<CompiledRule> rules) {
    int words = (rules.size() + 63) >>> 6;
    long[] always = new long[words];
    List<Opening.Keywords> sets = new ArrayList<>();
    List<List<long[]>> opens = new ArrayList<>();
    for (int r = 0; r < rules.size(); r++) {
      // A rule reading invisible characters reads the original text, not the one whose keywords are asked.
      Opening opening = rules.get(r).detector().readsInvisible() ? null : rules.get(r).detector().opening();
      if (opening == null) {
        always[r >>> 6] |= 1L << r;
        continue;
      }
      int set = sets.indexOf(opening.keywords());
      if (set < 0) {
        set = sets.size();
        sets.add(opening.keywords());
        opens.add(new ArrayList<>());
      }
      List<long[]> byId = opens.get(set);
      for (int id : opening.ids()) {
        while (byId.size() <= id) {
          byId.add(null);
        }
        if (byId.get(id) == null) {
          byId.set(id, new long[words]);
        }
        byId.get(id)[r >>> 6] |= 1L << r;
      }
    }
    if (sets.isEmpty()) {
      return null;
    }
    long[][][] table = new long[sets.size()][][];
    for (int s = 0; s < table.length; s++) {
      table[s] = opens.get(s).toArray(new long[0][]);
    }
    return new OpenRules(always, sets.toArray(new Opening.Keywords[0]), table);
  }

  /**
   * Returns the rules, a bit per position, that {@code text} opens: every ungated rule, and every gated one of which
   * the text holds a keyword (in any case: a rule matching its keywords' case checks that case itself).
   */
  long[] in(ScanText text) {
    long[] open = always.clone();
    for (int s = 0; s < sets.length; s++) {
      boolean[] present = sets[s].present(text);
      long[][] byId = opens[s];
      for (int id = 0, n = Math.min(present.length, byId.length); id < n; id++) {
        long[] rules = byId[id];
        if (present[id] && rules != null) {
          for (int w = 0; w < open.length; w++) {
            open[w] |= rules[w];
          }
        }
      }
    }
    return open;
  }

  /** Returns the first position at or after {@code from} set in {@code open}, or {@code limit} when none is. */
  static int next(long[] open, int from, int limit) {
    int w = from >>> 6;
    if (w >= open.length) {
      return limit;
    }
    long bits = open[w] & (-1L << from);
    while (bits == 0) {
      if (++w == open.length) {
        return limit;
      }
      bits = open[w];
    }
    return Math.min(limit, (w << 6) + Long.numberOfTrailingZeros(bits));
  }
}
