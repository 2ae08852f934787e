package io.kexin.gateway.detect.injection;

import static java.util.Objects.requireNonNull;

import io.kexin.gateway.detect.CueAutomaton;
import io.kexin.gateway.detect.RiskCategory;
import io.kexin.gateway.detect.WordChars;
import io.kexin.gateway.text.Normalizer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Holds the compiled heuristics of the injection detector: cue classes of terms, one automaton over every term (and
 * its ROT13 form), and the patterns that chain cues into scored evidence. Read from {@code heuristics.txt} beside
 * this class, whose header documents the format. Immutable and thread-safe.
 */
final class Heuristics {
  /** Flags of a term: match only at the start of a line, longer words too, a ROT13 form. */
  static final int LINE_START = 1;
  static final int PREFIX = 2;
  static final int ROT13 = 4;
  static final int LEFT_BOUNDARY = 8;
  static final int RIGHT_BOUNDARY = 16;
  private static final List<String> NOT_ROTATED =
      List.of("COMMENT_OPEN", "COMMENT_CLOSE", "HIDDEN", "DISCUSS", "QUOTING", "NOT", "TALK_AFTER");
  /**
   * Cue classes matched on the original text (ASCII case folded) rather than the normalized one: chat-template
   * tokens, fake headers and markup, whose brackets and colons normalization drops between Chinese characters.
   */
  static final List<String> LITERAL =
      List.of("TEMPLATE", "TEMPLATE_BARE", "HEADER", "ROLE_LINE", "COMMENT_OPEN", "COMMENT_CLOSE", "HIDDEN");

  /** Chains cue classes, in order, at most {@code gap} normalized units apart, into evidence of one entity. */
  record Pattern(int index, String entity, RiskCategory category, double weight, int gap, int[] classes) {}

  final CueAutomaton automaton;
  /** The terms of {@link #automaton}, in its order. */
  final List<String> keys;
  /** The automaton of the {@link #LITERAL} classes' terms, lower case, matched on the original text. */
  final CueAutomaton literal;
  /** The same terms as {@link #literal}, looked for where they can count: what the detector walks. */
  final LiteralCues literalCues;
  final int[] literalClass;
  final int[] literalFlags;
  /** Per automaton term: its cue class and its flags. */
  final int[] termClass;
  final int[] termFlags;
  final List<String> classNames;
  final List<Pattern> patterns;
  /** Per cue class, the (pattern, step) pairs it can fill, as {@code pattern << 8 | step}. */
  final int[][] steps;
  final int commentOpen;
  final int commentClose;
  final int hidden;
  final int discuss;
  final int quoting;
  final int not;
  final int talkAfter;
  /** The longest span a pattern can cover in normalized units. */
  final int longestPattern;
  /** Per pattern, by index, what {@link #description} returns. */
  private final String[] descriptions;

