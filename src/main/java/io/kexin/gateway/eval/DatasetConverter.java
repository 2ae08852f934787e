package io.kexin.gateway.eval;

import static java.util.Objects.requireNonNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Converts the public data sets the evaluator knows into labelled JSONL, one file per set named after it. The
 * sources are only read; the outputs go where the caller says (the CLI uses {@code target/eval}). Thread-safe.
 */
public final class DatasetConverter {
  private final LabelledTextFile files = new LabelledTextFile();

  /** Holds one converted set: its name, the file written and the texts in it. */
  public record Converted(String set, Path file, List<LabelledText> texts) {
    public Converted {
      requireNonNull(set, "set");
      requireNonNull(file, "file");
      texts = List.copyOf(texts);
    }

    /** Returns how many texts carry each label, by label name. */
    public Map<String, Integer> labelCounts() {
      Map<String, Integer> counts = new TreeMap<>();
      texts.forEach(t -> t.labels().forEach(l -> counts.merge(l, 1, Integer::sum)));
      return counts;
    }

    /** Returns how many texts have no label. */
    public int unlabelled() {
      return (int) texts.stream().filter(t -> t.labels().isEmpty()).count();
    }
  }

  /** Returns the names of the sets this converter writes. */
  public List<String> sets() {
    List<String> sets = new ArrayList<>(List.of(ZhPiiFixtures.NAME, PresidioSynth.NAME, WeiboNer.NAME,
        GitleaksCases.NAME, GitleaksCases.SUPPORTED_NAME));
    sets.addAll(new TreeSet<>(ContentSafetySets.FOLDERS.keySet()));
    return sets;
  }

  /** Returns the name of the folder {@code set} is read from: its own name, or its parent set's for a subset. */
  public String folder(String set) {
    return switch (set) {
      case ZhPiiFixtures.NAME, PresidioSynth.NAME, WeiboNer.NAME, GitleaksCases.NAME -> set;
      case GitleaksCases.SUPPORTED_NAME -> GitleaksCases.NAME;
      default -> {
        if (ContentSafetySets.FOLDERS.containsKey(set)) {
          yield ContentSafetySets.FOLDERS.get(set);
        }
        throw new IllegalArgumentException("set: " + set + " (expected: one of " + sets() + ")");
      }
    };
  }

  /** Converts {@code set} from {@code data/}{@link #folder folder}{@code /} into {@code out/set.jsonl}. */
  public Converted convert(String set, Path data, Path out) {
    Path dir = data.resolve(folder(set));
    if (!Files.isDirectory(dir)) {
      throw new DatasetException(dir + ": not found (expected: the folder of set " + set + ")");
    }
    List<LabelledText> texts = switch (set) {
      case ZhPiiFixtures.NAME -> new ZhPiiFixtures().convert(dir);
      case PresidioSynth.NAME -> new PresidioSynth().convert(dir);
      case WeiboNer.NAME -> new WeiboNer().convert(dir);
      case GitleaksCases.NAME -> new GitleaksCases().convert(dir);
      case GitleaksCases.SUPPORTED_NAME -> new GitleaksCases().convertSupported(dir, new GitleaksRuleMap());
      default -> {
        if (!ContentSafetySets.FOLDERS.containsKey(set)) {
          throw new IllegalArgumentException("set: " + set + " (expected: one of " + sets() + ")");
        }
        yield new ContentSafetySets().convert(set, dir);
      }
    };
    Path file = out.resolve(set + ".jsonl");
    files.write(file, texts);
    return new Converted(set, file, texts);
  }
}
