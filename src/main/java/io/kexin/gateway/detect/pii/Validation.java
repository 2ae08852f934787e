package io.kexin.gateway.detect.pii;

/** Names the outcome of a recognizer's validator for one candidate, as in Presidio. */
enum Validation {
  /** The candidate passed a checksum or a number-plan check: report it on its own. */
  VALID,
  /** The candidate failed its checksum or a veto: it is not this entity. */
  INVALID,
  /** The candidate has the right shape but nothing to check: report it only with a context word. */
  UNKNOWN
}
