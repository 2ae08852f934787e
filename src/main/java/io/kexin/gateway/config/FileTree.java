package io.kexin.gateway.config;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;

/**
 * Lists the files a gateway reads below a root (a directory, or one file), following symbolic links and skipping
 * entries whose name starts with {@code ..}: the private directories of a Kubernetes ConfigMap mount, whose visible
 * names are links through {@code ..data}. Gives a cheap fingerprint (paths, sizes, times, link targets) to notice a
 * change, what a {@link FileWatcher} compares. Thread-safe.
 */
public final class FileTree {
  /** Deepest directory level visited below a root directory. */
  private static final int MAX_DEPTH = 4;
  /** Most files visited: a policy directory is small; a huge tree is a mistake, not a pack. */
  private static final int MAX_FILES = 10_000;

  private FileTree() {}

  /**
   * Returns the regular files below {@code root}, sorted by path: the root itself when it is a file, none when it
   * does not exist.
   */
  public static List<Path> list(Path root) {
    List<Path> files = new ArrayList<>();
    if (Files.isRegularFile(root)) {
      files.add(root);
      return files;
    }
    if (!Files.isDirectory(root)) {
      return files;
    }
    try {
      Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), MAX_DEPTH, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
          return !d.equals(root) && hidden(d) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
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
      throw new ConfigException(root + ": cannot list directory: " + e.getMessage());
    }
    files.sort(null);
    return files;
  }

  /** Returns what changes when any file below any of {@code roots} changes: names, sizes, times and link targets. */
  public static String fingerprint(List<Path> roots) {
    StringBuilder sb = new StringBuilder();
    for (Path root : roots) {
      sb.append(root).append('\t').append(Files.isDirectory(root)).append('\n');
      for (Path f : list(root)) {
        sb.append(root.relativize(f)).append('\t');
        try {
          BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
          sb.append(a.size()).append('\t').append(a.lastModifiedTime().toMillis()).append('\t')
              .append(Objects.toString(a.fileKey(), "")).append('\t').append(f.toRealPath());
        } catch (IOException e) {
          sb.append("gone");
        }
        sb.append('\n');
      }
    }
    return sb.toString();
  }

  private static boolean hidden(Path p) {
    Path name = p.getFileName();
    return name != null && name.toString().startsWith("..");
  }
}
