package io.kexin.gateway.cli;

import io.kexin.gateway.eval.DatasetConverter;
import io.kexin.gateway.eval.DatasetException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Converts the shared public data sets into labelled JSONL for {@code gateway eval}. */
@Command(name = "convert", mixinStandardHelpOptions = true,
    description = "Convert zh-pii-fixtures, presidio-research, weibo-ner and gitleaks-rule-cases into labelled JSONL,"
        + " one file per set, plus gitleaks-supported: the gitleaks cases of the rules the secrets pack supports."
        + " The sources are only read.")
final class EvalConvertCommand implements Callable<Integer> {
  @Option(names = "--data", defaultValue = "../shared/data",
      description = "the shared data directory (default: ../shared/data)")
  Path data;

  @Option(names = "--out", defaultValue = "target/eval", description = "output directory (default: target/eval)")
  Path out;

  @Override
  public Integer call() {
    PrintStream stdout = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    if (!Files.isDirectory(data)) {
      System.err.println("eval convert: no data directory at " + data.toAbsolutePath().normalize()
          + " (expected: the shared data with zh-pii-fixtures/, presidio-research/, gitleaks-rule-cases/;"
          + " pass --data DIR)");
      return 2;
    }
    DatasetConverter converter = new DatasetConverter();
    int converted = 0;
    for (String set : converter.sets()) {
      Path folder = data.resolve(converter.folder(set));
      if (!Files.isDirectory(folder)) {
        System.err.println("eval convert: skipped " + set + ": " + folder + " not found");
        continue;
      }
      try {
        DatasetConverter.Converted c = converter.convert(set, data, out);
        stdout.printf("%s: %d texts (%d unlabelled) %s -> %s%n", set, c.texts().size(), c.unlabelled(),
            c.labelCounts(), c.file());
        converted++;
      } catch (DatasetException e) {
        System.err.println("eval convert: " + e.getMessage());
        return 2;
      }
    }
    if (converted == 0) {
      System.err.println("eval convert: none of " + converter.sets() + " found under " + data);
      return 2;
    }
    return 0;
  }
}
