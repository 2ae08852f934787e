package io.kexin.gateway.policy;

import io.kexin.gateway.config.FileTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Lists the files of a policy directory (policies, word lists, test suites) as {@link FileTree} does, and gives a
 * digest of the contents of a pack and its site directory to name a revision. Thread-safe.
 */
final class PolicyFiles {
  private PolicyFiles() {}

  /** Returns the regular files below {@code dir}, sorted by path; empty when {@code dir} is not a directory. */
  static List<Path> list(Path dir) {
    return Files.isDirectory(dir) ? FileTree.list(dir) : List.of();
  }

  /** Returns a short hash of the names and contents of every file below {@code dir}: the revision's name. */
  static String digest(Path dir) {
    return digest(List.of(dir));
  }

  /**
   * Returns a short hash of the names and contents of every file below each of {@code roots} (the pack, then its
   * site directory): the revision's name. A pack alone hashes as it did before sites existed.
   */
  static String digest(List<Path> roots) {
    MessageDigest digest = sha256();
    for (int i = 0; i < roots.size(); i++) {
      Path dir = roots.get(i);
      if (i > 0) {
        digest.update(("\u0000site " + i + "\u0000").getBytes(StandardCharsets.UTF_8));
      }
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
    }
    return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