  private Heuristics(List<String> keys, int[] termClass, int[] termFlags, List<String> literalKeys,
      int[] literalClass, int[] literalFlags, List<String> classNames, List<Pattern> patterns) {
    this.automaton = CueAutomaton.build(keys);
    this.keys = List.copyOf(keys);
    this.literal = CueAutomaton.build(literalKeys);
    if (literalKeys.size() > InjectionDetector.LENGTH_MASK || literal.maxKeyLength() > InjectionDetector.LENGTH_MASK) {
      throw new IllegalArgumentException("literal cues: " + literalKeys.size() + " terms, longest "
          + literal.maxKeyLength() + " (expected: at most " + InjectionDetector.LENGTH_MASK + " each)");
    }
    this.literalCues = LiteralCues.of(literalKeys, literalFlags);
    this.literalClass = literalClass;
    this.literalFlags = literalFlags;
    this.termClass = termClass;
    this.termFlags = termFlags;
    this.classNames = List.copyOf(classNames);
    this.patterns = List.copyOf(patterns);
    this.descriptions = patterns.stream().map(this::describe).toArray(String[]::new);
    List<List<Integer>> byClass = new ArrayList<>();
    classNames.forEach(c -> byClass.add(new ArrayList<>()));
    int longest = 0;
    for (Pattern p : patterns) {
      for (int j = p.classes().length - 1; j >= 0; j--) {
        byClass.get(p.classes()[j]).add(p.index() << 8 | j);
      }
      longest = Math.max(longest, p.classes().length * (p.gap() + Math.max(automaton.maxKeyLength(),
          literal.maxKeyLength())));
    }
    steps = new int[classNames.size()][];
    for (int c = 0; c < steps.length; c++) {
      steps[c] = byClass.get(c).stream().mapToInt(Integer::intValue).toArray();
    }
    this.longestPattern = longest;
    commentOpen = classNames.indexOf("COMMENT_OPEN");
    commentClose = classNames.indexOf("COMMENT_CLOSE");
    hidden = classNames.indexOf("HIDDEN");
    discuss = classNames.indexOf("DISCUSS");
    quoting = classNames.indexOf("QUOTING");
    not = classNames.indexOf("NOT");
    talkAfter = classNames.indexOf("TALK_AFTER");
  }

