package io.kexin.gateway.deploy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads the top-level Dockerfile into its instructions, grouped by build stage, for tests without a Docker engine. */
record Dockerfile(List<Stage> stages) {
  static final Path FILE = Path.of("Dockerfile");

  /** Holds one instruction: its keyword in upper case and the rest of its logical line. */
  record Instruction(String keyword, String args) {
    /** Returns the arguments of an exec-form (JSON array) instruction. */
    List<String> execForm() {
      try {
        return new ObjectMapper().readValue(args, new TypeReference<List<String>>() { });
      } catch (IOException e) {
        throw new AssertionError(keyword + " is not in exec form (a JSON array): " + args, e);
      }
    }
  }

  /** Holds one stage: its base image, its name, and its instructions after FROM. */
  record Stage(String from, String name, List<Instruction> instructions) {
    /** Returns the instructions with {@code keyword}. */
    List<Instruction> all(String keyword) {
      return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    /** Returns the last instruction with {@code keyword}, the one in effect. */
    Instruction last(String keyword) {
      List<Instruction> all = all(keyword);
      if (all.isEmpty()) {
        throw new AssertionError("stage " + name + " has no " + keyword);
      }
      return all.get(all.size() - 1);
    }
  }

  /** Parses the repository's Dockerfile. */
  static Dockerfile read() {
    try {
      return parse(Files.readString(FILE, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses Dockerfile text: joins continued lines, drops comments, splits stages at FROM. */
  static Dockerfile parse(String text) {
    List<Stage> stages = new ArrayList<>();
    List<Instruction> current = null;
    StringBuilder line = new StringBuilder();
    for (String raw : text.split("\n", -1)) {
      String l = raw.strip();
      if (line.isEmpty() && (l.isEmpty() || l.startsWith("#"))) {
        continue;
      }
      if (l.startsWith("#")) {
        continue;
      }
      if (l.endsWith("\\")) {
        line.append(l, 0, l.length() - 1).append(' ');
        continue;
      }
      line.append(l);
      String logical = line.toString().strip();
      line.setLength(0);
      int space = logical.indexOf(' ');
      String keyword = (space < 0 ? logical : logical.substring(0, space)).toUpperCase(Locale.ROOT);
      String args = space < 0 ? "" : logical.substring(space + 1).strip();
      if (keyword.equals("FROM")) {
        String[] parts = args.split("\\s+");
        current = new ArrayList<>();
        String name = parts.length == 3 && parts[1].equalsIgnoreCase("AS") ? parts[2] : "stage" + stages.size();
        stages.add(new Stage(parts[0], name, current));
      } else if (current != null) {
        current.add(new Instruction(keyword, args));
      }
    }
    return new Dockerfile(List.copyOf(stages));
  }

  /** Returns the stage the image is made of: the last one. */
  Stage runtime() {
    return stages.get(stages.size() - 1);
  }

  /** Returns the user the image runs as. */
  String user() {
    return runtime().last("USER").args();
  }

  /** Returns where the image holds the shipped policies: the destination of {@code COPY policies}. */
  String shippedPolicies() {
    for (Instruction copy : runtime().all("COPY")) {
      String[] parts = copy.args().split("\\s+");
      if (parts.length == 2 && parts[0].equals("policies")) {
        return parts[1];
      }
    }
    throw new AssertionError("the runtime stage does not COPY policies");
  }
}
