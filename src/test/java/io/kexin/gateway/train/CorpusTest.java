package io.kexin.gateway.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Checks that every shared set is read with the counts its SOURCE.md states; skips when the data are absent. */
class CorpusTest {
  private static final Path DATA = Path.of("../shared/data");

  @Test
  void readsEverySetWithItsDocumentedCounts() {
    assumeTrue(Files.isDirectory(DATA.resolve("cold")), "shared data not found at " + DATA.toAbsolutePath()
        + ": the corpus test needs the labelled sets (see their SOURCE.md)");
    List<Sample> samples = new Corpus().read(DATA, Path.of("train/cases"));
    Map<String, Long> bySet = samples.stream().collect(Collectors.groupingBy(Sample::set, Collectors.counting()));

    assertThat(bySet).containsEntry("deepset-injection", 203L).containsEntry("deepset-benign", 343L)
        .containsEntry("jailbreak-llms", 1405L).containsEntry("forbidden-unsafe", 240L)
        .containsEntry("forbidden-regulated", 150L).containsEntry("xstest-unsafe", 200L)
        .containsEntry("xstest-safe", 250L).containsEntry("jade-db", 2000L).containsEntry("cvalues", 664L)
        .containsEntry("notinject", 339L).containsEntry("wildguard", 971L);
    assertThat(bySet.get("cold-offensive") + bySet.get("cold-neutral")).isEqualTo(25_726L + 6_431L);
    assertThat(bySet).containsKeys("own-zh-injection", "own-zh-jailbreak", "own-zh-benign", "own-en-injection");
    assertThat(samples).filteredOn(s -> s.set().equals("own-zh-injection")).allMatch(s -> s.lang().equals("zh"))
        .anyMatch(s -> s.split() == Sample.Split.TEST);
    assertThat(samples).filteredOn(s -> s.set().startsWith("own-") && s.set().contains("jailbreak"))
        .as("our jailbreaks are unlabelled for the harm classes, as jailbreak-llms' prompts are").isNotEmpty()
        .allMatch(s -> s.labels()[Category.JAILBREAK_INDEX] == 1 && s.labels()[Category.HARMFUL_INDEX] == -1
            && s.labels()[Category.OFFENSIVE_INDEX] == -1 && s.labels()[Category.INJECTION_INDEX] == -1);
  }
}
