package io.kexin.gateway.policy;

import io.kexin.gateway.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Lists the files of a policy directory (policies, word lists, test suites), following symbolic links and skipping
 * entries whose name starts with {@code ..}: the private directories of a Kubernetes ConfigMap mount, whose visible
 * names are links through {@code ..data}. Gives a cheap fingerprint (paths, sizes, times, link targets) to notice a
 * change, and a digest of the contents to name a revision. Thread-safe.
 */
final class PolicyFiles {
  /** Deepest directory level visited below the policy directory. */
  private static final int MAX_DEPTH = 4;
  /** Most files visited: a policy directory is small; a huge tree is a mistake, not a pack. */
  private static final int MAX_FILES = 10_000;

  private PolicyFiles() {}

  /** Returns the regular files below {@code dir}, sorted by path; empty when {@code dir} is not a directory. */
  static List<Path> list(Path dir) {
    List<Path> files = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return files;
    }
    try {
      Files.walkFileTree(dir, EnumSet.of(FileVisitOption.FOLLOW_LINKS), MAX_DEPTH, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
          return !d.equals(dir) && hidden(d) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
          if (attrs.isRegularFile() && !hidden(f)) {
            files.add(f);
          }
          return files.size() >= MAX_FILES ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path f, IOException e) {
          // A link swapped while walking, or a file removed: the next look sees the new state.
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new ConfigException(dir + ": cannot list policy directory: " + e.getMessage());
    }
    files.sort(null);
    return files;
  }

  /** Returns what changes when any file below {@code dir} changes: names, sizes, times and link targets. */
  static String fingerprint(Path dir) {
    StringBuilder sb = new StringBuilder();
    sb.append(Files.isDirectory(dir)).append('\n');
    for (Path f : list(dir)) {
      sb.append(dir.relativize(f)).append('\t');
      try {
        BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
        sb.append(a.size()).append('\t').append(a.lastModifiedTime().toMillis()).append('\t')
            .append(Objects.toString(a.fileKey(), "")).append('\t').append(f.toRealPath());
      } catch (IOException e) {
        sb.append("gone");
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** Returns a short hash of the names and contents of every file below {@code dir}: the revision's name. */
  static String digest(Path dir) {
    MessageDigest digest = sha256();
    for (Path f : list(dir)) {
      digest.update(dir.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
      try {
        digest.update(Files.readAllBytes(f));
      } catch (IOException e) {
        digest.update("unreadable".getBytes(StandardCharsets.UTF_8));
      }
      digest.update((byte) 0);
    }
    return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
  }

  private static boolean hidden(Path p) {
    Path name = p.getFileName();
    return name != null && name.toString().startsWith("..");
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
