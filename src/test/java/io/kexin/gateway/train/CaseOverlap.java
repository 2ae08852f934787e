package io.kexin.gateway.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Finds near-duplicates between our own case files and every text they must stay apart from (the shared sets, the
 * held-out files, each other): character-trigram Jaccard similarity of the lower-cased text with runs of white space
 * read as one space. A case above the threshold to any other text is a near-duplicate. Run it from the repository:
 * {@code java -cp target/test-classes:target/classes:$(cat cp.txt) io.kexin.gateway.train.CaseOverlap [--data
 * ../shared/data] [--min 0.5] --check a.jsonl,b.jsonl [AGAINST.jsonl or folder ...]}; it prints each case whose
 * closest text is above {@code --min} and exits 1 when there is one. The checked files are compared with each other
 * too. Not thread-safe.
 */
final class CaseOverlap {
  private final Map<String, Integer> ids = new HashMap<>();
  private final List<Text> texts = new ArrayList<>();
  private final List<int[]> postings = new ArrayList<>();
  private final List<Integer> sizes = new ArrayList<>();

  /** Holds one text and where it comes from (file and line, or shared set). */
  record Text(String where, String text) {}

  /** Holds a checked text, its closest other text and their similarity. */
  record Match(Text text, Text closest, double jaccard) {}

  /** Adds {@code t} to the texts the checked ones are compared with. */
  void add(Text t) {
    int id = texts.size();
    texts.add(t);
    int[] g = grams(t.text());
    sizes.add(g.length);
    for (int gram : g) {
      while (postings.size() <= gram) {
        postings.add(new int[] {0});
      }
      int[] p = postings.get(gram);
      if (p[0] + 1 == p.length) {
        p = Arrays.copyOf(p, p.length * 2);
        postings.set(gram, p);
      }
      p[++p[0]] = id;
    }
  }

  /** Returns the text added so far that is closest to {@code t} (other than one at the same place), or null. */
  Match closest(Text t) {
    int[] g = grams(t.text());
    int[] shared = new int[texts.size()];
    int[] touched = new int[texts.size()];
    int n = 0;
    for (int gram : g) {
      if (gram >= postings.size()) {
        continue;
      }
      int[] p = postings.get(gram);
      for (int i = 1; i <= p[0]; i++) {
        if (shared[p[i]]++ == 0) {
          touched[n++] = p[i];
        }
      }
    }
    Match best = null;
    for (int i = 0; i < n; i++) {
      int id = touched[i];
      Text other = texts.get(id);
      if (other.where().equals(t.where())) {
        continue;
      }
      double j = (double) shared[id] / (g.length + sizes.get(id) - shared[id]);
      if (best == null || j > best.jaccard()) {
        best = new Match(t, other, j);
      }
    }
    return best;
  }

  /** Returns the distinct trigram ids of {@code text}, lower-cased, white space runs read as one space. */
  int[] grams(String text) {
    String s = text.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").strip();
    int[] cps = s.codePoints().toArray();
    if (cps.length < 3) {
      return new int[] {id(s)};
    }
    int[] out = new int[cps.length - 2];
    for (int i = 0; i + 3 <= cps.length; i++) {
      out[i] = id(new String(cps, i, 3));
    }
    return Arrays.stream(out).distinct().toArray();
  }

  private int id(String gram) {
    return ids.computeIfAbsent(gram, k -> ids.size());
  }

  /** Returns the texts of a JSON Lines file of {@code {"text": ...}} objects, each placed at its file and line. */
  static List<Text> read(Path file) {
    ObjectMapper json = new ObjectMapper();
    List<Text> out = new ArrayList<>();
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot read", e);
    }
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      try {
        JsonNode n = json.readTree(lines.get(i));
        if (n.hasNonNull("text")) {
          out.add(new Text(file + ":" + (i + 1), n.get("text").asText()));
        }
      } catch (IOException e) {
        throw new IllegalArgumentException(file + ":" + (i + 1) + ": not JSON");
      }
    }
    return out;
  }

  /** Returns the JSON Lines files at {@code path}: the file itself, or every {@code *.jsonl} under a folder. */
  static List<Path> files(Path path) {
    if (!Files.isDirectory(path)) {
      return List.of(path);
    }
    try (Stream<Path> s = Files.walk(path)) {
      return s.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(path + ": cannot list", e);
    }
  }

  /** Runs the check the class note describes. */
  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    double min = 0.5;
    Path data = null;
    List<Path> check = new ArrayList<>();
    List<Path> against = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--min" -> min = Double.parseDouble(args[++i]);
        case "--data" -> data = Path.of(args[++i]);
        case "--check" -> Arrays.stream(args[++i].split(",")).map(Path::of).forEach(check::add);
        default -> against.add(Path.of(args[i]));
      }
    }
    CaseOverlap index = new CaseOverlap();
    if (data != null) {
      for (Sample s : new Corpus().read(data, null)) {
        index.add(new Text("shared:" + s.set(), s.text()));
      }
    }
    List<Path> checked = check.stream().flatMap(p -> files(p).stream()).toList();
    for (Path p : against) {
      for (Path f : files(p)) {
        if (!checked.contains(f)) {
          read(f).forEach(index::add);
        }
      }
    }
    List<Text> cases = checked.stream().flatMap(f -> read(f).stream()).toList();
    cases.forEach(index::add);
    int near = 0;
    for (Text t : cases) {
      Match m = index.closest(t);
      if (m != null && m.jaccard() > min) {
        near++;
        out.printf(Locale.ROOT, "%.3f %s%n  %s%n  ~ %s%n  %s%n", m.jaccard(), t.where(), clip(t.text()),
            m.closest().where(), clip(m.closest().text()));
      }
    }
    out.printf(Locale.ROOT, "%d of %d cases above %.2f (compared with %d texts)%n", near, cases.size(), min,
        index.texts.size());
    System.exit(near == 0 ? 0 : 1);
  }

  private static String clip(String s) {
    String one = s.replace('\n', ' ');
    return one.length() <= 100 ? one : one.substring(0, 100) + "…";
  }
}
