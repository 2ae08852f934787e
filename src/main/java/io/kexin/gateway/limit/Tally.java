package io.kexin.gateway.limit;

/**
 * Carries a store's answer for one request's buckets: the index of the first bucket that refused it (-1: all took
 * it), and per bucket what remains and how long until it is full again (microseconds), and how long the refused one
 * asks to wait. Immutable by convention: the arrays are not shared after it is made.
 */
record Tally(int refused, long[] remaining, long[] resetMicros, long retryMicros) {
  /** Says whether every bucket took the request. */
  boolean allowed() {
    return refused < 0;
  }
}
