package io.kexin.gateway.config;

import java.nio.file.Path;
import java.util.List;

/** Is something loaded from files that a {@link FileWatcher} reloads once they changed and settled. */
public interface Watchable {
  /** Returns the files and directories it reads: the roots whose {@link FileTree#fingerprint} is compared. */
  List<Path> watched();

  /** Returns the {@link FileTree#fingerprint} of {@link #watched()} as the last load read them, good or bad. */
  String readFingerprint();

  /** Reloads because the watched files changed and settled; called on the watcher's thread. */
  void filesChanged();
}
