package io.kexin.gateway.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Finds the policy pack a gateway started without a config file serves: the {@code policies} directory of the
 * working directory when there is one, else the pack built into the jar (the build copies {@code policies/} in as
 * resources), copied to a new private temporary directory. Without it, a jar started from any other directory would
 * proxy with no policy at all: a safety gateway must not fail open because of where it was started.
 */
final class ShippedPack {
  /** Where the build puts the pack among the classes. */
  static final String RESOURCE = "/io/kexin/gateway/pack";

  private ShippedPack() {}

  /** Returns {@code local} when it is a directory, else the built-in pack copied to a new temporary directory. */
  static Path directory(Path local) {
    if (Files.isDirectory(local)) {
      return local;
    }
    try {
      Path copy = Files.createTempDirectory("kexin-pack-");
      copyTo(copy);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(copy), "kexin-pack-cleanup"));
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy the built-in policy pack to a temporary directory", e);
    }
  }

  /** Copies the built-in pack, with its word lists and tests, into the existing directory {@code target}. */
  static void copyTo(Path target) throws IOException {
    URL marker = ShippedPack.class.getResource(RESOURCE + "/default.yaml");
    if (marker == null) {
      throw new IOException("the built-in policy pack is missing from the classpath (" + RESOURCE + ")");
    }
    URI uri;
    try {
      uri = marker.toURI();
    } catch (URISyntaxException e) {
      throw new IOException("cannot read the built-in policy pack at " + marker, e);
    }
    if ("jar".equals(uri.getScheme())) {
      try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
        copyTree(jar.getPath(RESOURCE), target);
      }
    } else {
      copyTree(Path.of(uri).getParent(), target);
    }
  }

  /** Deletes the copy at exit, deepest files first; what cannot be deleted stays. */
  private static void delete(Path copy) {
    try (Stream<Path> files = Files.walk(copy)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // a temporary directory left behind is harmless
    }
  }

  private static void copyTree(Path source, Path target) throws IOException {
    try (Stream<Path> files = Files.walk(source)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        // relativize and resolve by name: the two paths may belong to different file systems (a jar's and the disk's)
        Path to = target;
        for (Path part : source.relativize(p)) {
          to = to.resolve(part.toString());
        }
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to);
        }
      }
    }
  }
}