  /** Returns the shipped heuristics, terms normalized with {@code normalizer}. */
  static Heuristics shipped(Normalizer normalizer) {
    try (InputStream in = Heuristics.class.getResourceAsStream("heuristics.txt")) {
      if (in == null) {
        throw new IllegalStateException("heuristics.txt is missing from the class path");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), normalizer);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read heuristics.txt: " + e.getMessage(), e);
    }
  }

  /** Returns the heuristics written in {@code text} (the format of {@code heuristics.txt}). */
  static Heuristics parse(String text, Normalizer normalizer) {
    requireNonNull(normalizer, "normalizer");
    Map<String, List<String>> cues = new LinkedHashMap<>();
    List<String[]> patternLines = new ArrayList<>();
    String[] lines = text.split("\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int colon = line.indexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException("heuristics line " + (i + 1) + ": no ':' (expected: cue NAME: terms"
            + " or pattern ENTITY CATEGORY WEIGHT GAP: CUES)");
      }
      String[] head = line.substring(0, colon).strip().split("\\s+");
      String body = line.substring(colon + 1).strip();
      if (head[0].equals("cue") && head.length == 2) {
        List<String> terms = new ArrayList<>();
        for (String t : body.split("\\s+\\|\\s+")) {
          if (!t.isBlank()) {
            terms.add(t.strip());
          }
        }
        if (cues.put(head[1], terms) != null) {
          throw new IllegalArgumentException("heuristics line " + (i + 1) + ": cue " + head[1] + " defined twice");
        }
      } else if (head[0].equals("pattern") && head.length == 5) {
        patternLines.add(new String[] {head[1], head[2], head[3], head[4], body, String.valueOf(i + 1)});
      } else {
        throw new IllegalArgumentException("heuristics line " + (i + 1) + ": " + head[0]
            + " (expected: cue NAME: ... or pattern ENTITY CATEGORY WEIGHT GAP: ...)");
      }
    }
    List<String> classNames = new ArrayList<>(cues.keySet());
    List<String> keys = new ArrayList<>();
    List<Integer> classes = new ArrayList<>();
    List<Integer> flags = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    List<String> literalKeys = new ArrayList<>();
    List<Integer> literalClasses = new ArrayList<>();
    List<Integer> literalFlags = new ArrayList<>();
    for (int c = 0; c < classNames.size(); c++) {
      boolean literal = LITERAL.contains(classNames.get(c));
      for (String term : cues.get(classNames.get(c))) {
        int f = 0;
        String t = term;
        if (t.startsWith("^")) {
          f |= LINE_START;
          t = t.substring(1);
        }
        if (t.endsWith("*")) {
          f |= PREFIX;
          t = t.substring(0, t.length() - 1);
        }
        String key = literal ? t.toLowerCase(Locale.ROOT) : normalizer.normalize(t).text().strip();
        if (key.isEmpty()) {
          throw new IllegalArgumentException("cue " + classNames.get(c) + ": term '" + term + "' is empty");
        }
        f |= boundaries(key, f);
        if (literal) {
          add(literalKeys, literalClasses, literalFlags, seen, key, c, f);
          continue;
        }
        add(keys, classes, flags, seen, key, c, f);
        if (!NOT_ROTATED.contains(classNames.get(c)) && rotatable(key)) {
          add(keys, classes, flags, seen, rot13(key), c, f | ROT13);
        }
      }
    }
    List<Pattern> patterns = new ArrayList<>();
    for (String[] p : patternLines) {
      String[] names = p[4].split("\\s+");
      int[] ids = new int[names.length];
      for (int j = 0; j < names.length; j++) {
        ids[j] = classNames.indexOf(names[j]);
        if (ids[j] < 0) {
          throw new IllegalArgumentException("heuristics line " + p[5] + ": unknown cue " + names[j]);
        }
      }
      patterns.add(new Pattern(patterns.size(), p[0], RiskCategory.parse(p[1]), Double.parseDouble(p[2]),
          Integer.parseInt(p[3]), ids));
    }
    return new Heuristics(keys, classes.stream().mapToInt(Integer::intValue).toArray(),
        flags.stream().mapToInt(Integer::intValue).toArray(), literalKeys,
        literalClasses.stream().mapToInt(Integer::intValue).toArray(),
        literalFlags.stream().mapToInt(Integer::intValue).toArray(), classNames, patterns);
  }

  private static void add(List<String> keys, List<Integer> classes, List<Integer> flags, Map<String, Integer> seen,
      String key, int c, int f) {
    // The same term in two classes is two keys of the automaton: each occurrence fills both classes.
    String id = key + '\u0000' + c;
    if (seen.putIfAbsent(id, keys.size()) == null) {
      keys.add(key);
      classes.add(c);
      flags.add(f);
    }
  }

  private static int boundaries(String key, int flags) {
    int f = 0;
    if (WordChars.isWordChar(key.codePointAt(0))) {
      f |= LEFT_BOUNDARY;
    }
    if ((flags & PREFIX) == 0 && WordChars.isWordChar(key.codePointBefore(key.length()))) {
      f |= RIGHT_BOUNDARY;
    }
    return f;
  }

  private static boolean rotatable(String key) {
    int letters = 0;
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c >= 'a' && c <= 'z') {
        letters++;
      } else if (c != ' ' && c != '\'' && c != '-') {
        return false;
      }
    }
    return letters >= 5;
  }

  /** Returns {@code s} with every ASCII letter rotated by 13. */
  static String rot13(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'a' && c <= 'z') {
        c = (char) ('a' + (c - 'a' + 13) % 26);
      } else if (c >= 'A' && c <= 'Z') {
        c = (char) ('A' + (c - 'A' + 13) % 26);
      }
      b.append(c);
    }
    return b.toString();
  }

  /** Returns the name of cue class {@code c}. */
  String className(int c) {
    return classNames.get(c);
  }

  /**
   * Returns how a finding of pattern {@code p} explains itself: its entity, number, cue classes and weight. Made
   * once per pattern when the heuristics load, not once per piece of evidence (an attack text has hundreds).
   */
  String description(Pattern p) {
    return descriptions[p.index()];
  }

  private String describe(Pattern p) {
    StringBuilder b = new StringBuilder(p.entity().toLowerCase(Locale.ROOT).replace('_', ' '))
        .append(" (heuristic #").append(p.index()).append(':');
    for (int c : p.classes()) {
      b.append(' ').append(className(c));
    }
    return b.append(", weight ").append(p.weight()).append(')').toString();
  }

  @Override
  public String toString() {
    return "Heuristics[cues=" + classNames.size() + ", terms=" + termClass.length + ", patterns=" + patterns.size()
        + "]";
  }
}
