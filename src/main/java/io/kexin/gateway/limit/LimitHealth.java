package io.kexin.gateway.limit;

/**
 * Reports the limits' state for the admin health answer: the store ({@code none}, {@code local}, {@code redis}),
 * {@code ok} or {@code failing} (the last call failed, or Redis is not connected; each limit then acts as its
 * {@code onError} says), the rules and how many of them block on error, the last failure and when (epoch
 * milliseconds, 0: never), the failures counted, and the latency of the last answer in microseconds. Immutable.
 */
public record LimitHealth(String store, String state, int rules, int blockOnError, String lastError,
    long lastErrorMillis, long errors, long lastLatencyMicros) {}
