package io.kexin.gateway.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Checks the double array against the trie it is built from: from every node, on every unit of the tries' alphabet
 * and on units no edge carries, a step finds exactly the node's edge (none where it has none), never past the arrays'
 * end, and the folded codes read a capital as its small letter.
 */
class DoubleArrayTest {
  /** Units of the random terms: ASCII letters of both cases, digits, punctuation, Latin, Han and a surrogate. */
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyzABCXYZ0129 .:-_<|>'éç忽略之前的指令系统提示词你现在規則\uD83D";
  /** Units that no term holds: a step on one must find nothing. */
  private static final String ABSENT = "QRS@#$%^&*()=+~\u3000\uFF01\u00A0\uFFFF\u0000中文";

  @Test
  void findsEveryEdgeOfRandomTriesAndNoOther() {
    Random random = new Random(7);
    for (int round = 0; round < 200; round++) {
      List<TreeMap<Character, Integer>> children = new ArrayList<>();
      children.add(new TreeMap<>());
      List<Boolean> ends = new ArrayList<>(List.of(false));
      int terms = 1 + random.nextInt(round < 100 ? 30 : 600);
      for (int k = 0; k < terms; k++) {
        int length = 1 + random.nextInt(9);
        int v = 0;
        for (int d = 0; d < length; d++) {
          char c = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
          Integer w = children.get(v).get(c);
          if (w == null) {
            w = children.size();
            children.add(new TreeMap<>());
            ends.add(false);
            children.get(v).put(c, w);
          }
          v = w;
        }
        ends.set(v, true);
      }
      check(children, ends);
    }
  }

  private static void check(List<TreeMap<Character, Integer>> children, List<Boolean> ends) {
    int n = children.size();
    int[] edgeStart = new int[n + 1];
    int[] outStart = new int[n + 1];
    for (int v = 0; v < n; v++) {
      edgeStart[v + 1] = edgeStart[v] + children.get(v).size();
      outStart[v + 1] = outStart[v] + (ends.get(v) ? 1 : 0);
    }
    char[] edgeChar = new char[edgeStart[n]];
    int[] edgeTarget = new int[edgeStart[n]];
    for (int v = 0; v < n; v++) {
      int e = edgeStart[v];
      for (var entry : children.get(v).entrySet()) {
        edgeChar[e] = entry.getKey();
        edgeTarget[e++] = entry.getValue();
      }
    }
    DoubleArray steps = DoubleArray.of(edgeStart, edgeChar, edgeTarget, outStart);
    String units = ALPHABET + ABSENT;
    for (int v = 1; v < n; v++) {
      int from = steps.slot()[v];
      assertThat(steps.node()[from]).isEqualTo(v);
      assertThat((steps.ending()[from >>> 6] >>> from & 1L) == 1L).as("node %d ends a term", v).isEqualTo(ends.get(v));
      for (int k = 0; k < units.length(); k++) {
        char c = units.charAt(k);
        Integer expected = children.get(v).get(c);
        int t = steps.base()[from] + steps.code()[c];
        assertThat(t).isLessThan(steps.check().length);
        int found = steps.check()[t] == from ? steps.node()[t] : -1;
        assertThat(found).as("node %d on %s", v, c).isEqualTo(expected == null ? -1 : expected);
        if (c >= 'A' && c <= 'Z') {
          Integer small = children.get(v).get((char) (c + 32));
          int f = steps.base()[from] + steps.foldedCode()[c];
          assertThat(steps.check()[f] == from ? steps.node()[f] : -1).as("node %d on %s folded", v, c)
              .isEqualTo(small == null ? -1 : small);
        }
      }
    }
  }
}
