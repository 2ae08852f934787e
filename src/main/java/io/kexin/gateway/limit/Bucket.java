package io.kexin.gateway.limit;

/**
 * Describes one counter one request touches: its store key, its kind, its limit (requests, tokens, slots or
 * micro-dollars), what the request costs it now, and its window: the rate period or the time left in the budget's
 * period, in microseconds. Immutable.
 */
record Bucket(String key, LimitKind kind, long limit, long cost, long windowMicros, int rule) {}
