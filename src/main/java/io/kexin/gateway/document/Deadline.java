package io.kexin.gateway.document;

import java.util.function.LongSupplier;

/**
 * Ends a PDF's reading when its time is up: the parser asks it between pages, content-stream operators and the
 * objects read beside the pages, and every {@value #EVERY}th ask reads the clock (the reading thread's CPU time
 * costs a few microseconds to read, an operator well under one), so a file crafted to be slow gives up its thread
 * within a few hundred operators of the bound. Once up, it stays up, so a check that a library swallows is made again
 * at the next one. Not thread-safe: one per reading.
 */
final class Deadline {
  /** How many asks go by between two reads of the clock. */
  static final int EVERY = 64;

  private final LongSupplier nanoTime;
  private final long end;
  private final int millis;
  private int asks;
  private boolean up;

  /** Starts a deadline {@code millis} from now on {@code nanoTime}. */
  Deadline(LongSupplier nanoTime, int millis) {
    this.nanoTime = nanoTime;
    this.millis = millis;
    this.end = nanoTime.getAsLong() + millis * 1_000_000L;
  }

  /** Throws {@link TimeUp} once the time is up. */
  void check() {
    if (up || ++asks % EVERY == 0 && nanoTime.getAsLong() - end > 0) {
      up = true;
      throw new TimeUp();
    }
  }

  /** Says whether the time was found up by a check. */
  boolean up() {
    return up;
  }

  /** Returns the bound, in milliseconds. */
  int millis() {
    return millis;
  }

  /**
   * Signals that a reading's time is up. Unchecked, so that it passes through the parser's handlers of damaged
   * content, which catch {@link java.io.IOException}s; no stack trace, since it ends a reading and is not a fault.
   */
  static final class TimeUp extends RuntimeException {
    TimeUp() {
      super("time is up", null, false, false);
    }
  }
}
